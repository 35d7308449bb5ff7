"""Runs a GraphDef in TensorFlow: feed placeholders, set variables, fetch tensors."""
import numpy as np

from .tfenv import tf, v1

_REF_VARIABLE_OPS = {"VariableV2", "Variable"}
_RESOURCE_VARIABLE_OPS = {"VarHandleOp"}


class RunError(Exception):
    """A feed or fetch that does not match the graph; the message names it."""


def _strip_devices(graph_def):
    # Values do not depend on placement, and the test machine has no GPUs or ps jobs.
    gd = type(graph_def)()
    gd.CopyFrom(graph_def)
    for node in gd.node:
        node.device = ""
    return gd


def _tensor(graph, name, role):
    try:
        return graph.get_tensor_by_name(name)
    except (KeyError, ValueError) as e:
        raise RunError(f"unknown {role} tensor '{name}': {e}") from None


def _variable_assign_ops(graph, variables):
    """One assign op per variable key (a variable's op name), chosen by the variable's kind."""
    ops = []
    for op_name, value in sorted(variables.items()):
        try:
            op = graph.get_operation_by_name(op_name)
        except KeyError:
            raise RunError(f"unknown variable '{op_name}' (no node with that name)") from None
        if op.type in _REF_VARIABLE_OPS:
            ops.append(v1.assign(op.outputs[0], value, name=f"tf_values_assign/{op_name}"))
        elif op.type in _RESOURCE_VARIABLE_OPS:
            ops.append(tf.raw_ops.AssignVariableOp(resource=op.outputs[0],
                                                    value=tf.constant(value),
                                                    name=f"tf_values_assign/{op_name}"))
        else:
            raise RunError(f"feed key '{op_name}' names a {op.type} node, not a variable "
                           "(placeholder keys need an output index, e.g. 'x:0')")
    return ops


def run_graph_def(graph_def, feeds, fetch_names, keep_devices=False):
    """Imports graph_def with name="" and returns {fetch name: numpy value}.

    feeds keys are tensor names ("x:0") for placeholders, or bare op names ("w") for
    variables, which are assigned before fetching.
    """
    if not keep_devices:
        graph_def = _strip_devices(graph_def)
    graph = tf.Graph()
    with graph.as_default():
        v1.import_graph_def(graph_def, name="")
        placeholders = {k: v for k, v in feeds.items() if ":" in k}
        variables = {k: v for k, v in feeds.items() if ":" not in k}
        feed_dict = {_tensor(graph, k, "feed"): v for k, v in placeholders.items()}
        fetches = [_tensor(graph, name, "fetch") for name in fetch_names]
        assigns = _variable_assign_ops(graph, variables)
    config = v1.ConfigProto(allow_soft_placement=True)
    with v1.Session(graph=graph, config=config) as sess:
        if assigns:
            sess.run(assigns)
        values = sess.run(fetches, feed_dict=feed_dict)
    return {name: np.asarray(v) for name, v in zip(fetch_names, values)}
