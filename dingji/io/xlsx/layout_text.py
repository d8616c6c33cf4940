"""The texts of a standard's data-entry workbook (:mod:`.layout`): sheet names, each input
column's name and method note, the prompt of each cell, and the instructions' steps.
"""

from __future__ import annotations

from decimal import Decimal

from dingji.core.feeds import feed_of
from dingji.core.model import Standard
from dingji.core.numbers import fmt

_T = {
    "zh": {
        "help": "填表说明",
        "roster": "组织名单",
        "tracker": "活动台账",
        "survey": "满意度测评",
        "bonus": "加分扣分",
        "veto": "否决事项",
        "org": "组织编号",
        "name": "组织名称",
        "roster_head": ("组织编号", "组织名称", "领域", "上级党组织", "书记", "党员数"),
        "yes_no": "是,否",
    },
    "en": {
        "help": "Instructions",
        "roster": "Roster",
        "tracker": "Tracker",
        "survey": "Survey",
        "bonus": "Bonus-Penalty",
        "veto": "Vetoes",
        "org": "org",
        "name": "name",
        "roster_head": ("org", "name", "domain", "parent", "secretary", "members"),
        "yes_no": "yes,no",
    },
}

_ENTER = {
    "zh": {
        "score": "填写 0～{max} 的分数",
        "count": "填写发生次数（不小于 0 的整数，留空按 0 次）",
        "rate": "填写 0～1 的小数，或如 85% 的百分数",
        "yesno": "填写“是”或“否”",
    },
    "en": {
        "score": "enter a score 0 to {max}",
        "count": "enter how many times (a whole number, 0 or more; blank means 0)",
        "rate": "enter a rate 0 to 1, or a percentage like 85%",
        "yesno": "enter yes or no",
    },
}


def _item_points(ind, key: str) -> Decimal | None:
    """The points of a check item or named deduction, from the indicator's own table."""
    _, _, sub = key.partition(".")
    for table in ("items", "deductions"):
        for it in ind.options.get(table) or ():
            if isinstance(it, dict) and it.get("id") == sub:
                return Decimal(it["points"])
    return None


def _method_text(ind, inp, lang: str) -> tuple[str, str]:
    """(the visible name, the parenthesised note) of an input column."""
    zh = lang != "en"
    name = ind.name if zh else (ind.name_en or ind.name)
    p = fmt(ind.points)
    sub = inp.label if inp.label != ind.name else None
    full = f"{name}：{sub}" if sub and zh else f"{name}: {sub}" if sub else name
    m, opts = ind.method, ind.options
    if m == "deduct" and "per" in opts:
        unit = ind.unit or "次"
        return full, (f"{p}分·每{unit}扣{fmt(opts['per'])}分" if zh else f"{p} pts · −{fmt(opts['per'])} each")
    if m == "deduct" and sub:
        ip = fmt(_item_points(ind, inp.key) or 0)
        return full, (f"每次扣{ip}分·本项共{p}分" if zh else f"−{ip} each · of {p} pts")
    if m == "check" and sub:
        ip = fmt(_item_points(ind, inp.key) or 0)
        return full, (f"{ip}分·是/否" if zh else f"{ip} pts · yes/no")
    if m == "check":
        return full, (f"{p}分·达到填是" if zh else f"{p} pts · yes if met")
    if m == "score":
        return full, (f"{p}分·直接评分" if zh else f"{p} pts · score")
    if m == "ratio":
        return full, (f"{p}分·比率×分值" if zh else f"{p} pts · rate × points")
    if m == "tiers":
        return full, (f"{p}分·按比率分档" if zh else f"{p} pts · rate, tiered")
    if m == "tracker":
        return full, (f"{p}分·台账比率×分值" if zh else f"{p} pts · tracker rate × points")
    kind = {
        "score": ("评分", "score"),
        "count": ("次数", "count"),
        "rate": ("比率", "rate"),
        "yesno": ("是/否", "yes/no"),
    }[inp.kind]
    return full, (f"{p}分·{kind[0]}" if zh else f"{p} pts · {kind[1]}")


def _guide(ind, inp, lang: str) -> str | None:
    """An input's guide: the indicator's, after a word on the tracker whose records take its place (if any)."""
    feed = None if inp.shared else feed_of(ind)
    if feed is None:
        return ind.guide
    first = (
        f"an organization with records of the tracker {feed[0]} is scored from them, not from this cell"
        if lang == "en"
        else f"有活动台账 {feed[0]} 记录的组织按记录计算，此处所填不采用"
    )
    sep = ". " if lang == "en" else "。"
    return f"{first}{sep}{ind.guide}" if ind.guide else first


def _prompt(kind: str, maximum, guide: str | None, lang: str) -> str:
    text = _ENTER[lang][kind].format(max=fmt(maximum) if maximum is not None else "")
    if guide:
        text = f"{text}。{guide}" if lang != "en" else f"{text}. {guide}"
    return text[:250]


def help_steps(standard: Standard, roster_title: str, lang: str = "zh") -> list[str]:
    """The numbered "how to fill it in" paragraphs of the instructions sheet; the rule for
    blank cells is one: a blank count is 0 occurrences, any other blank is missing."""
    if lang == "en":
        veto = (
            "Veto facts are required (必填): yes or no for every organization, a blank is an error."
            if standard.require_veto_facts
            else "Veto facts are the exception: a blank one did not happen."
        )
        return [
            "1. Each sheet has one row per organization. Do not change the grey org and name columns; without a roster, "
            f"fill in the {roster_title} sheet first, then type the org ids on each sheet.",
            "2. Headers give each indicator's name, points and method; select a cell to see what to enter.",
            "3. Scores: a number from 0 to the item's points (decimals allowed); counts: a whole number, 0 or more; "
            "rates: 0 to 1 (0.85) or a percentage (85%); yes/no: yes or no (是/否, 1/0 also accepted).",
            "4. A blank count is 0: every column of counts (deductions, indicators that deduct per occurrence, bonus "
            "and penalty items, survey answers) counts a blank cell as 0 occurrences (did not happen); each "
            "organization still needs valid survey answers.",
            "5. A blank score, rate or yes/no is missing, an error: it is reported with its sheet, row and column, "
            f"never taken as 0. {veto}",
            "6. Do not change the hidden row 1: it names each column's indicator, and reading relies on it, not on the "
            "header text, sheet names or column order.",
            "7. Enter plain values, not formulas; keep the file as .xlsx.",
        ]
    veto = (
        "否决事项必填，每个组织每项都要填“是”或“否”，留空是错误。"
        if standard.require_veto_facts
        else "否决事项例外：留空表示没有发生。"
    )
    return [
        "1. 每个工作表一行一个党组织。灰色的“组织编号”“组织名称”两列不要修改；没有名单时先在“组织名单”表填写组织，再在各表填写组织编号。",
        "2. 表头写明指标名称、分值和计分方法；选中单元格可看到填写提示和评分说明。",
        "3. 分数：填 0 到该项分值之间的数，可以有小数；次数：填不小于 0 的整数，如缺开几次会就填几；"
        "比率：填 0～1 的小数（0.85）或百分数（85%）；是/否：填“是”或“否”（也可填 yes/no、1/0）。",
        "4. 次数留空 = 0 次：所有填写次数的列（扣分项、每次扣分的指标、加分扣分、满意度测评的票数）留空都按 0 次"
        "（没有发生）计算；但每个组织至少要有满意度测评的有效票数。",
        "5. 分数、比率、是/否留空 = 未填写 = 错误：这些单元格留空，导入时会报错并指出工作表、行和列，绝不按 0 分处理。"
        + veto,
        "6. 不要修改隐藏的第 1 行：它记录每列对应的指标，导入时按它识别各列，与表头文字、工作表名和列的顺序无关。",
        "7. 请直接填写数值，不要用公式；保存为 .xlsx 格式。",
    ]
