"""One standard as a ledger carries it (:class:`Scale`, see :mod:`.ledger_scale`): its grades
and thresholds, and the checks of a row's score, grade, rules and numbers against them.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import attrs

from dingji.core.numbers import fmt

#: no number of a ledger is larger than this (a bound against forged files, far above any scale)
LIMIT = Decimal(10) ** 6
_NUMBER = re.compile(r"-?\d{1,7}(\.\d{1,6})?")


def _text(d: Decimal) -> str:
    return format(d, "f")


def shown(x) -> str:
    """A number read from a ledger, for a message: 96, 84.3333, 1e+300, nan."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


@attrs.frozen
class Scale:
    """One standard as a ledger carries it: ``name`` is the domain's name (a row's 领域)."""

    name: str
    total: Decimal
    precision: int
    grades: tuple  # ((name, min), ...) best first
    vetoes: tuple  # ((rule name, rank it lowers to), ...)
    #: grade name -> rank, and rule name -> the rank it lowers to (made once: a check per row)
    ranks: dict = attrs.field(init=False, eq=False, repr=False)
    rules: dict = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self):
        object.__setattr__(self, "ranks", {g: i for i, (g, _) in enumerate(self.grades)})
        object.__setattr__(self, "rules", dict(self.vetoes))

    @property
    def names(self) -> list[str]:
        return [g for g, _ in self.grades]

    @property
    def lowest(self) -> str:
        return self.grades[-1][0]

    def thresholds(self, lang: str) -> str:
        sep = ", " if lang == "en" else "、"
        return sep.join(f"{g} ≥ {fmt(m, 6)}" for g, m in self.grades)

    def check(self, score: float, grade: str, held) -> list[tuple[str, str, str]]:
        """``(field, english, chinese)`` for what is wrong with a row's ``score`` and ``grade``,
        ``held`` being the names of the rules the row says hold (those that changed its grade
        and those that hold without effect); ``field`` is score, grade or vetoes."""
        if (
            not isinstance(score, (int, float))
            or isinstance(score, bool)
            or not math.isfinite(score)
            or not 0 <= score <= self.total
        ):
            s = shown(score)
            return [
                (
                    "score",
                    f"score {s} is outside 0..{fmt(self.total, 6)} of the {self.name} standard",
                    f"综合得分 {s} 超出{self.name}评分标准的 0～{fmt(self.total, 6)}",
                )
            ]
        ranks, rules = self.ranks, self.rules
        if grade not in ranks:
            names = self.names
            return [
                (
                    "grade",
                    f"{grade!r} is not a grade of the {self.name} standard ({', '.join(names)})",
                    f"“{grade}”不是{self.name}评分标准的等次（{'、'.join(names)}）",
                )
            ]
        unknown = [n for n in held if n not in rules]
        if unknown:
            return [
                (
                    "vetoes",
                    f"{', '.join(unknown)}: not a veto or cap rule of the {self.name} standard",
                    f"“{'、'.join(unknown)}”不是{self.name}评分标准的否决或限制规则",
                )
            ]
        exact = Decimal(repr(float(score)))
        by_score = next(i for i, (_, lo) in enumerate(self.grades) if exact >= lo)
        rank = max([by_score] + [rules[n] for n in held]) if held else by_score
        if ranks[grade] == rank:
            return []
        names = self.names
        s, sg, want = fmt(exact, 6), names[by_score], names[rank]
        en_lines = f"the {self.name} standard's thresholds ({self.thresholds('en')})"
        zh_lines = f"{self.name}评分标准的分数线（{self.thresholds('zh')}）"
        if rank == by_score and ranks[grade] < rank:
            return [
                (
                    "grade",
                    f"score {s} gives {sg} by {en_lines}, not {grade}",
                    f"综合得分 {s} 按{zh_lines}应为{sg}，台账却为{grade}",
                )
            ]
        if rank == by_score:
            return [
                (
                    "grade",
                    f"score {s} gives {sg} by {en_lines}; {grade} is lower, and no veto reason that "
                    f"lowers it to {grade} is named",
                    f"综合得分 {s} 按{zh_lines}应为{sg}；台账为更低的{grade}，却没有写明使其降为{grade}的否决原因",
                )
            ]
        listed = ", ".join(held)
        return [
            (
                "grade",
                f"score {s} gives {sg} by {en_lines}, and the rules named ({listed}) make it {want}, not {grade}",
                f"综合得分 {s} 按{zh_lines}应为{sg}，所列否决原因（{'、'.join(held)}）使其为{want}，台账却为{grade}",
            )
        ]

    def check_numbers(self, sources: dict, bonus, penalty) -> list[tuple[str, str, str]]:
        """``(field, english, chinese)`` for a source score outside 0..the total (field
        ``sources.<name>``), or a bonus or penalty outside 0..:data:`LIMIT`."""
        out = []
        for field, value, hi in [
            *((f"sources.{k}", v, self.total) for k, v in sources.items()),
            ("bonus", bonus, LIMIT),
            ("penalty", penalty, LIMIT),
        ]:
            if value is not None and (not math.isfinite(value) or not 0 <= value <= hi):
                s = shown(value)
                out.append((field, f"{s} is outside 0..{fmt(hi, 6)}", f"{s} 超出 0～{fmt(hi, 6)}"))
        return out
