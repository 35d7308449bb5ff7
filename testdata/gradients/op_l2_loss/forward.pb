
2
xPlaceholder*
dtype0*
shape
:

yL2Lossx*
T0"ª