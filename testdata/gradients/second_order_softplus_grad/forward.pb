
3
dyPlaceholder*
dtype0*
shape
:
2
xPlaceholder*
dtype0*
shape
:
!
gSoftplusGraddyx*
T0
2
wPlaceholder*
dtype0*
shape
:

g_wMulgw*
T0"ª