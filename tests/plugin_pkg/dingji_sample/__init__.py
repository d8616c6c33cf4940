"""dingji-sample: a small third-party dingji plugin, one hook implementation each.

- ``dingji_register_standards``: the 社区 (community) standard, a package data file;
- ``dingji_register_methods``: ``stars``, 0..5 stars entered → stars / 5 × points;
- ``dingji_register_trackers``: the ``grid`` tracker (网格走访台账), metric ``coverage``;
- ``dingji_register_metrics``: ``turnout``, valid survey answers / all answers
  (unknown without answers), for ``when`` rules;
- ``dingji_register_readers``: long-form scores separated by tabs (``.tsv``).
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import dingji
from dingji import hookimpl
from dingji.core.numbers import fmt

FIVE = Decimal(5)


def _stars(indicator):
    points = indicator.points

    def explain(values, got, lang):
        stars = fmt(values[0])
        if lang == "en":
            return f"{stars} of 5 stars × {fmt(points)} = {fmt(got)}"
        return f"{stars} 星（满 5 星）× {fmt(points)} 分 = {fmt(got)} 分"

    inputs = (dingji.Input(indicator.id, "score", indicator.name, FIVE),)
    return dingji.Scorer(inputs, lambda stars: stars / FIVE * points, explain)


STARS = dingji.Method("stars", "0..5 stars entered; stars / 5 × points", _stars)


def _turnout(standard, assessment):
    counts = [(opt, assessment.values.get(("survey", opt.name)) or 0) for opt in standard.survey or ()]
    answered = sum(n for _, n in counts)
    if not answered:
        return None
    return sum(n for opt, n in counts if opt.valid) / answered


def _read_tsv(path, standard):
    file = str(path)
    rows = []
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            org, source, item, value = line.split("\t")
            rows.append((org, source, item, value, number))
    return dingji.Batch(file, rows)


@hookimpl
def dingji_register_standards(register):
    register(resources.files("dingji_sample") / "community.toml")


@hookimpl
def dingji_register_methods(register):
    register(STARS)


@hookimpl
def dingji_register_trackers(register):
    register(dingji.TrackerInfo("grid", "网格走访台账", {"coverage": "share of households visited"}))


@hookimpl
def dingji_register_metrics(register):
    register(dingji.Metric("turnout", "valid survey answers / all survey answers", _turnout))


@hookimpl
def dingji_register_readers(register):
    register(dingji.Reader("tsv", (".tsv",), _read_tsv, None))
