
2
xPlaceholder*
dtype0*
shape
:

yLgammax*
T0"ª