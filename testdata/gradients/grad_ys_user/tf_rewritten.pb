
2
xPlaceholder*
dtype0*
shape
:
3
dyPlaceholder*
dtype0*
shape
:

ySigmoidx*
T0
T
gradients/grad_ys_0Identitydy*
T0*&
 _has_manual_control_dependencies(
L
gradients/y_grad/SigmoidGradSigmoidGradygradients/grad_ys_0*
T0"ª