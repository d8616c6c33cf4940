"""The facts the 汇总 sheet (and the JSON summary) gives beyond the counts per grade (:func:`facts`):
晋位升级 against last year, the distribution checks, rectification as of a day, and visits.
The store is read once (grades streamed beside last year's); lists are cut at :data:`LIST_LIMIT`.
"""

from __future__ import annotations

from dingji.core.rectify_form import STATUSES, overdue_days
from dingji.report.graded import DOWN, SAME, UP, iter_graded, iter_near, move_of
from dingji.report.plan import check_quotas, distribution, near, near_text
from dingji.report.summary_text import t
from dingji.store.graded import transitions
from dingji.store.rectify import filings, stored

LIST_LIMIT = 200
NEW = "new"


def _matrix_add(m: dict, prev, grade, n: int):
    row = m.setdefault(prev or "", {})
    row[grade] = row.get(grade, 0) + n


def facts(ledger, summary: dict) -> dict:
    """The extra keys of the ledger's summary: ``moves``, ``checks``, ``rectification``, ``visits``.
    Counts come from SQL aggregates; only the organizations listed are read one by one."""
    lang = ledger.lang
    quotas, margin = distribution({"distribution": ledger.distribution or {}})
    per = {
        d["domain"]: {
            "domain": d["domain"],
            "name": d["name"],
            "counts": dict.fromkeys([UP, SAME, DOWN, NEW], 0),
            "matrix": {},
        }
        for d in summary["domains"]
    }
    overall, matrix = dict.fromkeys([UP, SAME, DOWN, NEW], 0), {}
    for domain, run_id, previous, grade, n in transitions(ledger.store, ledger.year):
        move = move_of(ledger.standard_of(run_id)[0], grade, previous)
        key = move if move is not None else NEW if previous is None else SAME
        per[domain]["counts"][key] += n
        overall[key] += n
        _matrix_add(per[domain]["matrix"], previous, grade, n)
        _matrix_add(matrix, previous, grade, n)
    movers, close = {UP: [], DOWN: []}, []
    for g in iter_graded(ledger.store, ledger.standard_of, ledger.year, moved=True):
        if g.move in movers and len(movers[g.move]) < LIST_LIMIT:
            movers[g.move].append(
                {
                    "org": g.org,
                    "name": g.name,
                    "domain": g.domain_name,
                    "previous": g.previous,
                    "grade": g.grade,
                    "previous_score": float(g.previous_score),
                    "score": float(g.score),
                }
            )
        if all(len(x) >= LIST_LIMIT for x in movers.values()):
            break
    for g in iter_near(ledger.store, ledger.standard_of, ledger.year, margin):
        if near(g, margin) and len(close) < LIST_LIMIT:
            close.append(
                {
                    "org": g.org,
                    "name": g.name,
                    "domain": g.domain_name,
                    "score": float(g.score),
                    "grade": g.grade,
                    "line": {"grade": g.nearest[0], "min": float(g.nearest[1])},
                    "gap": float(g.score - g.nearest[1]),
                    "text": near_text(g, lang),
                }
            )
    compared = overall[UP] + overall[SAME] + overall[DOWN]
    checks = []
    for d in summary["domains"]:
        checks += check_quotas(d["name"], d["counts"], quotas)
    checks += check_quotas(t("all", lang), summary["overall"]["counts"], quotas)
    return {
        "moves": {
            "previous_year": ledger.year - 1,
            "compared": compared,
            "counts": overall,
            "matrix": matrix,
            "domains": list(per.values()),
            "up": movers[UP],
            "down": movers[DOWN],
        },
        "checks": {
            "quotas": [
                {
                    "scope": c.scope,
                    "grade": c.quota.grade,
                    "kind": c.quota.kind,
                    "limit": float(c.quota.share),
                    "count": c.n,
                    "total": c.total,
                    "share": float(c.share),
                    "ok": c.ok,
                    "text": c.text(lang),
                }
                for c in checks
            ],
            "margin": float(margin),
            "near": close,
        },
        "rectification": _rectification(ledger, summary["poor"]),
        "visits": _visits(ledger),
    }


def _rectification(ledger, poor) -> dict:
    tasks = stored(ledger.store, ledger.year)
    counts = {s: sum(t["status"] == s for t in tasks) for s in STATUSES}
    late = [t for t in tasks if overdue_days(t, ledger.as_of)]
    late.sort(key=lambda t: (t["deadline"], t["org"], t["id"]))
    filed, with_tasks = filings(ledger.store, ledger.year), {}
    for task in tasks:
        with_tasks[task["org"]] = with_tasks.get(task["org"], 0) + 1
    poor = [
        {
            "org": p["org"],
            "name": p["name"],
            "domain": p["domain"],
            "tasks": with_tasks.get(p["org"], 0),
            "filed_on": filed.get(p["org"]),
        }
        for p in poor
    ]
    return {
        "as_of": ledger.as_of.isoformat(),
        "tasks": len(tasks),
        "statuses": counts,
        "overdue_count": len(late),
        "overdue": [
            {
                "task": x["id"],
                "org": x["org"],
                "name": x["org_name"] or "",
                "problem": x["problem"],
                "owner": x["owner"],
                "deadline": x["deadline"],
                "days": overdue_days(x, ledger.as_of),
                "status": x["status"],
            }
            for x in late[:LIST_LIMIT]
        ],
        "filing": poor,
    }


def _visits(ledger) -> dict:
    from dingji.report.year_sheets import domain_names
    from dingji.store.visits import coverage

    names = domain_names(ledger.registry)
    got = coverage(ledger.store, ledger.year, LIST_LIMIT)
    per: dict[str, list] = {std.domain: [0, 0] for std in ledger.standards.values()}  # in the order of 一、
    for domain, n, seen in got["per_domain"]:
        tally = per.setdefault(names.get(domain, domain), [0, 0])
        tally[0], tally[1] = tally[0] + n, tally[1] + seen
    total = sum(n for n, _ in per.values())
    return {
        "organizations": total,
        "visited": total - got["missing_count"],
        "visits": got["visits"],
        "missing_count": got["missing_count"],
        "domains": [{"name": d, "organizations": n, "visited": seen} for d, (n, seen) in per.items() if n],
        "missing": [
            {"org": org, "name": name, "domain": names.get(domain, domain)} for org, name, domain in got["missing"]
        ],
    }
