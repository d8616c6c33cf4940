"""Checking the stored results' numbers (see :mod:`.results`): a hand-edited ``abc`` or ``''``
where a number belongs is found by SQL (:func:`bad_values`) and refused (:func:`check_values`).
"""

from __future__ import annotations

from dingji.core.errors import Place, Problem
from dingji.core.text import Text
from dingji.store.base import StoreError

#: A stored number is text that Decimal reads back; a hand-edited ``abc`` or ``''`` is not.
_NOT_A_NUMBER = "({c} GLOB '*[^0-9.Ee+-]*' OR {c} NOT GLOB '*[0-9]*')"
_NUMBERS = ("score", "exact", "bonus", "penalty")


def bad_values(store, year: int, limit: int = 20) -> tuple[list[tuple], int]:
    """Stored results of ``year`` whose numbers are not numbers (the file edited by hand):
    ``([(org, column, value)], how many in all)``, the first ``limit`` named."""
    where = (
        " OR ".join(_NOT_A_NUMBER.format(c=c) for c in _NUMBERS)
        + " OR (satisfaction IS NOT NULL AND "
        + _NOT_A_NUMBER.format(c="satisfaction")
        + ")"
    )
    rows = store.db.execute(
        f"SELECT org, {', '.join(_NUMBERS)}, satisfaction FROM results WHERE year=? AND ({where}) ORDER BY org", (year,)
    ).fetchall()
    out = []
    for org, *values in rows:
        for column, value in zip((*_NUMBERS, "satisfaction"), values):
            if value is not None and not _number(value):
                out.append((org, column, value))
    return out[:limit], len(out)


def _number(text) -> bool:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(text)).is_finite()
    except InvalidOperation:
        return False


def check_values(store, year: int) -> None:
    """A StoreError naming every stored result of ``year`` whose numbers are not numbers."""
    bad, total = bad_values(store, year)
    if not bad:
        return
    problems = [
        Problem(
            Place(file=str(store.path), key=f"results {year} {org} {column}"),
            Text(
                f"数据库中 {org} 的 {column} 为 {value!r}，不是数值（文件是否被手工改过？）；"
                "请重新定级（dingji evaluate），或用备份恢复数据库",
                f"the store holds {value!r} as the {column} of {org}: not a number (was the file edited by "
                "hand?); grade the domain again (dingji evaluate) or restore the store from a copy",
            ),
        )
        for org, column, value in bad
    ]
    if total > len(bad):
        problems.append(
            Problem(
                Place(file=str(store.path)), Text(f"……另有 {total - len(bad)} 处", f"… and {total - len(bad)} more")
            )
        )
    raise StoreError(problems)
