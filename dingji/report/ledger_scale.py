"""What a ledger carries of each standard so that a merge can check its grades: the total,
the precision, the grades best first with their minimums, and the grade each veto or cap
rule lowers to.

An export writes it twice: in the JSON manifest (``manifest.standards[i]``: ``total``,
``precision``, ``grades [{name, min}]``, ``vetoes [{name, grade}]``) and as xlsx custom
document properties, one short value each (Excel keeps at most 255 characters)::

    dingji.scale.<domain>      "<total> <precision> <domain name>"
    dingji.grade.<domain>.<k>  "<min> <grade name>"          k = 1, 2, ... best first
    dingji.veto.<domain>.<k>   "<grade number> <rule name>"   the k-th grade it lowers to

A merge reads it back into a :class:`Scale` per domain name (the 领域 of a row) and
checks each row's grade against its score: the grade the thresholds give, lowered only
by the rules the row names (see :mod:`dingji.core.rules`).
The :class:`Scale` and its checks are in :mod:`.scale`, reading it back in :mod:`.scale_read`
(both importable from here too).
"""

from __future__ import annotations

from dingji.core.numbers import as_json_number
from dingji.report.scale import _NUMBER, LIMIT, Scale, _text, shown  # noqa: F401 - re-exported
from dingji.report.scale_read import _decimal, build, from_properties, merged_order  # noqa: F401 - re-exported


def manifest_entry(std) -> dict:
    """The keys an export adds to a standard's manifest entry."""
    from dingji.core.rules import rule_rank

    return {
        "total": as_json_number(std.total, 6),
        "precision": std.precision,
        "grades": [{"name": g.name, "min": as_json_number(g.min, 6)} for g in std.grades],
        "vetoes": [{"name": v.name, "grade": std.grades[rule_rank(std, v)].name} for v in std.vetoes],
    }


def properties(domain: str, std) -> dict[str, str]:
    """The document properties of one standard (``domain`` is its key, as dingji.standard.<domain>)."""
    from dingji.core.rules import rule_rank

    out = {f"dingji.scale.{domain}": f"{_text(std.total)} {std.precision} {std.domain}"}
    for k, g in enumerate(std.grades, 1):
        out[f"dingji.grade.{domain}.{k}"] = f"{_text(g.min)} {g.name}"
    for k, v in enumerate(std.vetoes, 1):
        out[f"dingji.veto.{domain}.{k}"] = f"{rule_rank(std, v) + 1} {v.name}"
    return {key: value[:255] for key, value in out.items()}
