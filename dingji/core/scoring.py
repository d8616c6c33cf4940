"""(Standard, Assessment) -> Result: the whole grading rule in one place.

Read it beside "What the numbers mean" in the standard format: each numbered
step there is one block here (step 4 in :mod:`dingji.core.combine`).  Arithmetic is
exact: Decimals, and fractions where a value does not end (a weight "1/3", a survey
score, a tracker's 43 of 56 members); the combined score is rounded half up once, at
the end.  A Result shows each source's and indicator's score as a Decimal (60 digits
where a fraction does not end).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

import attrs

from dingji.core.combine import combine
from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Assessment, Organization
from dingji.core.model import BONUS, PENALTY, SATISFACTION, TRACKER, VETO, Standard, Veto
from dingji.core.numbers import EXACT, ZERO, dec, ratio
from dingji.core.text import Text


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
            for index, _, points, _, _ in rows:
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


class _Plan:
    """Per-standard lookups computed once, not per organization."""

    def __init__(self, standard: Standard):
        self.standard = standard
        self.ind_sources = [s for s in standard.sources if s.kind == "indicators"]
        # per indicators source: (index, maximum, points function, key or keys, single input?)
        self.per_source = []
        for src in self.ind_sources:
            rows = []
            for index, (ind, scorer) in enumerate(standard.scorers):
                keys = tuple((TRACKER if i.shared else src.id, i.key) for i in scorer.inputs)
                single = len(keys) == 1
                rows.append((index, ind.points, scorer.points, keys[0] if single else keys, single))
            self.per_source.append((src.id, rows))
        # per survey: its id and, for each valid option, (key, value, satisfied?)
        self.surveys = [
            (sv.id, [((sv.key, o.name), o.value, o.satisfied) for o in sv.options if o.valid])
            for sv in standard.surveys
        ]
        self.bonus = [((BONUS, i.id), i.points) for i in standard.bonus.items] if standard.bonus else []
        self.penalty = [((PENALTY, i.id), i.points) for i in standard.penalty.items] if standard.penalty else []
        self.fact_vetoes = [(v, (VETO, v.id)) for v in standard.vetoes if v.when is None]
        self.when_vetoes = [v for v in standard.vetoes if v.when is not None]
        self.grades = [(g.min, g.name) for g in standard.grades]
        self.ranks = {g.name: i for i, g in enumerate(standard.grades)}
        index = {ind.id: i for i, (ind, _) in enumerate(standard.scorers)}
        svc = standard.service
        self.service_need = [
            (index[iid], frac * standard.scorers[index[iid]][0].points) for iid, frac in (svc.indicators if svc else ())
        ]

    def keys(self, source_index: int, index: int):
        key = self.per_source[source_index][1][index][3]
        return (key,) if self.per_source[source_index][1][index][4] else key


_plans: weakref.WeakKeyDictionary[Standard, _Plan] = weakref.WeakKeyDictionary()


def plan_for(standard: Standard) -> _Plan:
    """The standard's plan, made once and forgotten with the standard."""
    plan = _plans.get(standard)
    if plan is None:
        plan = _plans[standard] = _Plan(standard)
    return plan


def grade(standard: Standard, assessment: Assessment, org: Organization | None = None) -> Result:
    """Grade one organization.  The assessment must come from :func:`dingji.core.inputs.collect`.
    Each step of "What the numbers mean" (standard-format.md) is one function below."""
    plan = plan_for(standard)
    values = assessment.values
    exact, points_by_source = _indicators(plan, values)  # 1-2
    surveys = _surveys(plan, values)  # 3, and the scores of survey and total sources
    for src in standard.sources:
        if src.kind == "survey":  # a fraction, kept exact: total × weighted ÷ answered
            sv = surveys[src.survey]
            exact[src.id] = ratio(standard.total * sv.weighted, sv.answered)
        elif src.kind == "total":
            exact[src.id] = values[(src.id, "total")]
    exact = {s.id: exact[s.id] for s in standard.sources}
    combined = combine(standard, plan.bonus, plan.penalty, values, exact)  # 4
    sources = {sid: dec(v) for sid, v in exact.items()}  # shown and stored; the sum used the exact values
    satisfaction = _lowest(surveys)
    score_grade, held, final, metrics = _grade(standard, plan, assessment, combined.score, satisfaction, surveys)  # 5
    service_ok, gaps = _service(standard, plan, final, satisfaction, surveys, points_by_source)  # 6
    return Result(
        org=assessment.org,
        name=org.name if org else assessment.org,
        domain=standard.domain,
        standard=standard,
        score=combined.score,
        exact=combined.exact,
        unclamped=combined.unclamped,
        score_grade=score_grade,
        grade=final,
        vetoes=tuple(held),
        service_oriented=service_ok,
        service_gaps=gaps,
        satisfaction=satisfaction,
        sources=sources,
        bonus_raw=combined.bonus_raw,
        bonus=combined.bonus,
        penalty_raw=combined.penalty_raw,
        penalty=combined.penalty,
        points=points_by_source,
        assessment=assessment,
        metrics=metrics,
        surveys={sid: sv.satisfaction for sid, sv in surveys.items()},
    )


def _indicators(plan: _Plan, values) -> tuple[dict, dict]:
    """1-2. Each indicator's points per ``indicators`` source, clamped to 0..points (shown as
    Decimals), and the source's score, their exact sum."""
    points_by_source = {}
    sources: dict[str, Decimal] = {}
    for sid, rows in plan.per_source:
        subtotal = ZERO
        got_list = []
        for _index, maximum, points, key, single in rows:
            raw = points(values[key]) if single else points(*[values[k] for k in key])
            got = ZERO if raw < ZERO else maximum if raw > maximum else raw
            subtotal += got  # exact: a tracker's 43/56 × 6 stays a fraction
            got_list.append(got if got.__class__ is Decimal else dec(got))
        sources[sid] = subtotal
        points_by_source[sid] = got_list
    return sources, points_by_source


class _Survey(NamedTuple):
    weighted: Decimal  # Σ count × value over valid options
    answered: Decimal  # Σ count over valid options
    satisfaction: Decimal | None  # satisfied ÷ answered; None without answers


def _surveys(plan: _Plan, values) -> dict[str, _Survey]:
    """3. Each survey's satisfaction over its valid options, by survey id."""
    out = {}
    for sid, options in plan.surveys:
        weighted = answered = satisfied = ZERO
        for key, value, is_satisfied in options:
            n = values.get(key)
            if n:
                answered += n
                weighted += n * value
                if is_satisfied:
                    satisfied += n
        out[sid] = _Survey(weighted, answered, EXACT.divide(satisfied, answered) if answered else None)
    return out


def _lowest(surveys: Mapping[str, _Survey]) -> Decimal | None:
    """Plain satisfaction: the lowest of the surveys'; unknown when any of them is unknown
    (a survey without answers is never passed over)."""
    got = [sv.satisfaction for sv in surveys.values()]
    if not got or any(x is None for x in got):
        return None
    return min(got)


def _grade(standard: Standard, plan: _Plan, assessment: Assessment, score: Decimal, satisfaction, surveys):
    """5. The grade by score, then lowered by every veto rule that holds:
    ``(score grade, vetoes held, final grade, metrics computed)``.  ``satisfaction`` is the
    lowest of the surveys'; ``satisfaction.<id>`` one survey's."""
    values = assessment.values
    score_grade = next(name for lo, name in plan.grades if score >= lo)
    metrics = {SATISFACTION: satisfaction}
    metrics.update((f"{SATISFACTION}.{sid}", sv.satisfaction) for sid, sv in surveys.items())
    held = [v for v, key in plan.fact_vetoes if values.get(key) is True]
    for veto in plan.when_vetoes:
        m = veto.when.metric
        if m not in metrics:
            metrics[m] = standard.metrics[m].compute(standard, assessment)
        if metrics[m] is None:
            raise InputError(
                [
                    Problem(
                        Place(key=f"{assessment.org}/{m}"),
                        Text(
                            f"{assessment.org}：{m} 未知，无法判断规则 {veto.name}",
                            f"{assessment.org}: {m} is unknown, so rule {veto.id} cannot be decided",
                        ),
                    )
                ]
            )
        if metrics[m] < veto.when.below:
            held.append(veto)
    rank = plan.ranks[score_grade]
    if held:
        held.sort(key=standard.vetoes.index)
        lowest = len(standard.grades) - 1
        for veto in held:
            rank = max(rank, plan.ranks[veto.max_grade] if veto.max_grade else lowest)
    return score_grade, held, standard.grades[rank].name, metrics


def _service(standard, plan, final, satisfaction, surveys, points_by_source):
    svc = standard.service
    if svc is None:
        return False, ()
    gaps = []
    if plan.ranks[final] > plan.ranks[svc.min_grade]:
        gaps.append(("grade", final, svc.min_grade))
    if svc.min_satisfaction is not None and len(surveys) > 1:  # every survey must reach it: name each one short
        for sid, sv in surveys.items():
            if sv.satisfaction is None or sv.satisfaction < svc.min_satisfaction:
                gaps.append(("satisfaction", sv.satisfaction, svc.min_satisfaction, sid))
    elif svc.min_satisfaction is not None and (satisfaction is None or satisfaction < svc.min_satisfaction):
        gaps.append(("satisfaction", satisfaction, svc.min_satisfaction))
    for index, need in plan.service_need:
        for source, got_list in points_by_source.items():
            if got_list[index] < need:
                gaps.append(("indicator", standard.scorers[index][0].id, source, got_list[index], need))
    return not gaps, tuple(gaps)


def grade_all(
    standard: Standard,
    assessments: Mapping[str, Assessment] | Iterable[Assessment],
    roster: Mapping[str, Organization] | None = None,
) -> list[Result]:
    """Grade many organizations; results in the order given.  Collects every unknown-metric problem."""
    items = assessments.values() if isinstance(assessments, Mapping) else assessments
    roster = roster or {}
    out, problems = [], []
    for a in items:
        try:
            out.append(grade(standard, a, roster.get(a.org)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return out
