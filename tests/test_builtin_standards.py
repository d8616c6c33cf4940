"""The four bundled standards load, share the common rules, and grade complete samples.

Complete inputs are generated from what each standard accepts (spec_for): "full" gives
every indicator its full points (score = points, no occurrences, yes, rate 1); "zero"
gives none (score 0, 100 occurrences, no, rate 0).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import dingji
from dingji.core.inputs import spec_for

BUILTIN = {
    "village": "农村",
    "enterprise": "企业",
    "institution": "机关事业单位",
    "service_window": "窗口单位和服务行业",
}
FULL = {"score": None, "count": "0", "yesno": "是", "rate": "100%"}
ZERO = {"score": "0", "count": "100", "yesno": "否", "rate": "0"}


def complete(std, how, survey):
    """Every required value, filled the way ``how`` says, plus survey answers."""
    spec = spec_for(std)
    values = {}
    for key in spec.required:
        kind, maximum, _ = spec.accepts[key]
        v = how[kind]
        values[key] = str(maximum) if v is None else v
    values.update({("survey", name): str(n) for name, n in survey.items()})
    return values


@pytest.fixture(scope="module", params=list(BUILTIN))
def std(request, registry):
    return registry.standard(request.param)


def test_all_four_are_registered(registry):
    assert set(BUILTIN) <= set(registry.standards)
    for key, domain in BUILTIN.items():
        assert registry.standard(domain) is registry.standard(key)
        assert dingji.get_standard(key).id == key


def test_loads_with_the_common_rules(std):
    assert std.origin == "built-in"
    assert std.total == 100
    assert [(g.name, g.min) for g in std.grades] == [("好", 90), ("较好", 80), ("一般", 60), ("较差", 0)]
    assert [(s.id, s.weight, s.kind) for s in std.sources] == [
        ("self", D("0.2"), "indicators"),
        ("review", D("0.3"), "survey"),
        ("superior", D("0.5"), "indicators"),
    ]
    assert sum(c.points for c in std.categories) == 100
    for cat in std.categories:
        assert sum(i.points for i in cat.indicators) == cat.points, cat.id
    vetoes = {v.id: v for v in std.vetoes}
    for fact in ("violation", "no_activity", "petition"):
        assert vetoes[fact].when is None and vetoes[fact].max_grade is None
    low = vetoes["low_satisfaction"]
    assert (low.when.metric, low.when.below, low.max_grade) == ("satisfaction", D("0.5"), None)
    cap = vetoes["below_90"]
    assert (cap.when.metric, cap.when.below, cap.max_grade) == ("satisfaction", D("0.9"), "一般")
    assert std.service is not None and std.service.min_grade == "好"


def test_full_marks(std):
    r = dingji.evaluate(std, {"o": complete(std, FULL, {"满意": 30})})[0]
    # every indicator source 100; review 100 × 30×1 / 30 = 100; 0.2×100 + 0.3×100 + 0.5×100 = 100
    assert r.sources == {"self": 100, "review": 100, "superior": 100}
    assert r.score == D("100.0")
    assert r.grade == "好"
    assert r.satisfaction == 1
    assert r.service_oriented is True
    assert r.vetoes == ()


def test_all_zero(std):
    r = dingji.evaluate(std, {"o": complete(std, ZERO, {"不满意": 30, "不了解": 5})})[0]
    # every indicator 0 (deductions floored at 0); review 0; satisfaction 0/30 = 0 < 0.5
    assert r.sources == {"self": 0, "review": 0, "superior": 0}
    assert r.score == 0
    assert r.grade == "较差"
    assert [v.id for v in r.vetoes] == ["low_satisfaction", "below_90"]
    assert r.service_oriented is False


def test_full_marks_with_a_survey_at_90_percent(std):
    r = dingji.evaluate(std, {"o": complete(std, FULL, {"满意": 9, "不满意": 1, "不了解": 3})})[0]
    # review 100 × 9/10 = 90, satisfaction 0.9 (not below 0.9): 20 + 27 + 50 = 97 → 好
    assert (r.score, r.grade, r.vetoes) == (D("97.0"), "好", ())
    assert r.service_oriented is True


def test_fact_veto_on_a_full_sample(std):
    values = complete(std, FULL, {"满意": 30})
    values[("veto", "violation")] = "是"
    r = dingji.evaluate(std, {"o": values})[0]
    assert (r.score, r.score_grade, r.grade) == (D("100.0"), "好", "较差")


def test_village_by_hand(registry):
    std = registry.standard("village")
    values = complete(std, FULL, {"满意": 8, "基本满意": 2, "不满意": 0})
    values[("self", "secretary")] = "3"  # 3 of 6
    values[("superior", "sanhui_yike")] = "2"  # 8 − 1×2 = 6
    values[("superior", "team_structure.no_woman")] = "1"  # 5 − 2 = 3
    values[("self", "participation")] = "0.9"  # tier ≥0.85 → 4 of 6
    values[("tracker", "yichuang")] = "0.75"  # 0.75 × 6 = 4.5 in both sources
    values[("bonus", "honor")] = "1"  # + 2
    r = dingji.evaluate(std, {"o": values})[0]
    # self     = 100 − (6 − 3) − (6 − 4) − (6 − 4.5) = 100 − 3 − 2 − 1.5 = 93.5
    # superior = 100 − (8 − 6) − (5 − 3) − (6 − 4.5) = 100 − 2 − 2 − 1.5 = 94.5
    # review   = 100 × (8×1 + 2×0.8) / 10 = 96; satisfaction 10/10 = 1
    # combined = 0.2×93.5 + 0.3×96 + 0.5×94.5 + 2 = 18.7 + 28.8 + 47.25 + 2 = 96.75 → 96.8 → 好
    assert r.sources == {"self": D("93.5"), "review": D(96), "superior": D("94.5")}
    assert r.exact == D("96.75")
    assert (r.score, r.grade) == (D("96.8"), "好")
    # service: yichuang 4.5 < 0.8×6 = 4.8 in both sources
    assert r.service_gaps == (
        ("indicator", "yichuang", "self", D("4.5"), D("4.8")),
        ("indicator", "yichuang", "superior", D("4.5"), D("4.8")),
    )


def test_enterprise_safety_accident_veto(registry):
    std = registry.standard("enterprise")
    values = complete(std, FULL, {"满意": 30})
    values[("veto", "safety_accident")] = "yes"
    r = dingji.evaluate(std, {"o": values})[0]
    assert r.grade == "较差" and [v.id for v in r.vetoes] == ["safety_accident"]


def test_service_window_tiers(registry):
    std = registry.standard("service_window")
    values = complete(std, FULL, {"满意": 30})
    values[("superior", "satisfaction_rate")] = "0.97"  # tier ≥0.95 → 17 of 20
    r = dingji.evaluate(std, {"o": values})[0]
    # superior = 100 − 3 = 97: 20 + 30 + 0.5×97 = 98.5 → 好; 17 ≥ 0.85×20 = 17: still 服务型
    assert (r.score, r.grade) == (D("98.5"), "好")
    assert r.service_oriented is True
    values[("superior", "satisfaction_rate")] = "0.94"  # tier ≥0.9 → 14 < 17
    r = dingji.evaluate(std, {"o": values})[0]
    # superior = 100 − 6 = 94: 20 + 30 + 47 = 97 → 好, not 服务型
    assert (r.score, r.grade, r.service_oriented) == (D("97.0"), "好", False)
