
2
xPlaceholder*
dtype0*
shape
:
2
axisConst*
dtype0*
valueB:
7
ySumxaxis*

Tidx0*
T0*
	keep_dims("ª