"""How long `dingji --help` takes beside `python -c "import click"`, measured in the same run.

Goal: within 1.5x (subcommands and plugins load only when a command needs them).
Prints medians of N runs of each; asserts nothing.  Usage: python benchmarks/bench_cli_startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_time(cmd, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    floor = median_time([sys.executable, "-c", "import click"], n)
    help_ = median_time(
        [sys.executable, "-c", "from dingji.cli import main; import sys; sys.argv=['dingji','--help']; main()"], n
    )
    version = median_time(
        [sys.executable, "-c", "from dingji.cli import main; import sys; sys.argv=['dingji','--version']; main()"], n
    )
    print(f'python -c "import click": {floor * 1000:.0f} ms (median of {n})')
    print(f"dingji --help:             {help_ * 1000:.0f} ms  ({help_ / floor:.2f}x; goal: within 1.5x)")
    print(f"dingji --version:          {version * 1000:.0f} ms  ({version / floor:.2f}x)")


if __name__ == "__main__":
    main()
