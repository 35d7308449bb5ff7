
2
xPlaceholder*
dtype0*
shape
:

aTanhx*
T0

ySigmoida*
T0"ª