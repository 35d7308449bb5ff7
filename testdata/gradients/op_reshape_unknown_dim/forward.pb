
;
xPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ
<
shapeConst*
dtype0*
valueB:
ÿÿÿÿÿÿÿÿÿ
-
yReshapexshape*
Tshape0*
T0"ª