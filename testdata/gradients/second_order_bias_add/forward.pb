
:
xPlaceholder*
dtype0*
shape:
1
biasPlaceholder*
dtype0*
shape:
5
yBiasAddxbias*
T0*
data_formatNHWC
;
dyPlaceholder*
dtype0*
shape:
,
gradients/grad_ys_0Identitydy*
T0
`
gradients/y_grad/BiasAddGradBiasAddGradgradients/grad_ys_0*
T0*
data_formatNHWC
.
wPlaceholder*
dtype0*
shape:
5
db_wMulgradients/y_grad/BiasAddGradw*
T0"ª