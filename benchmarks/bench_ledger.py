"""Export the combined ledger (xlsx) of 1,000, 30,000 and 400,000 organizations beside a floor.

For each size this builds a workspace store quickly: 240 organizations per domain
(all four built-in standards) are really graded and saved with ``save_run``, then
their stored rows are copied under new ids and names up to the size (so every row
re-computes exactly, as a real store's would), for this year and the year before
(so 上年等级/变化 are filled).  Then, each in its own process so that peak memory
(ru_maxrss) is its own:

- ``floor``: openpyxl write-only mode writing the same cell values (dumped once,
  untimed, from the ledger) with no styling at all;
- ``ours``: ``dingji.report.ledger.export`` to xlsx as the CLI does (mode chosen by size);
- ``normal`` / ``write-only`` at the sizes where both are possible, to show why the
  mode is chosen by size.

Goals: within 1.3x of the floor at 30,000 and 400,000; peak memory under 300 MB at
400,000.  Usage: python benchmarks/bench_ledger.py [SIZE ...]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_DOMAIN_TEMPLATES = 240

CASE = r"""
import json, marshal, resource, sys, time
from pathlib import Path
kind, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t0 = time.perf_counter()
if kind == "floor":
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    with open(root / "cells.marshal", "rb") as f:
        ws, n = None, 0
        while True:
            try:
                item = marshal.load(f)
            except EOFError:
                break
            if item.__class__ is str:
                ws = wb.create_sheet(item[:31])
            else:
                ws.append(item)
                n += 1
    wb.save(out)
else:
    from dingji.services.workspace import open_workspace
    from dingji.report.ledger import Ledger, export
    from dingji.plugins.ledger_xlsx import write_xlsx
    w = open_workspace(root)
    reg, store = w.registry(), w.store()
    ledger = Ledger.from_workspace(w, store, reg)
    if kind == "dump":
        with open(root / "cells.marshal", "wb") as f:
            n = 0
            for sheet in ledger.sheets():
                marshal.dump(sheet.name, f)
                if sheet.title:
                    marshal.dump([sheet.title], f)
                for note in sheet.notes:
                    marshal.dump([note], f)
                for block in sheet.tables():
                    if block.heading:
                        marshal.dump([block.heading], f)
                    if block.groups:
                        marshal.dump(list(block.groups), f)
                    marshal.dump(list(block.headers), f)
                    for row in block.iter_rows():
                        marshal.dump(list(row), f)
                        n += 1
    elif kind == "ours":
        export(ledger, reg.writers["xlsx"], out)
        n = ledger.size
    else:
        write_xlsx(ledger, out, full=(kind == "normal"))
        n = ledger.size
    store.close()
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "n": n, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(kind: str, root: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CASE, kind, str(root), str(out)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def build(folder: Path, n: int) -> Path:
    """A workspace whose store holds ``n`` graded organizations in 2026 and in 2025."""
    from dingji import demo
    from dingji.api import evaluate
    from dingji.core.inputs import Organization
    from dingji.services.workspace import create
    from dingji.store.results import StoredResult

    ws = create(folder / "ws", "某省", 2026)
    reg, store = ws.registry(), ws.store()
    domains = ["village", "soe", "private", "institution", "service_window"]
    columns = ", ".join(StoredResult._fields[1:])
    for year, shift in ((2025, 7), (2026, 0)):
        for d, domain in enumerate(domains):
            std = reg.standard(domain)
            count = n // len(domains) + (1 if d < n % len(domains) else 0)
            k = min(PER_DOMAIN_TEMPLATES, count)
            orgs = [Organization(f"{domain[:2]}{i:06d}", f"{std.domain}第{i}号党支部", domain) for i in range(k)]
            data = {
                o.id: demo.scores(std, o, 0.55 + ((i + shift) % 40) / 100, seed=i + shift * 1000 + d)
                for i, o in enumerate(orgs)
            }
            results = evaluate(std, data, roster=orgs)
            run_id = store.save_run(
                year, std, [{"file": f"{std.domain}评分.csv", "sha256": "0" * 64, "bytes": 0}], results
            )
            templates = store.db.execute(
                f"SELECT {columns} FROM results WHERE run_id=? ORDER BY org", (run_id,)
            ).fetchall()
            rows = []
            for i in range(k, count):
                t = list(templates[i % k])
                t[2], t[3] = f"{domain[:2]}{i:06d}", f"{std.domain}第{i}号党支部"
                rows.append((run_id, *t))
            with store.transaction() as db:
                db.executemany(f"INSERT INTO results (run_id, {columns}) VALUES ({','.join('?' * 15)})", rows)
    store.close()
    return ws.root


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 30_000, 400_000]
    print("size      | floor (write-only, no styling) | ours              | ratio | peak MB (floor / ours)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            root = build(Path(tmp), n)
            made = time.perf_counter() - t0
            run("dump", root, Path(tmp) / "none")
            floor = run("floor", root, Path(tmp) / "floor.xlsx")
            ours = run("ours", root, Path(tmp) / "ours.xlsx")
            size = (Path(tmp) / "ours.xlsx").stat().st_size / 1e6
            print(
                f"{n:>9,} | {floor['seconds']:8.1f} s ({floor['n']:,} rows)    | {ours['seconds']:8.1f} s "
                f"({size:.1f} MB) | {ours['seconds'] / floor['seconds']:.2f}x | "
                f"{floor['peak_mb']:.0f} / {ours['peak_mb']:.0f}   (store built in {made:.0f} s)"
            )
            if n <= 30_000:
                normal = run("normal", root, Path(tmp) / "normal.xlsx")
                lean = run("write-only", root, Path(tmp) / "lean.xlsx")
                print(
                    f"{'':>9} | modes: normal mode, full styling {normal['seconds']:.1f} s, peak {normal['peak_mb']:.0f} MB;"
                    f" write-only {lean['seconds']:.1f} s, peak {lean['peak_mb']:.0f} MB"
                )
    print("goals: ≤ 1.3x the floor at 30,000 and 400,000; peak < 300 MB at 400,000")


if __name__ == "__main__":
    main()
