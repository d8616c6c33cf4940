"""A grading's result (:class:`Result`, made by :func:`dingji.core.scoring.grade`): every
point of it, its next grade, its rules, its explanation and JSON form.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from dingji.core.inputs import Assessment
from dingji.core.model import Standard, Veto
from dingji.core.scoring_plan import plan_for


@attrs.frozen(eq=False)
class Result:
    """One organization's grade, with everything needed to explain it.

    ``points`` maps each ``indicators`` source to the points of every indicator
    (clamped, in the standard's order); :attr:`lines` adds what was entered.
    """

    org: str
    name: str
    domain: str
    standard: Standard
    score: Decimal
    exact: Decimal
    unclamped: Decimal
    score_grade: str
    grade: str
    vetoes: tuple[Veto, ...]
    service_oriented: bool
    service_gaps: tuple[tuple, ...]
    satisfaction: Decimal | None
    sources: Mapping[str, Decimal]
    bonus_raw: Decimal
    bonus: Decimal
    penalty_raw: Decimal
    penalty: Decimal
    points: Mapping[str, list]
    assessment: Assessment
    metrics: Mapping[str, Decimal | None]
    #: each survey's satisfaction by survey id (None without valid answers); ``satisfaction``
    #: is the lowest of them
    surveys: Mapping[str, Decimal | None] = attrs.field(factory=dict)

    @property
    def lines(self) -> list[tuple]:
        """``(source id, indicator index, entered values, points, points before clamping)``
        per indicator and ``indicators`` source, in source then indicator order."""
        plan = plan_for(self.standard)
        values = self.assessment.values
        out = []
        for si, (sid, rows) in enumerate(plan.per_source):
            got_list = self.points[sid]
            for index, _, points, _, _, _ in rows:
                entered = tuple(values[k] for k in plan.keys(si, index))
                out.append((sid, index, entered, got_list[index], points(*entered)))
        return out

    def next_grade(self) -> tuple[str, Decimal] | None:
        """The next grade a higher score would give, and the points still missing; None at the
        top, or when a rule that holds keeps the grade whatever the score (see core/rules.py)."""
        from dingji.core.rules import next_allowed

        return next_allowed(self.standard, self.score, self.grade, self.vetoes)

    def changed_grade(self, veto) -> bool:
        """Whether a rule that holds is why the grade is lower than the score's."""
        from dingji.core.rules import changed_grade

        return changed_grade(self.standard, self.score_grade, self.grade, veto)

    @property
    def reasons(self) -> tuple:
        """The rules that changed the grade: the reasons a display lists."""
        return tuple(v for v in self.vetoes if self.changed_grade(v))

    def explain(self, lang: str = "zh"):
        from dingji.core.explain import explain

        return explain(self, lang)

    def to_dict(self) -> dict:
        from dingji.core.explain import result_dict

        return result_dict(self)


@attrs.frozen
class Brief:
    """What is kept of a result graded in another process (:mod:`dingji.services.split`): enough
    to count, warn, compare with the stored grades and store it (its output was written where it
    was graded)."""

    org: str
    name: str
    domain: str
    score: Decimal
    score_grade: str
    grade: str
    vetoes: tuple
    service_oriented: bool

    @classmethod
    def of(cls, r) -> Brief:
        return cls(r.org, r.name, r.domain, r.score, r.score_grade, r.grade, r.vetoes, r.service_oriented)

    def plain(self) -> tuple:
        """The brief as plain data, to cross to another process (:meth:`from_plain` there)."""
        return (
            self.org,
            self.name,
            self.domain,
            str(self.score),
            self.score_grade,
            self.grade,
            tuple(v.id for v in self.vetoes),
            self.service_oriented,
        )

    @classmethod
    def from_plain(cls, vetoes_by_id: Mapping[str, Veto], data) -> Brief:
        org, name, domain, score, score_grade, grade, vetoes, service = data
        by_id = vetoes_by_id
        return cls(org, name, domain, Decimal(score), score_grade, grade, tuple(by_id[v] for v in vetoes), service)
