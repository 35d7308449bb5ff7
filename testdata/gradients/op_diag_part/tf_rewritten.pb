
2
xPlaceholder*
dtype0*
shape
:

yDiagPartx*
T0
/
dyPlaceholder*
dtype0*
shape:
,
gradients/grad_ys_0Identitydy*
T0
;
gradients/y_grad/DiagDiaggradients/grad_ys_0*
T0"ª