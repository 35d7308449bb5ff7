"""Runs a GraphDef in TensorFlow and saves fetched tensor values to an .npz.

Usage: tools/.venv-tf/bin/python tools/tf_values.py GRAPH.pb FEEDS.npz --fetch t1,t2 -o OUT.npz

FEEDS.npz keys: "x:0" feeds a placeholder; a bare op name ("w") assigns that variable
(VariableV2 via assign on its ref tensor, VarHandleOp via AssignVariableOp) before fetching.
OUT.npz is keyed by the fetched tensor names.
"""
import argparse
import sys

from oracle.tfenv import tf  # first: sets TF's environment before anything imports TensorFlow
from oracle.files import load_npz, save_npz
from oracle.runner import RunError, run_graph_def


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n".join(__doc__.splitlines()[2:]))
    p.add_argument("graph", help="binary GraphDef (.pb)")
    p.add_argument("feeds", help=".npz of placeholder feeds and variable values")
    p.add_argument("--fetch", required=True, help="comma-separated tensor names, e.g. y:0,grad/AddN:0")
    p.add_argument("-o", "--output", required=True, help="output .npz")
    p.add_argument("--keep-devices", action="store_true",
                   help="keep node devices (default: cleared, values do not depend on them)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    fetch = [name.strip() for name in args.fetch.split(",") if name.strip()]
    try:
        graph_def = tf.compat.v1.GraphDef()
        with open(args.graph, "rb") as f:
            graph_def.ParseFromString(f.read())
        values = run_graph_def(graph_def, load_npz(args.feeds), fetch, args.keep_devices)
    except (RunError, OSError) as e:
        print(f"tf_values: error: {e}", file=sys.stderr)
        return 2
    except tf.errors.OpError as e:  # e.g. a placeholder on the fetch path that FEEDS.npz lacks
        print(f"tf_values: TensorFlow error: {e.message}", file=sys.stderr)
        return 1
    save_npz(args.output, values)
    return 0


if __name__ == "__main__":
    sys.exit(main())
