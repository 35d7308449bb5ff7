
2
xPlaceholder*
dtype0*
shape
:

ySqrtx*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
F
gradients/y_grad/SqrtGradSqrtGradygradients/grad_ys_0*
T0"ª