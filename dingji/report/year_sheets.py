"""The ledger's sheets of what follows grading: 走访台账 (visits) and 整改台账 (rectification).

Both go after the per-domain detail sheets, in the order of the year: the visits of the
survey phase, then the rectification of the phase after grading.  The 整改台账 has the
columns of the publicly posted rectification ledger (research §4.2): the grade, the
problem, the measures, the owner, the deadline, the public commitment, the progress
and its dates, how long it is overdue, and whether the plan is to be filed (备案) with
the 市委组织部 (organizations graded their standard's lowest grade).
"""

from __future__ import annotations

from dingji.core.rectify_form import EDITABLE, STATUSES, overdue_days, status_name
from dingji.core.visit_form import FORM as VISIT_FORM
from dingji.core.visit_form import YESNO, yes
from dingji.report.graded import iter_graded
from dingji.report.sheet import LedgerSheet

TEXT = {
    "visits": ("走访台账", "Visits"),
    "rectify": ("整改台账", "Rectification"),
    "no": ("序号", "No."),
    "org": ("编号", "Org"),
    "name": ("党组织名称", "Organization"),
    "domain": ("领域", "Domain"),
    "visited": ("已走访 {n} / {total} 个组织（走访 {k} 次）", "{n} of {total} organizations visited ({k} visits)"),
    "all_visited": ("；全部走访，一个不漏", "; every organization visited"),
    "missing": ("；未走访 {m} 个：{names}", "; not visited ({m}): {names}"),
    "more": ("等", " and more"),
    "grade": ("定级结果", "Grade"),
    "overdue": ("逾期", "Overdue"),
    "filing": ("备案", "Filing"),
    "days": ("逾期 {d} 天", "{d} days overdue"),
    "to_file": ("须备案", "to be filed"),
    "filed": ("已备案 {day}", "filed {day}"),
    "tasks": (
        "截至 {day}：整改任务 {n} 项（{parts}）；逾期未完成 {late} 项",
        "As of {day}: {n} tasks ({parts}); {late} overdue",
    ),
    "rule": (
        "定级为{grade}的党组织，整改方案须报市委组织部备案。",
        "Plans of organizations graded {grade} are filed with the city's organization department.",
    ),
}
RECTIFY_HEAD = (
    ("任务编号", "Task"),  # the number `dingji rectify start/done N` takes, not a row count
    ("编号", "Org"),
    ("党组织名称", "Organization"),
    ("领域", "Domain"),
    ("定级结果", "Grade"),
    ("存在问题", "Problem"),
    ("整改措施", "Measures"),
    ("责任人", "Owner"),
    ("开始日期", "Start"),
    ("完成时限", "Deadline"),
    ("公开承诺", "Public commitment"),
    ("进度", "Status"),
    ("完成日期", "Done on"),
    ("销号日期", "Closed on"),
    ("逾期", "Overdue"),
    ("备案", "Filing"),
)
SHOWN_NAMES = 30  # unvisited organizations named above the visit sheet's header


def text(key: str, lang: str = "zh", **kw) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**kw)


def domain_names(registry) -> dict[str, str]:
    """A roster's domain (a standard's id or its 领域 name) -> the 领域 name."""
    out = {}
    for std in registry.standards.values():
        out.setdefault(std.id, std.domain)
        out.setdefault(std.domain, std.domain)
    return out


def visit_sheet(ledger):
    from dingji.store.visits import coverage, iter_named

    lang, en = ledger.lang, ledger.lang == "en"
    fields = [f for f in VISIT_FORM.fields if f.id != "name"]
    headers = [
        text("no", lang),
        text("org", lang),
        text("name", lang),
        text("domain", lang),
        *[(f.label_en or f.id).capitalize() if en else f.label for f in fields],
    ]
    names = domain_names(ledger.registry)
    got = coverage(ledger.store, ledger.year, SHOWN_NAMES)
    total = sum(n for _, n, _ in got["per_domain"])
    note = text("visited", lang, n=total - got["missing_count"], total=total, k=got["visits"])
    if got["missing_count"]:
        shown = ("、" if not en else ", ").join(
            f"{name}（{org}）" if not en else f"{name} ({org})" for org, name, _ in got["missing"]
        )
        more = text("more", lang) if got["missing_count"] > SHOWN_NAMES else ""
        note += text("missing", lang, m=got["missing_count"], names=shown + more)
    elif total:
        note += text("all_visited", lang)

    def rows():
        for i, (v, name, domain) in enumerate(iter_named(ledger.store, ledger.year), 1):
            out = [i, v["org"], name or "", names.get(domain, domain or "")]
            for f in fields:
                value = v.get(f.id)
                out.append(yes(value, lang) if f.id in YESNO else "" if value is None else value)
            yield out

    wide = {"name": 20, "visitors": 18, "problems": 26, "note": 12}  # wrapped; the rest fixed
    widths = [5, 8, 20, 12] + [wide.get(f.id) or {"date": 11, "form": 9}.get(f.id, 7) for f in fields]
    formats = [None, None, "wrap", "wrap"] + ["wrap" if f.id in wide else None for f in fields]
    return LedgerSheet(
        text("visits", lang),
        headers,
        rows,
        title=f"{ledger.title}·{text('visits', lang)}",
        order=100,
        json=("visits", lambda: json_visits(ledger)),
        notes=[note],
        formats=formats,
        widths=widths,
    )


def rectify_rows(ledger):
    """``(task, Graded or None)`` of the year's tasks, by domain, organization and task."""
    from dingji.store.rectify import stored

    tasks = stored(ledger.store, ledger.year)
    grades = {g.org: g for g in iter_graded(ledger.store, ledger.standard_of, ledger.year, rectifying=True)}
    tasks.sort(key=lambda t: (grades[t["org"]].domain if t["org"] in grades else "~", t["org"], t["id"]))
    return [(t, grades.get(t["org"])) for t in tasks]


def filing_text(g, filed: dict, lang: str) -> str:
    if g is None or not g.lowest:
        return ""
    return text("filed", lang, day=filed[g.org]) if g.org in filed else text("to_file", lang)


def rectify_sheet(ledger):
    from dingji.store.rectify import filings

    lang = ledger.lang
    headers = [h[lang == "en"] for h in RECTIFY_HEAD]
    got = rectify_rows(ledger)
    filed = filings(ledger.store, ledger.year)
    names = domain_names(ledger.registry)
    counts = {s: 0 for s in STATUSES}
    late = 0
    for t, _ in got:
        counts[t["status"]] += 1
        late += overdue_days(t, ledger.as_of) > 0
    sep = "，" if lang != "en" else ", "
    parts = sep.join(f"{status_name(s, lang)} {n}" for s, n in counts.items())
    notes = [text("tasks", lang, day=ledger.as_of.isoformat(), n=len(got), parts=parts, late=late)]
    lowest = sorted({std.lowest_grade for std in ledger.standards.values()})
    notes.append(text("rule", lang, grade="、".join(lowest) if lang != "en" else "/".join(lowest)))

    def rows():
        for t, g in got:
            days = overdue_days(t, ledger.as_of)
            domain = g.domain_name if g else names.get(t["org_domain"], t["org_domain"] or "")
            yield (
                t["id"],
                t["org"],
                g.name if g else t["org_name"] or "",
                domain,
                g.grade if g else "",
                t["problem"],
                t["measures"],
                t["owner"],
                t["start"] or "",
                t["deadline"],
                t["pledge"] or "",
                status_name(t["status"], lang),
                t["done_on"] or "",
                t["closed_on"] or "",
                text("days", lang, d=days) if days else "",
                filing_text(g, filed, lang),
            )

    formats = [
        None,
        None,
        "wrap",
        "wrap",
        "grade",
        "wrap",
        "wrap",
        None,
        None,
        None,
        "wrap",
        None,
        None,
        None,
        None,
        "wrap",
    ]
    widths = [5, 8, 20, 10, 7, 28, 28, 8, 11, 11, 20, 11, 11, 11, 11, 12]
    return LedgerSheet(
        text("rectify", lang),
        headers,
        rows,
        title=f"{ledger.title}·{text('rectify', lang)}",
        notes=notes,
        formats=formats,
        widths=widths,
        order=200,
        json=("rectification", lambda: json_tasks(ledger)),
    )


def json_visits(ledger):
    from dingji.store.visits import iter_named

    for v, _, _ in iter_named(ledger.store, ledger.year):
        yield v


def json_tasks(ledger):
    from dingji.store.rectify import events, filings

    filed = filings(ledger.store, ledger.year)
    for t, g in rectify_rows(ledger):
        yield {
            **{k: t[k] for k in ("id", "org", *EDITABLE)},
            "grade": g.grade if g else None,
            "overdue_days": overdue_days(t, ledger.as_of),
            "filing": None if g is None or not g.lowest else {"filed_on": filed.get(t["org"])},
            "history": [{k: e[k] for k in ("status", "on_date", "how")} for e in events(ledger.store, t["id"])],
        }
