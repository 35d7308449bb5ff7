
2
xPlaceholder*
dtype0*
shape
:

yDiagPartx*
T0
/
dyPlaceholder*
dtype0*
shape:"ª