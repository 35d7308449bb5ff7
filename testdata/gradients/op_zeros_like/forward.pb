
2
xPlaceholder*
dtype0*
shape
:

like	ZerosLikex*
T0

yAddV2likex*
T0"ª