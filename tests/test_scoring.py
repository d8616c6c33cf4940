"""What the numbers mean (standard-format.md, steps 2-6), graded by hand.

Most tests use the format page's example standard and the base / full / zero inputs of
conftest.py (BASE: self 79, review 91.6, superior 86.5, satisfaction 0.94 → 86.53 → 86.5).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import dingji


def survey(satisfied, unsatisfied, basic=0, unknown=0):
    return {
        ("survey", "满意"): str(satisfied),
        ("survey", "基本满意"): str(basic),
        ("survey", "不满意"): str(unsatisfied),
        ("survey", "不了解"): str(unknown),
    }


# --- sources ---------------------------------------------------------------------


def test_base_by_hand(grade_example):
    r = grade_example()
    assert r.sources == {"self": D(79), "review": D("91.6"), "superior": D("86.5")}
    assert r.satisfaction == D("0.94")  # 47 / 50
    # 0.2×79 + 0.3×91.6 + 0.5×86.5 = 15.8 + 27.48 + 43.25 = 86.53
    assert r.exact == D("86.53")
    assert r.score == D("86.5")
    assert r.grade == r.score_grade == "较好"
    assert r.vetoes == ()


@pytest.mark.parametrize("unknown", ["0", "10", "1000"])
def test_invalid_survey_option_left_out_of_both_sums(grade_example, unknown):
    r = grade_example({("survey", "不了解"): unknown})
    # 不了解 is valid = false: review = 100 × 45.8 / 50 = 91.6 whatever its count
    # (counted in, 10 of them would give 100 × 45.8 / 60 = 76.33…, satisfaction 47/60 = 0.783…)
    assert r.sources["review"] == D("91.6")
    assert r.satisfaction == D("0.94")
    assert r.score == D("86.5")


def test_survey_without_invalid_answers_row(grade_example):
    r = grade_example(drop=[("survey", "不了解")])
    assert r.sources["review"] == D("91.6")


def test_survey_score_uses_option_values(grade_example):
    r = grade_example(survey(satisfied=0, unsatisfied=0, basic=10))
    # all 基本满意 (value 0.8): review = 100 × 10×0.8 / 10 = 80; satisfaction 10/10 = 1
    assert r.sources["review"] == D(80)
    assert r.satisfaction == 1
    # 15.8 + 0.3×80 + 43.25 = 15.8 + 24 + 43.25 = 83.05 → 83.1 (half up)
    assert r.score == D("83.1")


def test_total_source(registry, example_text, grade_example):
    text = example_text.replace(
        'weight = 0.5                         # kind defaults to "indicators"', 'weight = 0.5\nkind = "total"'
    )
    assert text != example_text
    std = registry.load(text, name="total.toml")
    superior = [("superior", "secretary"), ("superior", "meetings"), ("superior", "participation")]
    r = grade_example({("superior", "total"): "77.5"}, drop=superior, standard=std)
    # 0.2×79 + 0.3×91.6 + 0.5×77.5 = 15.8 + 27.48 + 38.75 = 82.03 → 82.0 → 较好
    assert r.sources["superior"] == D("77.5")
    assert r.exact == D("82.03")
    assert r.score == D("82.0")
    assert r.grade == "较好"
    assert "直接评定 77.5 分" in "\n".join(r.explain())


# --- satisfaction ------------------------------------------------------------------

SMALL = """\
schema = 1
[standard]
id = "small"
name = "小标准"
domain = "测试"
version = "1"
[scale]
total = 100
precision = 1
[[grade]]
name = "好"
min = 90
[[grade]]
name = "较差"
min = 0
[[source]]
id = "self"
name = "自评"
weight = 0.5
kind = "total"
[[source]]
id = "superior"
name = "上级评定"
weight = 0.5
kind = "total"
[survey]
options = [
  { name = "满意", value = 1, satisfied = true },
  { name = "不满意", value = 0 },
  { name = "不了解", value = 0, valid = false },
]
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

RULE = """
[[veto]]
id = "low"
name = "满意度低于50%"
when = { metric = "satisfaction", below = 0.5 }
"""


def test_satisfaction_unknown_is_an_error_when_a_rule_needs_it(registry):
    std = registry.load(SMALL + RULE, name="small.toml")
    rows = [("o", "self", "total", "95"), ("o", "superior", "total", "95"), ("o", "survey", "不了解", "7")]
    with pytest.raises(
        dingji.InputError,
        match=r"<rows>, key o/survey: o: no valid survey answers \(满意度测评\), so satisfaction is unknown$",
    ) as exc:
        dingji.evaluate(std, rows)
    assert len(exc.value.problems) == 1
    assert "no valid survey answers" in exc.value.problems[0].message
    assert exc.value.problems[0].place.key == "o/survey"
    # with one valid answer it is known (1/1 = 1, not below 0.5): 0.5×95 + 0.5×95 = 95 → 好
    r = dingji.evaluate(std, rows + [("o", "survey", "满意", "1")])[0]
    assert (r.satisfaction, r.grade) == (1, "好")


def test_satisfaction_unknown_is_fine_when_no_rule_needs_it(registry):
    std = registry.load(SMALL, name="small.toml")
    r = dingji.evaluate(std, [("o", "self", "total", "95"), ("o", "superior", "total", "91")])[0]
    assert r.satisfaction is None
    assert r.score == D("93.0")  # 0.5×95 + 0.5×91 = 47.5 + 45.5
    assert r.grade == "好"


def test_survey_source_without_valid_answers_is_an_error(grade_example):
    with pytest.raises(
        dingji.InputError, match=r"key c/survey: c: no valid survey answers \(满意度测评\), so satisfaction is unknown$"
    ) as exc:
        grade_example(survey(0, 0, unknown=12))
    assert [p.place.key for p in exc.value.problems] == ["c/survey"]


# --- bonus and penalty -----------------------------------------------------------


@pytest.mark.parametrize(
    "honors, bonus_raw, bonus, score, grade",
    [
        ("0", D(0), D(0), D("86.5"), "较好"),
        ("2", D(4), D(4), D("90.5"), "好"),  # 2×2 = 4 ≤ cap 5: 86.53 + 4 = 90.53 → 90.5
        ("3", D(6), D(5), D("91.5"), "好"),  # 3×2 = 6 > cap 5 → 5: 86.53 + 5 = 91.53 → 91.5
    ],
)
def test_bonus_cap(grade_example, honors, bonus_raw, bonus, score, grade):
    r = grade_example({("bonus", "honor"): honors})
    assert (r.bonus_raw, r.bonus, r.score, r.grade) == (bonus_raw, bonus, score, grade)


@pytest.mark.parametrize(
    "lates, penalty, score, grade",
    [
        ("3", D(3), D("83.5"), "较好"),  # 3×1 = 3 ≤ cap 10: 86.53 − 3 = 83.53 → 83.5
        ("10", D(10), D("76.5"), "一般"),  # exactly the cap: 86.53 − 10 = 76.53
        ("12", D(10), D("76.5"), "一般"),  # 12 > cap 10 → 10
    ],
)
def test_penalty_cap(grade_example, lates, penalty, score, grade):
    r = grade_example({("penalty", "late_report"): lates})
    assert (r.penalty_raw, r.penalty, r.score, r.grade) == (D(lates), penalty, score, grade)


def test_bonus_and_penalty_together_and_explained(grade_example):
    r = grade_example({("bonus", "honor"): "3", ("penalty", "late_report"): "2"})
    # 86.53 + min(6, 5) − min(2, 10) = 86.53 + 5 − 2 = 89.53 → 89.5 → 较好
    assert r.score == D("89.5")
    assert r.grade == "较好"
    zh = "\n".join(r.explain())
    assert "受到县级以上表彰：3 次 × 2 分 = 6 分" in zh
    assert "合计 6 分，超过上限 5 分，按 5 分计" in zh
    assert "未按时报送材料：2 次 × 1 分 = 2 分" in zh
    assert "合计 2 分（上限 10 分）" in zh
    assert "0.2 × 79 + 0.3 × 91.6 + 0.5 × 86.5 + 5 − 2 = 89.53" in zh
    en = "\n".join(r.explain("en"))
    assert "total 6, above the cap of 5: counts 5" in en


def test_bonus_not_entered_counts_zero(grade_example):
    r = grade_example({("bonus", "honor"): ""})  # a blank bonus cell is not an error
    assert r.bonus == 0 and r.score == D("86.5")


def test_combined_score_clamped_to_total(grade_example):
    r = grade_example({("bonus", "honor"): "5", **survey(50, 0)}, base="full")
    # 0.2×100 + 0.3×100 + 0.5×100 + min(10, 5) = 105 → clamped to 100
    assert r.exact == 100 and r.score == D("100.0") and r.grade == "好"
    assert "超出 0～100 的部分已截去" in "\n".join(r.explain())
    assert r.next_grade() is None


def test_combined_score_clamped_to_zero(grade_example):
    r = grade_example({("penalty", "late_report"): "4", **survey(0, 10)}, base="zero")
    # self = superior = 0 + max(0, 25 − 26) + 0 (below every tier) + 0 = 0; review = 0
    # 0 − min(4, 10) = −4 → clamped to 0
    assert r.sources == {"self": 0, "review": 0, "superior": 0}
    assert r.exact == 0 and r.score == 0
    assert r.grade == "较差"


# --- vetoes ----------------------------------------------------------------------


@pytest.mark.parametrize("veto", ["violation", "no_activity", "petition"])
def test_fact_veto_gives_lowest_grade_whatever_the_score(grade_example, veto):
    r = grade_example({("veto", veto): "是", **survey(50, 0)}, base="full")
    # score 0.2×100 + 0.3×100 + 0.5×100 = 100, still 较差
    assert r.score == D("100.0")
    assert r.score_grade == "好"
    assert r.grade == "较差"
    assert [v.id for v in r.vetoes] == [veto]
    zh = "\n".join(r.explain())
    assert "综合得分 100.0 → 等次 较差（按得分为 好）" in zh
    assert "→ 无论得分，定为 较差" in zh


@pytest.mark.parametrize("answer", ["no", "否", "0", "false", ""])
def test_fact_veto_entered_no_or_blank_does_not_hold(grade_example, answer):
    r = grade_example({("veto", "violation"): answer})
    assert r.vetoes == () and r.grade == "较好"


def test_fact_veto_not_entered_does_not_hold(grade_example):
    r = grade_example()
    assert ("veto", "violation") not in r.assessment.values
    assert r.vetoes == () and r.grade == "较好"


def test_when_veto_with_max_grade_lowers(grade_example):
    r = grade_example(survey(44, 6), base="full")
    # satisfaction 44/50 = 0.88 < 0.9; review 88: 20 + 26.4 + 50 = 96.4 → 好 by score → at most 一般
    assert r.satisfaction == D("0.88")
    assert r.score == D("96.4")
    assert r.score_grade == "好"
    assert r.grade == "一般"
    assert [v.id for v in r.vetoes] == ["below_90"]
    assert "→ 最高定为 一般" in "\n".join(r.explain())


def test_when_veto_with_max_grade_never_raises(grade_example):
    r = grade_example(survey(8, 2), base="zero")
    # satisfaction 0.8 (below 0.9, not below 0.5); review 80 → 0.3×80 = 24 → 较差; the cap 一般 does not raise it
    assert r.score == D("24.0")
    assert [v.id for v in r.vetoes] == ["below_90"]
    assert r.grade == "较差"


def test_when_veto_without_max_grade(grade_example):
    r = grade_example(survey(20, 30), base="full")
    # satisfaction 20/50 = 0.4 < 0.5 and < 0.9; review 40: 20 + 12 + 50 = 82 → 较好 by score → 较差
    assert r.score == D("82.0")
    assert r.score_grade == "较好"
    assert [v.id for v in r.vetoes] == ["low_satisfaction", "below_90"]
    assert r.grade == "较差"


def test_when_veto_boundaries_are_not_below(grade_example):
    r = grade_example(survey(45, 5), base="full")
    # satisfaction exactly 0.9 is not below 0.9: 20 + 27 + 50 = 97 → 好
    assert (r.satisfaction, r.vetoes, r.grade) == (D("0.9"), (), "好")
    r = grade_example(survey(25, 25), base="full")
    # exactly 0.5: only below_90 holds; 20 + 15 + 50 = 85 → 较好 → at most 一般
    assert [v.id for v in r.vetoes] == ["below_90"]
    assert (r.score, r.grade) == (D("85.0"), "一般")


def test_several_vetoes_hold_at_once(grade_example):
    r = grade_example(
        {("veto", "petition"): "yes", ("veto", "violation"): "yes", ("veto", "no_activity"): "no", **survey(44, 6)},
        base="full",
    )
    # listed in the standard's order, whatever order they were entered
    assert [v.id for v in r.vetoes] == ["violation", "petition", "below_90"]
    assert r.grade == "较差"
    d = r.to_dict()
    assert [v["id"] for v in d["vetoes"]] == ["violation", "petition", "below_90"]
    assert (d["grade"], d["score_grade"], d["score"]) == ("较差", "好", 96.4)


# --- 服务型基层党组织 ---------------------------------------------------------------


def test_service_oriented(grade_example):
    r = grade_example(survey(45, 5), base="full")
    # 好 (97), satisfaction 0.9 ≥ 0.9, participation 30 ≥ 1.0×30 in self and superior
    assert r.service_oriented is True
    assert r.service_gaps == ()
    assert "服务型基层党组织：是" in r.explain()


def test_service_fails_on_grade_alone(grade_example):
    r = grade_example({("self", "secretary"): "0", ("superior", "secretary"): "0", **survey(45, 5)}, base="full")
    # self = superior = 0 + 25 + 30 + 30 = 85: 17 + 27 + 42.5 = 86.5 → 较好 < 好
    assert r.grade == "较好"
    assert r.service_oriented is False
    assert r.service_gaps == (("grade", "较好", "好"),)


def test_service_fails_on_satisfaction_alone(registry, example_text, grade_example):
    text = example_text.replace("min_satisfaction = 0.9", "min_satisfaction = 0.95")
    std = registry.load(text, name="strict-service.toml")
    r = grade_example(survey(47, 3), base="full", standard=std)
    # 20 + 0.3×94 + 50 = 98.2 → 好; satisfaction 0.94 < 0.95
    assert (r.score, r.grade) == (D("98.2"), "好")
    assert r.service_oriented is False
    assert r.service_gaps == (("satisfaction", D("0.94"), D("0.95")),)
    assert "满意度 94% 低于 95%" in "\n".join(r.explain())


def test_service_fails_on_an_indicator_alone(grade_example):
    r = grade_example({("self", "participation"): "0.9", **survey(45, 5)}, base="full")
    # self = 15 + 25 + 20 + 30 = 90: 18 + 27 + 50 = 95 → 好; participation 20 < 1.0×30 in self
    assert (r.score, r.grade) == (D("95.0"), "好")
    assert r.service_oriented is False
    assert r.service_gaps == (("indicator", "participation", "self", D(20), D(30)),)
    assert "党员参加组织生活率 在 自查自评 得 20 分，低于 30 分" in "\n".join(r.explain())


# --- the distance to the next grade and the explanation --------------------------


def test_next_grade(grade_example):
    r = grade_example()
    assert r.next_grade() == ("好", D("3.5"))  # 90 − 86.5
    assert "距下一等次 好（90 分）还差 3.5 分" in r.explain()
    assert "3.5 points short of the next grade, 好 (90)" in r.explain("en")


def test_next_grade_from_the_lowest(grade_example):
    r = grade_example(survey(8, 2), base="zero")
    assert r.next_grade() == ("一般", D(36))  # 60 − 24.0
    # 24.0 is 较差 by score; satisfaction 8/10 = 80% < 90% makes the cap "at most 一般" hold, but it
    # changed nothing (the score is below 一般 already): reaching 60 gives 一般, which the cap allows
    line = [x for x in r.explain() if x.startswith("距下一等次")][0]
    assert line == "距下一等次 一般（60 分）还差 36 分（规则限制最高为 一般）"
    assert [v.id for v in r.vetoes] and r.reasons == ()
    assert any("（成立，但未改变等次：按得分已是 较差）" in x for x in r.explain())
    assert r.to_dict()["vetoes"][0]["changed_grade"] is False


def test_next_grade_at_the_top(grade_example):
    r = grade_example(survey(45, 5), base="full")
    assert r.next_grade() is None
    assert "已是最高等次" in r.explain()


def test_explanation_zh(grade_example):
    r = grade_example({("bonus", "honor"): "1"})
    lines = r.explain()
    # 86.53 + 2 = 88.53 → 88.5
    assert lines[1] == "综合得分 88.5 → 等次 较好"
    text = "\n".join(lines)
    assert "缺2次 × 每次2分 = 扣4分 → 得 21 分" in text  # self meetings
    assert "缺3次 × 每次2分 = 扣6分 → 得 19 分" in text  # superior meetings
    # survey: 100 × (41 × 1 + 6 × 0.8) ÷ (41 + 6 + 3) = 100 × 45.8 ÷ 50 = 91.6 (不了解 left out)
    assert "满意 41，基本满意 6，不满意 3，不了解 10 → 100 × 45.8 ÷ 50 = 91.6 分" in text
    assert "计算：0.2 × 79 + 0.3 × 91.6 + 0.5 × 86.5 + 2 = 88.53，四舍五入保留 1 位小数 → 88.5" in text
    assert "比率 90% 达到 ≥85% 档 → 20 分" in text
    assert "满意度（满意、基本满意 / 有效票）：94%" in text
    assert "无规则成立" in text


def test_explanation_en(grade_example):
    text = "\n".join(grade_example().explain("en"))
    assert "Combined score 86.5 → grade 较好" in text
    assert "2 occurrence(s) × 2 = −4 → 21" in text
    assert (
        "Arithmetic: 0.2 × 79 + 0.3 × 91.6 + 0.5 × 86.5 = 86.53, rounded half up to 1 decimal place(s) → 86.5" in text
    )
    assert "no rule holds" in text
    assert "缺" not in text


def test_results_in_input_order_for_many_orgs(example, example_input):
    data = {org: example_input("base") for org in ("b", "a", "c")}
    data["a"][("self", "secretary")] = "15"  # self 80 → 86.53 + 0.2 = 86.73 → 86.7
    results = dingji.evaluate(example, data)
    assert [r.org for r in results] == ["b", "a", "c"]
    assert [r.score for r in results] == [D("86.5"), D("86.7"), D("86.5")]
