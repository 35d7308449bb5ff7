
2
xPlaceholder*
dtype0*
shape
:

tTanhx*
T0

sgStopGradientx*
T0

yAddV2tsg*
T0"ª