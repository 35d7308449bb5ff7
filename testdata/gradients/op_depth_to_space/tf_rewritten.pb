
:
xPlaceholder*
dtype0*
shape:
F
yDepthToSpacex*
T0*

block_size*
data_formatNHWC
;
dyPlaceholder*
dtype0*
shape:
,
gradients/grad_ys_0Identitydy*
T0
t
gradients/y_grad/SpaceToDepthSpaceToDepthgradients/grad_ys_0*
T0*

block_size*
data_formatNHWC"ª