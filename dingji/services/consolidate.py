"""巩固成果 (the plan's fourth phase) and 学习先进 (its third) in ``dingji status``: what stays open
at the year's end, the year's moves from one round to the next, what carries into next year,
and the 先进典型 recorded.  Plain data; ``dingji status`` prints it.

- Open: the rectification tasks not yet accepted and closed (销号), per status, and those
  overdue; the organizations not visited.  (Objections raised during the notice, kept since
  schema 7, are not counted here yet.)
- Moves: per domain, each round's counts per grade (初定, 复评 …) and, for the organizations
  graded again, the move from the first round to the latest, by the rank of the standard.
- Next year: the open tasks carry over; next year's 晋位升级 compares with this year's latest
  round, the grades now in force.
"""

from __future__ import annotations

from dingji.core.rectify_form import OPEN, STATUSES, overdue_days
from dingji.report.exemplar_sheet import counts
from dingji.report.graded import DOWN, SAME, UP, move_of
from dingji.store.exemplars import stored as stored_exemplars
from dingji.store.rounds import kept_grades, round_grade_counts, round_name

#: The phase whose name holds this is 巩固成果 (the plan's fourth); 学习先进 the third.
CONSOLIDATE, LEARN = "巩固", "学习先进"


def in_phase(got: dict, word: str) -> bool:
    """Whether the status's current phase is the one named with ``word`` (the last phase also
    once every phase is over)."""
    if got["state"] == "after" and word == CONSOLIDATE:
        return True
    return bool(got["current"]) and word in got["current"]


def _rounds(store, registry, year: int, grades: dict) -> list[dict]:
    counts: dict[str, dict[int, dict[str, int]]] = {}
    for domain, number, grade, n in round_grade_counts(store, year):
        counts.setdefault(domain, {}).setdefault(number, {})[grade] = n
    moved: dict[str, dict[str, int]] = {}
    for org, kept in kept_grades(store, year).items():
        g = grades.get(org)
        if g is None or g.domain not in registry.standards:
            continue
        move = move_of(registry.standards[g.domain], g.grade, kept[0][2])
        if move is not None:
            tally = moved.setdefault(g.domain, dict.fromkeys((UP, SAME, DOWN), 0))
            tally[move] += 1
    order = {sid: i for i, sid in enumerate(registry.standards)}
    out = []
    for domain in sorted(counts, key=lambda d: (order.get(d, len(order)), d)):
        std = registry.standards.get(domain)
        names = [gr.name for gr in std.grades] if std else None
        out.append(
            {
                "domain": domain,
                "name": std.domain if std else domain,
                "rounds": [
                    {
                        "round": n,
                        "name": round_name(n),
                        "counts": {k: got.get(k, 0) for k in names} if names else got,
                    }
                    for n, got in sorted(counts[domain].items())
                ],
                "moves": moved.get(domain),  # None with one round: nobody was graded again
            }
        )
    return out


def exemplar_facts(store, year: int) -> dict:
    """The year's exemplars counted as the ledger's 汇总 counts them."""
    return counts(stored_exemplars(store, year))


def consolidation(store, registry, year: int, as_of, grades: dict, tasks: list, not_visited: list) -> dict:
    """What stays open, the moves between the year's rounds, and what carries into next year."""
    still = [t for t in tasks if t["status"] != "closed"]
    return {
        "open": {
            "tasks": len(still),
            "statuses": {s: sum(t["status"] == s for t in still) for s in STATUSES if s != "closed"},
            "overdue": sum(bool(overdue_days(t, as_of)) for t in still if t["status"] in OPEN),
            "organizations": len({t["org"] for t in still}),
            "not_visited": len(not_visited),
        },
        "rounds": _rounds(store, registry, year, grades),
        "next_year": {"year": year + 1, "tasks": len(still)},
    }
