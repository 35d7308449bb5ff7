
2
xPlaceholder*
dtype0*
shape
:
.
wPlaceholder*
dtype0*
shape:

yXlogyxw*
T0"ª