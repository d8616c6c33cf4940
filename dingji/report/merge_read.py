"""Reading and checking the ledgers to combine (see :mod:`.merge`): each read by
:mod:`dingji.report.ledger_read` (:func:`read_all`), then one year, a township given twice
only if identical (:func:`same_content`), no organization in two places.
"""

from __future__ import annotations

from decimal import Decimal

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text


def _problem(en, zh, place=None, **where):
    return Problem(place or Place(**where), Text(zh, en))


def read_all(paths, warn=lambda text: None) -> list[dict]:
    """Every input, read and checked; a DingjiError with every problem otherwise."""
    from dingji.report.ledger_read import read_ledger

    inputs, problems = [], []
    for path in paths:
        try:
            got = read_ledger(path)
        except DingjiError as exc:
            problems.extend(exc.problems)
            continue
        # the same content, whatever file it came in (xlsx or JSON, exported when): counted once
        twin = next((i for i in inputs if i["unit"] == got["unit"] and same_content(i, got)), None)
        if twin is not None:
            warn(f"{got['file']} 与 {twin['file']} 内容相同，只计一次 / same content as {twin['file']}: counted once")
            continue
        inputs.append(got)
    if problems:
        raise DingjiError(problems)
    years = sorted({i["year"] for i in inputs})
    if len(years) > 1:
        listing = "; ".join(f"{i['file']}: {i['year']}" for i in inputs)
        raise DingjiError(
            [
                _problem(
                    f"the ledgers are of different years ({listing}); merge one year at a time",
                    f"台账年度不一致（{listing}）；请按年度分别合并",
                )
            ]
        )
    units: dict[str, dict] = {}
    twice = set()
    for i in inputs:
        unit = i["unit"] or i["file"]
        if unit in units:
            problems.append(
                _problem(
                    f"{unit} is given twice with different content: {units[unit]['file']} and {i['file']}",
                    f"{unit} 出现了两次且内容不同：{units[unit]['file']} 与 {i['file']}",
                    file=i["file"],
                )
            )
            twice.add(id(i))  # its organizations are not listed again one by one
        else:
            units[unit] = i
    where: dict[str, Place] = {}
    for i in inputs:
        if id(i) in twice:
            continue
        for row in i["rows"]:
            first = where.get(row["org"])
            if first is not None:
                problems.append(
                    _problem(
                        f"organization {row['org']} appears twice: here and at {first}",
                        f"组织 {row['org']} 出现了两次：此处与 {first.describe()}",
                        row["place"],
                    )
                )
            else:
                where[row["org"]] = row["place"]
    if problems:
        raise DingjiError(problems)
    return inputs


_TEXTS = ("name", "domain", "grade", "previous", "service", "_reasons", "_idle")


def same_content(a: dict, b: dict) -> bool:
    """Whether two ledgers say the same, each number compared at the precision of the coarser
    file: a score at its standard's precision, the rest at the decimals the file writes (an
    xlsx rounds them to 2, a JSON document to 4; within half a unit of the coarser, since
    the finer may itself be rounded from the same exact value)."""
    from dingji.report.ledger_read import MOVES

    if (a["unit"], a["year"], a["standards"], len(a["rows"])) != (b["unit"], b["year"], b["standards"], len(b["rows"])):
        return False
    others = {r["org"]: r for r in b["rows"]}
    places = min(a["places"], b["places"])
    for r in a["rows"]:
        o = others.get(r["org"])
        if (
            o is None
            or any(r[k] != o[k] for k in _TEXTS)
            or MOVES.get(r["move"], r["move"]) != MOVES.get(o["move"], o["move"])
        ):
            return False
        if r["sources"].keys() != o["sources"].keys():
            return False
        if not _close(r["score"], o["score"], a["standards"][r["domain"]].precision):
            return False
        if not all(_close(r[k], o[k], places) for k in ("bonus", "penalty")) or not all(
            _close(v, o["sources"][k], places) for k, v in r["sources"].items()
        ):
            return False
    return True


def _close(x, y, places: int) -> bool:
    if x is None or y is None:
        return x is y
    return abs(Decimal(repr(x)) - Decimal(repr(y))) <= Decimal(5).scaleb(-places - 1)
