"""The desk (``dingji serve``) over a city-size workspace: start-up and page times.

Builds a workspace of N organizations (default 30,000 across the four built-in standards,
graded in 2026 and 2025, roster imported), then, in a fresh process, times the desk's start
(import, registry, app) and each page through Starlette's test client (median of 5 after a
first request), beside floors measured in the same run: a bare Starlette page through the
same client (the framework's own cost) and ``dingji --help``-free python start-up.  Pages must
not load the whole store: the roster page paginates in SQL, so its time does not grow with N.
Usage: python benchmarks/bench_desk.py [N ...]
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent

CASE = r"""
import datetime as dt, json, resource, statistics, sys, time
from pathlib import Path
root = Path(sys.argv[1])
t0 = time.perf_counter()
from starlette.testclient import TestClient
from dingji.services.workspace import open_workspace
from dingji.web.app import create_app
ws = open_workspace(root)
app = create_app(ws, today=dt.date(2026, 12, 2))
c = TestClient(app)
start = time.perf_counter() - t0

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
bare = TestClient(Starlette(routes=[Route("/", lambda r: HTMLResponse("<p>x</p>"))]))

def median(client, path, n=5):
    got = client.get(path)
    assert got.status_code == 200, (path, got.status_code, got.text[-500:])
    times = []
    for _ in range(n):
        t = time.perf_counter(); client.get(path); times.append(time.perf_counter() - t)
    return statistics.median(times), len(got.content)

org = sys.argv[2]
pages = {}
for path in ["/", "/orgs", "/orgs?page=300", "/orgs?domain=village&grade=好", f"/org/{org}", f"/org/{org}/print",
             "/grade", "/rounds", "/visits", "/rectify", "/standards", "/ledger"]:
    try:
        pages[path] = median(c, path)
    except AssertionError as exc:
        pages[path] = (None, str(exc)[:200])
floor = median(bare, "/")[0]
print(json.dumps({"start": start, "pages": pages, "floor": floor,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build(folder: Path, n: int) -> tuple[Path, str]:
    """bench_ledger's workspace (results for 2025 and 2026) with its roster imported."""
    spec = importlib.util.spec_from_file_location("bench_ledger", HERE / "bench_ledger.py")
    ledger = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ledger)
    root = ledger.build(folder, n)
    from dingji.core.inputs import Organization
    from dingji.services.workspace import open_workspace

    ws = open_workspace(root)
    with ws.store() as store:
        rows = store.db.execute("SELECT org, name, domain FROM results WHERE year = 2026").fetchall()
        store.replace_roster([Organization(o, name, d) for o, name, d in rows])
    return root, rows[len(rows) // 2][0]


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [30_000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            root, org = build(Path(tmp), n)
            made = time.perf_counter() - t
            out = subprocess.run([sys.executable, "-c", CASE, str(root), org], capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr)
            got = json.loads(out.stdout)
        print(
            f"{n:,} organizations (workspace built in {made:.1f} s); desk start-up {got['start'] * 1000:.0f} ms,"
            f" peak {got['peak_mb']:.0f} MB; floor (a bare Starlette page) {got['floor'] * 1000:.2f} ms"
        )
        print(f"{'page':<34} {'median ms':>10} {'x floor':>9} {'KB':>7}")
        for path, (seconds, size) in got["pages"].items():
            if seconds is None:
                print(f"{path:<34} {'failed':>10}  {size}")
                continue
            print(f"{path:<34} {seconds * 1000:>10.1f} {seconds / got['floor']:>9.0f} {size / 1024:>7.1f}")


if __name__ == "__main__":
    main()
