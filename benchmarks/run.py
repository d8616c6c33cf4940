"""Every benchmark in one run, as one table: step | floor measured in the same run | ours | ratio | goal | peak MB.

Each step and each floor runs in a child process of its own (its peak memory, ru_maxrss from
``os.wait4``, is its own), with this checkout first on ``PYTHONPATH``.  The floors are the fastest
plain way to do the same reading or writing (the csv module, python-calamine, openpyxl write-only,
``import click``), so the ratios hold on a busy machine where the seconds do not.  Nothing here
asserts a time.

    python benchmarks/run.py              # 30,000 organizations (about five minutes)
    python benchmarks/run.py --quick      # 3,000: a quick look that every step still runs
    python benchmarks/run.py --size 10000 --skip desk
    python benchmarks/run.py --skip evaluate --skip ledger --pipeline 400000   # a province, end to end

The single benchmarks (bench_evaluate.py, bench_ledger.py, bench_scoring.py, bench_cli_startup.py,
bench_desk.py) print more detail for one step; this script borrows their workspace builders.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = ("evaluate", "ledger", "scoring", "startup", "desk", "pipeline")


def bench(name: str):
    """One of the single benchmarks, as a module (for its builders and child scripts)."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [e.get("PYTHONPATH")])])
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # run as an installed package runs: from cached bytecode
    return e


def compile_checkout() -> None:
    """Cache this checkout's bytecode, as ``pip install`` does for an installed package: else every
    step would compile dingji's modules anew (about 0.1 s each time on a machine that sets
    PYTHONDONTWRITEBYTECODE), which the floors (the csv module, click) never do."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dingji")], check=True, env=env())


def child(argv, stdout=None, cwd=None) -> dict:
    """Run ``argv``; its wall seconds and peak MB.  Exit status other than 0 stops the run."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        # in this checkout: python -m puts the working folder first on the path
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=env(), cwd=cwd or ROOT)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout:
            out.close()
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stderr": err.decode()}


def build(what: str, tmp: Path, n: int) -> list:
    """A benchmark's input, made in a child process: this process stays small, and a child's peak
    memory starts from its parent's (Linux counts the parent's pages at fork), so every step
    measured here starts from the same few megabytes."""
    proc = subprocess.run(
        [sys.executable, __file__, "--build", what, str(tmp), str(n)], capture_output=True, text=True, env=env()
    )
    if proc.returncode:
        raise SystemExit(f"building the {what} input failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.splitlines()[-1])


def _build(what: str, tmp: Path, n: int) -> None:
    if what == "pipeline":
        return print(json.dumps(bench("bench_pipeline").build(tmp, n)))
    if what == "evaluate":
        got = bench("bench_evaluate").make_workspace(tmp, n)
    elif what == "desk":
        got = bench("bench_desk").build(tmp, n)
    else:
        got = (bench("bench_ledger").build(tmp, n), None)
    print(json.dumps([str(x) if x is not None else None for x in got]))


REPEAT = 3  # runs of each goal step and its floor, alternating; the median of each is shown


def median_of(*runs) -> tuple:
    """Each of ``runs`` (functions giving a measurement) run :data:`REPEAT` times, alternating
    (so that a slow moment of the machine falls on both); per run its median seconds and the
    highest peak."""
    got = [[] for _ in runs]
    for _ in range(REPEAT):
        for k, run in enumerate(runs):
            got[k].append(run())
    out = []
    for measured in got:
        m = dict(measured[0])
        m["seconds"] = statistics.median(x["seconds"] for x in measured)
        m["peak_mb"] = max(x["peak_mb"] for x in measured)
        out.append(m)
    return tuple(out)


def dingji(*args, stdout=None) -> dict:
    return child([sys.executable, "-m", "dingji", *map(str, args)], stdout=stdout)


def script(code: str, *args) -> dict:
    return child([sys.executable, "-c", code, *map(str, args)])


CSV_FLOOR = """
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    n = sum(1 for _ in csv.reader(f))
"""
CALAMINE_FLOOR = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
n = sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)
"""


class Table:
    def __init__(self):
        self.rows = []

    def add(self, step, floor_name, floor, ours, goal, ours_text=None, floor_text=None):
        """A row; ``floor`` and ``ours`` are dicts with seconds (and peak_mb); a floor of None: no ratio."""
        ratio = f"{ours['seconds'] / floor['seconds']:.2f}x" if floor else "—"
        floor_text = floor_text or (f"{floor_name} {floor['seconds']:.2f} s" if floor else floor_name)
        self.rows.append(
            (step, floor_text, ours_text or f"{ours['seconds']:.2f} s", ratio, goal, f"{ours['peak_mb']:.0f}")
        )
        print("  " + " | ".join(self.rows[-1]), flush=True)

    def markdown(self) -> str:
        head = ("step", "floor measured in the same run", "ours", "ratio", "goal", "peak MB")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)


def evaluate_steps(table: Table, tmp: Path, n: int):
    t0 = time.perf_counter()
    ws, csv_path, xlsx_path = build("evaluate", tmp, n)
    print(f"  (evaluate input: {n:,} village organizations made in {time.perf_counter() - t0:.0f} s)", flush=True)
    k = f"{n // 1000}k" if n >= 1000 else str(n)
    out = tmp / "out"
    for fmt in ("json", "csv"):
        floor, ours = median_of(
            lambda: script(CSV_FLOOR, csv_path),
            lambda fmt=fmt: dingji(
                "evaluate", "village", csv_path, "--dry-run", "--format", fmt, "--workspace", ws, stdout=out
            ),
        )
        goal = "≤ 3x, ≤ 300 MB" if fmt == "json" else "—"
        lines = ours["stderr"].count("\n")
        table.add(
            f"evaluate {k}, long CSV, {fmt} on stdout",
            "csv module read",
            floor,
            ours,
            goal,
            f"{ours['seconds']:.2f} s, {lines} lines on stderr",
        )
    floor, ours = median_of(
        lambda: script(CALAMINE_FLOOR, xlsx_path),
        lambda: dingji(
            "evaluate", "village", xlsx_path, "--dry-run", "--format", "json", "--workspace", ws, stdout=out
        ),
    )
    table.add(f"evaluate {k}, xlsx template", "calamine read", floor, ours, "≤ 2x")
    floor = script(CSV_FLOOR, csv_path)
    stored = dingji("evaluate", "village", csv_path, "--format", "csv", "--workspace", ws, stdout=out)
    table.add(f"evaluate {k}, long CSV, stored", "csv module read", floor, stored, "—")


def ledger_steps(table: Table, tmp: Path, n: int, desk: bool):
    led = bench("bench_ledger")
    t0 = time.perf_counter()
    root, org = build("desk" if desk else "ledger", tmp, n)
    print(
        f"  (ledger workspace: {n:,} organizations, two years, built in {time.perf_counter() - t0:.0f} s)", flush=True
    )
    k = f"{n // 1000}k" if n >= 1000 else str(n)
    script(led.CASE, "dump", root, tmp / "none")
    floor, ours = median_of(
        lambda: script(led.CASE, "floor", root, tmp / "floor.xlsx"),
        lambda: dingji("ledger", "export", "-o", tmp / "ours.xlsx", "--workspace", root),
    )
    table.add(f"ledger export {k}, xlsx", "openpyxl write-only", floor, ours, "≤ 1.3x")
    for fmt, target in (("json", tmp / "ours.json"), ("csv", f"{tmp / 'csv'}/")):
        ours = dingji("ledger", "export", "-o", target, "--format", fmt, "--workspace", root)
        table.add(f"ledger export {k}, {fmt}", "—", None, ours, "memory flat")
    ours = dingji(
        "ledger", "merge", tmp / "ours.json", tmp / "ours.json", "-o", tmp / "merged.json", "--workspace", root
    )
    table.add(f"ledger merge 2 × {k}, json", "—", None, ours, "—")
    if desk:
        got = json.loads(
            subprocess.run(
                [sys.executable, "-c", bench("bench_desk").CASE, str(root), org],
                capture_output=True,
                text=True,
                env=env(),
                check=True,
            ).stdout
        )
        slowest = max((s, p) for p, (s, _) in got["pages"].items() if s is not None)
        table.add(
            f"desk {k}, slowest page ({slowest[1]})",
            "bare Starlette page",
            {"seconds": got["floor"]},
            {"seconds": slowest[0], "peak_mb": got["peak_mb"]},
            "—",
            f"{slowest[0] * 1000:.1f} ms",
            f"bare Starlette page {got['floor'] * 1000:.2f} ms",
        )


def scoring_step(table: Table, n: int):
    code = f"""
import json, sys, time
sys.path.insert(0, {str(HERE)!r})
import bench_scoring as b, dingji
from dingji.core.scoring import grade_all
std = dingji.get_standard("village")
a = b.make_inputs(std, {n})
f = b.to_floats(a)
t = time.perf_counter(); b.float_loop(std, f); fl = time.perf_counter() - t
t = time.perf_counter(); grade_all(std, a); ex = time.perf_counter() - t
import resource
print(json.dumps({{"float": fl, "exact": ex, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    runs = [
        json.loads(
            subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), check=True).stdout
        )
        for _ in range(REPEAT)
    ]
    got = {k: statistics.median(r[k] for r in runs) for k in ("float", "exact")}
    got["peak_mb"] = max(r["peak_mb"] for r in runs)
    table.add(
        f"grade {n:,} in memory (village)",
        "float loop",
        {"seconds": got["float"]},
        {"seconds": got["exact"], "peak_mb": got["peak_mb"]},
        "≤ 3x",
        f"{got['exact']:.2f} s ({got['exact'] / n * 1e6:.0f} µs/org)",
    )


def startup_step(table: Table, repeat: int):
    def median(argv):
        runs = [child(argv) for _ in range(repeat)]
        return {"seconds": statistics.median(r["seconds"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}

    floor = median([sys.executable, "-c", "import click"])
    ours = median([sys.executable, "-m", "dingji", "--help"])
    ms = f"{ours['seconds'] * 1000:.0f} ms"
    table.add(
        "dingji --help", "import click", floor, ours, "≤ 1.5x", ms, f"import click {floor['seconds'] * 1000:.0f} ms"
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="3,000 organizations, fewer repeats")
    p.add_argument("--size", type=int, default=None, help="organizations for evaluate, ledger and desk (30,000)")
    p.add_argument("--skip", action="append", default=[], choices=STEPS, help="leave a step out")
    p.add_argument(
        "--pipeline", type=int, default=None, help="organizations of the whole pipeline (40,000; a province: 400000)"
    )
    p.add_argument("--markdown", type=Path, default=None, help="also write the table to this file")
    p.add_argument(
        "--repeat", type=int, default=None, help="runs of each goal step and its floor, medians shown (3; --quick: 1)"
    )
    p.add_argument("--build", nargs=3, help=argparse.SUPPRESS)  # a child making one input (see build())
    args = p.parse_args(argv)
    if args.build:
        return _build(args.build[0], Path(args.build[1]), int(args.build[2]))
    global REPEAT
    REPEAT = args.repeat if args.repeat is not None else (1 if args.quick else REPEAT)
    n = args.size or (3_000 if args.quick else 30_000)
    compile_checkout()
    t0 = time.perf_counter()
    table = Table()
    pipe = args.pipeline or (5_000 if args.quick else 40_000)
    print(
        f"dingji benchmarks: {n:,} organizations (the pipeline: {pipe:,}), {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if "evaluate" not in args.skip:
            (tmp / "ev").mkdir()
            evaluate_steps(table, tmp / "ev", n)
        if "ledger" not in args.skip:
            (tmp / "led").mkdir()
            ledger_steps(table, tmp / "led", n, desk="desk" not in args.skip)
        if "scoring" not in args.skip:
            scoring_step(table, 10_000 if args.quick else 100_000)
        if "pipeline" not in args.skip:
            (tmp / "pipe").mkdir()
            bench("bench_pipeline").measure(sys.modules[__name__], table, tmp / "pipe", pipe)
        if "startup" not in args.skip:
            startup_step(table, 5 if args.quick else 15)
    print()
    print(table.markdown())
    print(f"\n({time.perf_counter() - t0:.0f} s in all; load average at the end {os.getloadavg()[0]:.2f})")
    if args.markdown:
        args.markdown.write_text(table.markdown() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
