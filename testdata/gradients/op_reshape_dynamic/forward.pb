
,
xPlaceholder*
dtype0*
shape:
2
shapePlaceholder*
dtype0*
shape:
-
yReshapexshape*
Tshape0*
T0"ª