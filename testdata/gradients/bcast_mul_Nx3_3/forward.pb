
;
xPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ
.
wPlaceholder*
dtype0*
shape:

yMulxw*
T0"ª