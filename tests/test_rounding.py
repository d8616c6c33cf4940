"""Rounding (standard-format.md, step 4): half up (四舍五入), once, at the end, exactly.

The standard here has three sources weighted 0.2 / 0.3 / 0.5 whose scores are entered
directly (kind "total"), so the combined score is exactly 0.2a + 0.3b + 0.5c.
Each case is one that binary floats, or Python's round() (halves to even), get wrong; the
cases also give dingji the numbers as floats, as a spreadsheet cell holds them.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import dingji
from standard_text import preamble

#: three sources whose scores are entered directly (the review's kind is the test's), not self 0.4 / superior 0.6
SOURCES = """\
[[source]]
id = "self"
name = "自查自评"
weight = 0.2
kind = "total"
[[source]]
id = "review"
name = "党员群众评议"
weight = 0.3
kind = "{review_kind}"
[[source]]
id = "superior"
name = "上级党组织评定"
weight = 0.5
kind = "total"
"""

REST = """\
[survey]
options = [ { name = "满意", value = 1, satisfied = true }, { name = "不满意", value = 0 } ]
[[category]]
id = "all"
name = "全部"
points = 100
  [[category.indicator]]
  id = "x"
  name = "综合"
  points = 100
  method = "score"
"""


def standard(registry, precision, review_kind="total"):
    text = preamble(
        "rounding", "舍入测试", "测试", precision=precision, sources=SOURCES.format(review_kind=review_kind)
    )
    return registry.load(text + REST, name="rounding.toml")


def grade(std, a, b, c):
    rows = [("o", "self", "total", a), ("o", "review", "total", b), ("o", "superior", "total", c)]
    return dingji.evaluate(std, rows)[0]


def test_half_up_where_floats_round_down(registry):
    # exact: 0.2×85 + 0.3×86 + 0.5×94.3 = 17 + 25.8 + 47.15 = 89.95 → 90.0 → 好
    # (binary floats land just below, 89.94999999999999, so float arithmetic would say 89.9 → 较好)
    r = grade(standard(registry, 1), "85", "86", "94.3")
    assert r.exact == D("89.95")
    assert r.score == D("90.0")
    assert str(r.score) == "90.0"
    assert r.grade == r.score_grade == "好"
    assert "= 89.95，四舍五入保留 1 位小数 → 90.0" in "\n".join(r.explain())
    assert r.to_dict()["score"] == 90
    # the same numbers as floats: taken as typed, then computed exactly
    floats = grade(standard(registry, 1), 85.0, 86.0, 94.3)
    assert (floats.exact, floats.score, floats.grade) == (D("89.95"), D("90.0"), "好")


def test_half_up_precision_2(registry):
    # exact: 0.2×95 + 0.3×80.6 + 0.5×93.63 = 19 + 24.18 + 46.815 = 89.995 → 90.00 → 好
    # (binary floats give 89.99499999999999 → 89.99 → 较好)
    r = grade(standard(registry, 2), "95", "80.6", "93.63")
    assert r.exact == D("89.995")
    assert str(r.score) == "90.00"
    assert r.grade == "好"
    assert r.next_grade() is None
    assert "综合得分 90.00 → 等次 好" in r.explain()
    floats = grade(standard(registry, 2), 95.0, 80.6, 93.63)
    assert (floats.exact, str(floats.score), floats.grade) == (D("89.995"), "90.00", "好")


def test_half_up_precision_0(registry):
    std = standard(registry, 0)
    # exact: 0.2×85 + 0.3×86 + 0.5×91.4 = 17 + 25.8 + 45.7 = 88.5 → 89 (half up);
    # (Python's round() rounds halves to even: 88)
    r = grade(std, "85", "86", "91.4")
    assert r.exact == D("88.5")
    assert str(r.score) == "89"
    assert r.to_dict()["score"] == 89  # the JSON document too
    assert "= 88.5，四舍五入保留 0 位小数 → 89" in "\n".join(r.explain())
    assert r.grade == "较好"
    assert r.next_grade() == ("好", D(1))  # 90 − 89
    # exact: 17 + 25.8 + 0.5×93.4 = 17 + 25.8 + 46.7 = 89.5 → 90 → 好
    r = grade(std, "85", "86", "93.4")
    assert (str(r.score), r.grade) == ("90", "好")
    # 59.5 → 60 → 一般: 0.2×59.5 + 0.3×59.5 + 0.5×59.5 = 59.5
    r = grade(std, "59.5", "59.5", "59.5")
    assert (str(r.score), r.grade) == ("60", "一般")


def test_below_half_rounds_down(registry):
    # 0.2×85 + 0.3×86 + 0.5×94.29 = 17 + 25.8 + 47.145 = 89.945 → 89.9 → 较好
    r = grade(standard(registry, 1), "85", "86", "94.29")
    assert r.exact == D("89.945")
    assert (r.score, r.grade) == (D("89.9"), "较好")
    assert r.next_grade() == ("好", D("0.1"))


def test_rounding_happens_once_at_the_end(registry):
    std = standard(registry, 1, review_kind="survey")
    rows = [
        ("o", "self", "total", "99.7"),
        ("o", "superior", "total", "100"),
        ("o", "survey", "满意", "2"),
        ("o", "survey", "不满意", "1"),
    ]
    r = dingji.evaluate(std, rows)[0]
    # review = 100 × 2/3 = 66.666…, kept exact: 0.2×99.7 + 0.3×66.666… + 0.5×100 = 19.94 + 20 + 50 = 89.94 → 89.9
    # (rounded early to 66.7 it would be 19.94 + 20.01 + 50 = 89.95 → 90.0 → 好)
    assert r.sources["review"].quantize(D("1e-20")) == D("66.66666666666666666667")
    assert r.exact.quantize(D("1e-20")) == D("89.94")
    assert (r.score, r.grade) == (D("89.9"), "较好")


@pytest.mark.parametrize("entered", ["85", 85, D("85"), 85.0, "85.00"])
def test_entered_numbers_are_exact(registry, entered):
    # a float cell of 94.3 is taken as typed (94.3), not as 94.299999999999997…
    r = grade(standard(registry, 1), entered, "86", 94.3)
    assert r.exact == D("89.95")
    assert r.score == D("90.0")
