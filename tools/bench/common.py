"""Shared helpers of the benchmark drivers: build, timed child processes, medians, tables.

Imports nothing from TensorFlow, so `--help` and the table rendering stay fast; TF work runs in
child processes (tf_*.py, make_inputs.py) under the TF venv.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "bench-out")
BENCH = os.path.join(ROOT, "tools", "bench")
PY = os.path.join(ROOT, "tools", ".venv-tf", "bin", "python")
TF_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}

# "import" appeared when indexing and shape inference became a step of their own (older
# binaries report them inside "rewrite").
TIMINGS = re.compile(r"read ([\d.]+) ms, (?:import ([\d.]+) ms, )?rewrite ([\d.]+) ms, write ([\d.]+) ms \((\d+) nodes in, (\d+) added\)")


def log(message):
    print(message, file=sys.stderr, flush=True)


def graphgrad_binary(explicit=None):
    """GRAPHGRAD_BIN / --bin if given, else a release build in .build-bench (its own scratch path)."""
    path = explicit or os.environ.get("GRAPHGRAD_BIN")
    if path:
        return os.path.abspath(path)
    log("building graphgrad (release, static Swift runtime, .build-bench)...")
    # Built as tools/demo ships it: the Swift runtime linked in halves process start-up.
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "graphgrad",
                    "--scratch-path", ".build-bench"],
                   cwd=ROOT, check=True, stdout=sys.stderr)
    return os.path.join(ROOT, ".build-bench", "release", "graphgrad")


class Run:
    """One finished child process: wall and CPU (user + sys) seconds, peak RSS (bytes), exit code, output."""

    def __init__(self, wall, cpu, max_rss, code, stdout, stderr):
        self.wall, self.cpu, self.max_rss, self.code, self.stdout, self.stderr = wall, cpu, max_rss, code, stdout, stderr

    def check(self, what):
        if self.code != 0:
            raise RuntimeError(f"{what} failed (exit {self.code}):\n{self.stderr.strip()[-3000:]}")
        return self


def run(argv, env=None, timeout=None):
    """Runs argv to completion; wall clock around fork..exit, peak RSS from wait4 of that child.
    Waits blocked in wait4 (a timer thread kills the child on timeout), so the measuring process
    takes no CPU from the measured one on a 2-core machine."""
    full_env = dict(os.environ, **(env or {}))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=full_env, cwd=ROOT)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            child.kill()
        timer = threading.Timer(timeout, kill) if timeout is not None else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        if timed_out.is_set():
            raise TimeoutError(f"{argv[0]} took more than {timeout:.0f} s")
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, child.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def python_json(script, *args, timeout=None):
    """Runs tools/bench/<script> under the TF venv and returns the JSON object it prints last."""
    result = run([PY, os.path.join(BENCH, script), *map(str, args)], env=TF_ENV, timeout=timeout)
    result.check(script)
    return json.loads(result.stdout.strip().splitlines()[-1])


def parse_timings(stderr):
    match = TIMINGS.search(stderr)
    if not match:
        raise RuntimeError(f"no --timings line in:\n{stderr.strip()[-2000:]}")
    read, imported, rewrite, write, nodes, added = match.groups()
    return {"read_ms": float(read), "import_ms": float(imported or 0), "rewrite_ms": float(rewrite), "write_ms": float(write),
            "nodes": int(nodes), "added": int(added)}


def median(values):
    return statistics.median(values)


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def table(header, rows):
    """A GitHub markdown table; cells are already strings."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_ms(seconds):
    return f"{seconds * 1e3:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def fmt_ratio(ratio):
    return f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def mb(nbytes):
    return nbytes / 1e6


def machine_note(runs):
    cpus = os.cpu_count()
    return (f"Medians of {runs} runs; {cpus} CPU cores shared with other work "
            f"(1-min load average {load_average():.1f} at the end of the run), so treat ratios as approximate.")


def emit(name, markdown):
    """Prints the markdown to stdout and writes bench-out/<name>.md."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{name}.md")
    with open(path, "w") as f:
        f.write(markdown + "\n")
    print(markdown)
    log(f"wrote {os.path.relpath(path, ROOT)}")
