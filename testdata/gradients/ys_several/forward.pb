
2
xPlaceholder*
dtype0*
shape
:

y1Tanhx*
T0

y2Sigmoidx*
T0"ª