"""The facts (:mod:`.summary_facts`) laid out as tables of the 汇总 sheet (:func:`blocks`);
lists are cut at :data:`~.summary_facts.LIST_LIMIT` rows, with the full count given.
"""

from __future__ import annotations

from dingji.core.rectify_form import OPEN, status_name
from dingji.report.graded import DOWN, MOVES, SAME, UP, move_name
from dingji.report.sheet import Block, numbered
from dingji.report.summary_facts import NEW
from dingji.report.summary_text import t


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
