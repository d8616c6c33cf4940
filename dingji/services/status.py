"""The year at a glance (``dingji status``): the phases of the year with their dates,
the one a day falls in, and what is still outstanding — organizations not visited,
visits assigned and overdue, domains of the roster not evaluated, organizations without a
grade, rectification tasks overdue, plans of the lowest grade not yet filed — with the
rectification tasks per kind (巩固先进, 推动一般, 整顿后进), the visits assigned, 晋位升级 and the
distribution checks in a line each, and the organizations within the configured
margin of a grade line; the 先进典型 recorded, and, for the last phase (巩固成果), what
stays open and the year's moves from round to round (:mod:`.consolidate`).  Plain data;
the command prints it.
"""

from __future__ import annotations

import datetime as dt

from dingji.core.numbers import as_json_number
from dingji.core.rectify_form import overdue_days
from dingji.report.graded import DOWN, SAME, UP, graded
from dingji.report.plan import check_quotas, current, distribution, near, phases
from dingji.services.consolidate import consolidation, exemplar_facts
from dingji.services.rectify_view import class_tally
from dingji.services.visit_plan import assignment_rows
from dingji.services.visit_plan import tally as plan_tally
from dingji.store.rectify import filings, stored
from dingji.store.visits import visited


def _domains(roster, registry) -> dict[str, tuple[str, str]]:
    """``{org: (standard id, domain name)}``; a roster domain no standard has is shown as it is."""
    out = {}
    for o in roster.values():
        try:
            std = registry.standard(o.domain)
            out[o.id] = (std.id, std.domain)
        except Exception:  # noqa: BLE001 - a roster domain no standard has: shown as it is
            out[o.id] = (o.domain, o.domain)
    return out


def _in_order(registry, grades: dict, roster: dict, domain_of: dict):
    """``grades`` and ``roster`` in the registry's order of standards (农村, 企业, 机关事业单位,
    窗口 for the built-ins, as the ledger), then by id; a domain no standard has comes last."""
    rank = {sid: i for i, sid in enumerate(registry.standards)}

    def key(sid: str, org: str):
        return rank.get(sid, len(rank)), sid, org

    return (
        dict(sorted(grades.items(), key=lambda kv: key(kv[1].domain, kv[0]))),
        dict(sorted(roster.items(), key=lambda kv: key(domain_of[kv[0]][0], kv[0]))),
        rank,
    )


def _not_evaluated(store, year: int, domain_of: dict) -> list[dict]:
    evaluated = {r["domain"] for r in store.runs(year, active_only=True)}
    out: dict[str, dict] = {}
    for sid, name in domain_of.values():
        if sid not in evaluated:
            out.setdefault(sid, {"domain": sid, "name": name, "organizations": 0})["organizations"] += 1
    return list(out.values())


def _checks(grades, registry, quotas, lang: str) -> list:
    """The distribution checks per domain and over all (guidance only)."""
    counts: dict[str, dict[str, int]] = {}
    for g in grades.values():
        counts.setdefault(
            g.domain_name,
            {gr.name: 0 for gr in registry.standard(g.domain).grades} if g.domain in registry.standards else {},
        )
        counts[g.domain_name][g.grade] = counts[g.domain_name].get(g.grade, 0) + 1
    overall: dict[str, int] = {}
    for c in counts.values():
        for k, n in c.items():
            overall[k] = overall.get(k, 0) + n
    checks = [c for scope, c_ in counts.items() for c in check_quotas(scope, c_, quotas)]
    return checks + check_quotas("all" if lang == "en" else "合计", overall, quotas)


def phase_facts(plan, index, state, as_of: dt.date) -> dict:
    return {
        "phases": [
            {
                "name": p.name,
                "start": p.start and p.start.isoformat(),
                "end": p.end and p.end.isoformat(),
                "current": i == index,
            }
            for i, p in enumerate(plan)
        ],
        "state": state,
        "current": None if index is None else plan[index].name,
        "days_left": None if index is None else (plan[index].end - as_of).days,
        "next": next(
            ({"name": p.name, "start": p.start.isoformat()} for p in plan if p.start and p.start > as_of), None
        ),
    }


def round_facts(store, registry, year: int) -> list[dict]:
    """Each domain's current round: its number and name, published (公示) or not, notice out of date."""
    from dingji.services.rounds import round_rows

    last: dict[str, dict] = {}
    for r in round_rows(store, registry, year):
        last[r["domain"]] = r
    return [
        {
            "domain": r["domain"],
            "name": r["domain_name"],
            "round": r["number"],
            "round_name": r["name"],
            "published": (r["notice_from"] or r["published_at"] or "")[:10] or None,
            "notice_out_of_date": bool(r["notice_stale"]),
            "amendments": r["amendments"],
        }
        for r in last.values()
    ]


def _needs_plan(g, registry) -> bool:
    """Graded one of its standard's two lowest grades (一般, 较差): a rectification plan is due."""
    try:
        names = [x.name for x in registry.standard(g.domain).grades]
    except Exception:  # noqa: BLE001 - a standard no longer loaded: judge by the lowest grade alone
        return g.lowest
    return g.grade in names[-2:]


def _visits_overdue(store, registry, year: int, as_of: dt.date, lang: str) -> list[dict]:
    return [
        {k: a[k] for k in ("org", "name", "visitors", "due", "overdue_days")}
        for a in assignment_rows(store, registry, year, as_of, lang)
        if a["state"] == "overdue"
    ]


def status(ws, store, registry, year: int, as_of: dt.date, lang: str = "zh") -> dict:
    """The year at a glance as of ``as_of`` (JSON-ready: ``dingji status --format json`` prints it)."""
    config_file = str(ws.config_path)
    plan = phases(ws.config, config_file)
    quotas, margin = distribution(ws.config, config_file)
    from dingji.store.results import check_values

    check_values(store, year)
    roster = store.roster()
    domain_of = _domains(roster, registry)
    grades, roster, rank = _in_order(registry, graded(store, registry, year), roster, domain_of)
    seen, tasks, filed = visited(store, year), stored(store, year), filings(store, year)

    def place(org: str) -> int:  # an organization's domain in the standards' order
        return rank.get(domain_of[org][0] if org in domain_of else "", len(rank))

    late = sorted(
        (t for t in tasks if overdue_days(t, as_of)),  # the longest overdue first
        key=lambda t: (t["deadline"], place(t["org"]), t["org"], t["id"]),
    )
    with_tasks = {t["org"] for t in tasks}
    moves = {k: sum(g.move == k for g in grades.values()) for k in (UP, SAME, DOWN)}
    not_visited = [{"org": o.id, "name": o.name} for o in roster.values() if o.id not in seen]
    return {
        "workspace": ws.name,
        "year": year,
        "as_of": as_of.isoformat(),
        **phase_facts(plan, *current(plan, as_of), as_of),
        "outstanding": {
            "not_visited": not_visited,
            "domains_not_evaluated": sorted(
                _not_evaluated(store, year, domain_of), key=lambda d: (rank.get(d["domain"], len(rank)), d["domain"])
            ),
            "not_graded": [
                {"org": o.id, "name": o.name, "domain": domain_of[o.id][1]}
                for o in roster.values()
                if o.id not in grades
            ],
            "overdue": [
                {
                    "task": t["id"],
                    "org": t["org"],
                    "problem": t["problem"],
                    "owner": t["owner"],
                    "deadline": t["deadline"],
                    "days": overdue_days(t, as_of),
                }
                for t in late
            ],
            "to_file": [
                {"org": g.org, "name": g.name, "grade": g.grade, "tasks": g.org in with_tasks}
                for g in grades.values()
                if g.lowest and g.org not in filed
            ],
            "no_plan": [
                {"org": g.org, "name": g.name, "grade": g.grade}
                for g in grades.values()
                if g.org not in with_tasks and _needs_plan(g, registry)
            ],
            "visits_overdue": _visits_overdue(store, registry, year, as_of, lang),
        },
        "organizations": len(roster),
        "graded": len(grades),
        "visited": sum(o in seen for o in roster),
        "tasks": len(tasks),
        "rectification": class_tally(grades, tasks, as_of),  # 巩固先进, 推动一般, 整顿后进
        "visits_plan": plan_tally(store, year, as_of),  # 人员分工: assigned, done, overdue, pending
        "moves": {**moves, "previous_year": year - 1, "compared": sum(moves.values())},
        "rounds": round_facts(store, registry, year),
        "checks": [{"text": c.text(lang), "ok": c.ok} for c in _checks(grades, registry, quotas, lang)],
        "margin": as_json_number(margin),  # [distribution] margin: the points that make a score "near"
        "near": [
            {"org": g.org, "name": g.name, "score": str(g.score), "grade": g.grade}
            for g in grades.values()
            if near(g, margin)
        ],
        "exemplars": exemplar_facts(store, year),  # 学习先进
        "consolidation": consolidation(store, registry, year, as_of, grades, tasks, not_visited),  # 巩固成果
    }
