"""The additions of 2026-12 to the standard format (docs/standard-format.md): exact weights (1),
veto facts declared (2), computed values kept exact (4) and messages that name things by id (5).

THIRDS: three sources of kind ``total`` (one number each, 0..100): self, members, superior,
weights given per test; one category ``work`` (100 points, never entered: no source of kind
``indicators``).  Organization o1 enters self 90, members 90, superior 89.85.
  weights "1/3" × 3:  90/3 + 90/3 + 89.85/3 = 269.85 ÷ 3 = 89.95 exactly → 90.0 → 好
  weights 0.3333333333, 0.3333333333, 0.3333333334 (exactly 1, taken as written):
        0.3333333333 × 90 × 2 = 59.999999994; 0.3333333334 × 89.85 = 29.95000000599
        59.999999994 + 29.95000000599 = 89.94999999999 → 89.9 → 较好
  weights 0.3333333333 × 3 add up to 0.9999999999: refused (before 2026-12 this loaded, and
        gave 0.3333333333 × 269.85 = 89.949999991005 → 89.9 → 较好).

VETOED: sources self 0.4 / superior 0.6, one score indicator ``work`` (100), fact vetoes
``violation`` and ``petition``; as VETOED_REQUIRED with ``require_veto_facts = true``.

PLEDGES (6-point tracker indicator): sources self 0.4 / superior 0.6; ``work`` (score, 94) and
``pledges`` (tracker sanliang.completion, 6).  o1 has 56 members, 43 of whom did all three 亮 and
received all three 评: completion = 43/56 = 0.767857142857…; × 6 = 258/56 = 129/28 = 4.607142857142857…
  work 85.5 (self) and 83 (superior):
        self 85.5 + 129/28, superior 83 + 129/28
        0.4 × 85.5 + 0.6 × 83 + 129/28 = 34.2 + 49.8 + 4.607142857… = 88.607142857142857… → 88.6 → 较好
  work 85.3426 in both sources (the one kind of case where cutting the metric first changes the grade):
        85.3426 + 4.607142857… = 89.949742857… → 89.9 → 较好
        (cut to 0.7679 first: 0.7679 × 6 = 4.6074; 85.3426 + 4.6074 = 89.95 → 90.0 → 好)
"""

from __future__ import annotations

import csv
import sqlite3
from decimal import Decimal as D
from fractions import Fraction

import pytest

import dingji
from cli_support import fails, isolated_cwd, ok, write  # noqa: F401 - isolated_cwd: autouse
from dingji import InputError, StandardError
from dingji.core.inputs import Organization
from dingji.core.numbers import EXACT
from dingji.core.records import compute_metrics
from dingji.core.tracker import OrgRecords, Record
from dingji.core.values import parse_rate
from dingji.io.xlsx.template import write_template
from dingji.services.starter import starter_text
from standard_text import preamble

ONE_CATEGORY = """\
[[category]]
id = "work"
name = "工作实绩"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 100
  method = "score"
"""


def thirds(w_self, w_members, w_superior) -> str:
    sources = "".join(
        f'[[source]]\nid = "{sid}"\nname = "{name}"\nweight = {w}\nkind = "total"\n'
        for sid, name, w in (
            ("self", "自查自评", w_self),
            ("members", "党员评议", w_members),
            ("superior", "上级评定", w_superior),
        )
    )
    return preamble("thirds", "三来源标准", "三来源", "1.0", sources=sources) + ONE_CATEGORY


O1_TOTALS = {"o1": {("self", "total"): "90", ("members", "total"): "90", ("superior", "total"): "89.85"}}


# --- 1. exact weights ----------------------------------------------------------------------


def test_a_third_written_as_a_decimal_is_refused_naming_every_weight_and_their_sum(registry):
    text = thirds("0.3333333333", "0.3333333333", "0.3333333333")
    with pytest.raises(
        StandardError,
        match=r"^thirds\.toml, key source: the weights of the sources add up to 0\.9999999999, not 1: "
        r"self 0\.3333333333 \(line 25\) \+ members 0\.3333333333 \(line 30\) \+ superior 0\.3333333333 \(line 35\) "
        r"= 0\.9999999999 ",
    ) as exc:
        registry.load(text, name="thirds.toml")
    assert (
        "各来源权重之和为 0.9999999999，不是 1：self 0.3333333333（第 25 行）+ members 0.3333333333（第 30 行）"
        "+ superior 0.3333333333（第 35 行）= 0.9999999999" in exc.value.describe("zh")
    )


def test_a_third_written_as_a_fraction_is_exact_and_rounds_once(registry):
    std = registry.load(thirds('"1/3"', '"1/3"', '"1/3"'), name="thirds.toml")
    assert [s.weight for s in std.sources] == [Fraction(1, 3)] * 3
    (r,) = dingji.evaluate(std, O1_TOTALS)
    # 1/3 × 90 + 1/3 × 90 + 1/3 × 89.85 = 269.85 ÷ 3 = 89.95 exactly → 90.0 → 好
    assert (r.exact, r.score, r.grade) == (D("89.95"), D("90.0"), "好")
    lines = r.explain("zh")
    assert "  自查自评（权重 1/3）：直接评定 90 分" in lines
    assert "  计算：1/3 × 90 + 1/3 × 90 + 1/3 × 89.85 = 89.95，四舍五入保留 1 位小数 → 90.0" in lines
    assert (
        "  Arithmetic: 1/3 × 90 + 1/3 × 90 + 1/3 × 89.85 = 89.95, rounded half up to 1 decimal place(s) → 90.0"
        in r.explain("en")
    )


def test_decimal_weights_that_add_up_to_exactly_1_are_taken_as_written(registry):
    std = registry.load(thirds("0.3333333333", "0.3333333333", "0.3333333334"), name="thirds.toml")
    (r,) = dingji.evaluate(std, O1_TOTALS)
    # 59.999999994 + 29.95000000599 = 89.94999999999 → 89.9 → 较好 (see the docstring)
    assert (r.exact, r.score, r.grade) == (D("89.94999999999"), D("89.9"), "较好")


def test_fractions_and_decimals_mix_and_must_still_add_up_to_exactly_1(registry):
    std = registry.load(thirds('"1/6"', "0.5", '"1/3"'), name="mix.toml")
    (r,) = dingji.evaluate(std, O1_TOTALS)
    # 90/6 + 0.5 × 90 + 89.85/3 = 15 + 45 + 29.95 = 89.95 → 90.0
    assert (r.exact, r.score) == (D("89.95"), D("90.0"))
    with pytest.raises(
        StandardError,
        match=r"key source: the weights of the sources add up to 29/30, not 1: "
        r"self 1/6 \(line 25\) \+ members 0\.5 \(line 30\) \+ superior 0\.3 \(line 35\) = 29/30 ",
    ):
        registry.load(thirds('"1/6"', "0.5", "0.3"), name="mix.toml")


@pytest.mark.parametrize("weight", ['"1/0"', '"4/3"', '"a third"', '"0.5"'])
def test_a_weight_in_quotes_must_be_a_fraction_0_to_1(registry, weight):
    with pytest.raises(
        StandardError,
        match=r"key source\[self\]\.weight: 'weight' must be a number 0\.\.1 \(0\.3\) or a fraction in quotes "
        rf"\(\"1/3\"\), got '{weight[1:-1]}'",
    ):
        registry.load(thirds(weight, '"1/3"', '"1/3"'), name="bad.toml")


def test_standards_show_and_check_say_1_3(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", standard=thirds('"1/3"', '"1/3"', '"1/3"'), roster=None)
    shown = ok(["--workspace", root, "standards", "show", "thirds"]).stdout
    assert any(line.split() == ["self", "自查自评", "total", "1/3"] for line in shown.splitlines()), shown
    bad = write(tmp_path / "bad.toml", thirds("0.3333333333", "0.3333333333", "0.3333333333"), bom=False)
    err = fails(["standards", "check", bad]).stderr
    assert (
        f"{bad}，键 source: 各来源权重之和为 0.9999999999，不是 1：self 0.3333333333（第 25 行）"
        "+ members 0.3333333333（第 30 行）+ superior 0.3333333333（第 35 行）= 0.9999999999" in err
    )
    err = fails(["--lang", "en", "standards", "check", bad]).stderr
    assert (
        f"{bad}, key source: the weights of the sources add up to 0.9999999999, not 1: self 0.3333333333 "
        "(line 25) + members 0.3333333333 (line 30) + superior 0.3333333333 (line 35) = 0.9999999999" in err
    )


# --- 2. veto facts declared --------------------------------------------------------------

VETOED = (
    preamble("vetoed", "否决标准", "否决", "1.0")
    + ONE_CATEGORY
    + """\
[[veto]]
id = "violation"
name = "近两年书记或班子成员有重大违纪违法行为"
[[veto]]
id = "petition"
name = "近一年有严重群访事件"
"""
)
VETOED_REQUIRED = VETOED.replace('version = "1.0"\n', 'version = "1.0"\nrequire_veto_facts = true\n')
#: o1 enters work 80 and 90 (0.4 × 80 + 0.6 × 90 = 86.0 较好) and violation 否, but no petition
SCORES = "org,source,item,value\no1,self,work,80\no1,superior,work,90\no1,veto,violation,否\n"


def test_a_fact_veto_left_out_is_an_error_naming_the_organization_and_the_rule(registry, tmp_path):
    std = registry.load(VETOED_REQUIRED, name="vetoed.toml")
    assert std.require_veto_facts
    path = write(tmp_path / "scores.csv", SCORES, bom=False)
    with pytest.raises(
        InputError,
        match=r"scores\.csv, key o1/veto/petition: o1: veto rule\(s\) not entered: petition \(近一年有严重群访事件\); "
        r"this standard requires each veto fact to be entered yes or no for every organization \(require_veto_facts\)$",
    ) as exc:
        dingji.evaluate(std, path, registry=registry)
    assert "o1：否决事项未填写：petition（近一年有严重群访事件）；本标准要求" in exc.value.describe("zh")
    # entered, it grades: 0.4 × 80 + 0.6 × 90 = 86.0 → 较好, no rule holds
    write(tmp_path / "scores.csv", SCORES + "o1,veto,petition,no\n", bom=False)
    (r,) = dingji.evaluate(std, path, registry=registry)
    assert (r.score, r.grade, r.vetoes) == (D("86.0"), "较好", ())


def test_without_the_key_a_fact_veto_not_entered_does_not_hold(registry, tmp_path):
    std = registry.load(VETOED, name="vetoed.toml")
    assert not std.require_veto_facts
    (r,) = dingji.evaluate(std, write(tmp_path / "scores.csv", SCORES, bom=False), registry=registry)
    assert (r.score, r.grade, r.vetoes) == (D("86.0"), "较好", ())


def fill(path, sheet_values):
    """Fill a template's cells: ``{sheet: {cell: value}}``."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for sheet, cells in sheet_values.items():
        for cell, value in cells.items():
            wb[sheet][cell] = value
    wb.save(path)


def test_the_template_says_veto_facts_are_required_and_a_blank_one_is_named_by_its_cell(registry, tmp_path):
    import openpyxl

    std = registry.load(VETOED_REQUIRED, name="vetoed.toml")
    path = write_template(std, [Organization("o1", "东村党支部", "vetoed")], tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    veto = wb["否决事项"]
    assert veto["C2"].value == "近两年书记或班子成员有重大违纪违法行为\n(必填·是/否·是则定为较差)"
    assert veto["D2"].value == "近一年有严重群访事件\n(必填·是/否·是则定为较差)"
    prompts = {dv.prompt for dv in veto.data_validations.dataValidation if dv.type == "list"}
    assert prompts == {"必填：填写“是”或“否”，留空是错误"}
    help_text = " ".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    assert "否决事项必填，每个组织每项都要填“是”或“否”，留空是错误" in help_text
    assert "否决事项（必填）：每个组织的每一项都要填写" in help_text
    fill(path, {"自查自评": {"C3": 80}, "上级党组织评定": {"C3": 90}, "否决事项": {"C3": "否"}})
    with pytest.raises(
        InputError,
        match=r"t\.xlsx, sheet 否决事项, row 3, column D \(近一年有严重群访事件\): o1: veto rule petition "
        r"\(近一年有严重群访事件\) is blank; this standard requires yes or no \(require_veto_facts\)$",
    ):
        dingji.evaluate(std, path, registry=registry)


def test_the_template_of_a_standard_without_the_key_leaves_veto_facts_optional(registry, tmp_path):
    import openpyxl

    std = registry.load(VETOED, name="vetoed.toml")
    path = write_template(std, [Organization("o1", "东村党支部", "vetoed")], tmp_path / "t.xlsx", lang="en")
    veto = openpyxl.load_workbook(path)["Vetoes"]
    assert veto["C2"].value == "近两年书记或班子成员有重大违纪违法行为\n(yes/no · yes means at most 较差)"
    fill(path, {"self": {"C3": 80}, "superior": {"C3": 90}, "Vetoes": {"C3": "no"}})
    (r,) = dingji.evaluate(std, path, registry=registry)
    assert (r.score, r.grade, r.vetoes) == (D("86.0"), "较好", ())


def test_standards_new_requires_veto_facts(registry):
    std = registry.load(starter_text("school"), name="school.toml")
    assert std.require_veto_facts


# --- 4 (addition 4). computed values stay exact ----------------------------------------------


def sanliang_records(done: int, members: int) -> list[Record]:
    """``members`` records of o1, the first ``done`` of them complete (all three 亮 and 评)."""
    out = []
    for i in range(members):
        complete = i < done
        data = {
            "member": f"党员{i:02d}",
            "show_standard": True,
            "show_identity": True,
            "show_pledge": complete,
            "review_leader": "好",
            "review_peer": "好",
            "review_public": "好",
        }
        if complete:
            data["pledge"] = "承诺"
        out.append(Record("o1", data, data["member"]))
    return out


def test_a_tracker_metric_is_the_exact_fraction_of_its_counts(registry):
    tracker = registry.trackers["sanliang"]
    group = OrgRecords("o1", sanliang_records(43, 56), tracker.configure({}), 2025, 56)
    got = compute_metrics(tracker, {"o1": group}, ["completion"])["o1"]["completion"]
    assert got.value == Fraction(43, 56) and got.zh == "56名党员中43名完成三亮三评"
    assert str(got.value) == "43/56"  # what the store keeps
    assert got.value * D(6) == Fraction(129, 28)  # mixes with Decimal, exactly


PLEDGES = (
    preamble("pledges", "承诺标准", "承诺", "1.0")
    + """\
[[category]]
id = "work"
name = "工作实绩"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 94
  method = "score"
  [[category.indicator]]
  id = "pledges"
  name = "开展三亮三比三评"
  points = 6
  method = "tracker"
  tracker = "sanliang"
  metric = "completion"
"""
)


def test_a_computed_metric_enters_the_score_exactly(registry):
    std = registry.load(PLEDGES, name="pledges.toml")
    metric = {"o1": {("tracker", "pledges"): Fraction(43, 56)}}
    (r,) = dingji.evaluate(std, {"o1": {("self", "work"): "85.5", ("superior", "work"): "83"}}, supplied=metric)
    # self 85.5 + 129/28, superior 83 + 129/28; 0.4 × 85.5 + 0.6 × 83 + 129/28 = 84 + 129/28 = 2481/28
    assert r.sources["self"] == EXACT.divide(D(85.5 * 28 + 129), D(28))  # 90.107142857142857…
    assert r.exact == EXACT.divide(D(2481), D(28))  # 88.607142857142857…
    assert (r.score, r.grade) == (D("88.6"), "较好")
    (r,) = dingji.evaluate(std, {"o1": {("self", "work"): "85.3426", ("superior", "work"): "85.3426"}}, supplied=metric)
    # 85.3426 + 129/28 = 89.949742857… → 89.9 较好 (cut to 0.7679 first it would be 89.95 → 90.0 好)
    assert r.exact == EXACT.divide(D("85.3426") * 28 + 129, D(28))  # (2389.5928 + 129) ÷ 28
    assert (r.score, r.grade) == (D("89.9"), "较好")


@pytest.mark.parametrize(
    "text, value, error",
    [
        ("43/56", Fraction(43, 56), None),
        (" 1 / 3 ", Fraction(1, 3), None),
        ("0/5", 0, None),
        ("57/56", None, "'57/56' is out of range 0..1 (0%..100%)"),
        ("1/0", None, "'1/0' is not a rate (0..1, a percentage like 85% or a fraction like 43/56)"),
    ],
)
def test_a_rate_written_as_a_fraction_is_taken_exactly(text, value, error):
    got, err = parse_rate(text)
    assert got == value and (err[0] if err else None) == error


WORKSPACE_ROSTER = "组织编号,组织名称,领域,党员数\no1,东村党支部,pledges,56\n"
RECORDS_HEADER = (
    "组织编号,党员姓名,期间,亮标准,亮身份,亮承诺,承诺内容,完成时限,比技能,比作风,比业绩,领导点评,党员互评,群众评议\n"
)


def test_a_fraction_survives_the_store_for_explain_and_the_ledger(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", standard=PLEDGES, roster=WORKSPACE_ROSTER)
    rows = [f"o1,党员{i:02d},2025,是,是,{'是,承诺' if i < 43 else '否,'},,,,,好,好,好\n" for i in range(56)]
    write(root / "r.csv", RECORDS_HEADER + "".join(rows))
    ok(["--workspace", root, "track", "sanliang", "import", root / "r.csv", "--year", 2025])
    write(root / "scores.csv", "org,source,item,value\no1,self,work,85.5\no1,superior,work,83\n")
    ok(["--workspace", root, "evaluate", "pledges", root / "scores.csv", "--year", 2025])
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        ((inputs, score, grade),) = db.execute("SELECT inputs, score, grade FROM results").fetchall()
    finally:
        db.close()
    assert "43/56" in inputs.split("\t") and (score, grade) == ("88.6", "较好")
    # explain re-grades from the stored 43/56 and finds the stored score: 88.6 (see the docstring)
    text = ok(["--workspace", root, "explain", "o1", "--year", 2025]).stdout
    assert "综合得分 88.6 → 等次 较好" in text
    assert "自查自评：活动台账 三亮三比三评 · 完成率：56名党员中43名完成三亮三评 → 43/56 × 6 分 = 4.6071 分" in text
    assert "计算：0.4 × 90.1071… + 0.6 × 87.6071… = 88.607142…，四舍五入保留 1 位小数 → 88.6" in text
    en = ok(["--workspace", root, "--lang", "en", "explain", "o1", "--year", 2025]).stdout
    assert "43 of 56 members did all three 亮 and received all three 评 → 43/56 × 6 = 4.6071" in en
    # the ledger re-computes each indicator from the stored inputs and checks it against the store
    ok(["--workspace", root, "ledger", "export", "--format", "csv", "-o", f"{root / '台账'}/"])
    with open(root / "台账" / "三亮三比三评.csv", encoding="utf-8-sig", newline="") as f:
        sheet = [r for r in csv.reader(f) if r]
    first = next(r for r in sheet if r[0] == "o1")
    assert first[5] == "0.7679"  # shown with 4 decimals; graded as 43/56


# --- 5. messages name things by id -----------------------------------------------------------

NAMED = (
    preamble("named", "命名标准", "命名", "1.0")
    + """\
[[category]]
id = "work"
name = "工作实绩"
points = 70
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 60
  method = "score"
[[category]]
id = "venue"
name = "阵地建设"
points = 30
  [[category.indicator]]
  id = "signs"
  name = "标识标牌"
  points = 10
  method = "check"
  items = [ { id = "tv", name = "电视", points = 3 }, { id = "pc", name = "电脑", points = 3 } ]
  [[category.indicator]]
  id = "room"
  name = "活动室"
  points = 15
  method = "stars"
  [[category.indicator]]
  name = "电教设备"
  points = 5
  method = "score"
"""
)


def test_a_category_or_indicator_is_named_by_its_id_and_name_and_a_sum_lists_its_parts(registry):
    with pytest.raises(StandardError, match=r"category work \(工作实绩\)") as exc:
        registry.load(NAMED, name="named.toml")
    got = {p.place.key: (p.message, p.message_zh) for p in exc.value.problems}
    assert got == {
        "category[work].points": (
            "category work (工作实绩): indicator points add up to 60 (work 60), the category has 70",
            "类别 work（工作实绩）：各指标分值之和为 60（work 60），与类别分值 70 不符",
        ),
        "category[venue].indicator[room].method": (
            "indicator room (活动室): unknown method 'stars'; known: check, deduct, ratio, score, tiers, tracker",
            "指标 room（活动室）：未知的计分方法 'stars'；可用：check, deduct, ratio, score, tiers, tracker",
        ),
        # an indicator without an id is counted in its category, from 1, and named by its name
        "category[venue].indicator[#3].id": (
            "indicator #3 (电教设备): 'id' is required (a text)",
            "指标 #3（电教设备）：缺少 'id'（文本）",
        ),
        "category[venue].indicator[signs].items": (
            "indicator signs (标识标牌): check item points add up to 6 (tv 3 + pc 3), the indicator has 10",
            "指标 signs（标识标牌）：检查项分值之和为 6（tv 3 + pc 3），与指标分值 10 不符",
        ),
    }
    first = next(p for p in exc.value.problems if p.place.key == "category[work].points")
    assert first.describe("en") == (
        "named.toml, line 33, key category[work].points: category work (工作实绩): "
        "indicator points add up to 60 (work 60), the category has 70"
    )


def test_a_sum_over_the_categories_lists_each_and_names_none_as_its_subject(registry):
    fixed = NAMED.replace("points = 70\n", "points = 60\n", 1).replace('method = "stars"', 'method = "score"')
    fixed = fixed.replace('  name = "电教设备"', '  id = "media"\n  name = "电教设备"')
    fixed = fixed.replace("points = 3 } ]", "points = 7 } ]")
    with pytest.raises(
        StandardError,
        match=r"^named\.toml, line 33, key category\[work\]\.points: category points add up to 90 "
        r"\(work 60 \+ venue 30\), scale\.total is 100$",
    ) as exc:
        registry.load(fixed, name="named.toml")
    assert exc.value.problems[0].describe("zh") == (
        "named.toml，第 33 行，键 category[work].points: "
        "各类别分值之和为 90（work 60 + venue 30），与总分 scale.total = 100 不符"
    )
