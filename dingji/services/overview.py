"""The desk's overview (``/``): what ``dingji status`` says, at any size.

Every figure is counted in SQL and every list is cut at ``shown`` names with its full count
(``{"count": n, "items": [...]}``), so the page costs the same for a township and a city; the
lists link to the pages that show them whole.  ``dingji status`` keeps its full JSON."""

from __future__ import annotations

import datetime as dt

from dingji.core.rectify_form import overdue_days
from dingji.report.graded import DOWN, SAME, UP, iter_near, move_of
from dingji.report.plan import check_quotas, current, distribution, near, phases
from dingji.report.results import StandardCache
from dingji.services.status import phase_facts, round_facts
from dingji.store import overview as q
from dingji.store.graded import transitions

SHOWN = 20


def _domain_name(registry, domain: str) -> str:
    try:
        return registry.standard(domain).domain
    except Exception:  # noqa: BLE001 - a roster domain no standard has: shown as it is
        return domain


def _orgs(got, registry) -> dict:
    n, rows = got
    return {"count": n, "items": [{"org": o, "name": name, "domain": _domain_name(registry, d)} for o, name, d in rows]}


def _lowest(registry, n: int) -> list[tuple[str, str]]:
    """``(standard id, grade)`` of each standard's ``n`` lowest grades."""
    return [(sid, g.name) for sid, std in registry.standards.items() for g in std.grades[-n:]]


def _not_evaluated(store, registry, year: int) -> list[dict]:
    done = q.evaluated_domains(store, year)
    out: dict[str, dict] = {}
    for domain, n in q.roster_domains(store):
        try:
            std = registry.standard(domain)
            sid, name = std.id, std.domain
        except Exception:  # noqa: BLE001 - a roster domain no standard has
            sid, name = domain, domain
        if sid not in done:
            out.setdefault(sid, {"domain": sid, "name": name, "organizations": 0})["organizations"] += n
    order = list(registry.standards)
    return sorted(
        out.values(), key=lambda d: (order.index(d["domain"]) if d["domain"] in order else len(order), d["domain"])
    )


def _graded(got) -> dict:
    n, rows = got
    return {"count": n, "items": [{"org": o, "name": name, "grade": g, "tasks": bool(t)} for o, name, g, t in rows]}


def _overdue(store, year: int, as_of: dt.date, shown: int) -> dict:
    n, rows = q.overdue(store, year, as_of.isoformat(), shown)
    items = []
    for task_id, org, name, problem, owner, deadline, status in rows:
        task = {"deadline": deadline, "status": status}
        items.append(
            {
                "task": task_id,
                "org": org,
                "name": name,
                "problem": problem,
                "owner": owner,
                "deadline": deadline,
                "days": overdue_days(task, as_of),
            }
        )
    return {"count": n, "items": items}


def _moves(store, cache, year: int) -> dict:
    moves = dict.fromkeys((UP, SAME, DOWN), 0)
    for _domain, run_id, previous, grade, n in transitions(store, year):
        move = move_of(cache(run_id)[0], grade, previous)
        if move is not None:
            moves[move] += n
    return {**moves, "previous_year": year - 1, "compared": sum(moves.values())}


def _checks(store, registry, year: int, quotas, lang: str) -> list[dict]:
    per: dict[str, dict[str, int]] = {}
    for domain, grade, n, _service in store.grade_counts(year):
        std = registry.standards.get(domain)
        counts = per.setdefault(std.domain if std else domain, {g.name: 0 for g in std.grades} if std else {})
        counts[grade] = counts.get(grade, 0) + n
    overall: dict[str, int] = {}
    for c in per.values():
        for k, n in c.items():
            overall[k] = overall.get(k, 0) + n
    checks = [c for scope, counts in per.items() for c in check_quotas(scope, counts, quotas)]
    checks += check_quotas("all" if lang == "en" else "合计", overall, quotas)
    return [{"text": c.text(lang), "ok": c.ok} for c in checks]


def _near(store, registry, cache, year: int, margin, shown: int) -> dict:
    """The organizations near a grade line (few: found in SQL, checked exactly), in the standards' order."""
    order = {sid: i for i, sid in enumerate(registry.standards)}
    close = sorted(
        (g for g in iter_near(store, cache, year, margin) if near(g, margin)),
        key=lambda g: (order.get(g.domain, len(order)), g.domain, g.org),
    )
    items = [{"org": g.org, "name": g.name, "score": str(g.score), "grade": g.grade} for g in close[:shown]]
    return {"count": len(close), "items": items}


def overview(ws, store, registry, year: int, as_of: dt.date, lang: str = "zh", shown: int = SHOWN) -> dict:
    """The year at a glance as of ``as_of``: the keys of ``dingji status``, its lists cut at ``shown``."""
    config_file = str(ws.config_path)
    plan = phases(ws.config, config_file)
    quotas, margin = distribution(ws.config, config_file)
    cache = StandardCache(store, registry)
    return {
        "workspace": ws.name,
        "year": year,
        "as_of": as_of.isoformat(),
        **phase_facts(plan, *current(plan, as_of), as_of),
        **q.counts(store, year),
        "outstanding": {
            "domains_not_evaluated": _not_evaluated(store, registry, year),
            "not_graded": _orgs(q.not_graded(store, year, shown), registry),
            "not_visited": _orgs(q.not_visited(store, year, shown), registry),
            "overdue": _overdue(store, year, as_of, shown),
            "to_file": _graded(q.graded_among(store, year, _lowest(registry, 1), filed=False, limit=shown)),
            "no_plan": _graded(q.graded_among(store, year, _lowest(registry, 2), tasks=False, limit=shown)),
        },
        "moves": _moves(store, cache, year),
        "rounds": round_facts(store, registry, year),
        "checks": _checks(store, registry, year, quotas, lang),
        "near": _near(store, registry, cache, year, margin, shown),
    }
