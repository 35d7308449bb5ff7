
2
xPlaceholder*
dtype0*
shape
:

y
Reciprocalx*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
R
gradients/y_grad/ReciprocalGradReciprocalGradygradients/grad_ys_0*
T0"ª