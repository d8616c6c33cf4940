"""The ledger's 整改台账 (rectification, order 200, JSON key ``rectification``) and, when any task
needs it, 上级统筹事项 (order 210): the tasks that need the superior to coordinate (需上级统筹解决),
listed apart for the superior.

The 整改台账 has the columns of the publicly posted rectification ledger (research §4.2) and the
township plan's: the kind of rectification by the grade (巩固先进 好, 推动一般 较好 and 一般,
整顿后进 较差; the rows in that order), the grade, where the problem came from (自己找, 群众提,
上级点), the problem, the requirement the fix must meet, the measures, the owner, the deadline,
the public commitment, whether it needs the superior, the progress and its dates, how long it is
overdue, and whether the plan is to be filed (备案) with the 市委组织部 (organizations graded their
standard's lowest grade).
"""

from __future__ import annotations

from dingji.core.rectify_form import EDITABLE, STATUSES, overdue_days, status_name
from dingji.report.graded import CLASSES, class_name, class_rank, iter_graded
from dingji.report.sheet import LedgerSheet

TEXT = {
    "rectify": ("整改台账", "Rectification"),
    "superior": ("上级统筹事项", "For the superior"),
    "superior_title": ("需上级统筹解决的整改事项", "tasks the superior is to coordinate"),
    "superior_note": (
        "截至 {day}：需上级统筹解决的整改任务 {n} 项，未完成 {open} 项",
        "As of {day}: {n} tasks need the superior to coordinate; {open} not done",
    ),
    "days": ("逾期 {d} 天", "{d} days overdue"),
    "to_file": ("须备案", "to be filed"),
    "filed": ("已备案 {day}", "filed {day}"),
    "yes": ("是", "yes"),
    "tasks": (
        "截至 {day}：整改任务 {n} 项（{parts}）；逾期未完成 {late} 项；{classes}；需上级统筹解决 {up} 项",
        "As of {day}: {n} tasks ({parts}); {late} overdue; {classes}; {up} need the superior",
    ),
    "class_count": ("{name} {n} 项", "{name} {n}"),
    "rule": (
        "定级为{grade}的党组织，整改方案须报市委组织部备案。",
        "Plans of organizations graded {grade} are filed with the city's organization department.",
    ),
}
RECTIFY_HEAD = (
    ("任务编号", "Task"),  # the number `dingji rectify start/done N` takes, not a row count
    ("编号", "Org"),
    ("党组织名称", "Organization"),
    ("分类", "Kind"),
    ("领域", "Domain"),
    ("定级结果", "Grade"),
    ("问题来源", "Found by"),
    ("存在问题", "Problem"),
    ("整改要求", "Requirement"),
    ("整改措施", "Measures"),
    ("责任人", "Owner"),
    ("开始日期", "Start"),
    ("完成时限", "Deadline"),
    ("公开承诺", "Public commitment"),
    ("需上级统筹解决", "Needs the superior"),
    ("进度", "Status"),
    ("完成日期", "Done on"),
    ("销号日期", "Closed on"),
    ("逾期", "Overdue"),
    ("备案", "Filing"),
)
SUPERIOR_HEAD = (
    ("任务编号", "Task"),
    ("编号", "Org"),
    ("党组织名称", "Organization"),
    ("分类", "Kind"),
    ("存在问题", "Problem"),
    ("整改要求", "Requirement"),
    ("整改措施", "Measures"),
    ("责任人", "Owner"),
    ("完成时限", "Deadline"),
    ("进度", "Status"),
    ("逾期", "Overdue"),
)


def text(key: str, lang: str = "zh", **kw) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**kw)


def rectify_rows(ledger):
    """``(task, Graded or None)`` of the year's tasks, by kind of rectification (巩固先进, 推动一般,
    整顿后进, then tasks of organizations not graded), domain, organization and task; read once
    per ledger (整改台账 and 上级统筹事项 both show them)."""
    return ledger.once("rectify_rows", lambda: _rectify_rows(ledger))


def _rectify_rows(ledger):
    from dingji.store.rectify import stored

    tasks = stored(ledger.store, ledger.year)
    grades = {g.org: g for g in iter_graded(ledger.store, ledger.standard_of, ledger.year, rectifying=True)}

    def key(t):
        g = grades.get(t["org"])
        return (class_rank(g.rectify_class if g else None), g.domain if g else "~", t["org"], t["id"])

    tasks.sort(key=key)
    return [(t, grades.get(t["org"])) for t in tasks]


def filing_text(g, filed: dict, lang: str) -> str:
    if g is None or not g.lowest:
        return ""
    return text("filed", lang, day=filed[g.org]) if g.org in filed else text("to_file", lang)


def _yes(value, lang: str) -> str:
    return text("yes", lang) if value else ""


def rectify_sheet(ledger):
    from dingji.report.year_sheets import domain_names
    from dingji.store.rectify import filings

    lang = ledger.lang
    headers = [h[lang == "en"] for h in RECTIFY_HEAD]
    got = rectify_rows(ledger)
    filed = filings(ledger.store, ledger.year)
    names = domain_names(ledger.registry)
    counts, kinds, late, up = dict.fromkeys(STATUSES, 0), dict.fromkeys(CLASSES, 0), 0, 0
    for t, g in got:
        counts[t["status"]] += 1
        late += overdue_days(t, ledger.as_of) > 0
        up += bool(t["superior"])
        if g is not None:
            kinds[g.rectify_class] += 1
    sep = "，" if lang != "en" else ", "
    parts = sep.join(f"{status_name(s, lang)} {n}" for s, n in counts.items())
    classes = sep.join(text("class_count", lang, name=class_name(c, lang), n=n) for c, n in kinds.items())
    day = ledger.as_of.isoformat()
    notes = [text("tasks", lang, day=day, n=len(got), parts=parts, late=late, classes=classes, up=up)]
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
                class_name(g.rectify_class if g else None, lang),
                domain,
                g.grade if g else "",
                t["origin"] or "",
                t["problem"],
                t["requirement"] or "",
                t["measures"],
                t["owner"],
                t["start"] or "",
                t["deadline"],
                t["pledge"] or "",
                _yes(t["superior"], lang),
                status_name(t["status"], lang),
                t["done_on"] or "",
                t["closed_on"] or "",
                text("days", lang, d=days) if days else "",
                filing_text(g, filed, lang),
            )

    wrap = {"党组织名称", "领域", "存在问题", "整改要求", "整改措施", "公开承诺", "备案"}
    formats = ["grade" if h[0] == "定级结果" else "wrap" if h[0] in wrap else None for h in RECTIFY_HEAD]
    # 219 in all; a ledger sheet prints fitted to the width of an A4 page (io/xlsx/ledger_style.py)
    widths = [5, 8, 16, 8, 8, 6, 6, 24, 16, 24, 7, 11, 11, 14, 6, 9, 11, 11, 9, 9]
    return LedgerSheet(
        text("rectify", lang),
        headers,
        rows,
        title=f"{ledger.title}·{text('rectify', lang)}",
        notes=notes,
        formats=formats,
        widths=widths,
        order=200,
        json=("rectification", lambda: json_tasks(ledger, got)),
    )


def superior_sheet(ledger):
    """上级统筹事项: the tasks that need the superior to coordinate; None when there is none."""
    lang = ledger.lang
    got = [(t, g) for t, g in rectify_rows(ledger) if t["superior"]]
    if not got:
        return None
    open_ = sum(1 for t, _ in got if t["status"] in ("todo", "doing"))

    def rows():
        for t, g in got:
            days = overdue_days(t, ledger.as_of)
            yield (
                t["id"],
                t["org"],
                g.name if g else t["org_name"] or "",
                class_name(g.rectify_class if g else None, lang),
                t["problem"],
                t["requirement"] or "",
                t["measures"],
                t["owner"],
                t["deadline"],
                status_name(t["status"], lang),
                text("days", lang, d=days) if days else "",
            )

    return LedgerSheet(
        text("superior", lang),
        [h[lang == "en"] for h in SUPERIOR_HEAD],
        rows,
        title=f"{ledger.title}·{text('superior_title', lang)}",
        notes=[text("superior_note", lang, day=ledger.as_of.isoformat(), n=len(got), open=open_)],
        formats=[None, None, "wrap", None, "wrap", "wrap", "wrap", None, None, None, None],
        widths=[5, 8, 18, 9, 28, 24, 28, 8, 11, 9, 11],
        order=210,
    )


def json_tasks(ledger, got=None):
    from dingji.store.rectify import events, filings

    filed = filings(ledger.store, ledger.year)
    for t, g in got if got is not None else rectify_rows(ledger):
        yield {
            **{k: t[k] for k in ("id", "org", *EDITABLE)},
            "grade": g.grade if g else None,
            "class": g.rectify_class if g else None,
            "overdue_days": overdue_days(t, ledger.as_of),
            "filing": None if g is None or not g.lowest else {"filed_on": filed.get(t["org"])},
            "history": [{k: e[k] for k in ("status", "on_date", "how")} for e in events(ledger.store, t["id"])],
        }
