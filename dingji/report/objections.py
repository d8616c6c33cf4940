"""Objections to the notice as rows (``dingji objection list``, the desk) and as the ledger's
异议处理 sheet (order 150: after the visits, before rectification; JSON key ``objections``).

Each row: the objection's number, the organization and its grade now, when and by whom it was
raised, how, the objection, the result, the decision and the reply with their days, and the
amendment it caused (``更正 2：较差 → 一般``) where there is one.
"""

from __future__ import annotations

import datetime as dt

from dingji.core.objection_form import RESULTS, result_name
from dingji.report.sheet import LedgerSheet, day_text, notice_period
from dingji.store import objections as table
from dingji.store.rounds import amendments
from dingji.store.rounds import rounds as round_rows

HEAD = (
    ("number", "异议编号", "No."),
    ("org", "编号", "Org"),
    ("name", "党组织名称", "Organization"),
    ("domain", "领域", "Domain"),
    ("grade", "等次", "Grade"),
    ("received", "提出日期", "Received"),
    ("raised_by", "提出人", "Raised by"),
    ("channel", "方式", "How"),
    ("contact", "联系方式", "Contact"),
    ("content", "异议内容", "Objection"),
    ("result_name", "处理结果", "Result"),
    ("decision", "处理意见", "Decision"),
    ("decided_on", "处理日期", "Decided on"),
    ("reply", "答复情况", "Reply"),
    ("replied_on", "答复日期", "Replied on"),
    ("amendment_text", "更正", "Correction"),
)
TEXT = {
    "sheet": ("异议处理", "Objections"),
    "period": ("公示期 {start} 至 {end}；", "Publicity period {start} to {end}; "),
    "no_notice": ("公示尚未发布；", "no notice issued yet; "),
    "tally": ("收到异议 {n} 件：{parts}", "objections received: {n} ({parts})"),
    "changed": ("；经更正改变等次的 {k} 个组织", "; grades changed by a correction: {k}"),
    "amended": ("更正 {id}：{old} → {new}", "correction {id}: {old} → {new}"),
    "unchanged": ("更正 {id}（等次未变）", "correction {id} (grade unchanged)"),
}


def say(key: str, lang: str = "zh", **kw) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**kw)


def objection_rows(store, year: int, names: dict, lang: str = "zh", org: str | None = None) -> list[dict]:
    """The objections of ``year`` (of one organization) with the organization's grade and domain name
    (``names``: a standard's id -> its 领域 name) and the amendment each caused, in words."""
    objections = table.stored(store, year, org)
    if not objections:  # the results are not read for nothing (a province's are 400,000)
        return []
    grades = {r.org: (r.grade, r.domain) for r in store.iter_result_rows(year, org=org)}
    fixes = {a["id"]: a for a in amendments(store, year)}
    out = []
    for o in objections:
        grade, domain = grades.get(o["org"], (None, o["org_domain"]))
        fix = fixes.get(o["amendment_id"])
        text = ""
        if fix is not None:
            change = next((c for c in fix["changes"] if c["org"] == o["org"]), None)
            text = (
                say("amended", lang, id=fix["id"], old=change["old"] or "—", new=change["new"] or "—")
                if change
                else say("unchanged", lang, id=fix["id"])
            )
        out.append(
            {
                "number": o["id"],
                "org": o["org"],
                "name": o["org_name"] or "",
                "domain": names.get(domain, domain or ""),
                "grade": grade,
                **{k: o[k] for k in ("received", "raised_by", "channel", "contact", "content")},
                "result": o["result"],
                "result_name": result_name(o["result"], lang),
                **{k: o[k] for k in ("decision", "decided_on", "reply", "replied_on")},
                "amendment": o["amendment_id"],
                "amendment_text": text,
                "changed_grade": bool(fix and any(c["org"] == o["org"] for c in fix["changes"])),
            }
        )
    return out


def period(store, year: int) -> tuple[dt.date, dt.date] | None:
    """The publicity period of the year's notice (the first day of any notice issued to the last
    day of any), or None before a notice is issued."""
    spans = [
        notice_period(dt.date.fromisoformat(r["notice_from"]), r["notice_days"] or 1)
        for r in round_rows(store, year)
        if r["notice_from"]
    ]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def tally_text(store, year: int, rows: list[dict], lang: str = "zh") -> str:
    """``公示期 … 至 …；收到异议 3 件：待处理 1，成立 1，部分成立 0，不成立 1；经更正改变等次的 1 个组织``."""
    span = period(store, year)
    head = (
        say("period", lang, start=day_text(span[0], lang), end=day_text(span[1], lang))
        if span
        else say("no_notice", lang)
    )
    sep = ", " if lang == "en" else "，"
    parts = sep.join(f"{result_name(r, lang)} {sum(x['result'] == r for x in rows)}" for r in RESULTS)
    changed = len({x["org"] for x in rows if x["changed_grade"]})
    return head + say("tally", lang, n=len(rows), parts=parts) + (say("changed", lang, k=changed) if changed else "")


def objection_sheet(ledger) -> LedgerSheet:
    lang = ledger.lang
    names = {d: std.domain for d, std in ledger.standards.items()}
    got = objection_rows(ledger.store, ledger.year, names, lang)
    headers = [h[2] if lang == "en" else h[1] for h in HEAD]

    def rows():
        for r in got:
            yield [r[k] if r[k] is not None else "" for k, _, _ in HEAD]

    formats = [
        None,
        None,
        "wrap",
        "wrap",
        "grade",
        None,
        "wrap",
        None,
        None,
        "wrap",
        None,
        "wrap",
        None,
        "wrap",
        None,
        "wrap",
    ]
    widths = [6, 8, 18, 10, 6, 11, 10, 6, 12, 28, 8, 24, 11, 20, 11, 18]
    return LedgerSheet(
        say("sheet", lang),
        headers,
        rows,
        title=f"{ledger.title}·{say('sheet', lang)}",
        notes=[tally_text(ledger.store, ledger.year, got, lang)],
        formats=formats,
        widths=widths,
        order=150,
        json=("objections", lambda: [{k: v for k, v in r.items() if k != "result_name"} for r in got]),
    )
