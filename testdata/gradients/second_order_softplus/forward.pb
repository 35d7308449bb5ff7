
2
xPlaceholder*
dtype0*
shape
:

ySoftplusx*
T0
3
dyPlaceholder*
dtype0*
shape
:
,
gradients/grad_ys_0Identitydy*
T0
/
gradients/y_grad/SigmoidSigmoidx*
T0
S
gradients/y_grad/mulMulgradients/grad_ys_0gradients/y_grad/Sigmoid*
T0"ª