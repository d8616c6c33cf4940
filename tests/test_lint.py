"""The style holds: ruff's lint rules and its formatting (pyproject's [tool.ruff]), run by the
README's test command like every other check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["dingji", "tests", "benchmarks"]


def ruff(*args):
    exe = shutil.which("ruff")
    if exe is None:
        try:
            import ruff as _ruff  # noqa: F401 - installed with the test extra
        except ImportError:
            pytest.skip("ruff is not installed (pip install -e '.[test]')")
        cmd = [sys.executable, "-m", "ruff", *args]
    else:
        cmd = [exe, *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing():
    got = ruff("check", *PATHS)
    assert got.returncode == 0, got.stdout[-3000:] + got.stderr[-1000:]


def test_the_code_is_formatted():
    got = ruff("format", "--check", *PATHS)
    assert got.returncode == 0, got.stdout[-3000:] + got.stderr[-1000:]
