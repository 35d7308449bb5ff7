"""GraphDef I/O speed and memory: graphgrad vs Python protobuf (upb) on a ~100 MB frozen ResNet-50.

Makes bench-out/inputs/resnet-frozen.pb once (Keras ResNet-50, weights=None, variables frozen to
Const), then in the same run times:
  decode   Python: read + GraphDef.FromString      graphgrad: `convert --timings` read ms
  encode   Python: SerializeToString + write       graphgrad: `convert --timings` write ms
  convert  the whole `graphgrad convert in.pb out.pb` process (wall time, peak RSS)
`convert` encodes every node afresh (a rewrite instead copies the nodes it left unchanged),
so its write ms are the encoder's.
Also the text format on a smaller graph (the Keras ResNet-50 training graph, ~5k nodes):
text_format.Parse / MessageToString vs `convert --timings` on .pbtxt in and out.
Prints a markdown table and writes it to bench-out/bench-io.md.
"""
import argparse
import filecmp
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (OUT, PY, BENCH, TF_ENV, emit, fmt_ms, fmt_ratio, graphgrad_binary, log, machine_note,  # noqa: E402
                    mb, median, python_json, run, table)
import json  # noqa: E402

IO = os.path.join(OUT, "io")
INPUTS = os.path.join(OUT, "inputs")


def ensure_input(kind, path):
    if not os.path.exists(path):
        log(f"making {os.path.relpath(path)} with TensorFlow (once)...")
        run([PY, os.path.join(BENCH, "make_inputs.py"), kind, path], env=TF_ENV).check(f"make_inputs {kind}")
    return json.load(open(os.path.splitext(path)[0] + ".json"))


def ensure_text_copy(pb, pbtxt):
    if not os.path.exists(pbtxt):
        script = ("import sys; from google.protobuf import text_format; from tensorflow.core.framework import graph_pb2;"
                  "g = graph_pb2.GraphDef.FromString(open(sys.argv[1], 'rb').read());"
                  "open(sys.argv[2], 'w').write(text_format.MessageToString(g))")
        run([PY, "-c", script, pb, pbtxt], env=TF_ENV).check("pbtxt conversion")


CONVERT_TIMINGS = re.compile(r"read ([\d.]+) ms, write ([\d.]+) ms")


def ours_convert(binary, path, out, runs):
    results = []
    for _ in range(runs):
        r = run([binary, "convert", path, out, "--timings"]).check("graphgrad convert")
        match = CONVERT_TIMINGS.search(r.stderr)
        if not match:
            raise RuntimeError(f"no --timings line in:\n{r.stderr.strip()[-2000:]}")
        results.append({"read_ms": float(match.group(1)), "write_ms": float(match.group(2)), "wall": r.wall, "rss": r.max_rss})
    return results


def main():
    parser = argparse.ArgumentParser(prog="tools/bench-io", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="repeats per measurement; medians are reported (default 5)")
    parser.add_argument("--bin", help="an existing graphgrad binary (default: build release in .build-bench; "
                                      "or set GRAPHGRAD_BIN)")
    parser.add_argument("--name", default="bench-io", help="output name: bench-out/<name>.md (default bench-io)")
    parser.add_argument("--no-text", action="store_true", help="skip the .pbtxt rows")
    args = parser.parse_args()
    binary = graphgrad_binary(args.bin)
    os.makedirs(IO, exist_ok=True)
    os.makedirs(INPUTS, exist_ok=True)
    pb = os.path.join(INPUTS, "resnet-frozen.pb")
    spec = ensure_input("resnet-frozen", pb)
    size = os.path.getsize(pb)
    log(f"{os.path.relpath(pb)}: {spec['nodes']} nodes, {mb(size):.1f} MB; {args.runs} runs each")

    log("Python protobuf decode/encode...")
    py = python_json("tf_io.py", pb, "--repeats", args.runs)
    log("graphgrad convert --timings...")
    converted = os.path.join(IO, "out-convert.pb")
    ours = ours_convert(binary, pb, converted, args.runs)
    identical = filecmp.cmp(pb, converted, shallow=False)

    py_dec, py_enc = median(py["decode_s"]), median(py["encode_s"])
    our_dec = median([r["read_ms"] for r in ours]) / 1e3
    our_enc = median([r["write_ms"] for r in ours]) / 1e3
    conv_wall = median([c["wall"] for c in ours])
    conv_rss = median([c["rss"] for c in ours])
    rows = [
        ["decode .pb (read + parse)", f"{fmt_ms(py_dec)} ({mb(size) / py_dec:,.0f} MB/s)",
         f"{fmt_ms(our_dec)} ({mb(size) / our_dec:,.0f} MB/s)", fmt_ratio(py_dec / our_dec)],
        ["encode .pb (serialize + write)", f"{fmt_ms(py_enc)} ({mb(size) / py_enc:,.0f} MB/s)",
         f"{fmt_ms(our_enc)} ({mb(size) / our_enc:,.0f} MB/s)", fmt_ratio(py_enc / our_enc)],
        ["decode + encode", fmt_ms(py_dec + py_enc), fmt_ms(our_dec + our_enc), fmt_ratio((py_dec + py_enc) / (our_dec + our_enc))],
        ["`graphgrad convert a.pb b.pb`, whole process", "", f"{fmt_ms(conv_wall)}; peak RSS {mb(conv_rss):,.0f} MB "
         f"= {conv_rss / size:.2f}x file", ""],
    ]
    text_rows = []
    if not args.no_text:
        tpb = os.path.join(INPUTS, "resnet-keras.pb")
        tspec = ensure_input("resnet-keras", tpb)
        tpbtxt = os.path.join(INPUTS, "resnet-keras.pbtxt")
        ensure_text_copy(tpb, tpbtxt)
        tsize = os.path.getsize(tpbtxt)
        log(f"text format: {os.path.relpath(tpbtxt)} ({tspec['nodes']} nodes, {mb(tsize):.1f} MB)...")
        tpy = python_json("tf_io.py", tpbtxt, "--repeats", args.runs)
        tours = ours_convert(binary, tpbtxt, os.path.join(IO, "out-convert.pbtxt"), args.runs)
        t_py_dec, t_py_enc = median(tpy["decode_s"]), median(tpy["encode_s"])
        t_dec = median([r["read_ms"] for r in tours]) / 1e3
        t_enc = median([r["write_ms"] for r in tours]) / 1e3
        text_rows = [
            [f"decode .pbtxt ({mb(tsize):.1f} MB, {tspec['nodes']} nodes)", f"{fmt_ms(t_py_dec)} ({mb(tsize) / t_py_dec:,.1f} MB/s)",
             f"{fmt_ms(t_dec)} ({mb(tsize) / t_dec:,.1f} MB/s)", fmt_ratio(t_py_dec / t_dec)],
            ["encode .pbtxt", f"{fmt_ms(t_py_enc)} ({mb(tsize) / t_py_enc:,.1f} MB/s)",
             f"{fmt_ms(t_enc)} ({mb(tsize) / t_enc:,.1f} MB/s)", fmt_ratio(t_py_enc / t_enc)],
        ]

    md = "\n".join([
        f"GraphDef I/O: frozen Keras ResNet-50, {spec['nodes']} nodes, {mb(size):.1f} MB "
        f"(Python protobuf {py['implementation']} backend vs graphgrad)",
        "",
        table(["", "Python protobuf", "graphgrad", "speed-up"], rows + text_rows),
        "",
        f"graphgrad's decode/encode are the read/write phases of `graphgrad convert --timings`; "
        f"Python's are timed in-process (TF import not counted). `convert` output byte-identical to input: "
        f"{'yes' if identical else 'no'}. " + machine_note(args.runs),
        "Command: `" + " ".join(["tools/bench-io", *sys.argv[1:]]) + "`",
    ])
    emit(args.name, md)


if __name__ == "__main__":
    main()
