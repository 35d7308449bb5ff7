
7
logitsPlaceholder*
dtype0*
shape
:
3
labelsPlaceholder*
dtype0*
shape:
S
xent#SparseSoftmaxCrossEntropyWithLogitslogitslabels*
Tlabels0*
T0"ª