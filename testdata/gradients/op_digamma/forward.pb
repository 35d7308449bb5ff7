
2
xPlaceholder*
dtype0*
shape
:

yDigammax*
T0"ª