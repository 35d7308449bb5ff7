
2
xPlaceholder*
dtype0*
shape
:
.
wPlaceholder*
dtype0*
shape:

yMulNoNanxw*
T0"ª