
:
xPlaceholder*
dtype0*
shape:
F
ySpaceToDepthx*
T0*

block_size*
data_formatNHWC
;
dyPlaceholder*
dtype0*
shape:"ª