
2
xPlaceholder*
dtype0*
shape
:
.
wPlaceholder*
dtype0*
shape:

yAtan2wx*
T0"ª