"""TensorFlow's gradient construction alone: import the GraphDef into a fresh graph, then time only
the tf.compat.v1.gradients(ys, xs) call, after one warm-up call on a tiny graph (TF's lazy set-up). Repeats in one
process (a fresh graph each time); stops early once the elapsed gradients time passes --budget seconds.
Prints one JSON object.

    tf_gradients.py GRAPH.pb SPEC.json [--repeats 3] [--budget 120]
"""
import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
import tensorflow as tf  # noqa: E402

tf.get_logger().setLevel("ERROR")
tf.compat.v1.disable_eager_execution()


def tensor(graph, name):
    return graph.get_tensor_by_name(name if ":" in name else name + ":0")


def warm_up():
    """One gradients call on a tiny graph first, so TF's one-time lazy set-up is not timed."""
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        tf.compat.v1.gradients(tf.reduce_sum(tf.tanh(x) * x), [x])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph")
    parser.add_argument("spec")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=120)
    args = parser.parse_args()
    spec = json.load(open(args.spec))
    with open(args.graph, "rb") as f:
        graph_def = tf.compat.v1.GraphDef.FromString(f.read())
    warm_up()
    result = {"import_s": [], "gradients_s": [], "gradients_cpu_s": [], "added": None, "error": None}
    for _ in range(args.repeats):
        graph = tf.Graph()
        with graph.as_default():
            start = time.perf_counter()
            tf.compat.v1.import_graph_def(graph_def, name="")
            result["import_s"].append(time.perf_counter() - start)
            ys = [tensor(graph, y) for y in spec["ys"]]
            xs = [tensor(graph, x) for x in spec["xs"]]
            before = len(graph.get_operations())
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                tf.compat.v1.gradients(ys, xs)
            except Exception as e:  # TF's own failure is a result to report, not a crash
                result["error"] = f"{type(e).__name__}: {e}"
                break
            result["gradients_s"].append(time.perf_counter() - start)
            result["gradients_cpu_s"].append(time.process_time() - cpu_start)
            result["added"] = len(graph.get_operations()) - before
        if sum(result["gradients_s"]) > args.budget:
            break
    print(json.dumps(result))


if __name__ == "__main__":
    main()
