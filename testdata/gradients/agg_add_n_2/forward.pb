
2
xPlaceholder*
dtype0*
shape
:

t0Tanhx*
T0

t1Sigmoidx*
T0
#
yAddNt0t1*
N*
T0"ª