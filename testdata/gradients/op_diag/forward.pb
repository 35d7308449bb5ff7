
.
xPlaceholder*
dtype0*
shape:

yDiagx*
T0
3
dyPlaceholder*
dtype0*
shape
:"ª