
2
xPlaceholder*
dtype0*
shape
:
.
wPlaceholder*
dtype0*
shape:

tTanhx*
T0

yMultw*
T0"ª