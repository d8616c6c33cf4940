"""The ledger's 学习先进 sheet (先进典型 and 表彰, the plan's third phase) and its part of the 汇总.

The sheet: one row per exemplar, with its organization's grade of the year beside it (an
exemplar graded below 较好 stands out), the title, the reason, and the commendation.  The
汇总 gets the counts (organizations, members, commended per level) and the list, cut at
:data:`~.summary_facts.LIST_LIMIT`; the JSON document the same under ``exemplars``.
"""

from __future__ import annotations

from dingji.core.exemplar_form import FORM, LEVELS, who
from dingji.report.sheet import Block, LedgerSheet, numbered
from dingji.report.summary_facts import LIST_LIMIT
from dingji.report.year_sheets import domain_names
from dingji.store.exemplars import stored

T = {
    "sheet": ("学习先进", "Exemplars"),
    "heading": (
        "学习先进：先进典型 {n} 个（党组织 {orgs} 个，党员 {members} 名），已表彰 {commended} 个",
        "Exemplars: {n} ({orgs} organizations, {members} members), {commended} commended",
    ),
    "levels": ("表彰级别：{items}", "Commended at: {items}"),
    "none": ("本年度尚未记录先进典型（dingji exemplar add）", "No exemplars recorded this year (dingji exemplar add)"),
    "cut": ("……（共 {n} 个，此处列出前 {k} 个）", "… ({n} in all, first {k} shown)"),
}
HEAD = (
    ("序号", "No."),
    ("编号", "Org"),
    ("党组织名称", "Organization"),
    ("领域", "Domain"),
    ("本年等次", "Grade"),
    ("先进典型", "Exemplar"),
    ("称号", "Title"),
    ("先进事迹", "Reason"),
    ("表彰级别", "Level"),
    ("表彰日期", "Commended on"),
    ("表彰单位", "Commended by"),
    ("备注", "Note"),
)


def t(key: str, lang: str, **kw) -> str:
    zh, en = T[key]
    return (en if lang == "en" else zh).format(**kw)


def counts(items: list[dict]) -> dict:
    """How many exemplars: in all, organizations, members, commended, and commended per level."""
    levels = {lv: sum(x.get("level") == lv for x in items) for lv in LEVELS}
    return {
        "count": len(items),
        "organizations": sum(not x.get("member") for x in items),
        "members": sum(bool(x.get("member")) for x in items),
        "commended": sum(bool(x.get("level")) for x in items),
        "levels": {lv: n for lv, n in levels.items() if n},
    }


def _rows(ledger) -> list[dict]:
    """The year's exemplars with their organization's name, domain and grade (read per organization:
    a handful of exemplars among a province's results)."""
    roster, names, grades = ledger.store.roster(), domain_names(ledger.registry), {}
    out = []
    for x in stored(ledger.store, ledger.year):
        if x["org"] not in grades:
            got = ledger.store.result_rows(ledger.year, org=x["org"])
            grades[x["org"]] = got[0].grade if got else None
        entry = roster.get(x["org"])
        out.append(
            {
                **x,
                "name": entry.name if entry else "",
                "domain": names.get(entry.domain, entry.domain) if entry else "",
                "grade": grades.get(x["org"]),
            }
        )
    return out


def _note(f: dict, lang: str) -> list[str]:
    if not f["count"]:
        return [t("none", lang)]
    lines = [t("heading", lang, n=f["count"], orgs=f["organizations"], members=f["members"], commended=f["commended"])]
    if f["levels"]:
        sep = "，" if lang != "en" else ", "
        lines.append(t("levels", lang, items=sep.join(f"{lv} {n}" for lv, n in f["levels"].items())))
    return lines


def exemplar_sheet(ledger) -> LedgerSheet:
    lang, en = ledger.lang, ledger.lang == "en"
    items = ledger.once("exemplar_rows", lambda: _rows(ledger))  # the sheet and the 汇总 facts
    name = t("sheet", lang)

    def rows():
        for i, x in enumerate(items, 1):
            yield [
                i,
                x["org"],
                x["name"],
                x["domain"],
                x["grade"] or "",
                x.get("member") or who(x, lang),
                x["title"],
                x["reason"],
                *[x.get(k) or "" for k in ("level", "date", "by", "note")],
            ]

    def json_items():
        keep = [f.id for f in FORM.fields if f.id != "name"]
        for x in items:
            yield {"id": x["id"], "org": x["org"], "grade": x["grade"], **{k: x.get(k) for k in keep}}

    return LedgerSheet(
        name,
        [h[en] for h in HEAD],
        rows,
        title=f"{ledger.title}·{name}",
        notes=_note(counts(items), lang),
        formats=[None, None, "wrap", "wrap", "grade", None, "wrap", "wrap", None, None, "wrap", "wrap"],
        widths=[5, 8, 20, 10, 8, 10, 16, 36, 8, 11, 16, 10],
        order=250,
        json=("exemplars", json_items),
    )


def facts(ledger, summary: dict) -> dict:
    """The 汇总's ``exemplars``: the counts, and the list cut at LIST_LIMIT."""
    items = ledger.once("exemplar_rows", lambda: _rows(ledger))  # the sheet and the 汇总 facts
    shown = [
        {k: x.get(k) for k in ("org", "name", "domain", "grade", "member", "title", "reason", "level")}
        for x in items[:LIST_LIMIT]
    ]
    return {"exemplars": {**counts(items), "items": shown}}


def blocks(ledger, s: dict, first: int) -> list[Block]:
    lang, L = ledger.lang, ledger.label
    f = s["exemplars"]
    counts = {k: f[k] for k in ("organizations", "members", "commended")}
    heading = numbered(first, t("heading", lang, n=f["count"], orgs=counts.pop("organizations"), **counts), lang)
    if not f["count"]:
        return [Block(heading, [], [(t("none", lang),)])]
    # the columns of the 汇总's other blocks: a name, a wide one (领域 there, the title here), the id, two short ones
    rows = [
        (x["name"], x["title"], x["org"], x["member"] or who(x, lang), x["level"] or "", x["reason"])
        for x in f["items"]
    ]
    if f["count"] > len(rows):
        rows.append((t("cut", lang, n=f["count"], k=len(rows)),))
    en = lang == "en"
    return [
        Block(
            heading,
            [L("name"), HEAD[6][en], L("org"), HEAD[5][en], HEAD[8][en], HEAD[7][en]],
            rows,
            [None, None, None, None, None, "wide"],
        )
    ]
