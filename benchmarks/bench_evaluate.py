"""Evaluate a city-size input (30,000 organizations, `village` standard) beside a floor.

For the long CSV and (when the xlsx plugin is present) the xlsx template, this
prints the time of the whole `evaluate` (read, validate, grade, store in a new
workspace's SQLite) beside a floor measured in the same run: reading the same
file with the fastest reader available and doing nothing else (the csv module
for CSV, python-calamine for xlsx; openpyxl read-only is printed too).  Each
case runs in its own process so that peak memory (ru_maxrss) is its own.
Goals: xlsx within 1.5x of its floor, CSV within 4x, peak memory under 500 MB.
Usage: python benchmarks/bench_evaluate.py [N]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASE = r"""
import json, resource, sys, time
from pathlib import Path
kind, path, ws = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
if kind == "csv-floor":
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        n = sum(1 for _ in csv.reader(f))
elif kind == "calamine-floor":
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(path))
    n = sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)
elif kind == "openpyxl-floor":
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for s in wb.worksheets for _ in s.iter_rows(values_only=True))
else:
    from dingji.services.workspace import open_workspace
    from dingji.services.evaluate import evaluate_files
    w = open_workspace(Path(ws))
    reg = w.registry()
    std = reg.standard("village")
    store = w.store()
    results, run = evaluate_files(reg, std, [path], store=store, year=w.year)
    store.close()
    n = len(results)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "n": n, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(kind, path, ws):
    out = subprocess.run([sys.executable, "-c", CASE, kind, str(path), str(ws)], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout)


def make_workspace(folder: Path, n: int):
    """A workspace with n village organizations and their scores as long CSV (and xlsx)."""
    import dingji
    from dingji import demo
    from dingji.core.inputs import Organization
    from dingji.services.workspace import create

    ws = create(folder / "ws", "某市", 2026)
    std = dingji.get_standard("village")
    orgs = [Organization(f"c{i:05d}", f"第{i}村党支部", "village") for i in range(n)]
    store = ws.store()
    store.replace_roster(orgs, replace=True)
    store.close()
    data = {}
    for i, org in enumerate(orgs):
        data[org.id] = demo.scores(std, org, 0.6 + (i % 37) / 100, seed=i)
    csv_path = folder / "scores.csv"
    demo.write_long_csv(data, csv_path)
    xlsx_path = folder / "scores.xlsx"
    write_filled(std, orgs, data, xlsx_path)
    return ws.root, csv_path, xlsx_path


def write_filled(std, orgs, data, path):
    """The template's data sheets as a township returns them, filled: the same key row,
    header and columns as dingji template writes (its layout()), streamed in openpyxl's
    write-only mode (filling a 30,000-row template in normal mode takes gigabytes)."""
    import openpyxl

    from dingji.io.xlsx.template import KEY_ROW, NAME_KEY, key_text, layout, org_marker

    wb = openpyxl.Workbook(write_only=True)
    for spec in layout(std):
        ws = wb.create_sheet(spec.title)
        keys = [org_marker(std), NAME_KEY] + [key_text(c.source, c.item) for c in spec.columns]
        assert KEY_ROW == 1
        ws.append(keys)
        ws.append(["编号", "名称"] + [c.header for c in spec.columns])
        for org in orgs:
            values = data[org.id]
            row = [org.id, org.name]
            for c in spec.columns:
                v = values.get((c.source, c.item))
                row.append(float(v) if v is not None and not isinstance(v, str) else v)
            ws.append(row)
    wb.save(path)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ws, csv_path, xlsx_path = make_workspace(Path(tmp), n)
        print(
            f"made {n:,} organizations in {time.perf_counter() - t0:.1f} s; "
            f"CSV {csv_path.stat().st_size / 1e6:.1f} MB"
            + (f", xlsx {xlsx_path.stat().st_size / 1e6:.1f} MB" if xlsx_path else "")
        )
        floor = run("csv-floor", csv_path, ws)
        ev = run("evaluate", csv_path, ws)
        print(
            f"long CSV: csv module read {floor['seconds']:.2f} s ({floor['n']:,} rows); "
            f"evaluate {ev['seconds']:.2f} s = {ev['seconds'] / floor['seconds']:.2f}x (goal ≤ 4x); "
            f"peak {ev['peak_mb']:.0f} MB (goal < 500)"
        )
        if xlsx_path:
            cal = run("calamine-floor", xlsx_path, ws)
            opx = run("openpyxl-floor", xlsx_path, ws)
            ev = run("evaluate", xlsx_path, ws)
            print(
                f"xlsx: calamine read {cal['seconds']:.2f} s; openpyxl read-only {opx['seconds']:.2f} s; "
                f"evaluate {ev['seconds']:.2f} s = {ev['seconds'] / cal['seconds']:.2f}x calamine (goal ≤ 1.5x); "
                f"peak {ev['peak_mb']:.0f} MB (goal < 500)"
            )
        else:
            print("xlsx: the xlsx plugin's write_filled is not available; skipped")


if __name__ == "__main__":
    main()
