"""What ``dingji rectify list`` and ``suggest`` show: tasks beside their organization's grade,
the plans to be filed (备案), and drafts of problems from the graded results."""

from __future__ import annotations

import datetime as dt

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.rectify_form import OPEN, STATUSES, overdue_days, status_name
from dingji.core.text import Text
from dingji.report.graded import CLASSES, class_heading, class_name, class_rank, graded, iter_graded
from dingji.report.results import StandardCache
from dingji.services.roster import known_org
from dingji.services.text import Count
from dingji.store.rectify import filing_notes, filings, stored


def _filing(g, filed, lang):
    if g is None or not g.lowest:
        return ""
    if g.org in filed:
        return f"filed {filed[g.org]}" if lang == "en" else f"已备案 {filed[g.org]}"
    return "to be filed" if lang == "en" else "须备案"


def task_rows(store, registry, year: int, as_of: dt.date, org=None, overdue=False, lang="zh") -> list[dict]:
    """The tasks (of one organization; only those overdue as of ``as_of``) with grade, filing and the
    kind of rectification (``class``: 巩固先进, 推动一般, 整顿后进 by the grade), by kind, then
    organization and task (overdue: the longest overdue first)."""
    cache = StandardCache(store, registry)  # the grades of organizations with tasks only: a city has many more
    grades = {g.org: g for g in iter_graded(store, cache, year, rectifying=True)}
    filed, out = filings(store, year), []
    for t in stored(store, year, org):
        days = overdue_days(t, as_of)
        if overdue and not days:
            continue
        g = grades.get(t["org"])
        out.append(
            {
                "task": t["id"],
                "org": t["org"],
                "name": t["org_name"] or "",
                "grade": g.grade if g else None,
                "problem": t["problem"],
                "measures": t["measures"],
                "owner": t["owner"],
                "start": t["start"],
                "deadline": t["deadline"],
                "pledge": t["pledge"],
                "origin": t["origin"],
                "requirement": t["requirement"],
                "superior": t["superior"],
                "class": g.rectify_class if g else None,
                "class_name": class_name(g.rectify_class if g else None, lang),
                "status": t["status"],
                "status_name": status_name(t["status"], lang),
                "done_on": t["done_on"],
                "closed_on": t["closed_on"],
                "overdue_days": days,
                "overdue_text": "" if not days else (f"{Count(days):day}" if lang == "en" else f"逾期 {days} 天"),
                "filing": _filing(g, filed, lang),
            }
        )
    if overdue:
        out.sort(key=lambda d: (-d["overdue_days"], d["org"], d["task"]))
    else:
        out.sort(key=lambda d: (class_rank(d["class"]), d["org"], d["task"]))
    return out


def class_tally(grades: dict, tasks: list, as_of: dt.date) -> dict:
    """``{class: {"tasks", "overdue"}}`` of every kind of rectification, in order (巩固先进, 推动一般,
    整顿后进), then ``none`` for tasks of organizations not graded, if any (``grades``: the year's
    :func:`~dingji.report.graded.graded`; ``tasks``: its stored tasks, as ``status`` holds them)."""
    out = {c: {"tasks": 0, "overdue": 0} for c in CLASSES}
    for t in tasks:
        g = grades.get(t["org"])
        got = out.setdefault(g.rectify_class if g else "none", {"tasks": 0, "overdue": 0})
        got["tasks"] += 1
        got["overdue"] += bool(overdue_days(t, as_of))
    return out


def filing_rows(store, registry, year: int) -> list[dict]:
    """Organizations graded their standard's lowest grade: their tasks and the day their plan was filed."""
    filed, notes, tasks = filings(store, year), filing_notes(store, year), {}
    for t in stored(store, year):
        tasks[t["org"]] = tasks.get(t["org"], 0) + 1
    return [
        {
            "org": g.org,
            "name": g.name,
            "domain": g.domain_name,
            "grade": g.grade,
            "tasks": tasks.get(g.org, 0),
            "filed_on": filed.get(g.org),
            "note": notes.get(g.org, ""),
        }
        for g in iter_graded(store, StandardCache(store, registry), year, grades=_lowest_names(registry))
        if g.lowest
    ]


def _lowest_names(registry) -> tuple[str, ...]:
    """The lowest grade of every loaded standard (found in SQL; each result is checked against its own run's)."""
    return tuple(sorted({std.lowest_grade for std in registry.standards.values()})) or ("",)


def tally(store, year: int, as_of: dt.date) -> dict:
    """The year's tasks in numbers: ``tasks``, ``by_status`` {status id: tasks, every status in
    order} and ``overdue`` (open tasks past their deadline as of ``as_of``)."""
    every = stored(store, year)
    return {
        "tasks": len(every),
        "by_status": {s: sum(t["status"] == s for t in every) for s in STATUSES},
        "overdue": sum(1 for t in every if t["status"] in OPEN and overdue_days(t, as_of)),
    }


def suggestions(ws, store, registry, year: int, orgs, grades, top: int, lang: str = "zh", visits: bool = False):
    """``(draft rows, organizations without any problem)`` for ``orgs``, every organization of
    ``grades`` and, with ``visits``, every organization whose visits found a problem: where the
    points were lost (:func:`dingji.services.suggest.drafts`), then what the visits found
    (:func:`dingji.services.suggest.visit_drafts`)."""
    from dingji.report.plan import phases, rectify_deadline
    from dingji.report.results import regrade
    from dingji.services.suggest import drafts, visit_drafts
    from dingji.store.visits import visits as visits_of

    have = graded(store, registry, year)
    seen: dict[str, list] = {}  # each organization's visits, gathered once
    for v in visits_of(store, year):
        seen.setdefault(v["org"], []).append(v)
    found = sorted(o for o, vs in seen.items() if any(visit_drafts([v], "", None, None) for v in vs)) if visits else []
    wanted = [*orgs, *[g.org for g in have.values() if g.grade in grades], *found]
    wanted = list(dict.fromkeys(wanted))
    roster = store.roster()
    for o in orgs:
        if o not in have:
            known_org(roster, o)
    missing = [o for o in orgs if o not in have]
    if missing:
        raise DingjiError(
            [
                Problem(
                    Place(key=o),
                    Text(
                        f"{year} 年没有 {o} 的定级结果；请先运行 dingji evaluate",
                        f"no {year} result for {o}; run dingji evaluate first",
                    ),
                )
                for o in missing
            ]
        )
    deadline = rectify_deadline(phases(ws.config, str(ws.config_path)))
    standard_of = StandardCache(store, registry)
    rows, empty = [], []
    for org in wanted:
        entry = roster.get(org)
        owner, name = (entry.secretary, entry.name) if entry else (None, org)
        got = []
        if org in have:
            [row] = store.result_rows(year, org=org)
            got = drafts(regrade(row, *standard_of(row.run_id)), owner, deadline, top, lang)
        got += visit_drafts(seen.get(org, []), name, owner, deadline, lang)
        rows += got
        if not got:
            empty.append(org)
    return rows, empty


def class_headings(store, registry, year: int, lang: str = "zh") -> dict[str, str]:
    """``{class: "巩固先进（好）"}``: each kind of rectification with the grades it takes, by the
    standards graded in ``year``."""
    used = [
        registry.standards[r["domain"]] for r in store.runs(year, active_only=True) if r["domain"] in registry.standards
    ]
    return {c: class_heading(c, used, lang) for c in CLASSES}
