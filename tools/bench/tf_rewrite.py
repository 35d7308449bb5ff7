"""What a user writes to get tf.gradients' graph from a GraphDef file: the end-to-end baseline.

    tf_rewrite.py IN.pb --ys a,b --xs c,d -o OUT.pb

Imports TF, reads and parses IN, imports it into a fresh graph, calls tf.compat.v1.gradients,
prints 'x -> gradient' per x, and writes the resulting GraphDef to OUT (the work graphgrad rewrite
does). --xs may be @FILE (one name per line) for very long lists.
"""
import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

tf.compat.v1.disable_eager_execution()


def names(value):
    if value.startswith("@"):
        return open(value[1:]).read().split()
    return value.split(",")


def tensor(graph, name):
    return graph.get_tensor_by_name(name if ":" in name else name + ":0")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("--ys", required=True)
    parser.add_argument("--xs", required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.input, "rb") as f:
        graph_def = tf.compat.v1.GraphDef.FromString(f.read())
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
        xs = names(args.xs)
        grads = tf.compat.v1.gradients([tensor(graph, y) for y in names(args.ys)], [tensor(graph, x) for x in xs])
    with open(args.output, "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())
    print("\n".join(f"{x} -> {g.name if g is not None else None}" for x, g in zip(xs, grads)))


if __name__ == "__main__":
    main()
