"""The ledger's sheets of what follows grading: 走访台账 (visits) here; 整改台账 (rectification)
and the tasks that need the superior in :mod:`.rectify_sheets` (importable from here too).

They go after the per-domain detail sheets, in the order of the year: the visits of the
survey phase, the objections to the notice, then the rectification of the phase after grading.
"""

from __future__ import annotations

from dingji.core.visit_form import FORM as VISIT_FORM
from dingji.core.visit_form import YESNO, yes
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


def json_visits(ledger):
    from dingji.store.visits import iter_named

    for v, _, _ in iter_named(ledger.store, ledger.year):
        yield v
