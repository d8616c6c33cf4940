"""A province's whole pipeline: N organizations (400,000 by default) across the built-in standards,
each step beside its floor measured in the same run.

The workspace is built first, untimed: a roster of N organizations shared evenly among the
built-in standards, and one long-form score CSV per domain (240 organizations per domain get
realistic scores from the demo's generator; the others repeat them under their own ids, so
every value is one a township could enter).  Then, each in a process of its own:

- ``roster import`` beside the csv module reading the roster;
- ``evaluate DOMAIN`` (stored) for every domain beside the csv module reading its file;
- ``ledger export`` to xlsx beside openpyxl write-only writing the same cells unstyled, and to
  CSV beside the csv module writing the same cells (Excel holds 1,048,576 rows a sheet: the
  xlsx writer continues a longer sheet on a new one, the CSV has no such limit);

and the whole: the sum of ours beside the sum of the floors (goal ≤ 3x), the highest peak
(goal ≤ 1 GB).  A full 400,000 run takes about nine minutes on a 2-core machine (built in 13 s):
``python benchmarks/run.py`` runs it at 40,000 unless given ``--pipeline N``.

Usage: python benchmarks/bench_pipeline.py [N]
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

TEMPLATES = 240

#: writing the same cells with the csv module, one file per sheet (the floor of the CSV export)
CSV_WRITE_FLOOR = r"""
import csv, marshal, sys
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(exist_ok=True)
f = w = None
with open(src, "rb") as cells:
    k = 0
    while True:
        try:
            item = marshal.load(cells)
        except EOFError:
            break
        if item.__class__ is str:
            if f: f.close()
            k += 1
            f = open(out / f"{k}.csv", "w", encoding="utf-8-sig", newline="")
            w = csv.writer(f)
        else:
            w.writerow(item)
if f: f.close()
"""


def build(folder: Path, n: int) -> dict:
    """The workspace, its roster CSV and one score CSV per domain: ``{"ws", "roster", "scores": {domain: path}}``."""
    from dingji import demo
    from dingji.core.inputs import Organization
    from dingji.services.workspace import create

    ws = create(folder / "ws", "某省", 2026)
    reg = ws.registry()
    domains = list(reg.standards)
    ids = {d: [] for d in domains}
    roster = folder / "roster.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["org", "name", "domain"])
        for i in range(n):
            d = domains[i % len(domains)]
            org = f"{d[:2]}{i:07d}"
            ids[d].append(org)
            w.writerow([org, f"{reg.standard(d).domain}第{i}号党支部", d])
    scores = {}
    for k, d in enumerate(domains):
        std = reg.standard(d)
        lines = []  # per template: its rows without the org, each starting with ","
        for t in range(min(TEMPLATES, len(ids[d]))):
            values = demo.scores(std, Organization(f"t{t}", "t", d), 0.55 + (t % 40) / 100, seed=t * 7 + k)
            buf = io.StringIO()
            cw = csv.writer(buf, lineterminator="\n")
            for (source, item), v in values.items():
                cw.writerow(["", source, item, v])
            lines.append(buf.getvalue().splitlines(keepends=True))
        path = scores[d] = folder / f"{d}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            f.write("org,source,item,value\n")
            for i, org in enumerate(ids[d]):
                f.write("".join(org + line for line in lines[i % len(lines)]))
    return {"ws": str(ws.root), "roster": str(roster), "scores": {d: str(p) for d, p in scores.items()}}


def measure(run, table, tmp: Path, n: int) -> None:
    """Every step of the pipeline as rows of ``table`` (``run`` is benchmarks/run.py's module)."""
    t0 = time.perf_counter()
    got = run.build("pipeline", tmp, n)
    ws, roster, scores = got["ws"], got["roster"], got["scores"]
    rows = sum(1 for p in scores.values() for _ in open(p, encoding="utf-8-sig")) - len(scores)
    print(f"  (pipeline input: {n:,} organizations, {rows:,} score rows, built in {time.perf_counter() - t0:.0f} s)")
    k = f"{n // 1000}k"
    floors, ours = [], []

    def step(name, floor_name, floor, mine, goal="—"):
        floors.append(floor)
        ours.append(mine)
        table.add(name, floor_name, floor, mine, goal)

    step(
        f"{k}: roster import",
        "csv module read",
        run.script(run.CSV_FLOOR, roster),
        run.dingji("roster", "import", roster, "--workspace", ws),
    )
    for domain, path in scores.items():
        floor = run.script(run.CSV_FLOOR, path)
        mine = run.dingji("evaluate", domain, path, "--format", "csv", "--workspace", ws, stdout=tmp / "out.csv")
        step(f"{k}: evaluate {domain} ({n // len(scores):,})", "csv module read", floor, mine)
    led = run.bench("bench_ledger")
    run.script(led.CASE, "dump", ws, tmp / "none")  # the cells, for the floors (untimed)
    floor = run.script(led.CASE, "floor", ws, tmp / "floor.xlsx")
    step(
        f"{k}: ledger export, xlsx",
        "openpyxl write-only",
        floor,
        run.dingji("ledger", "export", "-o", tmp / "l.xlsx", "--workspace", ws),
        "≤ 1.3x",
    )
    floor = run.script(CSV_WRITE_FLOOR, Path(ws) / "cells.marshal", tmp / "floor-csv")
    step(
        f"{k}: ledger export, csv",
        "csv module write",
        floor,
        run.dingji("ledger", "export", "-o", f"{tmp / 'csv'}/", "--format", "csv", "--workspace", ws),
    )
    total = {"seconds": sum(x["seconds"] for x in ours), "peak_mb": max(x["peak_mb"] for x in ours)}
    floor = {"seconds": sum(x["seconds"] for x in floors)}
    table.add(f"{k} end to end (the steps above)", "sum of the floors", floor, total, "≤ 3x, ≤ 1 GB")
    sheets = _largest_sheet(tmp / "csv")
    print(f"  (largest CSV sheet: {sheets[1]:,} rows, {sheets[0]}; an xlsx sheet holds 1,048,576)")


def _largest_sheet(folder: Path) -> tuple[str, int]:
    best = ("", 0)
    for p in folder.glob("*.csv"):
        with open(p, encoding="utf-8-sig") as f:
            k = sum(1 for _ in f)
        best = max(best, (p.name, k), key=lambda x: x[1])
    return best


def main():
    import importlib.util

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    spec = importlib.util.spec_from_file_location("run", Path(__file__).parent / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    import tempfile

    table = run.Table()
    with tempfile.TemporaryDirectory() as tmp:
        measure(run, table, Path(tmp), n)
    print()
    print(table.markdown())


if __name__ == "__main__":
    main()
