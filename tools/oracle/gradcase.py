"""Records one gradient oracle case: forward.pb, tf_rewritten.pb, spec.json, feeds.npz, tf_grads.npz.

A case is a function that builds a forward graph with a Builder (which also collects the
feeds) and returns a Call describing the tf.compat.v1.gradients invocation. The call is made
in the same program that built the graph, as tf-oracle.md requires.
"""
import dataclasses
import os
import zlib
from typing import Callable

import numpy as np

from .files import save_json, save_npz, save_proto
from .runner import run_graph_def
from .tfenv import tf, v1

_AGGREGATION = {
    None: None,
    "add_n": tf.AggregationMethod.ADD_N,
    "experimental_tree": tf.AggregationMethod.EXPERIMENTAL_TREE,
    "experimental_accumulate_n": tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N,
}


@dataclasses.dataclass
class Call:
    """Arguments of the gradients call; name=None means TF's default ("gradients")."""
    ys: list
    xs: list
    grad_ys: list = None
    name: str = None
    colocate_gradients_with_ops: bool = False
    gate_gradients: bool = False
    aggregation_method: str = None
    stop_gradients: list = dataclasses.field(default_factory=list)
    run_values: bool = True  # False when TF cannot run the rewritten graph here; say why in the description
    # Differentiate a fresh import (name="") of forward.pb instead of the building graph. Only for
    # behaviour the spec defines on imported graphs (v1 while loops lose their context, §11.2).
    reimport: bool = False


@dataclasses.dataclass
class Case:
    name: str
    description: str
    build: Callable  # (Builder) -> Call


class Builder:
    """Creates placeholders and variables and remembers the values to feed them."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.feeds = {}

    def values(self, shape, dtype=np.float32, domain="any"):
        """Seeded values in an op's valid domain.

        any: |v| in [0.25, 2] with random sign, away from the kinks of Abs/Relu at 0.
        pos: [0.5, 2], for Log/Sqrt/Rsqrt/Pow bases.
        int:N: integers in [0, N), for labels and indices.
        """
        dtype = np.dtype(dtype)
        if domain.startswith("int:"):
            return self.rng.integers(0, int(domain[4:]), size=shape).astype(dtype)
        if domain == "pos":
            v = self.rng.uniform(0.5, 2.0, size=shape)
        elif domain == "any":
            v = self.rng.uniform(0.25, 2.0, size=shape) * self.rng.choice([-1.0, 1.0], size=shape)
        elif domain == "unit":  # inside (-1, 1), away from the ends: asin, acos, atanh
            v = self.rng.uniform(0.1, 0.8, size=shape) * self.rng.choice([-1.0, 1.0], size=shape)
        elif domain == "above_one":  # acosh
            v = self.rng.uniform(1.2, 3.0, size=shape)
        else:
            raise ValueError(f"unknown domain {domain}")
        if dtype.kind == "c":
            v = v + 1j * self.rng.uniform(0.25, 2.0, size=shape)
        return np.asarray(v).astype(dtype)

    def ph(self, name, shape, dtype=tf.float32, domain="any", feed_shape=None, value=None):
        """A placeholder; unknown dims (None) are fed with size 2 unless feed_shape says otherwise."""
        t = v1.placeholder(dtype, shape=shape, name=name)
        if value is None:
            if feed_shape is None:
                feed_shape = [2 if d is None else d for d in (shape or [])]
            value = self.values(feed_shape, dtype.as_numpy_dtype, domain)
        self.feeds[t.name] = np.asarray(value, dtype=dtype.as_numpy_dtype)
        return t

    def ref_var(self, name, shape, domain="any", value=None):
        """A VariableV2 with w/read and an Assign initializer."""
        value = self.values(shape, domain=domain) if value is None else np.asarray(value, np.float32)
        var = v1.Variable(value, name=name, use_resource=False)
        self.feeds[var.op.name] = value
        return var

    def res_var(self, name, shape, domain="any", value=None):
        """A resource variable (VarHandleOp, read through ReadVariableOp)."""
        value = self.values(shape, domain=domain) if value is None else np.asarray(value, np.float32)
        var = v1.Variable(value, name=name, use_resource=True)
        self.feeds[var.op.name] = value
        return var


def _name(t):
    return None if t is None else t.name


def _result_entry(x, g):
    if g is None:
        return {"x": x, "gradient": None}
    if isinstance(g, tf.IndexedSlices):
        return {"x": x, "indexed_slices": {"values": _name(g.values), "indices": _name(g.indices),
                                           "dense_shape": _name(g.dense_shape)}}
    return {"x": x, "gradient": g.name}


def _spec(case, call, xs_names, results, error):
    return {
        "description": case.description,
        "ys": [t.name for t in call.ys],
        "xs": xs_names,
        "grad_ys": None if call.grad_ys is None else [_name(t) for t in call.grad_ys],
        "name": call.name,
        "colocate_gradients_with_ops": call.colocate_gradients_with_ops,
        "gate_gradients": call.gate_gradients,
        "aggregation_method": call.aggregation_method,
        "stop_gradients": [t.name for t in call.stop_gradients],
        "results": results,
        "error": error,
    }


def _densify(values, indices, dense_shape):
    dense = np.zeros(dense_shape, dtype=values.dtype)
    np.add.at(dense, indices, values)
    return dense


def _tf_values(rewritten, feeds, call, xs_names, grads):
    """TF's values of the ys and gradients, by running the rewritten graph on the feeds."""
    fetch = [t.name for t in call.ys]
    for g in grads:
        if isinstance(g, tf.IndexedSlices):
            fetch += [g.values.name, g.indices.name, g.dense_shape.name]
        elif g is not None:
            fetch.append(g.name)
    fetch = list(dict.fromkeys(fetch))
    got = run_graph_def(rewritten, feeds, fetch)
    out = {t.name: got[t.name] for t in call.ys}
    for x, g in zip(xs_names, grads):
        if isinstance(g, tf.IndexedSlices):
            out["grad:" + x] = _densify(got[g.values.name], got[g.indices.name], got[g.dense_shape.name])
        elif g is not None:
            out["grad:" + x] = got[g.name]
    return out


def _call_gradients(call):
    kwargs = dict(grad_ys=call.grad_ys,
                  colocate_gradients_with_ops=call.colocate_gradients_with_ops,
                  gate_gradients=call.gate_gradients,
                  aggregation_method=_AGGREGATION[call.aggregation_method],
                  stop_gradients=call.stop_gradients or None)
    if call.name is not None:
        kwargs["name"] = call.name
    return v1.gradients(call.ys, call.xs, **kwargs)


def _reimported(call, forward):
    """The same call, resolved by tensor name in a new graph that imported forward.pb."""
    graph = tf.Graph()
    with graph.as_default():
        v1.import_graph_def(forward, name="")

    def get(ts):
        return None if ts is None else [None if t is None else graph.get_tensor_by_name(t.name) for t in ts]
    return graph, dataclasses.replace(call, ys=get(call.ys), xs=get(call.xs), grad_ys=get(call.grad_ys),
                                      stop_gradients=get(call.stop_gradients))


def record(case, out_root):
    """Builds, differentiates and writes one case folder; returns the spec dict."""
    out = os.path.join(out_root, case.name)
    os.makedirs(out)
    builder = Builder(seed=zlib.crc32(case.name.encode()))
    # TF's default; a builder that needs v1 loops disables it, and it stays off through the
    # gradients call so the gradient loop is built the v1 way too.
    v1.enable_control_flow_v2()
    graph = tf.Graph()
    with graph.as_default():
        call = case.build(builder)
        xs_names = [x.name for x in call.xs]
        forward = graph.as_graph_def()
    if call.reimport:
        graph, call = _reimported(call, forward)
    with graph.as_default():
        try:
            grads = _call_gradients(call)
            error = None
        except Exception as e:  # the oracle's error is part of the golden
            grads, error = None, {"type": type(e).__name__, "message": str(e)}
        rewritten = graph.as_graph_def()
    v1.enable_control_flow_v2()
    save_proto(os.path.join(out, "forward.pb"), forward)
    save_npz(os.path.join(out, "feeds.npz"), builder.feeds)
    results = None
    if error is None:
        save_proto(os.path.join(out, "tf_rewritten.pb"), rewritten)
        results = [_result_entry(x, g) for x, g in zip(xs_names, grads)]
        if call.run_values:
            values = _tf_values(rewritten, builder.feeds, call, xs_names, grads)
            save_npz(os.path.join(out, "tf_grads.npz"), values)
    spec = _spec(case, call, xs_names, results, error)
    save_json(os.path.join(out, "spec.json"), spec)
    return spec
