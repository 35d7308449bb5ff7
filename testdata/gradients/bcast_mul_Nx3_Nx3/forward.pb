
;
xPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ
;
wPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ

yMulxw*
T0"ª