"""The words of the 汇总 sheet's extra blocks (:mod:`.summary_blocks`) and of the facts' checks
(:mod:`.summary_facts`), in both languages: :data:`T` and :func:`t`.
"""

from __future__ import annotations

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
