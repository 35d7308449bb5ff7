"""Gradient cases for the call's flags: gate_gradients, colocation/devices, aggregation methods."""
from .gradcase import Call, Case
from .tfenv import tf

raw = tf.raw_ops


def _gate_matmul(b):
    x, w = b.ph("x", [2, 3]), b.ph("w", [3, 2])
    return Call(ys=[raw.MatMul(a=x, b=w, name="mm")], xs=[x, w], gate_gradients=True)


def _gate_add_same(b):
    x = b.ph("x", [2, 3])
    t = raw.Tanh(x=x, name="t")
    return Call(ys=[raw.AddV2(x=t, y=t, name="y")], xs=[x], gate_gradients=True)


def _colocate_mlp(b):
    x = b.ph("x", [2, 3])
    w = b.ref_var("w", [3, 2])
    read = tf.compat.v1.get_default_graph().get_tensor_by_name("w/read:0")
    h = raw.Tanh(x=raw.MatMul(a=x, b=read, name="mm"), name="h")
    y = raw.Sum(input=h, axis=tf.constant([0, 1], name="axes"), name="y")
    return Call(ys=[y], xs=[w, x], colocate_gradients_with_ops=True)


def _devices(colocate):
    """The spec's §7 example: p on ps, gat on GPU:1, t on GPU:0, mm on a worker CPU."""
    def build(b):
        with tf.device("/job:ps/task:0"):
            p = b.ph("p", [4, 3])
        with tf.device("/device:GPU:1"):
            gat = raw.GatherV2(params=p, indices=tf.constant([2, 0], name="ids"),
                               axis=tf.constant(0, name="axis"), name="gat")
        with tf.device("/device:GPU:0"):
            t = raw.Tanh(x=gat, name="t")
        with tf.device("/job:worker/cpu:0"):
            w = b.ph("w", [3, 2])
            mm = raw.MatMul(a=t, b=w, name="mm")
        return Call(ys=[mm], xs=[p, w], colocate_gradients_with_ops=colocate)
    return build


def _add_n_devices(b):
    """x's consumers sit on two devices; with colocation their gradients do too, so ADD_N groups per device."""
    x = b.ph("x", [2, 3])
    with tf.device("/device:GPU:0"):
        a = raw.Tanh(x=x, name="a")
        a2 = raw.Sin(x=x, name="a2")
    with tf.device("/device:GPU:1"):
        c = raw.Sigmoid(x=x, name="c")
    return Call(ys=[raw.AddN(inputs=[a, a2, c], name="y")], xs=[x], colocate_gradients_with_ops=True)


_TERMS = [raw.Tanh, raw.Sigmoid, raw.Exp, raw.Sin]


def _aggregate(method, n_terms):
    def build(b):
        x = b.ph("x", [2, 3])
        terms = [op(x=x, name=f"t{i}") for i, op in enumerate(_TERMS[:n_terms])]
        return Call(ys=[raw.AddN(inputs=terms, name="y")], xs=[x], aggregation_method=method)
    return build


def _sum_all(t, name):
    return raw.Sum(input=t, axis=tf.constant([0, 1], name=f"{name}/axes"), name=name)


def _gather(p, ids, name, dtype=tf.int32):
    return raw.GatherV2(params=p, indices=tf.constant(ids, dtype=dtype, name=f"{name}/ids"),
                        axis=tf.constant(0, name=f"{name}/axis"), name=name)


def _mixed_slices(method):
    def build(b):
        p = b.ph("p", [4, 3])
        y = raw.AddV2(x=_sum_all(_gather(p, [0, 2], "g"), "s1"), y=_sum_all(raw.Tanh(x=p, name="t"), "s2"), name="y")
        return Call(ys=[y], xs=[p], aggregation_method=method)
    return build


def _all_slices(second_dtype):
    def build(b):
        p = b.ph("p", [4, 3])
        y = raw.AddV2(x=_sum_all(_gather(p, [0, 2], "g1"), "s1"),
                      y=_sum_all(_gather(p, [1], "g2", second_dtype), "s2"), name="y")
        return Call(ys=[y], xs=[p])
    return build


def _agg_cases():
    cases = []
    for tag, method in [("add_n", "add_n"), ("tree", "experimental_tree"),
                        ("accumulate_n", "experimental_accumulate_n")]:
        for n in (2, 4):
            cases.append(Case(f"agg_{tag}_{n}", f"x feeds {n} unary ops summed by AddN; aggregation_method={method}",
                              _aggregate(method, n)))
    return cases


CASES = [
    Case("flag_gate_gradients_matmul", "gate_gradients=True on MatMul (both inputs get gradients)", _gate_matmul),
    Case("flag_gate_gradients_add_same", "gate_gradients=True on AddV2(t, t): same tensor twice", _gate_add_same),
    Case("flag_colocate", "colocate_gradients_with_ops=True on a ref-variable layer (w/read has _class loc:@w)",
         _colocate_mlp),
    Case("flag_devices_colocate", "Spec §7 device example with colocate_gradients_with_ops=True "
         "(values computed with devices cleared)", _devices(True)),
    Case("flag_devices_no_colocate", "Spec §7 device example without the colocate flag "
         "(values computed with devices cleared)", _devices(False)),
    Case("agg_add_n_devices", "ADD_N with colocated terms on GPU:0 (2) and GPU:1 (1): per-device AddN "
         "(values computed with devices cleared)", _add_n_devices),
] + _agg_cases() + [
    Case("agg_mixed_slices_dense", "p gets an IndexedSlices (GatherV2) and a dense (Tanh) term: one AddN",
         _mixed_slices(None)),
    Case("agg_mixed_slices_dense_tree", "IndexedSlices + dense terms with experimental_tree",
         _mixed_slices("experimental_tree")),
    Case("agg_all_slices", "p gets two IndexedSlices terms (int32 indices): concatenated", _all_slices(tf.int32)),
    Case("agg_all_slices_mixed_index_dtypes", "two IndexedSlices terms with int32 and int64 indices (Cast to int64)",
         _all_slices(tf.int64)),
]
