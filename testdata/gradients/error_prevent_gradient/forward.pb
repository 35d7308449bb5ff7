
2
xPlaceholder*
dtype0*
shape
:

tTanhx*
T0
H
pPreventGradientt*
T0*&
messageno second derivative here

ySigmoidp*
T0"ª