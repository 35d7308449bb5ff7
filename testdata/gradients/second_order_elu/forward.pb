
2
xPlaceholder*
dtype0*
shape
:

yElux*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
D
gradients/y_grad/EluGradEluGradgradients/grad_ys_0y*
T0"ª