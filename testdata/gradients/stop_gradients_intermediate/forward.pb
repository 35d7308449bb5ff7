
2
xPlaceholder*
dtype0*
shape
:

tTanhx*
T0

sSinx*
T0

yMults*
T0"ª