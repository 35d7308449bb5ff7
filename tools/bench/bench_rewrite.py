"""Gradient construction speed: `graphgrad rewrite` vs tf.compat.v1.gradients on the same GraphDefs.

Inputs, made once into bench-out/inputs/ (TensorFlow for the models; chains written directly):
  resnet-v1      TF1-style ResNet-50 v1 (Conv2D, FusedBatchNormV3, MaxPool, AvgPool), loss = mean
                 sparse softmax xent, xs = its 161 variables
  resnet-keras   Keras ResNet-50 called in graph mode, training=True, xs = its 214 variables
  mlp5000        5000 dense tanh layers of width 8, xs = its 10000 variables
  chain-N        h <- h + c * tanh(h), ~N nodes (1k, 10k, 100k, 1M), xs = the placeholder
Measured:
  (a) construction alone: TF imports the GraphDef into a fresh graph and times only the
      gradients call (in-process); graphgrad: the rewrite ms of `rewrite --timings`. Both import
      the graph first (TF: import_graph_def; graphgrad: edges, names and shape inference), shown
      next to it, with the ratio of import + gradients as well.
  (b) end to end as a user runs it: the whole `python tools/bench/tf_rewrite.py` process (import TF,
      read, import graph, gradients, write) vs the whole `graphgrad rewrite` process.
Per input the tools take turns (graphgrad, TF's gradients() process, then TF end to end and
graphgrad alternately), so a slow spell of a shared VM falls on both rather than on one.
TF is skipped for chains above --tf-max-nodes (default 100k): its time is extrapolated from the
largest measured chain at its per-node cost, and marked as such. A case whose graphgrad rewrite
fails is reported with graphgrad's error and no TF timing (rerun once the missing rule lands).
Prints markdown tables and writes them to bench-out/bench-rewrite.md.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (OUT, PY, BENCH, TF_ENV, emit, fmt_ms, fmt_ratio, graphgrad_binary, log, machine_note,  # noqa: E402
                    median, parse_timings, python_json, run, table)
import json  # noqa: E402

INPUTS = os.path.join(OUT, "inputs")
MODELS = {"resnet-v1": ["resnet-v1"], "resnet-keras": ["resnet-keras"], "mlp5000": ["mlp", "--layers", "5000", "--width", "8"]}
CHAINS = {"chain-1k": 1_000, "chain-10k": 10_000, "chain-100k": 100_000, "chain-1m": 1_000_000}
ALL = list(MODELS) + list(CHAINS)


def ensure_input(case):
    path = os.path.join(INPUTS, case + ".pb")
    if not os.path.exists(path):
        log(f"making {os.path.relpath(path)} (once)...")
        args = MODELS[case] if case in MODELS else ["chain", "--nodes", str(CHAINS[case])]
        run([PY, os.path.join(BENCH, "make_inputs.py"), args[0], path, *args[1:]], env=TF_ENV).check(f"make_inputs {case}")
    return path, json.load(open(os.path.join(INPUTS, case + ".json")))


def ours_once(binary, path, spec, timeout):
    """One `graphgrad rewrite --timings` process: its phase times, wall and CPU time, peak RSS; or an error."""
    out = os.path.join(OUT, "rewrite-out.pb")
    try:
        r = run([binary, "rewrite", path, "--ys", ",".join(spec["ys"]), "--xs", ",".join(spec["xs"]), "-o", out,
                 "--timings"], timeout=timeout)
    except TimeoutError:
        return {"error": f"timed out: still running after {timeout:.0f} s (killed)"}
    if r.code != 0:
        return {"error": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"exit {r.code}"}
    return dict(parse_timings(r.stderr), wall=r.wall, cpu=r.cpu, rss=r.max_rss)


def summarize_ours(results):
    def ms(key):
        return median([x[key] for x in results]) / 1e3
    return {"cpu_s": median([x["cpu"] for x in results]), "wall_s": median([x["wall"] for x in results]),
            "read_s": ms("read_ms"), "import_s": ms("import_ms"), "rewrite_s": ms("rewrite_ms"), "write_s": ms("write_ms"),
            "rss": median([x["rss"] for x in results]), "added": results[0]["added"], "nodes": results[0]["nodes"],
            "runs": len(results)}


def tf_construction(path, runs, budget):
    """TF's import_graph_def and gradients() times: `runs` repeats in one process, after a warm-up call."""
    return python_json("tf_gradients.py", path, os.path.splitext(path)[0] + ".json", "--repeats", runs, "--budget", budget)


def tf_end_to_end_once(path, spec, xs_file):
    """One whole `tf_rewrite.py` process (import TF, read, import the graph, gradients, write): wall and CPU s."""
    r = run([PY, os.path.join(BENCH, "tf_rewrite.py"), path, "--ys", ",".join(spec["ys"]), "--xs", "@" + xs_file,
             "-o", os.path.join(OUT, "tf-rewrite-out.pb")], env=TF_ENV).check("tf_rewrite.py")
    return r.wall, r.cpu


def measure(binary, path, spec, args, run_tf):
    """Both tools on one input, alternated so that a slow spell of a shared machine falls on both
    rather than on one: graphgrad, TF's construction process (all its repeats), then TF end to
    end and graphgrad in turn. Returns graphgrad's summary (or error) and TF's (None if not run)."""
    first = ours_once(binary, path, spec, args.timeout)
    if "error" in first:
        return first, None
    mine = [first]
    construct = None
    if run_tf:
        construct = tf_construction(path, args.runs, args.tf_budget)
        if construct["error"]:
            return summarize_ours(mine), {"error": construct["error"]}
    walls, cpus = [], []
    xs_file = os.path.join(OUT, "tf-xs.txt")
    if run_tf:
        with open(xs_file, "w") as f:
            f.write("\n".join(spec["xs"]))
    for _ in range(args.runs):
        if run_tf and sum(walls) <= args.tf_budget:
            wall, cpu = tf_end_to_end_once(path, spec, xs_file)
            walls.append(wall)
            cpus.append(cpu)
        if len(mine) < args.runs:
            result = ours_once(binary, path, spec, args.timeout)
            if "error" in result:
                return result, None
            mine.append(result)
    if not construct:
        return summarize_ours(mine), None
    return summarize_ours(mine), {
        "gradients_s": median(construct["gradients_s"]), "import_s": median(construct["import_s"]),
        "added": construct["added"], "wall_s": median(walls), "cpu_s": median(cpus),
        "gradients_cpu_s": median(construct["gradients_cpu_s"]), "runs": len(construct["gradients_s"]), "wall_runs": len(walls)}


def us_per(seconds, nodes):
    return f"{seconds * 1e6 / nodes:.2f}" if nodes else "-"


def main():
    parser = argparse.ArgumentParser(prog="tools/bench-rewrite", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repeats per measurement; medians are reported (default 3)")
    parser.add_argument("--cases", default=",".join(ALL), help=f"comma-separated subset of: {', '.join(ALL)}")
    parser.add_argument("--bin", help="an existing graphgrad binary (default: build release in .build-bench; or set GRAPHGRAD_BIN)")
    parser.add_argument("--tf-max-nodes", type=int, default=150_000, help="largest graph TF is run on (default 150000)")
    parser.add_argument("--tf-budget", type=float, default=150, help="seconds of TF time per measurement after which "
                        "fewer repeats are taken (default 150)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds after which one graphgrad run is killed "
                        "and the case reported as timed out (default 600)")
    parser.add_argument("--name", default="bench-rewrite", help="output name: bench-out/<name>.md and .json "
                        "(default bench-rewrite)")
    parser.add_argument("--reuse-tf", metavar="JSON", help="take TF's numbers from an earlier run's bench-out/<name>.json "
                        "instead of rerunning TF (e.g. to re-time graphgrad alone after a fix); the output says so")
    args = parser.parse_args()
    reused = json.load(open(args.reuse_tf)) if args.reuse_tf else {}
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in ALL]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(ALL)}")
    binary = graphgrad_binary(args.bin)
    os.makedirs(INPUTS, exist_ok=True)

    results = {}
    for case in cases:
        path, spec = ensure_input(case)
        run_tf = case not in reused and spec["nodes"] <= args.tf_max_nodes
        log(f"{case}: {spec['nodes']} nodes, {len(spec['xs'])} xs; graphgrad x{args.runs}"
            + (f", alternated with TensorFlow x{args.runs}..." if run_tf else "..."))
        mine, theirs = measure(binary, path, spec, args, run_tf)
        if "error" in mine:
            log(f"  graphgrad failed: {mine['error']}")
            theirs = None
        elif case in reused and reused[case].get("tf"):
            theirs = reused[case]["tf"]
        results[case] = {"spec": spec, "ours": mine, "tf": theirs}
        with open(os.path.join(OUT, f"{args.name}.json"), "w") as f:
            json.dump(results, f, indent=1)

    # Extrapolated TF cost per added node for chains TF was not run on: the largest measured chain's.
    measured_chains = [c for c in CHAINS if c in results and results[c]["tf"] and "error" not in results[c]["tf"]]
    ref = results[measured_chains[-1]] if measured_chains else None

    construct_rows, e2e_rows, scaling_rows = [], [], []
    for case, r in results.items():
        spec, mine, theirs = r["spec"], r["ours"], r["tf"]
        label = f"{case} ({spec['nodes']:,} nodes)"
        if "error" in mine:
            construct_rows.append([label, "-", "-", f"graphgrad fails: {mine['error']}", "-", "-", "-", "-", "-", "-"])
            continue
        added = mine["added"]
        if theirs and "error" in theirs:
            construct_rows.append([label, f"{added:,}", "-", f"TF fails: {theirs['error'][:120]}", fmt_ms(mine["rewrite_s"]), "", "", "", "", ""])
            continue
        extrapolated = theirs is None
        if extrapolated and ref and case in CHAINS:
            per_node = ref["tf"]["gradients_s"] / ref["tf"]["added"]
            scale = spec["nodes"] / ref["spec"]["nodes"]
            theirs = {"gradients_s": per_node * added, "added": added, "wall_s": ref["tf"]["wall_s"] * scale,
                      "cpu_s": ref["tf"]["cpu_s"] * scale}
        mark = " (extrapolated)" if extrapolated and theirs else ""
        if theirs:
            both = (fmt_ratio((theirs["import_s"] + theirs["gradients_s"]) / (mine["import_s"] + mine["rewrite_s"]))
                    if "import_s" in theirs else "-")
            construct_rows.append([label, f"{added:,} / {theirs['added']:,}", fmt_ms(theirs["gradients_s"]) + mark,
                                   fmt_ms(mine["rewrite_s"]), fmt_ratio(theirs["gradients_s"] / mine["rewrite_s"]) + mark,
                                   us_per(theirs["gradients_s"], theirs["added"]), us_per(mine["rewrite_s"], added),
                                   fmt_ms(theirs["import_s"]) if "import_s" in theirs else "-", fmt_ms(mine["import_s"]), both])
            e2e_rows.append([label, fmt_ms(theirs["wall_s"]) + mark, fmt_ms(mine["wall_s"]),
                             fmt_ratio(theirs["wall_s"] / mine["wall_s"]) + mark,
                             f"{theirs['cpu_s']:.2f} s / {mine['cpu_s']:.3f} s", f"{mine['rss'] / 1e6:,.0f} MB"])
        else:
            construct_rows.append([label, f"{added:,}", "not run", fmt_ms(mine["rewrite_s"]), "-", "-", us_per(mine["rewrite_s"], added),
                                   "not run", fmt_ms(mine["import_s"]), "-"])
            e2e_rows.append([label, "not run", fmt_ms(mine["wall_s"]), "-", f"- / {mine['cpu_s']:.3f} s", f"{mine['rss'] / 1e6:,.0f} MB"])
        if case in CHAINS:
            scaling_rows.append([f"{spec['nodes']:,}", f"{added:,}", f"{mine['rewrite_s'] * 1e3:,.1f}",
                                 us_per(mine["rewrite_s"], added), us_per(mine["read_s"] + mine["write_s"], spec["nodes"] + added),
                                 (fmt_ms(theirs["gradients_s"]) + mark) if theirs else "-"])

    md = "\n".join([
        "Gradient construction: `graphgrad rewrite` vs `tf.compat.v1.gradients` (TF 2.21, CPU) on the same GraphDef",
        "",
        "(a) Construction alone: TF's `gradients()` call on an imported graph vs graphgrad's rewrite phase (`--timings`)",
        "",
        table(["graph", "added nodes (ours / TF)", "TF gradients()", "graphgrad rewrite", "speed-up", "TF µs/added node",
               "graphgrad µs/added node", "TF import_graph_def", "graphgrad import", "speed-up, import + gradients"],
              construct_rows),
        "",
        "(b) End to end as a user runs it: whole process (TF: import TF, read, import graph, gradients, write; "
        "graphgrad: `graphgrad rewrite IN --ys .. --xs .. -o OUT`)",
        "",
        table(["graph", "TF script", "graphgrad", "speed-up", "CPU time TF / graphgrad", "graphgrad peak RSS"], e2e_rows),
        "",
        "Scaling (chain h <- h + c * tanh(h)): graphgrad's rewrite time per added node should stay flat",
        "",
        table(["nodes in", "nodes added", "graphgrad rewrite ms", "µs / added node", "read+write µs / node", "TF gradients()"],
              scaling_rows),
        "",
        (f"TF numbers reused from {args.reuse_tf} (not re-measured in this run). " if reused else "") +
        machine_note(args.runs) + (f" Extrapolated TF rows use the per-added-node cost measured on {measured_chains[-1]}."
                                   if measured_chains and any("(extrapolated)" in r[2] for r in construct_rows) else ""),
        "Command: `" + " ".join(["tools/bench-rewrite", *sys.argv[1:]]) + "`",
    ])
    emit(args.name, md)


if __name__ == "__main__":
    main()
