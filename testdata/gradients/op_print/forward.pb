
2
xPlaceholder*
dtype0*
shape
:
2
otherPlaceholder*
dtype0*
shape:

tTanhx*
T0
i
pPrinttxother*
T0*
U
2*
first_nÿÿÿÿÿÿÿÿÿ*
messaget = *
	summarize

ySigmoidp*
T0"ª