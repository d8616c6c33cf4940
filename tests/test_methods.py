"""The built-in scoring methods (standard-format.md, step 1), each through a real standard.

The standard below has one indicator per method and two indicator sources, self (0.4)
and superior (0.6).  BASE gives in each source:
  s 7 → 7;  d 1 occurrence → 10 − 3×1 = 7;  dd no deductions → 6;  c yes → 5;
  ci site met, flag not → 3;  r 0.5 → 0.5×10 = 5;  t 0.75 → tier 0.6 → 5;
  k tracker 0.5 → 0.5×10 = 5;  rest 30 → 30
  source total = 7 + 7 + 6 + 5 + 3 + 5 + 5 + 5 + 30 = 73
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import dingji
from standard_text import preamble

METHODS_TOML = (
    preamble("methods", "计分方法测试标准", "测试", spaced=True)
    + """\
[[category]]
id = "all"
name = "全部"
points = 100

  [[category.indicator]]
  id = "s"
  name = "书记队伍"
  points = 10
  method = "score"

  [[category.indicator]]
  id = "d"
  name = "落实三会一课"
  points = 10
  method = "deduct"
  per = 3
  unit = "次"

  [[category.indicator]]
  id = "dd"
  name = "工作计划"
  points = 6
  method = "deduct"
  deductions = [
    { id = "no_plan", name = "无年度工作计划", points = 4 },
    { id = "no_summary", name = "无工作总结", points = 5 },
  ]

  [[category.indicator]]
  id = "c"
  name = "述职评议"
  points = 5
  method = "check"

  [[category.indicator]]
  id = "ci"
  name = "活动阵地"
  points = 5
  method = "check"
  items = [
    { id = "site", name = "有活动场所", points = 3 },
    { id = "flag", name = "悬挂党旗", points = 2 },
  ]

  [[category.indicator]]
  id = "r"
  name = "培训达标率"
  points = 10
  method = "ratio"

  [[category.indicator]]
  id = "t"
  name = "组织生活参加率"
  points = 10
  method = "tiers"
  tiers = [ { min = 0.9, points = 10 }, { min = 0.6, points = 5 } ]

  [[category.indicator]]
  id = "k"
  name = "三亮三比三评"
  points = 10
  method = "tracker"
  tracker = "sanliang"
  metric = "completion"

  [[category.indicator]]
  id = "rest"
  name = "其他"
  points = 34
  method = "score"
"""
)

PER_SOURCE = {
    "s": "7",
    "d": "1",
    "dd.no_plan": "0",
    "dd.no_summary": "0",
    "c": "yes",
    "ci.site": "yes",
    "ci.flag": "no",
    "r": "0.5",
    "t": "0.75",
    "rest": "30",
}


@pytest.fixture(scope="module")
def std(registry):
    return registry.load(METHODS_TOML, name="methods.toml")


def run(std, self=None, superior=None, tracker="0.5"):
    values = {("tracker", "k"): tracker}
    for src, changes in (("self", self), ("superior", superior)):
        for item, v in {**PER_SOURCE, **(changes or {})}.items():
            values[(src, item)] = v
    return dingji.evaluate(std, {"o1": values})[0]


def line(result, source, indicator):
    """(entered values, points, points before clamping) of one indicator in one source."""
    ids = [ind.id for ind, _ in result.standard.scorers]
    for src, index, entered, got, raw in result.lines:
        if src == source and ids[index] == indicator:
            return entered, got, raw
    raise AssertionError(f"no line for {source}/{indicator}")


def got(result, source, indicator):
    return line(result, source, indicator)[1]


def test_base_sources(std):
    r = run(std)
    # each source: 7 + 7 + 6 + 5 + 3 + 5 + 5 + 5 + 30 = 73; combined 0.4×73 + 0.6×73 = 73.0 → 一般
    assert r.sources == {"self": D(73), "superior": D(73)}
    assert r.score == D("73.0")
    assert r.grade == "一般"


def test_score_is_the_entered_number(std):
    r = run(std, self={"s": "9.5"}, superior={"s": "0"})
    assert got(r, "self", "s") == D("9.5")
    assert got(r, "superior", "s") == 0
    # self 73 − 7 + 9.5 = 75.5; superior 73 − 7 = 66; 0.4×75.5 + 0.6×66 = 30.2 + 39.6 = 69.8
    assert r.sources["self"] == D("75.5")
    assert r.score == D("69.8")


def test_score_full_points_allowed(std):
    r = run(std, self={"s": "10"})
    assert got(r, "self", "s") == 10


@pytest.mark.parametrize(
    "count, expected",
    [
        ("0", D(10)),  # 10 − 3×0 = 10
        ("2", D(4)),  # 10 − 3×2 = 4
        ("3", D(1)),  # 10 − 3×3 = 1
        ("4", D(0)),  # 10 − 3×4 = −2 → clamped to 0
        ("40", D(0)),  # 10 − 120 → 0
    ],
)
def test_deduct_per_occurrence(std, count, expected):
    r = run(std, self={"d": count})
    assert got(r, "self", "d") == expected


def test_deduct_clamps_only_the_computed_value(std):
    entered, points, raw = line(run(std, self={"d": "4"}), "self", "d")
    assert entered == (D(4),)
    assert raw == D(-2)  # 10 − 3×4, before clamping
    assert points == 0  # the indicator never goes below 0


@pytest.mark.parametrize(
    "no_plan, no_summary, expected",
    [
        ("0", "0", D(6)),  # nothing deducted
        ("1", "0", D(2)),  # 6 − 4×1 = 2
        ("0", "1", D(1)),  # 6 − 5×1 = 1
        ("1", "1", D(0)),  # 6 − (4 + 5) = −3 → 0: 扣完为止
        ("2", "3", D(0)),  # 6 − (8 + 15) → 0
    ],
)
def test_deduct_named_deductions(std, no_plan, no_summary, expected):
    r = run(std, self={"dd.no_plan": no_plan, "dd.no_summary": no_summary})
    assert got(r, "self", "dd") == expected


def test_deduct_named_floor_is_explained(std):
    r = run(std, self={"dd.no_plan": "1", "dd.no_summary": "1"})
    text = "\n".join(r.explain())
    assert "无年度工作计划 1次 × 4分 = 扣4分；无工作总结 1次 × 5分 = 扣5分（扣完为止） → 得 0 分" in text
    assert "(floored at 0)" in "\n".join(r.explain("en"))


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("yes", D(5)),
        ("no", D(0)),
        ("是", D(5)),
        ("否", D(0)),
        ("true", D(5)),
        ("false", D(0)),
        ("1", D(5)),
        ("0", D(0)),
        ("YES", D(5)),
    ],
)
def test_check_plain(std, answer, expected):
    assert got(run(std, self={"c": answer}), "self", "c") == expected


@pytest.mark.parametrize(
    "site, flag, expected",
    [
        ("yes", "yes", D(5)),  # 3 + 2
        ("yes", "no", D(3)),  # 3
        ("no", "yes", D(2)),  # 2
        ("no", "no", D(0)),
    ],
)
def test_check_with_items(std, site, flag, expected):
    r = run(std, superior={"ci.site": site, "ci.flag": flag})
    assert got(r, "superior", "ci") == expected


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("0.85", D("8.5")),  # 0.85 × 10
        ("85%", D("8.5")),  # a percentage is the same rate
        ("85％", D("8.5")),  # full-width percent sign
        ("100%", D(10)),
        ("0", D(0)),
        ("0.333", D("3.33")),  # exact: 0.333 × 10
    ],
)
def test_ratio(std, rate, expected):
    assert got(run(std, self={"r": rate}), "self", "r") == expected


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("1", D(10)),
        ("0.9", D(10)),  # min is inclusive
        ("0.8999", D(5)),
        ("0.6", D(5)),
        ("60%", D(5)),
        ("0.5999", D(0)),  # below every tier → 0
        ("0", D(0)),
    ],
)
def test_tiers(std, rate, expected):
    assert got(run(std, self={"t": rate}), "self", "t") == expected


def test_tracker_same_value_in_every_source(std):
    r = run(std, tracker="0.8")
    # entered once under the source "tracker": 0.8 × 10 = 8 in self and in superior
    assert got(r, "self", "k") == D(8)
    assert got(r, "superior", "k") == D(8)
    assert line(r, "self", "k")[0] == line(r, "superior", "k")[0] == (D("0.8"),)
    # each source 73 − 5 + 8 = 76; 0.4×76 + 0.6×76 = 76.0
    assert r.score == D("76.0")


def test_tracker_value_cannot_be_entered_per_source(std):
    values = {("self", k): v for k, v in PER_SOURCE.items()}
    values.update({("superior", k): v for k, v in PER_SOURCE.items()})
    values[("tracker", "k")] = "0.5"
    values[("self", "k")] = "0.9"
    with pytest.raises(dingji.InputError, match=r"key o1/self/k: unknown item 'k' for source 'self'; known: ") as exc:
        dingji.evaluate(std, {"o1": values})
    assert len(exc.value.problems) == 1
    assert "unknown item 'k' for source 'self'" in exc.value.problems[0].message


def test_tracker_supplied_value_takes_precedence(std):
    values = {(s, k): v for s in ("self", "superior") for k, v in PER_SOURCE.items()}
    values[("tracker", "k")] = "0.5"
    r = dingji.evaluate(std, {"o1": values}, supplied={"o1": {("tracker", "k"): D("0.2")}})[0]
    assert got(r, "self", "k") == got(r, "superior", "k") == D(2)  # 0.2 × 10


def test_every_method_explains_itself(std):
    r = run(std, self={"d": "2", "c": "no", "t": "0.5"})
    zh = "\n".join(r.explain())
    assert "评分 7 → 7 分" in zh
    assert "缺2次 × 每次3分 = 扣6分 → 得 4 分" in zh
    assert "无扣分项 → 得 6 分" in zh
    assert "未达到 → 0 分" in zh
    assert "达到：有活动场所 +3；未达到：悬挂党旗 → 3 分" in zh
    assert "比率 50% × 10 分 = 5 分" in zh
    assert "比率 50% 未达到任何档次 → 0 分" in zh
    assert "比率 75% 达到 ≥60% 档 → 5 分" in zh
    assert "活动台账 sanliang.completion = 0.5 × 10 分 = 5 分" in zh
    en = "\n".join(r.explain("en"))
    assert "2 occurrence(s) × 3 = −6 → 4" in en
    assert "rate 50% is below every tier → 0" in en
    assert "not met → 0" in en


def test_builtin_methods_are_registered(registry):
    assert set(registry.methods) >= {"score", "deduct", "check", "ratio", "tiers", "tracker"}
