
6
xPlaceholder*
dtype0*
shape:
-
yMatrixInversex*
T0*
adjoint(
7
dyPlaceholder*
dtype0*
shape:"ª