"""What the 汇总 sheet (and the JSON summary) says beyond the counts per grade: 晋位升级
against last year, the distribution checks, rectification as of a day, and visits.

:func:`facts` reads the store once (grades streamed beside last year's) and returns
plain data under stable keys; :func:`blocks` lays it out as tables of the 汇总 sheet.
Lists are cut at :data:`LIST_LIMIT` rows in the sheet, with the full count given
(the 分类定级台账 holds every organization's move, filterable).
"""

from __future__ import annotations

from dingji.core.rectify_form import OPEN, STATUSES, overdue_days, status_name
from dingji.report.graded import DOWN, MOVES, SAME, UP, iter_graded, iter_near, move_name, move_of
from dingji.report.plan import check_quotas, distribution, near, near_text
from dingji.report.sheet import Block, numbered
from dingji.store.graded import transitions
from dingji.store.rectify import filings, stored

LIST_LIMIT = 200
NEW = "new"
T = {
    "moves": ("晋位升级（与 {prev} 年比较）", "Moving up (against {prev})"),
    "no_prev": ("（{prev} 年没有定级结果，不作比较）", "(no results for {prev}: nothing to compare)"),
    "compared": ("上年参评", "Graded last year"),
    "new": ("上年未定级", "Not graded last year"),
    "up_share": ("升级率", "Share up"),
    "matrix": ("等次变化（行：{prev} 年等级；列：{year} 年等级）", "Grades: {prev} (rows) against {year} (columns)"),
    "prev_grade": ("上年等级", "Last year"),
    "scope": ("范围", "Scope"),
    "movers": ("升降名单（升 {up} 个，降 {down} 个）", "Moved up ({up}) and down ({down})"),
    "last": ("上年", "Last year"),
    "this": ("本年", "This year"),
    "change": ("变化", "Change"),
    "last_score": ("上年得分", "Last score"),
    "score": ("得分", "Score"),
    "checks": (
        "分布核查（原则性要求，仅作提示，不改变等次）",
        "Distribution checks (guidance only: no grade is changed)",
    ),
    "no_quota": ("（dingji.toml 未设 [distribution] 比例要求）", "(no quotas in dingji.toml's [distribution])"),
    "rule": ("要求", "Rule"),
    "actual": ("实际", "Actual"),
    "verdict": ("结论", "Verdict"),
    "ok": ("符合", "met"),
    "over": ("超出", "above"),
    "under": ("不足", "below"),
    "at_most": ("不超过 {p}", "at most {p}"),
    "at_least": ("不少于 {p}", "at least {p}"),
    "near": (
        "分数线附近的组织（±{m} 分，建议复核）（{n} 个）",
        "Within {m} point(s) of a grade line: a second look ({n})",
    ),
    "line": ("距分数线", "To the line"),
    "rectify": ("整改任务（截至 {day}）", "Rectification tasks (as of {day})"),
    "status": ("进度", "Status"),
    "tasks": ("任务数", "Tasks"),
    "late": ("其中逾期", "Overdue"),
    "overdue": ("逾期未完成的整改任务（截至 {day}，{n} 项）", "Overdue tasks (as of {day}: {n})"),
    "deadline": ("完成时限", "Deadline"),
    "days": ("逾期天数", "Days over"),
    "owner": ("责任人", "Owner"),
    "problem": ("存在问题", "Problem"),
    "filing": ("{grade}党组织整改方案备案（报市委组织部）", "Filing of the plans of organizations graded {grade}"),
    "filed": ("备案日期", "Filed on"),
    "not_filed": ("未备案", "not filed"),
    "visits": ("走访情况（一个不漏）", "Visits (every organization)"),
    "orgs": ("组织数", "Organizations"),
    "visited": ("已走访", "Visited"),
    "missing": ("未走访", "Not visited"),
    "missing_list": ("未走访的组织", "Not visited"),
    "all": ("合计", "Total"),
    "none": ("（无）", "(none)"),
    "cut": ("……（共 {n} 个，此处列出前 {k} 个）", "… ({n} in all, first {k} shown)"),
}


def t(key: str, lang: str, **kw) -> str:
    zh, en = T[key]
    return (en if lang == "en" else zh).format(**kw)


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


def _cut(rows, n, lang):
    return rows + [(t("cut", lang, n=n, k=len(rows)),)] if n > len(rows) else rows


def blocks(ledger, s: dict, first: int) -> list:
    """The 汇总 blocks, numbered from ``first``."""
    lang, grades, f = ledger.lang, s["grades"], s  # f: the facts (in the summary)
    prev, n, out = ledger.year - 1, first, []

    def head(key, **kw):
        nonlocal n
        n += 1
        return numbered(n - 1, t(key, lang, **kw), lang)

    L = ledger.label
    none = [(t("none", lang),)]
    mv = f["moves"]
    if mv["compared"]:
        c = mv["counts"]
        rows = [[d["name"], *_move_counts(d["counts"])] for d in mv["domains"]] + [[t("all", lang), *_move_counts(c)]]
        out.append(
            Block(
                head("moves", prev=prev),
                [
                    L("domain"),
                    t("compared", lang),
                    MOVES[UP][lang == "en"],
                    MOVES[SAME][lang == "en"],
                    MOVES[DOWN][lang == "en"],
                    t("new", lang),
                    t("up_share", lang),
                ],
                rows,
                [None, "0", "0", "0", "0", "0", "0.0%"],
            )
        )
        rows = []
        for name, m in [(t("all", lang), mv["matrix"])] + [(d["name"], d["matrix"]) for d in mv["domains"]]:
            for p in [*grades, *sorted(k for k in m if k and k not in grades), ""]:
                if p in m:
                    rows.append([name, p or t("new", lang), *[m[p].get(g, 0) for g in grades], sum(m[p].values())])
        out.append(
            Block(
                head("matrix", prev=prev, year=ledger.year),
                [t("scope", lang), t("prev_grade", lang), *grades, t("all", lang)],
                rows,
                [None, "grade", *["0"] * (len(grades) + 1)],
            )
        )
        rows = [
            (x["name"], x["domain"], x["org"], x["previous"], x["grade"], move_name(key, lang), x["score"])
            for key in (UP, DOWN)
            for x in mv[key]
        ]
        total = c[UP] + c[DOWN]
        out.append(
            Block(
                head("movers", up=c[UP], down=c[DOWN]),
                [
                    L("name"),
                    L("domain"),
                    L("org"),
                    t("last", lang),
                    t("this", lang),
                    t("change", lang),
                    t("score", lang),
                ],
                _cut(rows, total, lang) or none,
                [None, None, None, "grade", "grade", None, "0.0"],
            )
        )
    else:
        out.append(Block(head("moves", prev=prev), [], [(t("no_prev", lang, prev=prev),)]))
    ck = f["checks"]
    rows = [
        (
            q["scope"],
            q["grade"],
            t("at_most" if q["kind"] == "max" else "at_least", lang, p=_pct(q["limit"])),
            q["count"],
            q["share"],
            t("ok", lang) if q["ok"] else t("over" if q["kind"] == "max" else "under", lang),
        )
        for q in ck["quotas"]
    ]
    out.append(
        Block(
            head("checks"),
            [t("scope", lang), L("grade"), t("rule", lang), L("count"), L("share"), t("verdict", lang)] if rows else [],
            rows or [(t("no_quota", lang),)],
            [None, "grade", None, "0", "0.0%", None],
        )
    )
    if ck["margin"]:
        rows = [(x["name"], x["domain"], x["org"], x["score"], x["grade"], x["text"]) for x in ck["near"]]
        out.append(
            Block(
                head("near", m=_num(ck["margin"]), n=len(rows)),
                [L("name"), L("domain"), L("org"), t("score", lang), L("grade"), t("line", lang)],
                rows or none,
                [None, None, None, "0.0", "grade", "wide"],
            )
        )
    out += _rectify_blocks(ledger, f["rectification"], head, none)
    vs = f["visits"]
    rows = [(d["name"], d["organizations"], d["visited"], d["organizations"] - d["visited"]) for d in vs["domains"]]
    rows.append((t("all", lang), vs["organizations"], vs["visited"], vs["missing_count"]))
    missing = (
        "、".join(f"{x['name']}（{x['org']}）" for x in vs["missing"])
        if lang != "en"
        else ", ".join(f"{x['name']} ({x['org']})" for x in vs["missing"])
    )
    out.append(
        Block(
            head("visits"),
            [L("domain"), t("orgs", lang), t("visited", lang), t("missing", lang), t("missing_list", lang)],
            [(*r, missing if i == len(rows) - 1 else "") for i, r in enumerate(rows)],
            [None, "0", "0", "0", "wide"],
        )
    )
    return out


def _rectify_blocks(ledger, r, head, none):
    lang, L = ledger.lang, ledger.label
    late_by = {}
    for x in r["overdue"]:
        late_by[x["status"]] = late_by.get(x["status"], 0) + 1
    rows = [(status_name(s, lang), n, late_by.get(s, 0) if s in OPEN else "") for s, n in r["statuses"].items()]
    rows.append((t("all", lang), r["tasks"], r["overdue_count"]))
    out = [
        Block(
            head("rectify", day=r["as_of"]),
            [t("status", lang), t("tasks", lang), t("late", lang)],
            rows,
            [None, "0", "0"],
        )
    ]
    rows = [
        (x["name"], x["org"], x["deadline"], x["days"], x["owner"], status_name(x["status"], lang), x["problem"])
        for x in r["overdue"]
    ]
    out.append(
        Block(
            head("overdue", day=r["as_of"], n=r["overdue_count"]),
            [
                L("name"),
                L("org"),
                t("deadline", lang),
                t("days", lang),
                t("owner", lang),
                t("status", lang),
                t("problem", lang),
            ],
            _cut(rows, r["overdue_count"], lang) or none,
            [None, None, None, "0", None, None, "wide"],
        )
    )
    lowest = sorted({std.lowest_grade for std in ledger.standards.values()})
    rows = [(p["name"], p["domain"], p["org"], p["tasks"], p["filed_on"] or t("not_filed", lang)) for p in r["filing"]]
    out.append(
        Block(
            head("filing", grade="、".join(lowest)),
            [L("name"), L("domain"), L("org"), t("tasks", lang), t("filed", lang)],
            rows or none,
            [None, None, None, "0", None],
        )
    )
    return out


def _move_counts(c: dict) -> list:
    compared = c[UP] + c[SAME] + c[DOWN]
    return [compared, c[UP], c[SAME], c[DOWN], c[NEW], (c[UP] / compared) if compared else 0]


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _num(x: float) -> str:
    return f"{x:g}"
