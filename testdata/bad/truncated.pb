
;
xPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ
@
labelsPlaceholder*
dtype0*
shape:ÿÿÿÿÿÿÿÿÿ
‡
/layer1/weights/Initializer/random_uniform/shapeConst*!
_class