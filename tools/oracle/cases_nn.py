"""Gradient cases for NN ops, variables, and the spec's §14 worked example."""
import numpy as np

from .gradcase import Call, Case
from .tfenv import tf, v1

raw = tf.raw_ops


def _softmax_xent(b):
    logits = b.ph("logits", [2, 3])
    p = b.rng.uniform(0.1, 1.0, size=(2, 3)).astype(np.float32)
    labels = b.ph("labels", [2, 3], value=p / p.sum(axis=1, keepdims=True))
    xent = raw.SoftmaxCrossEntropyWithLogits(features=logits, labels=labels, name="xent")
    return Call(ys=[xent[0]], xs=[logits, labels])


def _sparse_softmax_xent(b):
    logits = b.ph("logits", [2, 3])
    labels = b.ph("labels", [2], tf.int32, domain="int:3")
    xent = raw.SparseSoftmaxCrossEntropyWithLogits(features=logits, labels=labels, name="xent")
    return Call(ys=[xent[0]], xs=[logits, labels])


def _conv2d(padding):
    def build(b):
        x = b.ph("x", [1, 4, 4, 2])
        f = b.ph("filter", [2, 2, 2, 3])
        y = raw.Conv2D(input=x, filter=f, strides=[1, 1, 1, 1], padding=padding, name="y")
        return Call(ys=[y], xs=[x, f])
    return build


def _pool(op, input_arg):
    def build(b):
        x = b.ph("x", [1, 4, 4, 2])
        return Call(ys=[op(**{input_arg: x}, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", name="y")], xs=[x])
    return build


def _fused_batch_norm(b):
    x = b.ph("x", [2, 2, 2, 3])
    scale, offset = b.ph("scale", [3], domain="pos"), b.ph("offset", [3])
    empty = tf.constant([], dtype=tf.float32, name="empty")
    bn = raw.FusedBatchNormV3(x=x, scale=scale, offset=offset, mean=empty, variance=empty,
                              is_training=True, name="bn")
    return Call(ys=[bn[0]], xs=[x, scale, offset])


def _ref_variable(with_read_tensor):
    def build(b):
        x = b.ph("x", [2, 3])
        w = b.ref_var("w", [3, 2])
        read = tf.compat.v1.get_default_graph().get_tensor_by_name("w/read:0")
        y = raw.MatMul(a=x, b=read, name="y")
        return Call(ys=[y], xs=[w, read] if with_read_tensor else [w])
    return build


def _resource_variable(b):
    x = b.ph("x", [2, 3])
    v = b.res_var("v", [3, 2])
    y1 = raw.MatMul(a=x, b=raw.ReadVariableOp(resource=v.handle, dtype=tf.float32, name="read1"), name="y1")
    y2 = raw.Tanh(x=raw.ReadVariableOp(resource=v.handle, dtype=tf.float32, name="read2"), name="y2")
    y = raw.AddV2(x=raw.Sum(input=y1, axis=tf.constant([0, 1], name="axes1"), name="s1"),
                  y=raw.Sum(input=y2, axis=tf.constant([0, 1], name="axes2"), name="s2"), name="y")
    return Call(ys=[y], xs=[v])


def _resource_gather(b):
    v = b.res_var("emb", [4, 3])
    ids = tf.constant([3, 0, 3], name="ids")
    looked_up = tf.nn.embedding_lookup(v, ids, name="lookup")
    return Call(ys=[raw.Tanh(x=looked_up, name="y")], xs=[v])


def _ref_gather(b):
    w = b.ref_var("emb", [4, 3])
    read = tf.compat.v1.get_default_graph().get_tensor_by_name("emb/read:0")
    g = raw.GatherV2(params=read, indices=tf.constant([1, 1, 2], name="ids"), axis=tf.constant(0, name="axis"),
                     name="gather")
    return Call(ys=[raw.Tanh(x=g, name="y")], xs=[w])


def build_spec_mlp(b):
    """The spec's §14 network, node for node: MLP with ref variables and a sparse xent mean loss."""
    x = b.ph("x", [None, 4], feed_shape=[2, 4])
    labels = b.ph("labels", [None], tf.int32, domain="int:3", feed_shape=[2])
    w1, b1, w2 = b.ref_var("W1", [4, 8]), b.ref_var("b1", [8]), b.ref_var("W2", [8, 3])
    graph = tf.compat.v1.get_default_graph()
    read = {n: graph.get_tensor_by_name(f"{n}/read:0") for n in ("W1", "b1", "W2")}
    with tf.name_scope("layer1"):
        mm = raw.MatMul(a=x, b=read["W1"], name="mm")
        ba = raw.BiasAdd(value=mm, bias=read["b1"], name="ba")
        relu = raw.Relu(features=ba, name="relu")
    logits = raw.MatMul(a=relu, b=read["W2"], name="logits")
    xent = raw.SparseSoftmaxCrossEntropyWithLogits(features=logits, labels=labels, name="xent")
    loss = raw.Mean(input=xent[0], axis=tf.constant([0], name="Const"), name="loss")
    return loss, [w1, b1, w2]


def _spec_mlp(b):
    loss, variables = build_spec_mlp(b)
    return Call(ys=[loss], xs=variables)


def _fake_quant_args(b):
    x = b.ph("x", [2, 4], value=b.values([2, 4]) * 3.0)  # some entries beyond [-2, 2.5]
    return Call(ys=[raw.FakeQuantWithMinMaxArgs(inputs=x, min=-2.0, max=2.5, num_bits=8, name="y")], xs=[x],
                grad_ys=[b.ph("dy", [2, 4])])


def _fake_quant_vars(narrow_range):
    def build(b):
        x = b.ph("x", [2, 4], value=b.values([2, 4]) * 3.0)
        lo, hi = b.ph("lo", [], value=-2.0), b.ph("hi", [], value=2.5)
        y = raw.FakeQuantWithMinMaxVars(inputs=x, min=lo, max=hi, num_bits=6, narrow_range=narrow_range, name="y")
        return Call(ys=[y], xs=[x, lo, hi], grad_ys=[b.ph("dy", [2, 4])])
    return build


def _top_k(shape, k):
    def build(b):
        x = b.ph("x", shape)  # distinct values, so the top k never ties
        values, _ = raw.TopKV2(input=x, k=tf.constant(k, name="k"), name="y")
        return Call(ys=[values], xs=[x], grad_ys=[b.ph("dy", shape[:-1] + [k])])
    return build


CASES = [
    Case("op_fake_quant_args", "FakeQuantWithMinMaxArgs x[2,4] in [-2, 2.5], 8 bits (straight-through gradient)",
         _fake_quant_args),
    Case("op_fake_quant_vars", "FakeQuantWithMinMaxVars x[2,4], min/max placeholders, 6 bits", _fake_quant_vars(False)),
    Case("op_fake_quant_vars_narrow", "FakeQuantWithMinMaxVars x[2,4], 6 bits, narrow range", _fake_quant_vars(True)),
    Case("op_top_k", "TopKV2 x[2,5], k = 3: the values' gradient scattered back to the chosen entries",
         _top_k([2, 5], 3)),
    Case("op_top_k_3d", "TopKV2 x[2,2,4], k = 2", _top_k([2, 2, 4], 2)),
    Case("op_softmax_xent", "SoftmaxCrossEntropyWithLogits logits[2,3], labels[2,3]; y = loss output",
         _softmax_xent),
    Case("op_sparse_softmax_xent", "SparseSoftmaxCrossEntropyWithLogits logits[2,3], int32 labels[2]",
         _sparse_softmax_xent),
    Case("op_conv2d_same", "Conv2D x[1,4,4,2] filter[2,2,2,3] SAME", _conv2d("SAME")),
    Case("op_conv2d_valid", "Conv2D x[1,4,4,2] filter[2,2,2,3] VALID", _conv2d("VALID")),
    Case("op_max_pool", "MaxPool x[1,4,4,2] 2x2 stride 2 VALID", _pool(raw.MaxPool, "input")),
    Case("op_avg_pool", "AvgPool x[1,4,4,2] 2x2 stride 2 VALID", _pool(raw.AvgPool, "value")),
    Case("op_fused_batch_norm_v3", "FusedBatchNormV3 training, y = output 0 (other outputs zero-filled)",
         _fused_batch_norm),
    Case("var_ref", "VariableV2 w with w/read; y = MatMul(x, w/read); x = the variable (w:0)",
         _ref_variable(False)),
    Case("var_ref_and_read", "VariableV2 w; xs = [w:0, w/read:0] receive the same gradient",
         _ref_variable(True)),
    Case("var_resource", "VarHandleOp v read twice via ReadVariableOp; x = the handle v:0 (sum of both paths)",
         _resource_variable),
    Case("var_resource_gather", "embedding_lookup on a resource variable (ResourceGather, IndexedSlices)",
         _resource_gather),
    Case("var_ref_gather", "GatherV2 on a ref variable's read (IndexedSlices for emb:0)", _ref_gather),
    Case("spec_example_mlp", "The spec §14 worked example: MLP, ys=[loss], xs=[W1,b1,W2]", _spec_mlp),
]
