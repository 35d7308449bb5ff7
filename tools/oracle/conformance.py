"""Runs our rewritten graphs in TensorFlow and compares gradient values with TF's.

For each case with tf_grads.npz: `graphgrad rewrite forward.pb ... --json`, import the
result into TF, feed feeds.npz, fetch the ys and our gradient tensors (IndexedSlices
densified), and compare with TF's values using |a - b| <= max(atol, rtol * max(|a|, |b|)).
"""
import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from .runner import RunError, run_graph_def
from tensorflow.core.framework import graph_pb2

CASES = os.path.join("testdata", "gradients")
TOLERANCE = {np.dtype("float32"): (1e-4, 1e-5), np.dtype("float64"): (1e-9, 1e-12)}


def rewrite_args(spec):
    args = ["--ys", ",".join(spec["ys"]), "--xs", ",".join(spec["xs"])]
    if spec.get("grad_ys") is not None:
        args += ["--grad-ys", ",".join(g if g is not None else "None" for g in spec["grad_ys"])]
    if spec.get("name") is not None:
        args += ["--name", spec["name"]]
    if spec.get("colocate_gradients_with_ops"):
        args.append("--colocate-gradients-with-ops")
    if spec.get("gate_gradients"):
        args.append("--gate-gradients")
    if spec.get("aggregation_method"):
        args += ["--aggregation-method", spec["aggregation_method"]]
    if spec.get("stop_gradients"):
        args += ["--stop-gradients", ",".join(spec["stop_gradients"])]
    return args


def close(ours, theirs):
    if ours.shape != theirs.shape:
        return False, f"shape {ours.shape} vs TF {theirs.shape}"
    rtol, atol = TOLERANCE.get(theirs.dtype, (1e-4, 1e-5))
    a, b = ours.astype(np.float64), theirs.astype(np.float64)
    bound = np.maximum(atol, rtol * np.maximum(np.abs(a), np.abs(b)))
    err = np.abs(a - b)
    if np.all(err <= bound):
        return True, ""
    worst = np.unravel_index(np.argmax(err - bound), err.shape) if err.shape else ()
    return False, f"max error {err.max():.3g} at {worst}"


def check_case(binary, name, workdir):
    base = os.path.join(CASES, name)
    spec = json.load(open(os.path.join(base, "spec.json")))
    expected = dict(np.load(os.path.join(base, "tf_grads.npz")))
    feeds = dict(np.load(os.path.join(base, "feeds.npz")))
    out = os.path.join(workdir, name + ".pb")
    run = subprocess.run([binary, "rewrite", os.path.join(base, "forward.pb"), *rewrite_args(spec), "-o", out, "--json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return False, "rewrite failed: " + run.stderr.strip()
    results = json.loads(run.stdout)["gradients"]
    fetches, plan = list(spec["ys"]), []
    for r in results:
        key = "grad:" + r["x"]
        if key not in expected:
            continue
        if r.get("indexed_slices"):
            s = r["indexed_slices"]
            plan.append((key, [s["values"], s["indices"], s["dense_shape"]]))
            fetches += [s["values"], s["indices"], s["dense_shape"]]
        elif r.get("gradient"):
            plan.append((key, [r["gradient"]]))
            fetches.append(r["gradient"])
        else:
            return False, f"{r['x']}: ours is None, TF has a gradient"
    graph = graph_pb2.GraphDef()
    graph.ParseFromString(open(out, "rb").read())
    try:
        values = run_graph_def(graph, feeds, sorted(set(fetches)))
    except (RunError, Exception) as e:  # TF's own errors say what it could not run
        return False, f"TF could not run our graph: {str(e).splitlines()[0]}"
    problems = []
    for y in spec["ys"]:
        if y in expected:
            ok, why = close(values[y], expected[y])
            if not ok:
                problems.append(f"{y}: {why}")
    for key, names in plan:
        if len(names) == 3:
            rows, indices, shape = (values[n] for n in names)
            dense = np.zeros(shape, dtype=rows.dtype)
            np.add.at(dense, indices, rows)
            ours = dense
        else:
            ours = values[names[0]]
        ok, why = close(ours, expected[key])
        if not ok:
            problems.append(f"{key}: {why}")
    return not problems, "; ".join(problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, help="the graphgrad executable")
    parser.add_argument("--only", default="*", help="glob of case names")
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(CASES)
                   if fnmatch.fnmatch(n, args.only) and os.path.exists(os.path.join(CASES, n, "tf_grads.npz")))
    passed, failures = 0, []
    with tempfile.TemporaryDirectory() as workdir:
        for name in names:
            ok, why = check_case(args.binary, name, workdir)
            if ok:
                passed += 1
            else:
                failures.append((name, why))
                print(f"FAIL {name}: {why}", flush=True)
    print(f"{passed}/{len(names)} cases: TF ran our rewritten graph and matched tf.gradients values")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
