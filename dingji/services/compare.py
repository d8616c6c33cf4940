"""Last year beside this year, for ``dingji explain``: the score, the grade and the move
(升 / 平 / 降), each source's score, bonus, penalty and the rules that hold, read from
the store's result of the year before (not re-graded)."""

from __future__ import annotations

import json
from decimal import Decimal

from dingji.core.model import label
from dingji.core.numbers import fmt, fmt_fixed
from dingji.report.graded import DOWN, UP, move_name

T = {
    "zh": {
        "head": "与上年比较（{prev} 年 → {year} 年）：",
        "none": "与上年比较：{prev} 年没有 {org} 的定级结果",
        "item": "项目",
        "score": "综合得分",
        "grade": "等次",
        "bonus": "加分",
        "penalty": "扣分",
        "rules": "否决/限制规则",
        "no_rule": "无",
        "change": "变化",
        "year": "{y} 年",
    },
    "en": {
        "head": "Against last year ({prev} → {year}):",
        "none": "Against last year: no {prev} result for {org}",
        "item": "Item",
        "score": "Score",
        "grade": "Grade",
        "bonus": "Bonus",
        "penalty": "Penalty",
        "rules": "Veto/cap rules",
        "no_rule": "none",
        "change": "Change",
        "year": "{y}",
    },
}


def _diff(a, b) -> str:
    if a is None or b is None:
        return ""
    d = Decimal(b) - Decimal(a)
    return "0" if not d else f"{'+' if d > 0 else '−'}{fmt(abs(d))}"


def comparison(store, registry, result, year: int, lang: str = "zh"):
    """``(heading, headers, rows)`` of the comparison; ``(a line, None, None)`` when there
    is no result the year before."""
    from dingji.report.results import StandardCache

    t = T["en" if lang == "en" else "zh"]
    prev = store.result_rows(year - 1, org=result.org)
    if not prev:
        return t["none"].format(prev=year - 1, org=result.org), None, None
    row = prev[0]
    old = StandardCache(store, registry)(row.run_id)[0]
    std = result.standard
    ranks = {g.name: i for i, g in enumerate(std.grades)}
    move = None
    if row.grade in ranks:
        d = ranks[result.grade] - ranks[row.grade]
        move = UP if d < 0 else DOWN if d > 0 else "same"
    old_sources = json.loads(row.sources)
    rows = [
        [t["score"], row.score, fmt_fixed(result.score, std.precision), _diff(row.score, result.score)],
        [t["grade"], row.grade, result.grade, move_name(move, lang)],
    ]
    names = {s.id: label(s, lang) for s in (*old.sources, *std.sources)}
    for sid in dict.fromkeys([*(s.id for s in std.sources), *old_sources]):
        was = old_sources.get(sid)
        now = result.sources.get(sid)
        rows.append(
            [
                names.get(sid, sid),
                "" if was is None else fmt(Decimal(was), 2),
                "" if now is None else fmt(now, 2),
                _diff(was, now),
            ]
        )
    rows.append([t["bonus"], fmt(Decimal(row.bonus)), fmt(result.bonus), _diff(row.bonus, result.bonus)])
    rows.append([t["penalty"], fmt(Decimal(row.penalty)), fmt(result.penalty), _diff(row.penalty, result.penalty)])
    old_rules = {v.id: label(v, lang) for v in old.vetoes}
    sep = "; " if lang == "en" else "；"
    was = sep.join(old_rules.get(v, v) for v in row.vetoes.split(",") if v) or t["no_rule"]
    now = sep.join(label(v, lang) for v in result.vetoes) or t["no_rule"]
    rows.append([t["rules"], was, now, ""])
    headers = [t["item"], t["year"].format(y=year - 1), t["year"].format(y=year), t["change"]]
    return t["head"].format(prev=year - 1, year=year), headers, rows
