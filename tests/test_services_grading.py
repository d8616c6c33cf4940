"""The grading use cases as a second face calls them, without click: services.template,
services.evaluate and services.explain on a real workspace (cli_support's MINI and
ROSTER), with the grades worked out by hand in cli_support's docstring:

  SCORES:  sq-01 0.4×96 + 0.6×91 = 93.0 好;  sq-02 0.4×90 + 0.6×100 = 96.0 好 by score,
           veto petition → 较差;  sq-03 0.4×70 + 0.6×65 = 67.0 一般
  LOWER (sq-01 self work 30 instead of 38): sq-01 self = 30 + 58 = 88,
           0.4×88 + 0.6×91 = 35.2 + 54.6 = 89.8 → 较好, 0.2 below the line of 好
"""

from __future__ import annotations

import csv
from decimal import Decimal as D

import pytest

from cli_support import (
    SCORES,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    snapshot,
    write,
)
from dingji.core.errors import DingjiError, InputError
from dingji.services.evaluate import evaluate, grade_counts
from dingji.services.explain import explain
from dingji.services.template import write_template
from dingji.services.workspace import open_workspace

LOWER = SCORES.replace("sq-01,self,work,38", "sq-01,self,work,30")


@pytest.fixture
def ws(tmp_path):
    return open_workspace(make_workspace(tmp_path / "w"))


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


# --- template ---------------------------------------------------------------------


def test_the_template_of_a_domain_holds_its_organizations_of_the_roster(ws, tmp_path):
    path = write_template(ws.registry(), "社区", ws, fmt="csv")  # by domain name
    assert path.name == "mini-template.csv" and path.is_file()  # the default name, in the current folder
    rows = _rows(path)
    assert rows[0][:4] == ["org", "source", "item", "value"]  # then the names (test_csv_template)
    # every organization of the domain (sq-01 listed by domain name, the others by id), each with
    # both sources' two indicators and the veto, nothing filled in
    assert [r[:4] for r in rows[1:6]] == [
        ["sq-01", "self", "work", ""],
        ["sq-01", "self", "meetings", ""],
        ["sq-01", "superior", "work", ""],
        ["sq-01", "superior", "meetings", ""],
        ["sq-01", "veto", "petition", ""],
    ]
    assert [r[0] for r in rows[1:]] == ["sq-01"] * 5 + ["sq-02"] * 5 + ["sq-03"] * 5
    # without a workspace: the rows once, with no organization
    bare = write_template(ws.registry(), "mini", None, tmp_path / "空.csv", "csv")
    assert [r[0] for r in _rows(bare)[1:]] == [""] * 5
    # a format no template writer has is the workbook
    book = write_template(ws.registry(), "mini", ws, tmp_path / "模板.xlsx", "nope")
    assert book.read_bytes()[:2] == b"PK"
    # the current folder is tmp_path: no temporary file is left beside the three written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini-template.csv", "w", "模板.xlsx", "空.csv"]


def test_the_template_of_an_unknown_domain_is_an_error_and_writes_nothing(ws, tmp_path):
    with pytest.raises(DingjiError, match="nope"):
        write_template(ws.registry(), "nope", ws, tmp_path / "t.csv", "csv")
    assert not (tmp_path / "t.csv").exists()


# --- evaluate ---------------------------------------------------------------------


def test_evaluate_grades_stores_and_counts(ws):
    done = evaluate(ws.registry(), ws, "mini", [write(ws.root / "s.csv", SCORES)])
    assert [(r.org, r.score, r.score_grade, r.grade) for r in done.results] == [
        ("sq-01", D("93.0"), "好", "好"),
        ("sq-02", D("96.0"), "好", "较差"),
        ("sq-03", D("67.0"), "一般", "一般"),
    ]
    assert [v.id for v in done.results[1].vetoes] == ["petition"]
    assert (done.year, done.run, done.dry_run) == (2025, 1, False)  # the workspace's year
    assert done.counts == {"好": 1, "较好": 0, "一般": 1, "较差": 1} and done.service_oriented == 0
    assert done.warnings == []  # no [distribution]; nobody within 1 point of a line (93 − 90 = 3)
    stored = snapshot(ws.root)
    assert [(r["org"], r["grade"]) for r in stored["results"]] == [
        ("sq-01", "好"),
        ("sq-02", "较差"),
        ("sq-03", "一般"),
    ]
    assert [(r["year"], r["domain"]) for r in stored["runs"]] == [(2025, "mini")]


def test_evaluate_dry_run_or_without_a_workspace_stores_nothing(ws):
    scores = write(ws.root / "s.csv", SCORES)
    dry = evaluate(ws.registry(), ws, "mini", [scores], year=2024, dry_run=True)
    assert (dry.year, dry.run, dry.dry_run) == (2024, None, True)
    assert [r.grade for r in dry.results] == ["好", "较差", "一般"]
    alone = evaluate(ws.registry(), None, "mini", [scores])
    assert (alone.year, alone.run) == (None, None)
    # no roster without a workspace: an organization is named by its id; the grades are the same
    assert [(r.org, r.name, r.grade) for r in alone.results] == [
        ("sq-01", "sq-01", "好"),
        ("sq-02", "sq-02", "较差"),
        ("sq-03", "sq-03", "一般"),
    ]
    assert snapshot(ws.root)["results"] == [] and snapshot(ws.root)["runs"] == []


def test_evaluate_warns_of_quotas_and_scores_near_a_line_in_the_language_asked(ws):
    with open(ws.config_path, "a", encoding="utf-8") as f:
        f.write('\n[distribution]\nmax = { "好" = 0.2 }\n')
    ws = open_workspace(ws.root)
    near = evaluate(ws.registry(), ws, "mini", [write(ws.root / "s.csv", LOWER)], lang="en")
    assert [r.grade for r in near.results] == ["较好", "较差", "一般"]  # a warning changes no grade
    assert near.counts == {"好": 0, "较好": 1, "一般": 1, "较差": 1}
    assert near.warnings == [
        "note: 1 organization(s) within 1 point(s) of a grade line, for a second look:",
        "  东街社区党支部 (sq-01) 89.8: 0.2 short of 好 (90)",
    ]
    many = evaluate(ws.registry(), ws, "mini", [write(ws.root / "g.csv", SCORES)])  # 好 1 of 3 = 33.3% > 20%
    assert many.warnings == ["提示：社区：好 1 个，占 33.3%（共 3 个），原则上不超过 20%"]


def test_a_bad_distribution_is_reported_before_anything_is_read_or_stored(ws):
    with open(ws.config_path, "a", encoding="utf-8") as f:
        f.write('\n[distribution]\nmax = { "好" = 1.5 }\n')
    ws = open_workspace(ws.root)
    with pytest.raises(DingjiError, match=r"distribution\.max\.好"):
        evaluate(ws.registry(), ws, "mini", [ws.root / "no such file.csv"])
    assert snapshot(ws.root)["runs"] == []


def test_evaluate_lists_every_problem_and_stores_nothing(ws):
    bad = write(
        ws.root / "s.csv",
        SCORES.replace("sq-01,self,work,38", "sq-01,self,work,41").replace(
            "sq-03,superior,work,25", "sq-03,superior,work,x"
        ),
    )
    with pytest.raises(InputError, match="sq-01") as err:
        evaluate(ws.registry(), ws, "mini", [bad])
    assert len(err.value.problems) == 2 and "sq-03" in err.value.describe("en")
    assert snapshot(ws.root)["runs"] == []


def test_the_progress_wrapper_sees_every_assessment_once(ws):
    seen = []

    def progress(items):
        for a in items:
            seen.append(a.org)
            yield a

    done = evaluate(ws.registry(), ws, "mini", [write(ws.root / "s.csv", SCORES)], dry_run=True, progress=progress)
    assert sorted(seen) == ["sq-01", "sq-02", "sq-03"] and len(done.results) == 3


def test_grade_counts_lists_every_grade_in_the_standards_order(ws):
    std = ws.registry().standard("mini")
    assert list(grade_counts(std, [])) == ["好", "较好", "一般", "较差"]
    assert set(grade_counts(std, []).values()) == {0}


# --- explain ----------------------------------------------------------------------


def test_explain_gives_the_result_and_last_year_beside_it(ws):
    reg = ws.registry()
    evaluate(reg, ws, "mini", [write(ws.root / "a.csv", LOWER)], year=2024)
    evaluate(reg, ws, "mini", [write(ws.root / "b.csv", SCORES)])
    why = explain(reg, ws, "sq-01", lang="en")
    assert why.year == 2025 and (why.result.score, why.result.grade) == (D("93.0"), "好")
    lines = why.lines("en")
    assert lines[1] == "Combined score 93.0 → grade 好"
    assert "  Arithmetic: 0.4 × 96 + 0.6 × 91 = 93, rounded half up to 1 decimal place(s) → 93.0" in lines
    head, headers, rows = why.comparison
    assert head == "Against last year (2024 → 2025):" and headers == ["Item", "2024", "2025", "Change"]
    # 2024: self 88, superior 91, 89.8 较好;  2025: self 96 (+8), superior 91, 93.0 好 (+3.2, up)
    assert rows[:4] == [
        ["Score", "89.8", "93.0", "+3.2"],
        ["Grade", "较好", "好", "up"],
        ["自查自评", "88", "96", "+8"],
        ["上级党组织评定", "91", "91", "0"],
    ]
    first = explain(reg, ws, "sq-02", year=2024)
    assert first.result.grade == "较差" and first.comparison == ("与上年比较：2023 年没有 sq-02 的定级结果", None, None)
    assert explain(reg, ws, "sq-02", compare=False).comparison is None


def test_explain_without_a_result_is_none(ws):
    assert explain(ws.registry(), ws, "sq-01") is None  # nothing graded yet
    evaluate(ws.registry(), ws, "mini", [write(ws.root / "s.csv", SCORES)])
    assert explain(ws.registry(), ws, "sq-09") is None
    assert explain(ws.registry(), ws, "sq-01", year=2024) is None
