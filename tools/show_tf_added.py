"""Prints the nodes TensorFlow added in a gradient case: name, op, inputs, and non-T attrs.

Usage: tools/.venv-tf/bin/python tools/show_tf_added.py CASE [CASE...]
A development aid for writing gradient rules; reads testdata/gradients/<case>/.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from tensorflow.core.framework import graph_pb2  # noqa: E402


def load(path):
    graph = graph_pb2.GraphDef()
    with open(path, "rb") as f:
        graph.ParseFromString(f.read())
    return graph


def brief(value):
    kind = value.WhichOneof("value")
    if kind == "tensor":
        t = value.tensor
        dims = [d.size for d in t.tensor_shape.dim]
        vals = list(t.float_val) or list(t.int_val) or list(t.double_val) or list(t.int64_val)
        return f"tensor{dims}{vals if vals else ('<content>' if t.tensor_content else '')}"
    if kind == "list":
        return str([s.decode() for s in value.list.s] or list(value.list.i))
    if kind == "type":
        return str(value.type)
    return str(getattr(value, kind)).strip()


def show(case):
    base = os.path.join("testdata", "gradients", case)
    forward = {n.name for n in load(os.path.join(base, "forward.pb")).node}
    for node in load(os.path.join(base, "tf_rewritten.pb")).node:
        if node.name in forward:
            continue
        attrs = {k: brief(v) for k, v in sorted(node.attr.items()) if k not in ("T", "dtype")}
        device = f" @{node.device}" if node.device else ""
        print(f"  {node.name:50s} {node.op:14s} {list(node.input)}{device} {attrs}")


for case in sys.argv[1:]:
    print(f"== {case}")
    show(case)
