
2
aPlaceholder*
dtype0*
shape
:
.
cPlaceholder*
dtype0*
shape:
!
y	IdentityNac*
T
2"ª