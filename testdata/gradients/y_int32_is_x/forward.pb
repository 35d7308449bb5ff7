
.
iPlaceholder*
dtype0*
shape:"ª