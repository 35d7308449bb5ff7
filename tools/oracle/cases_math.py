"""Gradient cases for elementwise math ops, broadcasting, matmul and reductions."""
import numpy as np

from .gradcase import Call, Case
from .tfenv import tf

raw = tf.raw_ops

# (case suffix, op builder taking (x, name), input domain); one y = op(x) on a [2,3] placeholder.
_UNARY = [
    ("identity", lambda x, n: raw.Identity(input=x, name=n), "any"),
    ("stop_gradient", lambda x, n: raw.StopGradient(input=x, name=n), "any"),
    ("neg", lambda x, n: raw.Neg(x=x, name=n), "any"),
    ("square", lambda x, n: raw.Square(x=x, name=n), "any"),
    ("sqrt", lambda x, n: raw.Sqrt(x=x, name=n), "pos"),
    ("rsqrt", lambda x, n: raw.Rsqrt(x=x, name=n), "pos"),
    ("exp", lambda x, n: raw.Exp(x=x, name=n), "any"),
    ("log", lambda x, n: raw.Log(x=x, name=n), "pos"),
    ("log1p", lambda x, n: raw.Log1p(x=x, name=n), "pos"),
    ("tanh", lambda x, n: raw.Tanh(x=x, name=n), "any"),
    ("sigmoid", lambda x, n: raw.Sigmoid(x=x, name=n), "any"),
    ("relu", lambda x, n: raw.Relu(features=x, name=n), "any"),
    ("relu6", lambda x, n: raw.Relu6(features=x, name=n), "any"),
    ("elu", lambda x, n: raw.Elu(features=x, name=n), "any"),
    ("selu", lambda x, n: raw.Selu(features=x, name=n), "any"),
    ("softplus", lambda x, n: raw.Softplus(features=x, name=n), "any"),
    ("abs", lambda x, n: raw.Abs(x=x, name=n), "any"),
    ("sin", lambda x, n: raw.Sin(x=x, name=n), "any"),
    ("cos", lambda x, n: raw.Cos(x=x, name=n), "any"),
    ("reciprocal", lambda x, n: raw.Reciprocal(x=x, name=n), "any"),
    ("erf", lambda x, n: raw.Erf(x=x, name=n), "any"),
    ("cast_f32_to_f64", lambda x, n: raw.Cast(x=x, DstT=tf.float64, name=n), "any"),
    ("softmax", lambda x, n: raw.Softmax(logits=x, name=n), "any"),
    ("log_softmax", lambda x, n: raw.LogSoftmax(logits=x, name=n), "any"),
    ("l2_loss", lambda x, n: raw.L2Loss(t=x, name=n), "any"),
    ("expm1", lambda x, n: raw.Expm1(x=x, name=n), "any"),
    ("sign", lambda x, n: raw.Sign(x=x, name=n), "any"),
    ("tan", lambda x, n: raw.Tan(x=x, name=n), "unit"),
    ("asin", lambda x, n: raw.Asin(x=x, name=n), "unit"),
    ("acos", lambda x, n: raw.Acos(x=x, name=n), "unit"),
    ("atan", lambda x, n: raw.Atan(x=x, name=n), "any"),
    ("sinh", lambda x, n: raw.Sinh(x=x, name=n), "any"),
    ("cosh", lambda x, n: raw.Cosh(x=x, name=n), "any"),
    ("asinh", lambda x, n: raw.Asinh(x=x, name=n), "any"),
    ("acosh", lambda x, n: raw.Acosh(x=x, name=n), "above_one"),
    ("atanh", lambda x, n: raw.Atanh(x=x, name=n), "unit"),
    ("erfc", lambda x, n: raw.Erfc(x=x, name=n), "any"),
    ("softsign", lambda x, n: raw.Softsign(features=x, name=n), "any"),
    ("cumsum", lambda x, n: raw.Cumsum(x=x, axis=tf.constant(1, name="axis"), name=n), "any"),
    ("cumsum_exclusive_reverse", lambda x, n: raw.Cumsum(x=x, axis=tf.constant(1, name="axis"), exclusive=True,
                                                         reverse=True, name=n), "any"),
    ("reverse_v2", lambda x, n: raw.ReverseV2(tensor=x, axis=tf.constant([1], name="axis"), name=n), "any"),
    ("lgamma", lambda x, n: raw.Lgamma(x=x, name=n), "pos"),
    ("digamma", lambda x, n: raw.Digamma(x=x, name=n), "pos"),
    ("matrix_band_part", lambda x, n: raw.MatrixBandPart(input=x, num_lower=tf.constant(0, tf.int64, name="lower"),
                                                         num_upper=tf.constant(1, tf.int64, name="upper"), name=n), "any"),
]


def _unary_case(suffix, op, domain):
    def build(b):
        x = b.ph("x", [2, 3], domain=domain)
        return Call(ys=[op(x, "y")], xs=[x])
    return Case(f"op_{suffix}", f"y = {suffix}(x), x float32[2,3] placeholder", build)


_BINARY = {
    "add": raw.Add, "add_v2": raw.AddV2, "sub": raw.Sub, "mul": raw.Mul, "real_div": raw.RealDiv,
    "div": raw.Div, "pow": raw.Pow, "maximum": raw.Maximum, "minimum": raw.Minimum,
    "squared_difference": raw.SquaredDifference, "atan2": raw.Atan2, "div_no_nan": raw.DivNoNan, "xlogy": raw.Xlogy,
    "mul_no_nan": raw.MulNoNan, "floor_mod": raw.FloorMod,
}


def _binary_build(op, x_shape, y_shape, dtype=tf.float32, x_feed=None, y_feed=None, x_domain="any", y_domain="any"):
    def build(b):
        x = b.ph("x", x_shape, dtype, domain=x_domain, feed_shape=x_feed)
        y_value = None
        if op in (raw.Maximum, raw.Minimum) and x_shape == y_shape:
            # Keep x and y apart so the tie convention never matters.
            xv = b.feeds[x.name]
            y_value = xv + b.rng.choice([-1.0, 1.0], size=xv.shape) * b.rng.uniform(0.3, 1.0, size=xv.shape)
        w = b.ph("w", y_shape, dtype, domain=y_domain, feed_shape=y_feed, value=y_value)
        return Call(ys=[op(x=x, y=w, name="y")], xs=[x, w])
    return build


def _clip_by_value(b):
    x = b.ph("x", [2, 3])
    lo, hi = b.ph("lo", [], value=-1.0), b.ph("hi", [2, 3], value=[[1.5, 0.5, 1.0], [0.3, 2.5, 1.0]])
    return Call(ys=[raw.ClipByValue(t=x, clip_value_min=lo, clip_value_max=hi, name="y")], xs=[x, lo, hi])


def _matrix(op, shape, **attrs):
    """A square-matrix op on x = random + 4 I (well conditioned), with a dy seed."""
    def build(b):
        value = b.values(shape) + 4.0 * np.eye(shape[-1])
        x = b.ph("x", shape, value=value)
        y = op(input=x, name="y", **attrs)
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", y.shape.as_list())])
    return build


def _diag(op, shape):
    def build(b):
        x = b.ph("x", shape)
        y = op(input=x, name="y") if op is raw.DiagPart else op(diagonal=x, name="y")
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", y.shape.as_list())])
    return build


def _binary_cases():
    cases = []
    for suffix, op in _BINARY.items():
        domain = "pos" if suffix == "pow" else "any"
        w_domain = "pos" if suffix == "xlogy" else "any"
        cases.append(Case(f"op_{suffix}", f"y = {op.__name__}(x, w), both float32[2,3]",
                          _binary_build(op, [2, 3], [2, 3], x_domain=domain, y_domain=w_domain)))
    cases.append(Case("op_mul_f64", "y = Mul(x, w), both float64[2,3] (no float32 shortcut)",
                      _binary_build(raw.Mul, [2, 3], [2, 3], tf.float64)))
    return cases


# Broadcast pairs (x shape, w shape, x feed shape, w feed shape) from the spec's §8.2 list.
_BROADCASTS = [
    ("2x3_3", [2, 3], [3], None, None),
    ("2x1_1x3", [2, 1], [1, 3], None, None),
    ("scalar_2x3", [], [2, 3], None, None),
    ("Nx3_3", [None, 3], [3], [2, 3], None),
    ("Nx3_Nx3", [None, 3], [None, 3], [2, 3], [2, 3]),
]


def _broadcast_cases():
    cases = []
    for op_name, op in [("add_v2", raw.AddV2), ("sub", raw.Sub), ("mul", raw.Mul)]:
        for tag, xs, ws, xf, wf in _BROADCASTS:
            cases.append(Case(f"bcast_{op_name}_{tag}", f"{op.__name__} broadcasting x{xs} with w{ws}",
                              _binary_build(op, xs, ws, x_feed=xf, y_feed=wf)))
    cases.append(Case("bcast_real_div_2x3_3", "RealDiv broadcasting x[2,3] / w[3]",
                      _binary_build(raw.RealDiv, [2, 3], [3])))
    cases.append(Case("bcast_maximum_2x3_3", "Maximum broadcasting x[2,3] with w[3]",
                      _binary_build(raw.Maximum, [2, 3], [3])))
    cases.append(Case("bcast_atan2_2x3_3", "Atan2 broadcasting x[2,3] with w[3]", _binary_build(raw.Atan2, [2, 3], [3])))
    cases.append(Case("bcast_div_no_nan_2x3_3", "DivNoNan broadcasting x[2,3] / w[3]",
                      _binary_build(raw.DivNoNan, [2, 3], [3])))
    cases.append(Case("op_matrix_inverse", "MatrixInverse of x[3,3]", _matrix(raw.MatrixInverse, [3, 3])))
    cases.append(Case("op_matrix_inverse_batch_adjoint", "MatrixInverse of x[2,3,3], adjoint (batch matmuls)",
                      _matrix(raw.MatrixInverse, [2, 3, 3], adjoint=True)))
    cases.append(Case("op_matrix_determinant", "MatrixDeterminant of x[2,3,3]", _matrix(raw.MatrixDeterminant, [2, 3, 3])))
    cases.append(Case("op_diag", "Diag of x[3] (a [3,3] diagonal matrix)", _diag(raw.Diag, [3])))
    cases.append(Case("op_diag_part", "DiagPart of x[3,3]", _diag(raw.DiagPart, [3, 3])))
    cases.append(Case("bcast_mul_no_nan_2x3_3", "MulNoNan broadcasting x[2,3] with w[3]",
                      _binary_build(raw.MulNoNan, [2, 3], [3])))
    cases.append(Case("op_clip_by_value", "ClipByValue x[2,3] between lo[] and hi[2,3] (some values clipped each way)",
                      _clip_by_value))
    cases.append(Case("bcast_xlogy_2x3_3", "Xlogy broadcasting x[2,3] with w[3] (w > 0)",
                      _binary_build(raw.Xlogy, [2, 3], [3], y_domain="pos")))
    return cases


def _add_n(b):
    xs = [b.ph(f"x{i}", [2, 3]) for i in range(3)]
    return Call(ys=[raw.AddN(inputs=xs, name="y")], xs=xs)


def _identity_n(b):
    a, c = b.ph("a", [2, 3]), b.ph("c", [3])
    out = raw.IdentityN(input=[a, c], name="y")
    return Call(ys=[out[0], out[1]], xs=[a, c])


def _stop_gradient_mixed(b):
    x = b.ph("x", [2, 3])
    y = raw.AddV2(x=raw.Tanh(x=x, name="t"), y=raw.StopGradient(input=x, name="sg"), name="y")
    return Call(ys=[y], xs=[x])


def _matmul(ta, tb):
    def build(b):
        x = b.ph("x", [3, 2] if ta else [2, 3])
        w = b.ph("w", [4, 3] if tb else [3, 4])
        return Call(ys=[raw.MatMul(a=x, b=w, transpose_a=ta, transpose_b=tb, name="y")], xs=[x, w])
    return build


def _batch_matmul(x_shape, w_shape, x_feed=None, adj_y=False):
    def build(b):
        x = b.ph("x", x_shape, feed_shape=x_feed)
        w = b.ph("w", w_shape)
        return Call(ys=[raw.BatchMatMulV2(x=x, y=w, adj_y=adj_y, name="y")], xs=[x, w])
    return build


def _reduction(op, shape, axis, keep_dims=False, feed_shape=None, domain="any"):
    def build(b):
        x = b.ph("x", shape, feed_shape=feed_shape, domain=domain)
        axis_t = tf.constant(axis, dtype=tf.int32, name="axis")
        return Call(ys=[op(input=x, axis=axis_t, keep_dims=keep_dims, name="y")], xs=[x])
    return build


def _sum_dynamic_axis(b):
    x = b.ph("x", [2, 3])
    axis = b.ph("axis", [], tf.int32, value=np.int32(1))
    return Call(ys=[raw.Sum(input=x, axis=axis, name="y")], xs=[x])


def _matmul_cases():
    cases = []
    for ta in (False, True):
        for tb in (False, True):
            tag = {(False, False): "plain", (True, False): "transpose_a",
                   (False, True): "transpose_b", (True, True): "transpose_ab"}[(ta, tb)]
            cases.append(Case(f"op_matmul_{tag}", f"MatMul transpose_a={ta} transpose_b={tb}", _matmul(ta, tb)))
    cases += [
        Case("op_batch_matmul_equal_batch", "BatchMatMulV2 [2,2,3] x [2,3,4], equal static batch dims",
             _batch_matmul([2, 2, 3], [2, 3, 4])),
        Case("op_batch_matmul_broadcast", "BatchMatMulV2 [2,1,2,3] x [3,3,2], broadcast batch dims",
             _batch_matmul([2, 1, 2, 3], [3, 3, 2])),
        Case("op_batch_matmul_rank2_rhs", "BatchMatMulV2 [2,2,3] x [3,4], rhs without batch dims",
             _batch_matmul([2, 2, 3], [3, 4])),
        Case("op_batch_matmul_dynamic_batch", "BatchMatMulV2 [None,2,3] x [3,4], unknown batch dim",
             _batch_matmul([None, 2, 3], [3, 4], x_feed=[2, 2, 3])),
        Case("op_batch_matmul_adj_y", "BatchMatMulV2 [2,2,3] x [2,4,3] adj_y",
             _batch_matmul([2, 2, 3], [2, 4, 3], adj_y=True)),
    ]
    return cases


def _reduction_cases():
    s, m = raw.Sum, raw.Mean
    return [
        Case("op_sum_all", "Sum over all axes [0,1] of [2,3]", _reduction(s, [2, 3], [0, 1])),
        Case("op_sum_all_keep_dims", "Sum over all axes, keep_dims", _reduction(s, [2, 3], [0, 1], True)),
        Case("op_sum_axis1", "Sum over axis [1] of [2,3]", _reduction(s, [2, 3], [1])),
        Case("op_sum_axis1_keep_dims", "Sum over axis [1], keep_dims", _reduction(s, [2, 3], [1], True)),
        Case("op_sum_negative_axis", "Sum over axis [-1] of [2,3,2]", _reduction(s, [2, 3, 2], [-1])),
        Case("op_sum_scalar_axis_vector", "Sum of a [3] vector over scalar axis 0 (not the reduce-all path)",
             _reduction(s, [3], 0)),
        Case("op_sum_dynamic_shape", "Sum over axis [1] of [None,3]", _reduction(s, [None, 3], [1])),
        Case("op_sum_unknown_rank", "Sum over axis [0] of an unknown-rank placeholder fed [2,3]",
             _reduction(s, None, [0], feed_shape=[2, 3])),
        Case("op_sum_dynamic_axis", "Sum of [2,3] over an axis fed through a placeholder", _sum_dynamic_axis),
        Case("op_mean_static", "Mean over axis [0] of [2,3]", _reduction(m, [2, 3], [0])),
        Case("op_mean_all", "Mean over all axes of [2,3]", _reduction(m, [2, 3], [0, 1])),
        Case("op_mean_dynamic", "Mean over axis [0] of [None,3]", _reduction(m, [None, 3], [0])),
        Case("op_max", "Max over axis [1] of [2,3] (distinct values)", _reduction(raw.Max, [2, 3], [1])),
        Case("op_min", "Min over axis [0] of [2,3] (distinct values)", _reduction(raw.Min, [2, 3], [0])),
        Case("op_prod", "Prod over axis [1] of [2,3]", _reduction(raw.Prod, [2, 3], [1])),
        Case("op_prod_all_keep_dims", "Prod over all axes, keep_dims", _reduction(raw.Prod, [2, 3], [0, 1], True)),
    ]


CASES = (
    [_unary_case(*row) for row in _UNARY]
    + [Case("op_stop_gradient_mixed", "y = tanh(x) + StopGradient(x)", _stop_gradient_mixed),
       Case("op_identity_n", "IdentityN over a[2,3], c[3]; ys are both outputs", _identity_n),
       Case("op_add_n", "AddN of three [2,3] placeholders", _add_n)]
    + _binary_cases() + _broadcast_cases() + _matmul_cases() + _reduction_cases()
)
