"""Inputs that once gave a wrong number, a traceback or a silent fall-back (from review).

Each case states the arithmetic by hand; none of them may crash, and every grade must be
one the explanation can justify.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from decimal import Decimal as D

import pytest

import dingji
from dingji.core.errors import DingjiError, InputError, StandardError
from dingji.registry import Registry

ONE_SCORE = """schema = 1
[standard]
id = "one"
name = "一项标准"
domain = "一项"
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
weight = {w_self}
[[source]]
id = "review"
name = "测评"
weight = {w_review}
kind = "survey"
[[source]]
id = "superior"
name = "上级"
weight = {w_sup}
[survey]
options = [ {{ name = "满意", value = 1.0, satisfied = true }}, {{ name = "不满意", value = 0.0 }} ]
[[category]]
id = "c"
name = "类"
points = 100
  [[category.indicator]]
  id = "a"
  name = "评分项"
  points = 97
  method = "score"
  [[category.indicator]]
  id = "b"
  name = "比率项"
  points = 3
  method = "ratio"
[penalty]
items = [ {{ id = "p", name = "扣分项", points = {pen} }} ]
"""


@pytest.fixture(scope="module")
def reg():
    return Registry(entry_points=False)


def standard(reg, w_self="0.2", w_review="0.3", w_sup="0.5", pen="1"):
    return reg.load(ONE_SCORE.format(w_self=w_self, w_review=w_review, w_sup=w_sup, pen=pen), name="one.toml")


def test_a_spreadsheet_third_grades_as_the_rate_the_explanation_shows(reg):
    std = standard(reg)
    # =1/3 in a cell arrives as the float 0.3333333333333333; rates keep 4 decimals: 0.3333
    # self = 85.95 + 0.3333 × 3 = 85.95 + 0.9999 = 86.9499; superior = 97 + 3 = 100; survey 100
    # combined = 0.2 × 86.9499 + 0.3 × 100 + 0.5 × 100 = 17.38998 + 30 + 50 = 97.38998 → 97.4
    rows = [
        ("o", "self", "a", 85.95),
        ("o", "self", "b", 1 / 3),
        ("o", "superior", "a", 97),
        ("o", "superior", "b", 1),
        ("o", "survey", "满意", 10),
    ]
    (r,) = dingji.evaluate(std, rows, registry=reg)
    assert r.points["self"][1] == D("0.9999")
    assert r.exact == D("97.38998") and r.score == D("97.4")
    assert "比率 33.33% × 3 分 = 0.9999 分" in "\n".join(r.explain())


def test_a_survey_third_is_divided_once_so_a_half_point_stays_exact(reg):
    # weights 0.97 / 0.03 / 0; one 满意 of three answers: survey = 100 × 1 ÷ 3
    # combined = 0.97 × 0 + 0.03 × 100/3 − 0.05 = 1 − 0.05 = 0.95 exactly → 1.0 (half up)
    std = standard(reg, w_self="0.97", w_review="0.03", w_sup="0", pen="0.05")
    rows = [("o", s, i, 0) for s in ("self", "superior") for i in ("a", "b")]
    rows += [("o", "survey", "满意", 1), ("o", "survey", "不满意", 2), ("o", "penalty", "p", 1)]
    (r,) = dingji.evaluate(std, rows, registry=reg)
    assert r.exact == D("0.95") and r.score == D("1.0")
    # dividing first (at Decimal's default 28 digits) gives 0.9499999…, which rounds to 0.9
    assert D("0.03") * (D(100) / 3) - D("0.05") == D("0.9499999999999999999999999999")
    assert "= 0.95，四舍五入保留 1 位小数 → 1.0" in "\n".join(r.explain())


def test_ids_with_spaces_are_one_organization_and_a_blank_id_is_an_error(reg):
    std = standard(reg)
    rows = [
        (" o1", "self", "a", 90),
        ("o1 ", "self", "b", 1),
        ("o1", "superior", "a", 97),
        (" o1", "superior", "b", 1),
        ("o1", "survey", "满意", 5),
    ]
    (r,) = dingji.evaluate(std, rows, registry=reg)
    # self 90 + 3 = 93, superior 100, survey 100: 0.2 × 93 + 0.3 × 100 + 0.5 × 100 = 98.6
    assert (r.org, r.score) == ("o1", D("98.6"))
    with pytest.raises(InputError, match=r"<rows>, line 6: the organization id is empty \(2 rows, to line 7\)$") as err:
        dingji.evaluate(std, rows + [("", "self", "a", 1), ("  ", "self", "b", 1)], registry=reg)
    assert [p.message for p in err.value.problems] == ["the organization id is empty (2 rows, to line 7)"]


@pytest.mark.parametrize("count", ["1e9999999", "1000000001", "1e10"])
def test_absurd_counts_are_errors_at_their_place(reg, count):
    std = standard(reg)
    rows = [("o", s, i, 1) for s in ("self", "superior") for i in ("a", "b")]
    rows += [("o", "survey", "满意", 1), ("o", "penalty", "p", count)]
    with pytest.raises(
        InputError,
        match=rf"<rows>, line 6: o penalty/p \(扣分项\): '{count}' must be a whole number from 0 to 1,000,000,000$",
    ) as err:
        dingji.evaluate(std, rows, registry=reg)
    (problem,) = err.value.problems
    assert "whole number from 0 to 1,000,000,000" in problem.message and problem.place.line == 6


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize("key", ["per", "tier", "item"])
def test_nan_or_inf_in_a_method_key_is_a_standard_error(reg, key, value):
    text = ONE_SCORE.format(w_self="0.2", w_review="0.3", w_sup="0.5", pen="1")
    got = {"nan": "Decimal('NaN')", "inf": "Decimal('Infinity')", "-inf": "Decimal('-Infinity')"}[value]
    message = {
        "per": f"'per' must be a number greater than 0, got {got}",
        "tier": f"tier 1 must be {{min, points}} with numbers, got {{'min': {got}, 'points': 3}}",
        "item": f"check item 1 needs id, name and points > 0, got {{'id': 'x', 'name': 'x', 'points': {got}}}",
    }[key]
    if key == "per":
        text = text.replace('method = "score"', f'method = "deduct"\n  per = {value}')
    elif key == "tier":
        text = text.replace('method = "ratio"', f'method = "tiers"\n  tiers = [ {{ min = {value}, points = 3 }} ]')
    else:
        text = text.replace(
            'method = "ratio"', f'method = "check"\n  items = [ {{ id = "x", name = "x", points = {value} }} ]'
        )
    with pytest.raises(
        StandardError,
        match=r"^bad\.toml, line \d+, key category\[c\]\.indicator\[[ab]\]\.\w+: indicator [ab] \(\w+\): "
        + re.escape(message),
    ) as err:
        reg.load(text, name="bad.toml")
    assert all(p.place.file == "bad.toml" and p.place.line for p in err.value.problems)


def test_a_broken_workspace_override_is_never_replaced_by_the_built_in(tmp_path):
    reg = Registry(entry_points=False)
    folder = tmp_path / "standards"
    folder.mkdir()
    village = reg.standard("village").text
    (folder / "village.toml").write_text(village.replace("[scale]", "[scale\n"), encoding="utf-8")
    failed = reg.add_folder(folder)
    assert len(failed) == 1
    with pytest.raises(
        StandardError,
        match=r"village\.toml: this file for standard 'village' does not load, so nothing is graded "
        r"with a different standard in its place; fix it \(dingji standards check\)",
    ) as err:
        reg.standard("village")
    assert err.value.problems[0].place.file == str(folder / "village.toml")
    assert reg.standard("private").id == "private"  # other standards still work


def test_two_standards_may_not_claim_one_domain(tmp_path):
    reg = Registry(entry_points=False)
    folder = tmp_path / "standards"
    folder.mkdir()
    text = reg.standard("village").text.replace('id = "village"', 'id = "village2"', 1)
    (folder / "village2.toml").write_text(text, encoding="utf-8")
    ((path, exc),) = reg.add_folder(folder)
    assert "农村" in exc.problems[0].message and "village" in exc.problems[0].message
    assert "village2" not in reg.standards


def test_outputs_are_ordinary_files_not_private_ones(tmp_path):
    from dingji.io.atomic import atomic_path

    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "out.csv") as tmp:
            tmp.write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_the_latest_review_is_the_last_imported_not_the_first_by_name():
    from dingji.core.records import Record
    from dingji.trackers import sanliang

    class Group:  # the records of one member, as dingji hands them to the metric
        config = {"good": ["好", "较好"]}
        denominator, members = 1, ["m"]

        def by_member(self):
            return {
                "m": [
                    Record("o", {"review_public": "差"}, "m", "第三季度"),
                    Record("o", {"review_public": "好"}, "m", "第二季度"),
                ]
            }

        def members_text(self):
            return "1名党员", "1 member"

        def share(self, n):
            return D(n)

    # imported 第三季度 (差) then 第二季度 (好): the last imported is 好 → 1 of 1
    assert sanliang.rating(Group()).value == 1


def test_a_score_file_with_a_bom_and_crlf_reads(tmp_path, reg):
    std = standard(reg)
    text = (
        "org,source,item,value\r\no,self,a,97\r\no,self,b,100%\r\no,superior,a,97\r\no,superior,b,1\r\n"
        "o,survey,满意,3\r\n"
    )
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    (r,) = dingji.evaluate(std, path, registry=reg)
    assert r.score == D("100.0")  # 0.2 × 100 + 0.3 × 100 + 0.5 × 100


@pytest.mark.slow  # three child processes
def test_the_cli_never_shows_a_traceback_for_a_bad_number(tmp_path):
    ws = tmp_path / "w"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-c", "from dingji.cli import main; main()", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    assert run("init", str(ws), "--name", "测试乡", "--year", "2026").returncode == 0
    (ws / "r.csv").write_text("org,name,domain\nc1,一村,village\n", encoding="utf-8")
    assert run("-w", str(ws), "roster", "import", str(ws / "r.csv")).returncode == 0
    (ws / "s.csv").write_text("org,source,item,value\nc1,bonus,honor,1e9999999\n", encoding="utf-8")
    out = run("-w", str(ws), "evaluate", "village", str(ws / "s.csv"))
    assert out.returncode == 1 and "Traceback" not in out.stderr and "1e9999999" in out.stderr


def test_errors_quote_at_most_a_short_piece_of_a_huge_cell(reg):
    std = standard(reg)
    rows = [("o", "self", "a", "x" * 100_000)]
    with pytest.raises(DingjiError, match=r"<rows>, line 1: o self/a \(评分项\): 'x{20,}… is not a number\n") as err:
        dingji.evaluate(std, rows, registry=reg)
    assert max(len(p.message) for p in err.value.problems) < 300


def test_problems_read_top_to_bottom_through_the_files_as_given(tmp_path, reg):
    std = standard(reg)
    roster = [dingji.Organization("o", "一", "一项")]
    second = tmp_path / "b.csv"  # given first, though its name sorts last
    second.write_text("org,source,item,value\nx,self,a,1\no,self,a,200\n", encoding="utf-8")
    first = tmp_path / "a.csv"
    first.write_text("org,source,item,value\no,self,b,2\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"^.*b\.csv, column org, line 2: unknown organization id 'x' \(not in the roster\)\n"
    ) as err:
        dingji.evaluate(std, [second, first], roster=roster, registry=reg)
    places = [(p.place.file, p.place.line) for p in err.value.problems]
    # the unknown organization (found first, reported once at the end of reading) still comes
    # before line 3's bad score; b.csv before a.csv; problems without a line last
    assert places[:3] == [(str(second), 2), (str(second), 3), (str(first), 2)]
    assert all(line is None for _, line in places[3:])


def test_organizations_without_scores_are_one_problem_naming_each(reg):
    std = standard(reg)
    roster = [dingji.Organization(i, n, "一项") for i, n in (("o", "一"), ("p", "二"), ("q", "三"))]
    rows = [("o", s, i, 1) for s in ("self", "superior") for i in ("a", "b")] + [("o", "survey", "满意", 1)]
    with pytest.raises(
        InputError, match=r"^<rows>: 2 organizations of 一项 have no scores entered: p 二, q 三$"
    ) as err:
        dingji.evaluate(std, rows, roster=roster, registry=reg)
    assert [p.message for p in err.value.problems] == ["2 organizations of 一项 have no scores entered: p 二, q 三"]
