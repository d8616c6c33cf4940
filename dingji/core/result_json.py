"""A result's JSON form (:func:`result_dict`), the machine-readable result object of cli.md,
schema :data:`SCHEMA_VERSION`."""

from __future__ import annotations

from dingji.core.numbers import as_json_number

SCHEMA_VERSION = 1


def result_dict(result) -> dict:
    """The machine-readable result object of cli.md (schema_version 1)."""
    std = result.standard
    indicators = []
    for index, (ind, _) in enumerate(std.scorers):
        indicators.append(
            {
                "id": ind.id,
                "name": ind.name,
                "category": ind.category,
                "points": as_json_number(ind.points),
                "method": ind.method,
                "values": {sid: as_json_number(got[index]) for sid, got in result.points.items()},
            }
        )
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
