
2
xPlaceholder*
dtype0*
shape
:
;
checkedCheckNumericsx*
T0*
message
x is bad

yTanhchecked*
T0"ª