"""What the veto and cap rules that hold did to a grade, and what they still allow.

A rule that holds lowers the grade to its own (the lowest for a fact veto, ``max_grade``
for a cap).  It *changed* the grade when its grade is below the grade by score and it is
the one that sets the final grade; a cap whose grade the score already falls below (55.8
较差 with "satisfaction below 90% → at most 一般") holds without effect and is not a reason.
The next grade the rules allow is the one above the final grade, unless a rule holding
keeps the grade where it is whatever the score.
"""

from __future__ import annotations

from decimal import Decimal


def rule_rank(standard, veto) -> int:
    """The rank (0: best) a rule that holds lowers the grade to."""
    return standard.grade_rank(veto.max_grade) if veto.max_grade else len(standard.grades) - 1


def changed_grade(standard, score_grade: str, grade: str, veto) -> bool:
    """Whether ``veto`` (holding) is why the grade is ``grade`` rather than ``score_grade``."""
    rank = rule_rank(standard, veto)
    return rank > standard.grade_rank(score_grade) and rank == standard.grade_rank(grade)


def ceiling(standard, vetoes) -> int:
    """The best rank the rules that hold allow (0 when none holds)."""
    return max((rule_rank(standard, v) for v in vetoes), default=0)


def next_allowed(standard, score: Decimal, grade: str, vetoes) -> tuple[str, Decimal] | None:
    """The next grade up that a higher score would give, and the points missing; None at the top,
    or when a rule that holds keeps the grade where it is whatever the score."""
    rank = standard.grade_rank(grade)
    if rank == 0 or rank - 1 < ceiling(standard, vetoes):
        return None
    up = standard.grades[rank - 1]
    return up.name, up.min - score


def score_grade_of(standard, score: Decimal) -> str:
    """The grade a score reaches by the thresholds alone."""
    return next(g.name for g in standard.grades if score >= g.min)


def split_rules(standard, score: Decimal, grade: str, vetoes) -> tuple[list, list]:
    """``(rules that changed the grade, rules that hold without effect)``, in the standard's order."""
    by_score = score_grade_of(standard, score)
    changed = [v for v in vetoes if changed_grade(standard, by_score, grade, v)]
    return changed, [v for v in vetoes if v not in changed]


def rules_text(standard, score: Decimal, grade: str, vetoes, lang: str = "zh", name=None) -> str:
    """The reasons a list shows: the rules that changed the grade, then, labelled, those that
    hold without effect (``name(veto)`` gives a rule's shown name)."""
    name = name or (lambda v: v.name)
    changed, idle = split_rules(standard, score, grade, vetoes)
    sep = "; " if lang == "en" else "；"
    text = sep.join(name(v) for v in changed)
    if idle:
        rest = sep.join(name(v) for v in idle)
        extra = f"(also holds, without effect: {rest})" if lang == "en" else f"（另成立但未改变等次：{rest}）"
        text = f"{text} {extra}".strip() if lang == "en" else text + extra
    return text
