
.
xPlaceholder*
dtype0*
shape:
'
yTanhx*
T0¸>*Â>xyz¸>*Â>xyz"ª¸>*Â>xyz