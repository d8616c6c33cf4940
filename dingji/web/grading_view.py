"""What the grading pages show, as plain data: the domains with their counts and rounds, a
grading's counts and table, and what changed since the last grading."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from dingji.core.model import label
from dingji.core.numbers import fmt, fmt_fixed
from dingji.services.rounds import SHOWN, grade_changes, round_rows, stored_grades
from dingji.store.rounds import current, round_name

#: organizations shown in a preview's table (the counts and the changes cover them all)
TABLE_ROWS = 2000


def standard_of(desk, domain: str):
    """The standard of ``domain`` (its id, as the URLs name it); 404 for any other."""
    std = desk.registry.standards.get(domain)
    if std is None:
        raise HTTPException(404, f"{domain}: no such domain / 没有这个领域")
    return std


def current_rounds(store, registry, year: int) -> dict[str, dict]:
    """``{domain: its current round}`` (the latest), from :func:`round_rows`."""
    last: dict[str, dict] = {}
    for r in round_rows(store, registry, year):
        last[r["domain"]] = r
    return last


def round_text(r: dict | None, lang: str) -> str:
    """``第 2 轮（复评）`` / ``round 2 (re-grading)``."""
    if r is None:
        return ""
    name = round_name(r["number"], "en") if lang == "en" and r["name"] == round_name(r["number"]) else r["name"]
    return f"round {r['number']} ({name})" if lang == "en" else f"第 {r['number']} 轮（{name}）"


def domain_rows(desk, store, lang: str) -> list[dict]:
    """Every standard in the registry's order: organizations in the roster, graded, current round."""
    by_name = {}
    for std in desk.registry.standards.values():
        by_name.setdefault(std.domain, std.id)
        by_name[std.id] = std.id
    in_roster: dict[str, int] = {}
    for org in store.roster().values():
        sid = by_name.get(org.domain)
        if sid is not None:
            in_roster[sid] = in_roster.get(sid, 0) + 1
    graded: dict[str, int] = {}
    for domain, _grade, n, _service in store.grade_counts(desk.year):
        graded[domain] = graded.get(domain, 0) + n
    rounds = current_rounds(store, desk.registry, desk.year)
    return [
        {
            "id": std.id,
            "name": std.domain,
            "standard": std.name,
            "roster": in_roster.get(std.id, 0),
            "graded": graded.get(std.id, 0),
            "round": rounds.get(std.id),
            "round_text": round_text(rounds.get(std.id), lang),
        }
        for std in desk.registry.standards.values()
    ]


def state(desk, std) -> tuple[dict | None, dict]:
    """The current round of ``std``'s domain (None before its first grading) and the stored grades."""
    with desk.store() as store, store.reading():
        return current(store, desk.year, std.id), stored_grades(store, desk.year, std.id)


def changes_of(before: dict, results) -> list[dict] | None:
    """What grading ``results`` changes (None: nothing stored before, the first grading)."""
    return grade_changes(before, results) if before else None


def _points(value) -> str:
    """A source's points as the command's table shows them (at most two decimals)."""
    return "" if value is None else fmt(value, 2)


def graded(std, done, changes, lang: str) -> dict:
    """A grading (a dry run or stored) as the preview and result pages show it."""
    sources = list(std.sources)
    rows = [
        {
            "org": r.org,
            "name": r.name,
            "sources": [_points(r.sources.get(s.id)) for s in sources],
            "score": fmt_fixed(r.score, std.precision),
            "grade": r.grade,
            "vetoes": "、".join(label(v, lang) for v in r.reasons),
            "service": bool(r.service_oriented),
        }
        for r in done.results[:TABLE_ROWS]
    ]
    return {
        "counts": done.counts,
        "total": len(done.results),
        "service": done.service_oriented if std.service else None,
        "sources": [label(s, lang) for s in sources],
        "rows": rows,
        "more_rows": max(0, len(done.results) - TABLE_ROWS),
        "changes": None if changes is None else changes[:SHOWN],
        "changed": None if changes is None else len(changes),
        "more_changes": 0 if changes is None else max(0, len(changes) - SHOWN),
        "warnings": list(done.warnings),
        "replaced": list(done.replaced),
    }
