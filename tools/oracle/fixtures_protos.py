"""Reference GraphDefs that need hand-edited protos: every AttrValue kind, debug info, unknown fields.

TF ops produce most attr kinds; the ones no op produces (list(b), list(tensor), list(func)
outside Case, FunctionDef placeholders) are added by hand as underscore attrs, which TF's
importer accepts on any node.
"""
import numpy as np
from google.protobuf import text_format
from tensorflow.core.framework import attr_value_pb2, function_pb2, graph_pb2

from .fixtures_graphs import _in_graph
from .tfenv import tf, v1

raw = tf.raw_ops


def _const_tensors():
    """Consts covering the TensorProto encodings: *_val scalars, tensor_content, splats, strings."""
    values = {
        "f32_scalar": np.float32(1.5), "f32_content": np.arange(4, dtype=np.float32).reshape(2, 2),
        "f16_scalar": np.float16(0.5), "f16_content": np.array([1, 2, 3], np.float16),
        "f64_scalar": np.float64(2.25), "f64_content": np.array([1.0, -2.0], np.float64),
        "i32_scalar": np.int32(-7), "i64_scalar": np.int64(1 << 40), "i64_content": np.array([1, 2, 3], np.int64),
        "bool_scalar": np.bool_(True), "bool_content": np.array([True, False, True]),
        "c64_scalar": np.complex64(1 + 2j), "c64_content": np.array([1 + 1j, 2 - 1j], np.complex64),
        "c128_scalar": np.complex128(3 - 4j), "u8_content": np.array([0, 255], np.uint8),
        "str_scalar": b"hello", "str_vector": np.array([b"a", b"", b"\xff\x00bytes"], object),
        "empty_f32": np.zeros([0, 3], np.float32),
    }
    for name, value in values.items():
        tf.constant(value, name=f"const_{name}")
    tf.constant(1.0, shape=[2, 3], name="const_f32_splat")
    tf.constant(np.float16(1.0), shape=[4], name="const_f16_splat")


def _op_attrs():
    """Ops whose attrs are s, i, f, b, type, shape and lists of those (incl. empty lists)."""
    v1.placeholder(tf.float32, None, name="ph_unknown_rank")
    part = v1.placeholder(tf.float32, [None, 3], name="ph_unknown_dim")
    v1.placeholder(tf.float32, [], name="ph_scalar")
    img = v1.placeholder(tf.float32, [1, 4, 4, 1], name="ph_image")
    raw.StringJoin(inputs=[tf.constant("a", name="sa"), tf.constant("b", name="sb")], separator="-", name="s_attr")
    raw.LeakyRelu(features=part, alpha=0.25, name="f_attr")
    raw.MatMul(a=part, b=part, transpose_b=True, name="b_attr")
    raw.Pack(values=[part, part], axis=-1, name="i_attr")
    raw.Cast(x=part, DstT=tf.float64, Truncate=True, name="type_attr")
    raw.Bucketize(input=part, boundaries=[-1.0, 0.0, 1.5], name="list_f_attr")
    raw.Conv2D(input=img, filter=tf.ones([2, 2, 1, 1], name="k"), strides=[1, 1, 1, 1], padding="VALID",
               name="list_i_and_empty_list_i")
    raw.IdentityN(input=[part, tf.constant([1], name="one")], name="list_type_attr")
    raw.FIFOQueueV2(component_types=[tf.float32, tf.int32], shapes=[[2], [None, 3]], capacity=4,
                    name="list_shape_attr")
    raw.FIFOQueueV2(component_types=[tf.string], shapes=[], capacity=1, name="empty_list_shape_attr")
    with v1.colocate_with(part.op):
        tf.identity(part, name="list_s_attr")


def _func_attrs():
    """func attrs (PartitionedCall f, If branches) and list(func) (Case branches)."""
    @tf.function
    def double(t):
        return t * 2.0

    x = v1.placeholder(tf.float32, [2], name="fx")
    double(x)
    pred = v1.placeholder(tf.bool, [], name="pred")
    tf.cond(pred, lambda: x + 1.0, lambda: x - 1.0, name="if_op")
    idx = v1.placeholder(tf.int32, [], name="branch_index")
    tf.switch_case(idx, [lambda: x * 3.0, lambda: x * 4.0], name="case_op")


_POLY_IDENTITY = """
signature {
  name: "PolyIdentity"
  input_arg { name: "x" type_attr: "T" }
  output_arg { name: "y" type_attr: "T" }
  attr { name: "T" type: "type" }
}
node_def {
  name: "id"
  op: "Identity"
  input: "x"
  attr { key: "T" value { placeholder: "T" } }
}
ret { key: "y" value: "id:output:0" }
"""


def _hand_attrs(graph_def):
    """Adds the attr kinds no TF op emits here, and a FunctionDef with an attr placeholder."""
    graph_def.library.function.add().CopyFrom(text_format.Parse(_POLY_IDENTITY, function_pb2.FunctionDef()))
    call = graph_def.node.add(name="func_with_attrs", op="PartitionedCall", input=["fx"])
    call.attr["Tin"].list.type.append(tf.float32.as_datatype_enum)
    call.attr["Tout"].list.type.append(tf.float32.as_datatype_enum)
    call.attr["f"].func.name = "PolyIdentity"
    call.attr["f"].func.attr["T"].type = tf.float32.as_datatype_enum
    node = graph_def.node.add(name="hand_attrs", op="NoOp")
    node.attr["_list_b"].list.b.extend([True, False])
    node.attr["_list_tensor"].list.tensor.extend(
        [tf.make_tensor_proto(np.float32(1.0)), tf.make_tensor_proto(np.array([1, 2], np.int32))])
    node.attr["_list_func"].list.func.add(name="PolyIdentity").attr["T"].type = tf.int32.as_datatype_enum
    node.attr["_empty_list"].list.SetInParent()
    node.attr["_placeholder"].placeholder = "T"
    node.attr["_shape_unknown_rank"].shape.unknown_rank = True


def all_attr_kinds():
    graph_def = _in_graph(lambda: (_const_tensors(), _op_attrs(), _func_attrs()))
    _hand_attrs(graph_def)
    return graph_def


def debug_info():
    """NodeDef experimental_debug_info / experimental_type and GraphDef.debug_info, set by hand."""
    def build():
        x = v1.placeholder(tf.float32, [2], name="x")
        tf.tanh(x, name="y")
    graph_def = _in_graph(build)
    node = next(n for n in graph_def.node if n.name == "y")
    node.experimental_debug_info.original_node_names.extend(["model/dense/Tanh", "fused/y"])
    node.experimental_debug_info.original_func_names.extend(["__inference_call_42"])
    text_format.Parse('type_id: TFT_PRODUCT args { type_id: TFT_TENSOR args { type_id: TFT_FLOAT } }',
                      node.experimental_type)
    info = graph_def.debug_info
    info.files.extend(["model.py", "layers.py"])
    info.traces["y"].file_line_cols.add(file_index=0, line=12, col=4, func="build", code="tf.tanh(x)")
    info.frames_by_id[7].CopyFrom(info.traces["y"].file_line_cols[0])
    info.traces_by_id[3].frame_id.append(7)
    info.name_to_trace_id["y"] = 3
    return graph_def


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _unknown_bytes(tag_base):
    """Two fields outside TF's schema: <tag_base> as varint 42, <tag_base+1> as 3 bytes."""
    return (_varint(tag_base << 3 | 0) + _varint(42)
            + _varint((tag_base + 1) << 3 | 2) + _varint(3) + b"xyz")


def unknown_fields():
    """Returns serialized bytes with unknown fields 999/1000 at the top level, in a NodeDef and
    in an AttrValue. Protobuf keeps unknown fields through parse/serialize, so they survive."""
    def build():
        x = v1.placeholder(tf.float32, [2], name="x")
        tf.tanh(x, name="y")
    graph_def = _in_graph(build)
    node = next(n for n in graph_def.node if n.name == "y")
    attr = attr_value_pb2.AttrValue()
    attr.ParseFromString(node.attr["T"].SerializeToString() + _unknown_bytes(999))
    node.attr["T"].CopyFrom(attr)
    node.ParseFromString(node.SerializeToString() + _unknown_bytes(999))
    data = graph_def.SerializeToString(deterministic=True) + _unknown_bytes(999)
    for needle in (_unknown_bytes(999),):
        assert data.count(needle) == 3, "unknown fields must appear in GraphDef, NodeDef and AttrValue"
    graph_pb2.GraphDef().ParseFromString(data)  # still a valid GraphDef for protobuf
    return data


# Attr-polymorphic functions that TF's C++ runtime accepts but Python's import_graph_def cannot load.
PYTHON_UNIMPORTABLE_FUNCTIONS = {"PolyIdentity"}

PROTO_GRAPHS = {"all_attr_kinds": all_attr_kinds, "debug_info": debug_info}
