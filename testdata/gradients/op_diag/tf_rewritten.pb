
.
xPlaceholder*
dtype0*
shape:

yDiagx*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
C
gradients/y_grad/DiagPartDiagPartgradients/grad_ys_0*
T0"ª