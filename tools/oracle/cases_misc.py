"""Gradient cases for call arguments (ys, xs, grad_ys, stop_gradients, name), second order, errors."""
import numpy as np

from .gradcase import Call, Case
from .tfenv import tf, v1

raw = tf.raw_ops


def _x(b, shape=(2, 3), **kw):
    return b.ph("x", list(shape), **kw)


def _several_ys(b):
    x = _x(b)
    return Call(ys=[raw.Tanh(x=x, name="y1"), raw.Sigmoid(x=x, name="y2")], xs=[x])


def _duplicate_ys(b):
    x = _x(b)
    y = raw.Tanh(x=x, name="y")
    return Call(ys=[y, y], xs=[x])


def _y_upstream_of_y(b):
    x = _x(b)
    a = raw.Tanh(x=x, name="a")
    return Call(ys=[a, raw.Sigmoid(x=a, name="y")], xs=[x])


def _repeated_xs(b):
    x = _x(b)
    return Call(ys=[raw.Tanh(x=x, name="y")], xs=[x, x])


def _x_downstream_of_x(b):
    x = _x(b)
    a = raw.Tanh(x=x, name="a")
    return Call(ys=[raw.Sigmoid(x=a, name="y")], xs=[x, a])


def _grad_ys_user(b):
    x, dy = _x(b), b.ph("dy", [2, 3])
    return Call(ys=[raw.Sigmoid(x=x, name="y")], xs=[x], grad_ys=[dy])


def _grad_ys_partial(b):
    x, dy = _x(b), b.ph("dy", [2, 3])
    return Call(ys=[raw.Tanh(x=x, name="y1"), raw.Sigmoid(x=x, name="y2")], xs=[x], grad_ys=[dy, None])


def _spec_stop_example(stop):
    """The tf.gradients docstring example: with stop_gradients both a and b get 1."""
    def build(b):
        a = tf.constant(0.0, name="a")
        bb = raw.Mul(x=tf.constant(2.0, name="two"), y=a, name="b")
        y = raw.AddV2(x=a, y=bb, name="y")
        return Call(ys=[y], xs=[a, bb], stop_gradients=[a, bb] if stop else [])
    return build


def _stop_intermediate(b):
    x = _x(b)
    t = raw.Tanh(x=x, name="t")
    y = raw.Mul(x=t, y=raw.Sin(x=x, name="s"), name="y")
    return Call(ys=[y], xs=[x], stop_gradients=[t])


def _second_call(b):
    x = _x(b)
    y = raw.Tanh(x=x, name="y")
    v1.gradients([y], [x])
    return Call(ys=[raw.Sigmoid(x=y, name="z")], xs=[x])


def _named(name):
    def build(b):
        x, w = _x(b), b.ph("w", [3])
        return Call(ys=[raw.Mul(x=raw.Tanh(x=x, name="t"), y=w, name="y")], xs=[x, w], name=name)
    return build


def _y_is_x(b):
    x = _x(b)
    return Call(ys=[x, raw.Tanh(x=x, name="y")], xs=[x])


def _unconnected(b):
    x, z = _x(b), b.ph("z", [3])
    return Call(ys=[raw.Tanh(x=x, name="y")], xs=[x, z])


def _integer_x(b):
    i = b.ph("i", [2, 3], tf.int32, domain="int:5")
    x = _x(b)
    y = raw.Mul(x=x, y=raw.Cast(x=i, DstT=tf.float32, name="fi"), name="y")
    return Call(ys=[y], xs=[i, x])


def _int32_y(b):
    x = _x(b)
    yi = raw.Cast(x=raw.Tanh(x=x, name="t"), DstT=tf.int32, name="yi")
    return Call(ys=[yi], xs=[x])


def _int32_y_is_x(b):
    i = b.ph("i", [3], tf.int32, domain="int:5")
    return Call(ys=[i], xs=[i])


def _float_via_int_edge(b):
    x = _x(b)
    back = raw.Cast(x=raw.Cast(x=x, DstT=tf.int32, name="to_int"), DstT=tf.float32, name="back")
    return Call(ys=[raw.Tanh(x=back, name="y")], xs=[x])


def _second_order(op_name):
    def build(b):
        x = _x(b)
        y = getattr(raw, op_name)(**{("features" if op_name == "Relu" else "x"): x, "name": "y"})
        (g,) = v1.gradients([y], [x])
        return Call(ys=[g], xs=[x])
    return build


def _hessian_vector(b):
    x = b.ph("x", [2, 3])
    w = b.ref_var("w", [3, 2])
    read = tf.compat.v1.get_default_graph().get_tensor_by_name("w/read:0")
    h = raw.Tanh(x=raw.MatMul(a=x, b=read, name="mm"), name="h")
    loss = raw.Sum(input=raw.Square(x=h, name="sq"), axis=tf.constant([0, 1], name="axes"), name="loss")
    (g,) = v1.gradients([loss], [w])
    v = b.ph("v", [3, 2])
    gv = raw.Sum(input=raw.Mul(x=g, y=v, name="gv_mul"), axis=tf.constant([0, 1], name="gv_axes"), name="gv")
    return Call(ys=[gv], xs=[w])


def _no_gradient(b):
    images = b.ph("images", [1, 2, 2, 1])
    y = raw.AdjustContrastv2(images=raw.Tanh(x=images, name="t"), contrast_factor=tf.constant(2.0, name="f"),
                             name="y")
    return Call(ys=[y], xs=[images])


def _prevent_gradient(b):
    x = _x(b)
    p = raw.PreventGradient(input=raw.Tanh(x=x, name="t"), message="no second derivative here", name="p")
    return Call(ys=[raw.Sigmoid(x=p, name="y")], xs=[x])


def _grad_ys_length(b):
    x, dy = _x(b), b.ph("dy", [2, 3])
    return Call(ys=[raw.Tanh(x=x, name="y1"), raw.Sigmoid(x=x, name="y2")], xs=[x], grad_ys=[dy])


def _seed_dtype(b):
    x, dy = _x(b), b.ph("dy", [2, 3], tf.float64)
    return Call(ys=[raw.Sigmoid(x=x, name="y")], xs=[x], grad_ys=[dy])


def _while_loop(reimport):
    def build(b):
        v1.disable_control_flow_v2()  # record() restores v2 after the gradients call
        x = _x(b)
        i0 = tf.constant(0, name="i0")
        _, out = tf.compat.v1.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.tanh(a)), [i0, x],
                                         name="loop")
        return Call(ys=[raw.Identity(input=out, name="y")], xs=[x], reimport=reimport)
    return build


CASES = [
    Case("ys_several", "ys = [tanh(x), sigmoid(x)]", _several_ys),
    Case("ys_duplicate", "ys = [y, y]: each gets its own seed, summed", _duplicate_ys),
    Case("ys_upstream_of_other_y", "ys = [a, sigmoid(a)] with a = tanh(x): a waits for the second y", _y_upstream_of_y),
    Case("xs_repeated", "xs = [x, x]", _repeated_xs),
    Case("xs_downstream_of_other_x", "xs = [x, a] with a = tanh(x): a is not a stop op", _x_downstream_of_x),
    Case("grad_ys_user", "user seed grad_ys = [dy] for y = sigmoid(x)", _grad_ys_user),
    Case("grad_ys_partial_none", "ys = [y1, y2], grad_ys = [dy, None]", _grad_ys_partial),
    Case("stop_gradients_doc_example", "a = 0.; b = 2*a; gradients(a + b, [a, b], stop_gradients=[a, b])",
         _spec_stop_example(True)),
    Case("stop_gradients_doc_example_without", "a = 0.; b = 2*a; gradients(a + b, [a, b]) (no stop_gradients)",
         _spec_stop_example(False)),
    Case("stop_gradients_intermediate", "y = tanh(x) * sin(x) with stop_gradients = [t = tanh(x)]",
         _stop_intermediate),
    Case("second_call", "a second gradients call in the same graph (forward.pb holds the first pass)",
         _second_call),
    Case("name_grads", 'name = "grads"', _named("grads")),
    Case("name_trailing_slash", 'name = "my/grads/" (used verbatim)', _named("my/grads/")),
    Case("name_empty", 'name = "" (nodes at the root)', _named("")),
    Case("name_nested_no_slash", 'name = "my/grads" (uniquified as a whole path)', _named("my/grads")),
    Case("y_is_x", "ys = [x, tanh(x)], xs = [x]", _y_is_x),
    Case("x_unconnected", "xs = [x, z] where z does not reach y (None)", _unconnected),
    Case("x_integer", "int32 x cast to float on the path (None); float x gets a gradient", _integer_x),
    Case("x_float_via_int_edge", "float x reaches y only through Cast to int32 and back (None)", _float_via_int_edge),
    Case("y_int32", "int32 y = Cast(tanh(x)): seed is int32 ones, x gets None", _int32_y),
    Case("y_int32_is_x", "int32 placeholder as both y and x: gets the int32 seed", _int32_y_is_x),
    Case("second_order_tanh", "y = tanh(x); g = gradients(y, x); gradients(g, x)", _second_order("Tanh")),
    Case("second_order_sigmoid", "y = sigmoid(x); g = gradients(y, x); gradients(g, x)", _second_order("Sigmoid")),
    Case("second_order_relu", "y = relu(x); g = gradients(y, x); gradients(g, x)", _second_order("Relu")),
    Case("second_order_hvp", "Hessian-vector product on a tiny tanh layer: gradients(sum(dloss/dw * v), w)",
         _hessian_vector),
    Case("while_v1_in_program", "v1 while_loop (3 tanh steps) differentiated in the building program "
         "(loop context present, TF builds the backward loop)", _while_loop(False)),
    Case("error_no_gradient", "AdjustContrastv2 on the path has no registered gradient",
         _no_gradient),
    Case("error_prevent_gradient", "PreventGradient on the path", _prevent_gradient),
    Case("error_grad_ys_length", "2 ys, 1 grad_ys", _grad_ys_length),
    Case("error_seed_dtype", "float64 grad_ys for a float32 y = sigmoid(x) (fails when SigmoidGrad is built)",
         _seed_dtype),
    Case("error_while_v1_imported", "v1 while_loop on the path, differentiated after importing forward.pb into "
         "a fresh graph (no loop context; spec §11.2)", _while_loop(True)),
]
