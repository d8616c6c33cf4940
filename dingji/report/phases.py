"""The year's phases (``[phases]`` of ``dingji.toml``, see :mod:`.plan`): each with its dates,
the phase a day falls in, and the rectification deadline they give.
"""

from __future__ import annotations

import datetime as dt

import attrs

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text

#: The township plan's phases (乡镇基层组织建设年实施方案), with English names.
PHASES = {
    "调查摸底、分类定级": "Survey and grading",
    "整改提高、晋位升级": "Rectify and move up",
    "学习先进、创先争优": "Learn from the best, strive to excel",
    "巩固成果、常态设计": "Consolidate, make it routine",
}


@attrs.frozen
class Phase:
    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def label(self, lang: str = "zh") -> str:
        return PHASES.get(self.name, self.name) if lang == "en" else self.name


def _day(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def phases(config: dict, file: str | None = None) -> list[Phase]:
    """The ``[phases]`` of a workspace's configuration, in order (the plan's four, undated, without one)."""
    table = config.get("phases")
    if table is None:
        return [Phase(name) for name in PHASES]
    problems, out = [], []

    def bad(key, en, zh):
        problems.append(Problem(Place(file=file, key=key), Text(zh, en)))

    if not isinstance(table, dict) or not table:
        bad(
            "phases",
            "[phases] must list the phases: name = [first day, last day]",
            "[phases] 应列出各阶段：名称 = [开始日期, 结束日期]",
        )
        raise DingjiError(problems)
    for name, value in table.items():
        key = f"phases.{name}"
        days = [_day(v) for v in value] if isinstance(value, list) and len(value) == 2 else None
        if days is None or None in days:
            bad(
                key,
                f"expected [first day, last day] such as [2026-02-01, 2026-04-30], got {value!r}",
                f"应为 [开始日期, 结束日期]，如 [2026-02-01, 2026-04-30]，实为 {value!r}",
            )
            continue
        if days[1] < days[0]:
            bad(
                key,
                f"the phase ends ({days[1]}) before it starts ({days[0]})",
                f"结束日期 {days[1]} 早于开始日期 {days[0]}",
            )
            continue
        # phases may overlap: the township plan's own calendar starts 整改 in early April while the
        # survey runs to the end of April
        out.append(Phase(str(name), *days))
    if problems:
        raise DingjiError(problems)
    return out


def current(plan: list[Phase], day: dt.date) -> tuple[int | None, str]:
    """``(index of the phase that holds day, state)``; state is ``in``, ``before`` (the
    first has not begun), ``between``, ``after`` (all over) or ``undated``.  Where phases
    overlap, the one that began last holds the day."""
    dated = [(i, p) for i, p in enumerate(plan) if p.start is not None]
    if not dated:
        return None, "undated"
    holding = [(p.start, i) for i, p in dated if p.start <= day <= p.end]
    if holding:
        return max(holding)[1], "in"
    if day < min(p.start for _, p in dated):
        return None, "before"
    if day > max(p.end for _, p in dated):
        return None, "after"
    return None, "between"


def rectify_deadline(plan: list[Phase]) -> dt.date | None:
    """The last day of the rectification phase (the one whose name has 整改), if dated."""
    return next((p.end for p in plan if "整改" in p.name and p.end is not None), None)
