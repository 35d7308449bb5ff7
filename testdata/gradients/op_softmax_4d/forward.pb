
:
xPlaceholder*
dtype0*
shape:

ySoftmaxx*
T0
;
dyPlaceholder*
dtype0*
shape:"ª