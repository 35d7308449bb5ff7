
2
xPlaceholder*
dtype0*
shape
:

yRsqrtx*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
H
gradients/y_grad/RsqrtGrad	RsqrtGradygradients/grad_ys_0*
T0"ª