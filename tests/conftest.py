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

from pathlib import Path

import pytest

import dingji
from dingji.registry import Registry

DATA = Path(__file__).parent / "data"

BASE = {
    ("self", "secretary"): "14", ("self", "meetings"): "2", ("self", "participation"): "0.9",
    ("superior", "secretary"): "13.5", ("superior", "meetings"): "3", ("superior", "participation"): "0.96",
    ("tracker", "pledges"): "0.8",
    ("survey", "满意"): "41", ("survey", "基本满意"): "6", ("survey", "不满意"): "3", ("survey", "不了解"): "10",
}

#: full marks in both indicator sources (15 + 25 + 30 + 30 = 100 each); no survey: set it per test
FULL = {
    ("self", "secretary"): "15", ("self", "meetings"): "0", ("self", "participation"): "1",
    ("superior", "secretary"): "15", ("superior", "meetings"): "0", ("superior", "participation"): "1",
    ("tracker", "pledges"): "1",
}

#: 0 in both indicator sources: 0 + max(0, 25 − 2×13) + 0 (below every tier) + 0×30; no survey
ZERO = {
    ("self", "secretary"): "0", ("self", "meetings"): "13", ("self", "participation"): "0.5",
    ("superior", "secretary"): "0", ("superior", "meetings"): "13", ("superior", "participation"): "0.69",
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
