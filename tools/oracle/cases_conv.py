"""Gradient cases for conv nets (issue #6): convolutions, pooling, batch norm, resizing, padding,
second order through conv/pool gradients, and small networks up to a Keras ResNet-50.

Things TF 2.21's CPU kernels cannot run are recorded as structure-only cases (the gradients
call succeeds, so forward.pb, tf_rewritten.pb and spec.json are written, but run_values=False:
no tf_grads.npz); each such case says so in its description.
"""
import warnings

import numpy as np

from .gradcase import Call, Case
from .tfenv import tf, v1

raw = tf.raw_ops

_NO_CPU = "structure only, no tf_grads.npz: TF's CPU kernels reject"


def _const(value, name, dtype=tf.int32):
    return tf.constant(value, dtype=dtype, name=name)


def _dy(b, y):
    """An upstream gradient placeholder shaped like y (so training-mode batch norm has non-zero dx)."""
    return b.ph("dy", y.shape.as_list())


# --- convolutions ---------------------------------------------------------------------------

def _conv2d(x_shape, f_shape, padding, strides=(1, 1), dilations=(1, 1), data_format="NHWC",
            explicit_paddings=(), run_values=True):
    def build(b):
        x, f = b.ph("x", x_shape), b.ph("filter", f_shape)
        if data_format == "NHWC":
            st, dl = [1, *strides, 1], [1, *dilations, 1]
        else:
            st, dl = [1, 1, *strides], [1, 1, *dilations]
        y = raw.Conv2D(input=x, filter=f, strides=st, padding=padding, dilations=dl, data_format=data_format,
                       explicit_paddings=list(explicit_paddings), name="y")
        return Call(ys=[y], xs=[x, f], run_values=run_values)
    return build


def _atrous(b):
    x, f = b.ph("x", [1, 7, 7, 2]), b.ph("filter", [3, 3, 2, 2])
    y = tf.nn.atrous_conv2d(x, f, rate=2, padding="SAME", name="y")
    return Call(ys=[y], xs=[x, f])


def _conv2d_transpose(x_shape, f_shape, out_shape, stride, padding):
    def build(b):
        x, f = b.ph("x", x_shape), b.ph("filter", f_shape)
        y = tf.nn.conv2d_transpose(x, f, output_shape=out_shape, strides=stride, padding=padding, name="y")
        return Call(ys=[y], xs=[x, f])
    return build


def _depthwise(x_shape, f_shape, stride, padding):
    def build(b):
        x, f = b.ph("x", x_shape), b.ph("filter", f_shape)
        y = raw.DepthwiseConv2dNative(input=x, filter=f, strides=[1, stride, stride, 1], padding=padding, name="y")
        return Call(ys=[y], xs=[x, f])
    return build


def _bias_add_nchw_after_conv(b):
    x, f, bias = b.ph("x", [1, 4, 4, 2]), b.ph("filter", [3, 3, 2, 3]), b.ph("bias", [3])
    conv = raw.Conv2D(input=x, filter=f, strides=[1, 1, 1, 1], padding="SAME", name="conv")
    nchw = raw.Transpose(x=conv, perm=_const([0, 3, 1, 2], "perm"), name="to_nchw")
    y = raw.Relu(features=raw.BiasAdd(value=nchw, bias=bias, data_format="NCHW", name="bias_add"), name="y")
    return Call(ys=[y], xs=[x, f, bias])


# --- pooling ----------------------------------------------------------------------------------

def _pool(op, input_arg, x_shape, k, s, padding):
    def build(b):
        x = b.ph("x", x_shape)
        y = op(**{input_arg: x}, ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=padding, name="y")
        return Call(ys=[y], xs=[x])
    return build


def _max_pool_v2(b):
    x = b.ph("x", [1, 5, 5, 2])
    y = raw.MaxPoolV2(input=x, ksize=_const([1, 3, 3, 1], "ksize"), strides=_const([1, 2, 2, 1], "strides"),
                      padding="SAME", name="y")
    return Call(ys=[y], xs=[x])


# --- batch norm ---------------------------------------------------------------------------------

_BN_OPS = {1: raw.FusedBatchNorm, 2: raw.FusedBatchNormV2, 3: raw.FusedBatchNormV3}


def _fused_bn(version, is_training, data_format="NHWC"):
    def build(b):
        x = b.ph("x", [2, 3, 3, 3])  # 3 channels in either layout
        scale, offset = b.ph("scale", [3], domain="pos"), b.ph("offset", [3])
        if is_training:
            mean = variance = tf.constant([], dtype=tf.float32, name="empty")
            xs = [x, scale, offset]
        else:
            mean, variance = b.ph("mean", [3]), b.ph("variance", [3], domain="pos")
            xs = [x, scale, offset, mean, variance]
        bn = _BN_OPS[version](x=x, scale=scale, offset=offset, mean=mean, variance=variance, epsilon=0.001,
                              is_training=is_training, data_format=data_format, name="bn")
        return Call(ys=[bn[0]], xs=xs, grad_ys=[_dy(b, bn[0])])
    return build


# --- elementwise, reductions, padding, resizing -------------------------------------------------

def _unary(x_shape, fn, scale=1.0, with_dy=False):
    def build(b):
        x = b.ph("x", x_shape, value=b.values(x_shape) * scale)
        y = fn(x)
        return Call(ys=[y], xs=[x], grad_ys=[_dy(b, y)] if with_dy else None)
    return build


def _resize(op, in_shape, size, **attrs):
    def build(b):
        x = b.ph("x", in_shape)
        y = op(images=x, size=_const(size, "size"), name="y", **attrs)
        return Call(ys=[y], xs=[x])
    return build


def _crop_and_resize(method):
    def build(b):
        image = b.ph("image", [1, 5, 6, 2])
        boxes = b.ph("boxes", [2, 4], value=[[0.13, 0.07, 0.81, 0.93], [0.21, 0.33, 0.67, 0.58]])
        y = raw.CropAndResize(image=image, boxes=boxes, box_ind=_const([0, 0], "box_ind"), crop_size=_const([3, 4], "crop_size"),
                              method=method, name="y")
        xs = [image, boxes] if method == "bilinear" else [image]
        return Call(ys=[y], xs=xs, grad_ys=[b.ph("dy", [2, 3, 4, 2])])
    return build


def _argmax_only(b):
    x = b.ph("x", [2, 5])
    idx = raw.ArgMax(input=x, dimension=_const(1, "axis"), name="argmax")
    return Call(ys=[raw.Cast(x=idx, DstT=tf.float32, name="y")], xs=[x])


def _argmax_confidence(b):
    """Softmax probability of the arg-max class: ArgMax feeds OneHot (no gradient), Softmax does."""
    x = b.ph("x", [2, 5])
    probs = raw.Softmax(logits=x, name="probs")
    idx = raw.ArgMax(input=x, dimension=_const(1, "axis"), name="argmax")
    hot = raw.OneHot(indices=idx, depth=_const(5, "depth"), on_value=tf.constant(1.0, name="on"),
                     off_value=tf.constant(0.0, name="off"), name="one_hot")
    y = raw.Sum(input=raw.Mul(x=probs, y=hot, name="picked"), axis=_const([1], "axes"), name="y")
    return Call(ys=[y], xs=[x])


# --- second order -------------------------------------------------------------------------------

def _second_max_pool(b):
    x = b.ph("x", [1, 5, 5, 2])
    y = raw.MaxPool(input=x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME", name="pool")
    dy = _dy(b, y)
    (g,) = v1.gradients([y], [x], grad_ys=[dy])
    return Call(ys=[g], xs=[x, dy])


def _second_avg_pool(b):
    x = b.ph("x", [1, 5, 5, 2])
    y = raw.AvgPool(value=x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME", name="pool")
    dy = _dy(b, y)
    (g,) = v1.gradients([y], [x], grad_ys=[dy])
    return Call(ys=[g], xs=[x, dy])


def _second_conv(b):
    x, f = b.ph("x", [1, 5, 5, 2]), b.ph("filter", [3, 3, 2, 3])
    y = raw.Conv2D(input=x, filter=f, strides=[1, 2, 2, 1], padding="SAME", name="conv")
    dy = _dy(b, y)
    gx, gf = v1.gradients([y], [x, f], grad_ys=[dy])
    return Call(ys=[gx, gf], xs=[x, f, dy])


def _conv_hvp(b):
    x, f = b.ph("x", [1, 4, 4, 2]), b.ph("filter", [2, 2, 2, 3])
    conv = raw.Conv2D(input=x, filter=f, strides=[1, 1, 1, 1], padding="VALID", name="conv")
    loss = raw.Sum(input=raw.Square(x=raw.Tanh(x=conv, name="act"), name="sq"),
                   axis=_const([0, 1, 2, 3], "axes"), name="loss")
    (gf,) = v1.gradients([loss], [f])
    v = b.ph("v", [2, 2, 2, 3])
    gv = raw.Sum(input=raw.Mul(x=gf, y=v, name="gv_mul"), axis=_const([0, 1, 2, 3], "gv_axes"), name="gv")
    return Call(ys=[gv], xs=[f, x])


def _second_depthwise(b):
    x, f = b.ph("x", [1, 4, 4, 2]), b.ph("filter", [3, 3, 2, 2])
    y = raw.DepthwiseConv2dNative(input=x, filter=f, strides=[1, 1, 1, 1], padding="SAME", name="dw")
    dy = _dy(b, y)
    gx, gf = v1.gradients([y], [x, f], grad_ys=[dy])
    return Call(ys=[gx, gf], xs=[x, f, dy])


def _second(x_shape, fn, domain="any", scale=1.0, wrt=("x", "dy")):
    """g = gradients(fn(x), x, dy), then gradients(g, [x, dy] or a subset): the gradient op's own rule."""
    def build(b):
        x = b.ph("x", x_shape, domain=domain, value=None if scale == 1.0 else b.values(x_shape, domain=domain) * scale)
        y = fn(x)
        dy = _dy(b, y)
        (g,) = v1.gradients([y], [x], grad_ys=[dy])
        return Call(ys=[g], xs=[{"x": x, "dy": dy}[name] for name in wrt])
    return build


def _second_bias_add(data_format):
    def build(b):
        x = b.ph("x", [2, 3, 2, 2] if data_format == "NCHW" else [2, 2, 2, 3])
        bias = b.ph("bias", [3])
        y = raw.BiasAdd(value=x, bias=bias, data_format=data_format, name="y")
        dy = _dy(b, y)
        (db,) = v1.gradients([y], [bias], grad_ys=[dy])
        w = b.ph("w", [3])
        return Call(ys=[raw.Mul(x=db, y=w, name="db_w")], xs=[dy])
    return build


def _second_softplus_grad(b):
    """SoftplusGrad built directly (TF's Softplus rule uses Sigmoid, never SoftplusGrad)."""
    dy, x = b.ph("dy", [2, 3]), b.ph("x", [2, 3])
    g = raw.SoftplusGrad(gradients=dy, features=x, name="g")
    w = b.ph("w", [2, 3])
    return Call(ys=[raw.Mul(x=g, y=w, name="g_w")], xs=[dy, x])


def _third_max_pool(b):
    """MaxPool -> MaxPoolGrad -> MaxPoolGradGrad, then the gradient of MaxPoolGradGrad."""
    x = b.ph("x", [1, 4, 4, 2])
    y = raw.MaxPool(input=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", name="pool")
    dy = _dy(b, y)
    (g1,) = v1.gradients([y], [x], grad_ys=[dy])
    v = b.ph("v", [1, 4, 4, 2])
    (g2,) = v1.gradients([g1], [dy], grad_ys=[v])
    return Call(ys=[g2], xs=[v, x])


def _second_fused_bn(version=3, is_training=True, data_format="NHWC", colocate_and_gate=False, dtype=tf.float32):
    """Differentiates a batch norm, then differentiates its gradient op (FusedBatchNormGrad*).

    ys = [sum(dx * w), dscale]: dscale alone sums d dscale into the tape's other paths."""
    def build(b):
        channels_last = data_format == "NHWC"
        x = b.ph("x", [2, 2, 2, 3] if channels_last else [2, 3, 2, 2], dtype)
        scale, offset = b.ph("scale", [3], domain="pos"), b.ph("offset", [3])
        if is_training:
            mean = variance = tf.constant([], dtype=tf.float32, name="empty")
        else:
            mean, variance = b.ph("mean", [3]), b.ph("variance", [3], domain="pos")
        bn = _BN_OPS[version](x=x, scale=scale, offset=offset, mean=mean, variance=variance, is_training=is_training,
                              data_format=data_format, name="bn")
        dy = b.ph("dy", bn[0].shape.as_list(), dtype)
        gx, gscale, goffset = v1.gradients([bn[0]], [x, scale, offset], grad_ys=[dy])
        w = b.ph("w", gx.shape.as_list(), dtype)
        z = raw.Sum(input=raw.Mul(x=gx, y=w, name="gx_w"), axis=_const([0, 1, 2, 3], "axes"), name="z")
        return Call(ys=[z, gscale], xs=[x, scale, dy], colocate_gradients_with_ops=colocate_and_gate,
                    gate_gradients=colocate_and_gate)
    return build


def _second_fused_bn_grad_nchw_infer(b):
    """A FusedBatchNormGradV3 built directly in NCHW inference mode (TF's own first-order rule
    transposes to NHWC, so only a hand-built graph has one); ys = [sum(dx * w), dscale, doffset]."""
    dy, x = b.ph("dy", [2, 3, 2, 2]), b.ph("x", [2, 3, 2, 2])
    scale, mean, variance = b.ph("scale", [3], domain="pos"), b.ph("mean", [3]), b.ph("variance", [3], domain="pos")
    empty = tf.constant([], dtype=tf.float32, name="empty")
    g = raw.FusedBatchNormGradV3(y_backprop=dy, x=x, scale=scale, reserve_space_1=mean, reserve_space_2=variance,
                                 reserve_space_3=empty, is_training=False, data_format="NCHW", name="bn_grad")
    w = b.ph("w", [2, 3, 2, 2])
    z = raw.Sum(input=raw.Mul(x=g[0], y=w, name="gx_w"), axis=_const([0, 1, 2, 3], "axes"), name="z")
    return Call(ys=[z, g[1], g[2]], xs=[x, scale, dy], run_values=False)


# --- networks -------------------------------------------------------------------------------------

def _variable(b, name, shape, resource, scale=1.0, domain="any"):
    """get_variable with TF's default initializer; the seeded value to assign goes in feeds."""
    var = v1.get_variable(name, shape=shape, dtype=tf.float32, use_resource=resource)
    b.feeds[var.op.name] = (b.values(shape, domain=domain) * scale).astype(np.float32)
    return var


def _conv_bn_relu_pool(b, scope, h, cin, cout, resource):
    with v1.variable_scope(scope):
        w = _variable(b, "weights", [3, 3, cin, cout], resource, scale=0.5)
        gamma = _variable(b, "gamma", [cout], resource, domain="pos")
        beta = _variable(b, "beta", [cout], resource)
        h = tf.nn.conv2d(h, w, strides=1, padding="SAME")
        h, _, _ = v1.nn.fused_batch_norm(h, gamma, beta, is_training=True)
        h = tf.nn.relu(h)
        return tf.nn.max_pool2d(h, ksize=2, strides=2, padding="VALID")


def _small_convnet(b):
    x = b.ph("x", [2, 8, 8, 3])
    labels = b.ph("labels", [2], tf.int32, domain="int:4")
    h = _conv_bn_relu_pool(b, "block1", x, 3, 4, resource=False)
    h = _conv_bn_relu_pool(b, "block2", h, 4, 8, resource=False)
    with v1.variable_scope("dense"):
        w = _variable(b, "weights", [32, 4], False, scale=0.25)
        bias = _variable(b, "bias", [4], False)
        logits = tf.nn.bias_add(tf.matmul(tf.reshape(h, [-1, 32]), w), bias, name="logits")
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    loss = tf.reduce_mean(xent, name="loss")
    return Call(ys=[loss], xs=v1.trainable_variables())


def _bn(b, h, channels, resource):
    gamma = _variable(b, "gamma", [channels], resource, domain="pos")
    beta = _variable(b, "beta", [channels], resource)
    return v1.nn.fused_batch_norm(h, gamma, beta, is_training=True)[0]


def _mobilenet_block(b):
    x = b.ph("x", [1, 6, 6, 4])
    with v1.variable_scope("depthwise"):
        w = _variable(b, "weights", [3, 3, 4, 1], True, scale=0.5)
        h = tf.nn.depthwise_conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
        h = tf.nn.relu6(_bn(b, h, 4, True))
    with v1.variable_scope("pointwise"):
        w = _variable(b, "weights", [1, 1, 4, 8], True, scale=0.5)
        h = tf.nn.conv2d(h, w, strides=1, padding="SAME")
        h = tf.nn.relu6(_bn(b, h, 8, True))
    target = b.ph("target", [1, 6, 6, 8])
    loss = tf.reduce_mean(tf.square(h - target), name="loss")
    return Call(ys=[loss], xs=[x] + v1.trainable_variables())


def _inception_block(b):
    x = b.ph("x", [1, 5, 5, 4])

    def conv(name, h, k, cin, cout):
        with v1.variable_scope(name):
            w = _variable(b, "weights", [k, k, cin, cout], False, scale=0.3)
            bias = _variable(b, "bias", [cout], False)
            return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, w, strides=1, padding="SAME"), bias))

    b1 = conv("branch1x1", x, 1, 4, 4)
    b3 = conv("branch3x3", conv("branch3x3_reduce", x, 1, 4, 3), 3, 3, 4)
    b5 = conv("branch5x5", conv("branch5x5_reduce", x, 1, 4, 2), 5, 2, 3)
    bp = conv("branch_pool_proj", tf.nn.max_pool2d(x, ksize=3, strides=1, padding="SAME", name="branch_pool"),
              1, 4, 2)
    out = tf.concat([b1, b3, b5, bp], axis=3, name="concat")
    loss = tf.reduce_mean(tf.reduce_mean(out, axis=[1, 2]), name="loss")  # global average pool, then mean
    return Call(ys=[loss], xs=[x] + v1.trainable_variables())


def _resnet50(b):
    try:
        import tf_keras
    except ImportError:
        raise SystemExit("net_resnet50 needs Keras 2: tools/.venv-tf/bin/pip install --no-deps tf-keras==2.21.0")
    tf_keras.utils.set_random_seed(0)  # Keras draws initializer seeds from Python's random otherwise
    with warnings.catch_warnings():  # set_learning_phase is deprecated, but it is what avoids the cond
        warnings.simplefilter("ignore")
        tf_keras.backend.set_learning_phase(1)  # training-mode batch norm without a cond on the learning phase
    x = b.ph("x", [2, 32, 32, 3])
    labels = b.ph("labels", [2], tf.int32, domain="int:10")
    model = tf_keras.applications.ResNet50(weights=None, input_tensor=x, classes=10, classifier_activation=None)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=model.output)
    loss = tf.reduce_mean(xent, name="loss")
    return Call(ys=[loss], xs=list(model.trainable_weights), run_values=False)


CASES = [
    # Conv2D
    Case("op_conv2d_same_3x3", "Conv2D x[1,5,5,2] filter[3,3,2,3] SAME stride 1", _conv2d([1, 5, 5, 2], [3, 3, 2, 3], "SAME")),
    Case("op_conv2d_valid_batch2", "Conv2D x[2,5,5,2] filter[3,3,2,2] VALID stride 1",
         _conv2d([2, 5, 5, 2], [3, 3, 2, 2], "VALID")),
    Case("op_conv2d_same_stride2", "Conv2D x[1,6,6,2] filter[3,3,2,3] SAME stride 2",
         _conv2d([1, 6, 6, 2], [3, 3, 2, 3], "SAME", strides=(2, 2))),
    Case("op_conv2d_valid_stride2_odd", "Conv2D x[1,7,6,2] filter[3,2,2,2] VALID strides [2,2] (odd size)",
         _conv2d([1, 7, 6, 2], [3, 2, 2, 2], "VALID", strides=(2, 2))),
    Case("op_conv2d_same_stride_2x1", "Conv2D x[1,5,4,2] filter[2,3,2,2] SAME strides h2 w1",
         _conv2d([1, 5, 4, 2], [2, 3, 2, 2], "SAME", strides=(2, 1))),
    Case("op_conv2d_explicit", "Conv2D x[1,4,4,2] filter[3,3,2,3] EXPLICIT paddings [[0,0],[1,2],[2,1],[0,0]]",
         _conv2d([1, 4, 4, 2], [3, 3, 2, 3], "EXPLICIT", explicit_paddings=[0, 0, 1, 2, 2, 1, 0, 0])),
    Case("op_conv2d_explicit_stride2", "Conv2D x[1,5,5,2] filter[3,3,2,2] EXPLICIT [[0,0],[1,1],[0,2],[0,0]] stride 2",
         _conv2d([1, 5, 5, 2], [3, 3, 2, 2], "EXPLICIT", strides=(2, 2), explicit_paddings=[0, 0, 1, 1, 0, 2, 0, 0])),
    Case("op_conv2d_1x1", "Conv2D pointwise x[2,3,3,4] filter[1,1,4,3] VALID", _conv2d([2, 3, 3, 4], [1, 1, 4, 3], "VALID")),
    Case("op_conv2d_dilation2",
         f"Conv2D x[1,7,7,2] filter[3,3,2,2] SAME dilations 2 ({_NO_CPU} Conv2DBackpropInput/Filter with dilations > 1)",
         _conv2d([1, 7, 7, 2], [3, 3, 2, 2], "SAME", dilations=(2, 2), run_values=False)),
    Case("op_conv2d_dilation2_valid",
         f"Conv2D x[1,7,7,2] filter[2,2,2,2] VALID dilations 2 ({_NO_CPU} Conv2DBackpropInput/Filter with dilations > 1)",
         _conv2d([1, 7, 7, 2], [2, 2, 2, 2], "VALID", dilations=(2, 2), run_values=False)),
    Case("op_conv2d_atrous", "tf.nn.atrous_conv2d rate 2 SAME x[1,7,7,2] filter[3,3,2,2] (SpaceToBatchND/Conv2D/BatchToSpaceND)",
         _atrous),
    Case("op_conv2d_nchw", f"Conv2D NCHW x[1,2,5,5] filter[3,3,2,3] SAME ({_NO_CPU} Conv2D NCHW)",
         _conv2d([1, 2, 5, 5], [3, 3, 2, 3], "SAME", data_format="NCHW", run_values=False)),
    Case("op_conv2d_nchw_stride2", f"Conv2D NCHW x[1,2,6,6] filter[3,3,2,2] VALID stride 2 ({_NO_CPU} Conv2D NCHW)",
         _conv2d([1, 2, 6, 6], [3, 3, 2, 2], "VALID", strides=(2, 2), data_format="NCHW", run_values=False)),
    Case("op_bias_add_nchw_after_conv", "Conv2D SAME -> Transpose to NCHW -> BiasAdd NCHW bias[3] -> Relu",
         _bias_add_nchw_after_conv),
    # Conv2DBackpropInput as a forward op, depthwise
    Case("op_conv2d_transpose_same_stride2", "tf.nn.conv2d_transpose x[1,3,3,4] filter[3,3,2,4] -> [1,6,6,2] SAME stride 2 "
         "(Conv2DBackpropInput forward)", _conv2d_transpose([1, 3, 3, 4], [3, 3, 2, 4], [1, 6, 6, 2], 2, "SAME")),
    Case("op_conv2d_transpose_valid", "tf.nn.conv2d_transpose x[2,3,3,3] filter[2,2,2,3] -> [2,4,4,2] VALID stride 1",
         _conv2d_transpose([2, 3, 3, 3], [2, 2, 2, 3], [2, 4, 4, 2], 1, "VALID")),
    Case("op_depthwise_conv2d", "DepthwiseConv2dNative x[1,5,5,2] filter[3,3,2,1] SAME stride 1",
         _depthwise([1, 5, 5, 2], [3, 3, 2, 1], 1, "SAME")),
    Case("op_depthwise_conv2d_stride2_mult2", "DepthwiseConv2dNative x[1,6,6,2] filter[3,3,2,2] (multiplier 2) SAME stride 2",
         _depthwise([1, 6, 6, 2], [3, 3, 2, 2], 2, "SAME")),
    Case("op_depthwise_conv2d_valid_stride2", "DepthwiseConv2dNative x[1,7,7,3] filter[3,3,3,1] VALID stride 2",
         _depthwise([1, 7, 7, 3], [3, 3, 3, 1], 2, "VALID")),
    # pooling
    Case("op_max_pool_same_3x3_s2", "MaxPool x[1,5,5,2] 3x3 stride 2 SAME (overlapping windows)",
         _pool(raw.MaxPool, "input", [1, 5, 5, 2], 3, 2, "SAME")),
    Case("op_max_pool_valid_3x3_s2", "MaxPool x[1,7,7,2] 3x3 stride 2 VALID (overlapping windows)",
         _pool(raw.MaxPool, "input", [1, 7, 7, 2], 3, 2, "VALID")),
    Case("op_max_pool_v2", "MaxPoolV2 x[1,5,5,2] ksize/strides as Const inputs [1,3,3,1]/[1,2,2,1] SAME", _max_pool_v2),
    Case("op_avg_pool_same_3x3_s2", "AvgPool x[1,5,5,2] 3x3 stride 2 SAME (edge windows average fewer cells)",
         _pool(raw.AvgPool, "value", [1, 5, 5, 2], 3, 2, "SAME")),
    Case("op_avg_pool_valid_3x3_s2", "AvgPool x[1,7,7,2] 3x3 stride 2 VALID",
         _pool(raw.AvgPool, "value", [1, 7, 7, 2], 3, 2, "VALID")),
    # batch norm (y = output 0, grad_ys = dy placeholder)
    Case("op_fused_batch_norm_v1_train", "FusedBatchNorm (V1) NHWC x[2,3,3,3] is_training, grad_ys dy",
         _fused_bn(1, True)),
    Case("op_fused_batch_norm_v1_infer", "FusedBatchNorm (V1) NHWC inference; xs include mean/variance (None)",
         _fused_bn(1, False)),
    Case("op_fused_batch_norm_v2_train", "FusedBatchNormV2 NHWC x[2,3,3,3] is_training, grad_ys dy", _fused_bn(2, True)),
    Case("op_fused_batch_norm_v2_infer", "FusedBatchNormV2 NHWC inference; xs include mean/variance (None)",
         _fused_bn(2, False)),
    Case("op_fused_batch_norm_v3_train", "FusedBatchNormV3 NHWC x[2,3,3,3] is_training, grad_ys dy", _fused_bn(3, True)),
    Case("op_fused_batch_norm_v3_infer", "FusedBatchNormV3 NHWC inference; xs include mean/variance (None)",
         _fused_bn(3, False)),
    Case("op_fused_batch_norm_v3_nchw_train", "FusedBatchNormV3 NCHW x[2,3,3,3] is_training (runs on CPU)",
         _fused_bn(3, True, "NCHW")),
    Case("op_fused_batch_norm_v3_nchw_infer", "FusedBatchNormV3 NCHW inference (transposes to NHWC; runs on CPU)",
         _fused_bn(3, False, "NCHW")),
    Case("op_fused_batch_norm_v1_nchw_infer", "FusedBatchNorm (V1) NCHW inference (runs on CPU)",
         _fused_bn(1, False, "NCHW")),
    # activations, reductions, padding, resizing
    Case("op_relu6_4d", "Relu6 x[1,3,3,2] with values in [-8,8] (both kinks)",
         _unary([1, 3, 3, 2], lambda x: raw.Relu6(features=x, name="y"), scale=4.0)),
    Case("op_leaky_relu", "LeakyRelu alpha 0.2 x[1,3,3,2]",
         _unary([1, 3, 3, 2], lambda x: raw.LeakyRelu(features=x, alpha=0.2, name="y"))),
    Case("op_softmax_4d", "Softmax x[1,2,2,5] over the last axis, grad_ys dy (ones would give a zero gradient)",
         _unary([1, 2, 2, 5], lambda x: raw.Softmax(logits=x, name="y"), with_dy=True)),
    Case("op_mean_spatial", "Mean x[2,3,3,4] over axes [1,2] (global average pool)",
         _unary([2, 3, 3, 4], lambda x: raw.Mean(input=x, axis=_const([1, 2], "axes"), name="y"))),
    Case("op_mean_spatial_keepdims", "Mean x[2,3,3,4] over axes [1,2] keep_dims",
         _unary([2, 3, 3, 4], lambda x: raw.Mean(input=x, axis=_const([1, 2], "axes"), keep_dims=True, name="y"))),
    Case("op_pad_spatial", "Pad x[1,3,3,2] with [[0,0],[1,1],[2,0],[0,0]]",
         _unary([1, 3, 3, 2], lambda x: raw.Pad(input=x, paddings=_const([[0, 0], [1, 1], [2, 0], [0, 0]], "paddings"),
                                                name="y"))),
    Case("op_mirror_pad_reflect", "MirrorPad REFLECT x[1,3,4,2] with [[0,0],[1,2],[2,1],[0,0]]",
         _unary([1, 3, 4, 2], lambda x: raw.MirrorPad(input=x, paddings=_const([[0, 0], [1, 2], [2, 1], [0, 0]], "paddings"),
                                                      mode="REFLECT", name="y"))),
    Case("op_mirror_pad_symmetric", "MirrorPad SYMMETRIC x[1,3,4,2] with [[0,0],[3,1],[2,4],[0,0]]",
         _unary([1, 3, 4, 2], lambda x: raw.MirrorPad(input=x, paddings=_const([[0, 0], [3, 1], [2, 4], [0, 0]], "paddings"),
                                                      mode="SYMMETRIC", name="y"))),
    Case("op_resize_bilinear", "ResizeBilinear x[1,3,3,2] -> [5,4] (align_corners false, half_pixel_centers false)",
         _resize(raw.ResizeBilinear, [1, 3, 3, 2], [5, 4])),
    Case("op_resize_bilinear_align_corners", "ResizeBilinear x[1,3,3,2] -> [5,4] align_corners",
         _resize(raw.ResizeBilinear, [1, 3, 3, 2], [5, 4], align_corners=True)),
    Case("op_resize_bilinear_half_pixel", "ResizeBilinear x[1,3,3,2] -> [5,4] half_pixel_centers",
         _resize(raw.ResizeBilinear, [1, 3, 3, 2], [5, 4], half_pixel_centers=True)),
    Case("op_resize_bilinear_down", "ResizeBilinear x[1,5,4,2] -> [2,3] half_pixel_centers (downsampling)",
         _resize(raw.ResizeBilinear, [1, 5, 4, 2], [2, 3], half_pixel_centers=True)),
    Case("op_resize_nearest", "ResizeNearestNeighbor x[1,3,3,2] -> [6,5]", _resize(raw.ResizeNearestNeighbor, [1, 3, 3, 2], [6, 5])),
    Case("op_resize_nearest_align_corners", "ResizeNearestNeighbor x[1,3,3,2] -> [5,4] align_corners",
         _resize(raw.ResizeNearestNeighbor, [1, 3, 3, 2], [5, 4], align_corners=True)),
    Case("op_resize_nearest_half_pixel", "ResizeNearestNeighbor x[1,3,3,2] -> [6,5] half_pixel_centers",
         _resize(raw.ResizeNearestNeighbor, [1, 3, 3, 2], [6, 5], half_pixel_centers=True)),
    Case("op_crop_and_resize", "CropAndResize image[1,5,6,2], 2 boxes -> [3,4] bilinear; xs = [image, boxes]",
         _crop_and_resize("bilinear")),
    Case("op_crop_and_resize_nearest", "CropAndResize image[1,5,6,2], 2 boxes -> [3,4] nearest; xs = [image]",
         _crop_and_resize("nearest")),
    Case("op_lrn", "LRN x[1,3,3,6] depth_radius 2, bias 1, alpha 0.2, beta 0.75",
         _unary([1, 3, 3, 6], lambda x: raw.LRN(input=x, depth_radius=2, bias=1.0, alpha=0.2, beta=0.75, name="y"))),
    Case("op_argmax_only", "y = Cast(ArgMax(x)); x only reaches y through ArgMax (None)", _argmax_only),
    Case("op_argmax_on_path", "y = sum(softmax(x) * OneHot(ArgMax(x))): ArgMax/OneHot on the path pass no gradient",
         _argmax_confidence),
    # second order
    Case("second_order_max_pool", "g = gradients(MaxPool 3x3 s2 SAME, x, dy) (MaxPoolGrad); gradients(g, [x, dy])",
         _second_max_pool),
    Case("second_order_avg_pool", "g = gradients(AvgPool 3x3 s2 SAME, x, dy) (AvgPoolGrad); gradients(g, [x, dy])",
         _second_avg_pool),
    Case("second_order_conv2d", "gx, gf = gradients(Conv2D SAME s2, [x, f], dy) (Conv2DBackpropInput/Filter); "
         "gradients([gx, gf], [x, f, dy])", _second_conv),
    Case("second_order_conv2d_hvp", "Hessian-vector product through a conv: gradients(sum(dloss/df * v), [f, x]), "
         "loss = sum(tanh(conv)^2)", _conv_hvp),
    Case("second_order_depthwise", "gradients of DepthwiseConv2dNativeBackpropInput/Filter (multiplier 2)",
         _second_depthwise),
    Case("second_order_bias_add", "gradients of BiasAddGrad (NHWC): ys = [db * w], xs = [dy]", _second_bias_add("NHWC")),
    Case("second_order_bias_add_nchw", "gradients of BiasAddGrad (NCHW): ys = [db * w], xs = [dy]",
         _second_bias_add("NCHW")),
    Case("second_order_leaky_relu", "gradients of LeakyReluGrad (alpha 0.2): xs = [x, dy] (x gets zeros)",
         _second([1, 3, 3, 2], lambda x: raw.LeakyRelu(features=x, alpha=0.2, name="y"))),
    Case("second_order_elu", "gradients of EluGrad: xs = [x, dy]", _second([2, 3], lambda x: raw.Elu(features=x, name="y"))),
    Case("second_order_selu", "gradients of SeluGrad: xs = [x, dy]",
         _second([2, 3], lambda x: raw.Selu(features=x, name="y"))),
    Case("second_order_softplus", "gradients of SoftplusGrad: xs = [x, dy]",
         _second([2, 3], lambda x: raw.Softplus(features=x, name="y"))),
    Case("second_order_softplus_grad", "gradients of a hand-built SoftplusGrad: ys = [g * w], xs = [dy, x]",
         _second_softplus_grad),
    Case("second_order_rsqrt", "gradients of RsqrtGrad: xs = [x, dy]",
         _second([2, 3], lambda x: raw.Rsqrt(x=x, name="y"), domain="pos")),
    Case("second_order_sqrt", "gradients of SqrtGrad: xs = [x, dy]",
         _second([2, 3], lambda x: raw.Sqrt(x=x, name="y"), domain="pos")),
    Case("second_order_reciprocal", "gradients of ReciprocalGrad: xs = [x, dy]",
         _second([2, 3], lambda x: raw.Reciprocal(x=x, name="y"), domain="pos")),
    Case("second_order_mirror_pad", "gradients of MirrorPadGrad (REFLECT): xs = [dy]",
         _second([1, 3, 4, 2], lambda x: raw.MirrorPad(input=x, paddings=_const([[0, 0], [1, 2], [2, 1], [0, 0]], "paddings"),
                                                       mode="REFLECT", name="y"), wrt=("dy",))),
    Case("second_order_max_pool_v2", "gradients of MaxPoolGradV2 (ksize/strides as tensors, 3x3 s2 SAME): xs = [x, dy]",
         _second([1, 5, 5, 2], lambda x: raw.MaxPoolV2(input=x, ksize=_const([1, 3, 3, 1], "ksize"),
                                                       strides=_const([1, 2, 2, 1], "strides"), padding="SAME",
                                                       name="y"))),
    Case("third_order_max_pool", "gradients of MaxPoolGradGrad (MaxPool's third order): xs = [v, x]", _third_max_pool),
    Case("second_order_fused_batch_norm", "gradients of FusedBatchNormGradV3 (training): ys = [sum(dx*w), dscale]",
         _second_fused_bn()),
    Case("second_order_fused_batch_norm_v1", "gradients of FusedBatchNormGrad (V1, training): ys = [sum(dx*w), dscale]",
         _second_fused_bn(version=1)),
    Case("second_order_fused_batch_norm_v2_nchw", "gradients of FusedBatchNormGradV2 (training, NCHW: the replay "
         "keeps dims and reshapes scale): ys = [sum(dx*w), dscale]", _second_fused_bn(version=2, data_format="NCHW")),
    Case("second_order_fused_batch_norm_infer", "gradients of FusedBatchNormGradV3 (inference, NHWC): "
         "ys = [sum(dx*w), dscale]", _second_fused_bn(is_training=False)),
    Case("second_order_fused_batch_norm_grad_nchw_infer", "gradients of a hand-built FusedBatchNormGradV3 "
         "(inference, NCHW: statistics and scale reshaped): ys = [sum(dx*w), dscale, doffset]; "
         f"{_NO_CPU} FusedBatchNormGrad in NCHW inference mode",
         _second_fused_bn_grad_nchw_infer),
    Case("second_order_fused_batch_norm_half", "gradients of FusedBatchNormGradV3 (training) on float16 x: the replay "
         "casts x and dy to float32 and dx back", _second_fused_bn(dtype=tf.float16)),
    Case("second_order_fused_batch_norm_colocated", "gradients of FusedBatchNormGradV3 (training) with "
         "colocate_gradients_with_ops and gate_gradients: the tape's nodes are colocated too",
         _second_fused_bn(colocate_and_gate=True)),
    # networks
    Case("net_small_convnet", "(conv3x3-FusedBatchNormV3-relu-maxpool) x2, dense, sparse softmax xent mean loss; "
         "ref variables (get_variable, use_resource=False); xs = all trainable variables", _small_convnet),
    Case("net_mobilenet_block", "MobileNet block: depthwise 3x3 + BN + Relu6 + pointwise 1x1 + BN + Relu6, MSE loss; "
         "resource variables; xs = [x] + trainable variables", _mobilenet_block),
    Case("net_inception_block", "Inception block: 1x1, 1x1-3x3, 1x1-5x5 and maxpool3x3-1x1 branches, ConcatV2 on channels, "
         "mean loss; ref variables; xs = [x] + trainable variables", _inception_block),
    Case("net_resnet50", "tf_keras.applications.ResNet50(weights=None, 32x32x3, 10 classes, logits) in graph mode, "
         "training-mode BN (learning phase 1), batch 2, loss = mean sparse softmax xent; resource variables, "
         "xs = all trainable variables. feeds.npz holds only x and labels (variables keep their graph initializers, "
         "no saved values); no tf_grads.npz (structure only)", _resnet50),
]
