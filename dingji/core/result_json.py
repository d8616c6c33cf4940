"""A result's JSON form (:func:`result_dict`), the machine-readable result object of cli.md,
schema :data:`SCHEMA_VERSION`."""

from __future__ import annotations

import weakref

from dingji.core.numbers import as_json_number

SCHEMA_VERSION = 1


def result_dict(result) -> dict:
    """The machine-readable result object of cli.md (schema_version 1)."""
    std = result.standard
    num = _numbers(std)
    indicators = []
    for index, fixed in enumerate(_indicators(std)):
        indicators.append({**fixed, "values": {sid: num(got[index]) for sid, got in result.points.items()}})
    nxt = result.next_grade()
    return {
        "org": result.org,
        "name": result.name,
        "domain": result.domain,
        "standard": std.ref(),
        "score": as_json_number(result.score, std.precision),
        "grade": result.grade,
        "score_grade": result.score_grade,
        "vetoes": [{"id": v.id, "name": v.name, "changed_grade": result.changed_grade(v)} for v in result.vetoes],
        "service_oriented": result.service_oriented,
        "satisfaction": as_json_number(result.satisfaction),
        # with several surveys (cli.md): each survey's satisfaction; "satisfaction" is the lowest
        **({"surveys": {k: as_json_number(v) for k, v in result.surveys.items()}} if len(std.surveys) > 1 else {}),
        "sources": {k: as_json_number(v) for k, v in result.sources.items()},
        "bonus": as_json_number(result.bonus),
        "penalty": as_json_number(result.penalty),
        "next_grade": None if nxt is None else {"grade": nxt[0], "gap": as_json_number(nxt[1])},
        "indicators": indicators,
    }


_fixed: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _indicators(std) -> list[dict]:
    """What each indicator's object says whatever the organization, made once per standard."""
    got = _fixed.get(std)
    if got is None:
        got = _fixed[std] = [
            {
                "id": ind.id,
                "name": ind.name,
                "category": ind.category,
                "points": as_json_number(ind.points),
                "method": ind.method,
            }
            for ind, _ in std.scorers
        ]
    return got


def _numbers(std):
    """:func:`as_json_number` remembered per value: an indicator's points take a few values over
    thousands of organizations (equal Decimals give equal numbers, 1.0 and 1 alike)."""
    memo = _memo.get(std)
    if memo is None:
        memo = _memo[std] = {}

    def num(x):
        got = memo.get(x)
        if got is None:
            got = as_json_number(x)
            if len(memo) < 10_000:
                memo[x] = got
        return got

    return num
