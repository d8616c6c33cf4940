"""(Standard, Assessment) -> Result: the whole grading rule in one place.

Read it beside "What the numbers mean" in the standard format: each numbered
step there is one block here (step 4 in :mod:`dingji.core.combine`).  Arithmetic is
exact: Decimals, and fractions where a value does not end (a weight "1/3", a survey
score, a tracker's 43 of 56 members); the combined score is rounded half up once, at
the end.  A Result shows each source's and indicator's score as a Decimal (60 digits
where a fraction does not end).

The :class:`Result` is in :mod:`.result`, the per-standard plan in :mod:`.scoring_plan`
(both importable from here too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from operator import is_
from typing import NamedTuple

from dingji.core.bulk import bulk
from dingji.core.combine import combine
from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Assessment, Organization
from dingji.core.model import SATISFACTION, Standard
from dingji.core.numbers import EXACT, ZERO, dec, ratio
from dingji.core.result import Result
from dingji.core.scoring_plan import _Plan, _plans, plan_for  # noqa: F401 - re-exported
from dingji.core.text import Text


def grade(standard: Standard, assessment: Assessment, org: Organization | None = None, plan=None) -> Result:
    """Grade one organization.  The assessment must come from :func:`dingji.core.inputs.collect`.
    Each step of "What the numbers mean" (standard-format.md) is one function below.  ``plan``:
    the standard's :func:`plan_for`, when the caller grading many has it."""
    if plan is None:
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
    combined = combine(standard, plan.bonus, plan.penalty, values, exact, plan.weights)  # 4
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
    Decimals), and the source's score, their exact sum.

    A reader parses each distinct text or cell once, so thousands of organizations share the
    very same value objects: an indicator's points are remembered by the identity of its input
    (the object itself is kept with them, so an id is never taken for another value's).  A
    scorer is a function of its inputs (the ledger re-computes stored points from the inputs
    alone), so a remembered result is the one a call would give, digit for digit."""
    points_by_source = {}
    sources: dict[str, Decimal] = {}
    for sid, rows in plan.per_source:
        subtotal = ZERO
        got_list = []
        for _index, maximum, points, key, single, memo in rows:
            if memo.off:  # inputs that are not shared (made one per organization): just compute
                raw = points(values[key]) if single else points(*[values[k] for k in key])
                got = ZERO if raw < ZERO else maximum if raw > maximum else raw
                subtotal += got
                got_list.append(got if got.__class__ is Decimal else dec(got))
                continue
            if single:
                v = values[key]
                mark = id(v)
                hit = memo.get(mark)
                if hit is not None and hit[0] is v:
                    subtotal += hit[1]
                    got_list.append(hit[2])
                    continue
                raw = points(v)
            else:
                v = tuple([values[k] for k in key])
                mark = tuple(map(id, v))
                hit = memo.get(mark)
                if hit is not None and all(map(is_, hit[0], v)):
                    subtotal += hit[1]
                    got_list.append(hit[2])
                    continue
                raw = points(*v)
            got = ZERO if raw < ZERO else maximum if raw > maximum else raw
            shown = got if got.__class__ is Decimal else dec(got)
            subtotal += got  # exact: a tracker's 43/56 × 6 stays a fraction
            got_list.append(shown)
            memo.keep(mark, (v, got, shown))
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
    plan = plan_for(standard)
    with bulk():  # results that live on, no cycles among them: no collector passes over them
        for a in items:
            try:
                out.append(grade(standard, a, roster.get(a.org), plan))
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return out
