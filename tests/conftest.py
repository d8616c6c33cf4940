"""Shared fixtures: a plugin registry without entry points, and the format page's example.

The example standard (tests/data/example.toml) has sources self 0.2 (indicators),
review 0.3 (survey) and superior 0.5 (indicators); indicators secretary (score 15),
meetings (deduct 2 per 次, 25), participation (tiers 0.95→30, 0.85→20, 0.7→10) and
pledges (tracker 30); bonus honor 2 (cap 5); penalty late_report 1 (cap 10).

BASE, the input most tests start from, grades by hand as:
  self     = 14 + (25 − 2×2) + 20 (0.9 reaches 0.85) + 0.8×30 = 14 + 21 + 20 + 24 = 79
  superior = 13.5 + (25 − 3×2) + 30 (0.96 reaches 0.95) + 24 = 13.5 + 19 + 30 + 24 = 86.5
  review   = 100 × (41×1 + 6×0.8 + 3×0) / (41 + 6 + 3) = 100 × 45.8 / 50 = 91.6   (不了解 left out)
  satisfaction = (41 + 6) / 50 = 0.94
  combined = 0.2×79 + 0.3×91.6 + 0.5×86.5 = 15.8 + 27.48 + 43.25 = 86.53 → 86.5 → 较好
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import dingji
from dingji.registry import Registry

DATA = Path(__file__).parent / "data"

BASE = {
    ("self", "secretary"): "14",
    ("self", "meetings"): "2",
    ("self", "participation"): "0.9",
    ("superior", "secretary"): "13.5",
    ("superior", "meetings"): "3",
    ("superior", "participation"): "0.96",
    ("tracker", "pledges"): "0.8",
    ("survey", "满意"): "41",
    ("survey", "基本满意"): "6",
    ("survey", "不满意"): "3",
    ("survey", "不了解"): "10",
}

#: full marks in both indicator sources (15 + 25 + 30 + 30 = 100 each); no survey: set it per test
FULL = {
    ("self", "secretary"): "15",
    ("self", "meetings"): "0",
    ("self", "participation"): "1",
    ("superior", "secretary"): "15",
    ("superior", "meetings"): "0",
    ("superior", "participation"): "1",
    ("tracker", "pledges"): "1",
}

#: 0 in both indicator sources: 0 + max(0, 25 − 2×13) + 0 (below every tier) + 0×30; no survey
ZERO = {
    ("self", "secretary"): "0",
    ("self", "meetings"): "13",
    ("self", "participation"): "0.5",
    ("superior", "secretary"): "0",
    ("superior", "meetings"): "13",
    ("superior", "participation"): "0.69",
    ("tracker", "pledges"): "0",
}

INPUTS = {"base": BASE, "full": FULL, "zero": ZERO}


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Built-in plugins only, so installed or test plugins never change these results."""
    return Registry(entry_points=False)


@pytest.fixture(scope="session")
def example_text() -> str:
    return (DATA / "example.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example(registry):
    return registry.load(DATA / "example.toml")


@pytest.fixture
def example_input():
    """example_input("base" | "full" | "zero") -> a fresh copy of that input (see above)."""
    return lambda name="base": dict(INPUTS[name])


@pytest.fixture
def grade_example(example):
    """grade_example(changes, base="base", drop=()) -> the Result of org "c" under the example."""

    def run(changes=None, base="base", drop=(), standard=None):
        values = dict(INPUTS[base])
        values.update(changes or {})
        for key in drop:
            del values[key]
        return dingji.evaluate(standard or example, {"c": values})[0]

    return run


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory) -> Path:
    """One LibreOffice user profile for the session: the first soffice run fills it (seconds), the others reuse it."""
    return tmp_path_factory.mktemp("lo-profile")


# --- workspaces made once per session ---------------------------------------------------------------------------
# Building a workspace runs the real commands (init, roster import, evaluate; the demo grades a whole township), so it
# is done once per session.  A template is read-only: tests that only read use it as it is; tests that change a
# workspace take a copy (shutil.copytree, a few milliseconds).  At the end of the session each template is compared
# with what it was when made, so a test that writes into one fails instead of quietly changing its neighbours.


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class _Templates:
    def __init__(self):
        self.made: dict[Path, dict[str, str]] = {}

    def add(self, root: Path) -> Path:
        self.made[root] = _digest(root)
        return root

    def check(self):
        changed = [str(root) for root, digest in self.made.items() if _digest(root) != digest]
        assert not changed, f"a test wrote into a shared, read-only workspace (copy it first): {changed}"


@pytest.fixture(scope="session")
def _templates():
    templates = _Templates()
    yield templates
    templates.check()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, _templates) -> Path:
    """岩樟乡 as ``dingji demo 岩樟乡`` makes it, run once per session in a child process as a user runs it; what
    the command printed is in ``stdout.txt`` inside it.  Read-only: copy it (demo_copy) to change anything."""
    from cli_support import run

    base = tmp_path_factory.mktemp("demo")
    proc = run(["demo", "岩樟乡"], cwd=base, timeout=300)
    assert proc.returncode == 0, proc.stderr
    root = base / "岩樟乡"
    (root / "stdout.txt").write_text(proc.stdout, encoding="utf-8")
    return _templates.add(root)


@pytest.fixture
def demo_copy(demo_template, tmp_path) -> Path:
    """A copy of the demo workspace of this test's own, to change."""
    return Path(shutil.copytree(demo_template, tmp_path / "岩樟乡"))


def _copier(tmp_path_factory, templates: _Templates, make):
    made: dict[tuple, Path] = {}

    def copy(dest: Path, **kw) -> Path:
        key = tuple(sorted(kw.items()))
        if key not in made:
            made[key] = templates.add(make(tmp_path_factory.mktemp(make.__name__) / Path(dest).name, **kw))
        return Path(shutil.copytree(made[key], dest))

    return copy


@pytest.fixture(scope="session")
def copy_workspace(tmp_path_factory, _templates):
    """copy_workspace(dest, **kw) -> a copy at ``dest`` of ``cli_support.make_workspace(..., **kw)``.

    Each distinct ``kw`` is built once per session (into a read-only template) and copied from then on, so a test
    may change its copy freely."""
    from cli_support import make_workspace

    return _copier(tmp_path_factory, _templates, make_workspace)


@pytest.fixture(scope="session")
def copy_township(tmp_path_factory, _templates):
    """copy_township(dest, **kw) -> a copy at ``dest`` of ``ledger_support.make_township(..., **kw)``, as
    copy_workspace."""
    from ledger_support import make_township

    return _copier(tmp_path_factory, _templates, make_township)
