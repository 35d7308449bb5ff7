
6
xPlaceholder*
dtype0*
shape:
"
yMatrixDeterminantx*
T0
/
dyPlaceholder*
dtype0*
shape:"ª