"""What every exported ledger is checked against while it is read back (:mod:`.ledger_read`):
each row's numbers, grade and rules against its standard's scale (:mod:`.ledger_scale`), one
scale per domain name, and a file's problems raised at once (at most :data:`SHOWN` shown).
"""

from __future__ import annotations

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text

#: a file's problems shown at most (then one line saying how many more)
SHOWN = 100
#: the number of decimals an export writes source scores, bonus and penalty with
PLACES = {"xlsx": 2, "json": 4}

OLD = (
    "it does not carry its standards' grades and thresholds (exported by an older dingji); "
    "export it again with this version",
    "台账中没有各评分标准的等次与分数线（可能由旧版 dingji 导出）；请用当前版本重新导出",
)


def _fail(file, en, zh, **where):
    raise InputError([Problem(Place(file=str(file), **where), Text(zh, en))])


def _raise(problems):
    if len(problems) > SHOWN:
        more = len(problems) - SHOWN
        problems = problems[:SHOWN] + [
            Problem(Place(file=problems[0].place.file), Text(f"另有 {more} 个问题", f"and {more} more problems"))
        ]
    raise InputError(problems)


def _check(row, scale, problems, place_of) -> None:
    """The row's numbers, grade and rules against its standard; ``place_of(field)`` places a problem."""
    held = (*row["_reasons"], *row["_idle"])
    for field, en, zh in scale.check_numbers(row["sources"], row["bonus"], row["penalty"]) + scale.check(
        row["score"], row["grade"], held
    ):
        problems.append(Problem(place_of(field), Text(f"{row['org']}：{zh}", f"{row['org']}: {en}")))


def _same_scales(scales, file) -> dict:
    """``{domain name: Scale}`` from ``[(name, place key, Scale)]``; two different scales under one
    domain name are a problem (a row could not tell which is its own)."""
    out, problems = {}, []
    for name, key, scale in scales:
        if name in out and out[name] != scale:
            problems.append(
                Problem(
                    Place(file=file, key=key),
                    Text(
                        f"台账中有两个评分标准都名为“{name}”，而等次或分数线不同",
                        f"two standards of the ledger are both named {name}, with different grades",
                    ),
                )
            )
        out.setdefault(name, scale)
    if problems:
        _raise(problems)
    return out
