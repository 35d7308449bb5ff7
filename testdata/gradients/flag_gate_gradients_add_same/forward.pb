
2
xPlaceholder*
dtype0*
shape
:

tTanhx*
T0

yAddV2tt*
T0"ª