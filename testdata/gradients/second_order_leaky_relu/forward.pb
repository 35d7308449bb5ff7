
:
xPlaceholder*
dtype0*
shape:
*
y	LeakyRelux*
T0*
alpha%ÍÌL>
;
dyPlaceholder*
dtype0*
shape:
,
gradients/grad_ys_0Identitydy*
T0
`
gradients/y_grad/LeakyReluGradLeakyReluGradgradients/grad_ys_0x*
T0*
alpha%ÍÌL>"ª