
2
xPlaceholder*
dtype0*
shape
:

y
LogSoftmaxx*
T0"ª