"""Properties of grading that hold for any valid input (hypothesis, exact Decimals).

Inputs are generated from what each built-in standard accepts
(:func:`dingji.core.inputs.spec_for`): every required indicator value by its kind,
survey answers with at least one valid vote, bonus and penalty counts, fact vetoes.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dingji
from dingji.core.inputs import spec_for

#: 40 examples of each property for each built-in standard: seconds per test
pytestmark = pytest.mark.slow

BUILTIN = ("village", "soe", "private", "institution", "service_window")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def stds(registry):
    return {key: registry.standard(key) for key in BUILTIN}


def value_strategy(kind, maximum):
    if kind == "score":
        return st.decimals(min_value=D(0), max_value=maximum, places=1)
    if kind == "count":
        return st.integers(min_value=0, max_value=6).map(D)
    if kind == "yesno":
        return st.booleans()
    if kind == "rate":
        return st.decimals(min_value=D(0), max_value=D(1), places=2)
    raise AssertionError(kind)


@st.composite
def org_input(draw, std, vetoes=True):
    """{(source, item): value} for one organization, complete and valid."""
    spec = spec_for(std)
    values = {}
    for key in spec.required:
        if key[0] == "veto":  # required too (require_veto_facts): entered below
            continue
        kind, maximum, _ = spec.accepts[key]
        values[key] = draw(value_strategy(kind, maximum))
    for sv in std.surveys:  # every survey (survey, or survey.members and survey.clients) with valid answers
        for opt in sv.options:
            values[(sv.key, opt.name)] = D(draw(st.integers(min_value=0, max_value=40)))
        valid = [o.name for o in sv.options if o.valid]
        if valid and not any(values[(sv.key, n)] for n in valid):
            values[(sv.key, draw(st.sampled_from(valid)))] = D(draw(st.integers(min_value=1, max_value=40)))
    for which, capped in (("bonus", std.bonus), ("penalty", std.penalty)):
        for item in capped.items if capped else ():
            values[(which, item.id)] = D(draw(st.integers(min_value=0, max_value=4)))
    for v in std.vetoes:  # without ``vetoes``, every fact entered as did not happen
        if v.when is None:
            values[("veto", v.id)] = draw(st.sampled_from([True, False, False, False])) if vetoes else False
    return values


def grade_one(std, values):
    return dingji.evaluate(std, {"o": values})[0]


@pytest.mark.parametrize("key", BUILTIN)
@SETTINGS
@given(data=st.data())
def test_score_stays_within_0_and_total(stds, key, data):
    std = stds[key]
    r = grade_one(std, data.draw(org_input(std)))
    assert 0 <= r.exact <= std.total
    assert 0 <= r.score <= std.total
    assert r.score == r.score.quantize(D(1).scaleb(-std.precision))
    for s in std.sources:
        assert 0 <= r.sources[s.id] <= std.total
    for _, index, _, got, _ in r.lines:
        assert 0 <= got <= std.scorers[index][0].points
    assert r.grade in [g.name for g in std.grades]
    assert std.grade_rank(r.grade) >= std.grade_rank(r.score_grade)  # vetoes only ever lower


def better(kind, old, maximum):
    """A strategy for a value no worse than ``old`` for every built-in method."""
    if kind == "score":
        return st.decimals(min_value=old, max_value=maximum, places=1)
    if kind == "count":  # deduct: fewer occurrences
        return st.integers(min_value=0, max_value=int(old)).map(D)
    if kind == "yesno":  # check: turned to yes
        return st.just(True)
    if kind == "rate":
        return st.decimals(min_value=old, max_value=D(1), places=2)
    raise AssertionError(kind)


@pytest.mark.parametrize("key", BUILTIN)
@SETTINGS
@given(data=st.data())
def test_improving_one_entry_never_lowers_the_grade(stds, key, data):
    std = stds[key]
    spec = spec_for(std)
    values = data.draw(org_input(std))
    changed = data.draw(st.sampled_from(spec.required))
    kind, maximum, _ = spec.accepts[changed]
    improved = dict(values)
    # a veto fact (required under require_veto_facts) is better when it did not happen
    improved[changed] = False if changed[0] == "veto" else data.draw(better(kind, values[changed], maximum))
    before, after = grade_one(std, values), grade_one(std, improved)
    assert after.exact >= before.exact
    assert after.score >= before.score
    assert std.grade_rank(after.grade) <= std.grade_rank(before.grade)


@pytest.mark.parametrize("key", BUILTIN)
@SETTINGS
@given(data=st.data())
def test_a_fact_veto_always_gives_the_lowest_grade(stds, key, data):
    std = stds[key]
    values = data.draw(org_input(std, vetoes=False))
    veto = data.draw(st.sampled_from([v for v in std.vetoes if v.when is None]))
    values[("veto", veto.id)] = data.draw(st.sampled_from(["yes", "是", "1", True]))
    r = grade_one(std, values)
    assert r.grade == std.lowest_grade == "较差"
    assert veto in r.vetoes


@SETTINGS
@given(data=st.data())
def test_row_order_does_not_matter(stds, data):
    std = stds[data.draw(st.sampled_from(BUILTIN))]
    spec = spec_for(std)
    rows = []
    for org in ("o1", "o2", "o3"):
        values = data.draw(org_input(std))
        rows += [(org, s, i, str(v)) for (s, i), v in values.items()]
        # an exact repeat and a blank cell beside a value are harmless wherever they come
        s, i = data.draw(st.sampled_from(spec.required))
        rows += [(org, s, i, str(values[(s, i)])), (org, s, i, "")]
    shuffled = data.draw(st.permutations(rows))

    def by_org(results):
        return {
            r.org: (
                r.exact,
                r.score,
                r.grade,
                r.vetoes,
                r.service_oriented,
                r.satisfaction,
                r.sources,
                sorted(r.lines, key=lambda x: (x[0], x[1])),
            )
            for r in results
        }

    assert by_org(dingji.evaluate(std, shuffled)) == by_org(dingji.evaluate(std, rows))
