"""Issue 14, item 6: one rule for blank counts.  A count cell left blank (a deduction's
occurrences, a named deduction, bonus and penalty, survey answers) is 0 occurrences, in the
xlsx template and in the long CSV alike, and the template's instructions say so; a blank
score stays an error at its cell.

PLAN grades by hand: work (score, 40), meetings (deduct 2 per 次, 30), plan (deduct, named
deductions no_plan 4 and no_summary 5, 30); sources self 0.4 and superior 0.6.
  sq-01  self 38 + 30 + 30 = 98; superior 35 + 30 + 30 = 95 → 39.2 + 57 = 96.2 → 好
  sq-02  self 30 + (30 − 3×2) + (30 − 5) = 79; superior 40 + 30 + 30 = 100 → 31.6 + 60 = 91.6 → 好
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    write,
)
from standard_text import preamble

PLAN = (
    preamble("plan", "计划小标准", "社区", "1.0")
    + """\
[[category]]
id = "all"
name = "基本工作"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 40
  method = "score"
  [[category.indicator]]
  id = "meetings"
  name = "落实三会一课"
  points = 30
  method = "deduct"
  per = 2
  unit = "次"
  [[category.indicator]]
  id = "plan"
  name = "工作计划"
  points = 30
  method = "deduct"
  deductions = [
    { id = "no_plan", name = "无年度工作计划", points = 4 },
    { id = "no_summary", name = "无工作总结", points = 5 },
  ]
"""
)
ROSTER = "组织编号,组织名称,领域\nsq-01,东街社区党支部,社区\nsq-02,西街社区党支部,社区\n"


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws", standard=PLAN, roster=ROSTER)


def fill(path, values):
    """``values``: {(sheet, org): {header start: value}}; every other input cell stays blank."""
    wb = openpyxl.load_workbook(path)
    for (sheet, org), cells in values.items():
        ws = wb[sheet]
        heads = [str(c.value or "") for c in ws[2]]
        row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == org)
        for start, value in cells.items():
            ws.cell(row, next(i for i, h in enumerate(heads, 1) if h.startswith(start))).value = value
    wb.save(path)


SCORES = {
    ("自查自评", "sq-01"): {"工作实绩": 38},
    ("上级党组织评定", "sq-01"): {"工作实绩": 35},
    ("自查自评", "sq-02"): {"工作实绩": 30, "落实三会一课": 3, "工作计划：无工作总结": 1},
    ("上级党组织评定", "sq-02"): {"工作实绩": 40},
}


def grades(result) -> list:
    return [(r["org"], r["score"], r["grade"]) for r in json.loads(result.stdout)["results"]]


def test_blank_count_cells_of_the_template_are_no_occurrences(ws):
    path = ws / "评分.xlsx"
    ok(["-w", ws, "template", "plan", "-o", path])
    fill(path, SCORES)
    got = ok(["-w", ws, "evaluate", "plan", path, "--format", "json"])
    assert grades(got) == [("sq-01", 96.2, "好"), ("sq-02", 91.6, "好")]
    # a blank score is still an error, at its cell, and the only one
    fill(path, {("上级党组织评定", "sq-02"): {"工作实绩": None}})
    err = fails(["-w", ws, "evaluate", "plan", path]).stderr
    assert err.splitlines() == [
        "发现 1 个问题，未写入任何内容：",
        f"  {path}，工作表 上级党组织评定，第 4 行，列 C (工作实绩): sq-02：superior/work（工作实绩）未填写",
    ]


def test_blank_counts_of_the_long_csv_are_no_occurrences_and_blank_scores_are_errors(ws):
    rows = "".join(
        f"{org},{src},{item},{value}\n"
        for org, work in (("sq-01", 38), ("sq-02", 40))
        for src in ("self", "superior")
        for item, value in (("work", work), ("meetings", ""), ("plan.no_plan", ""), ("plan.no_summary", " "))
    )
    got = ok(["-w", ws, "evaluate", "plan", write(ws / "a.csv", "org,source,item,value\n" + rows), "--format", "json"])
    assert grades(got) == [("sq-01", 98, "好"), ("sq-02", 100, "好")]
    blank = rows.replace("sq-02,self,work,40", "sq-02,self,work,")
    err = fails(["-w", ws, "evaluate", "plan", write(ws / "b.csv", "org,source,item,value\n" + blank)]).stderr
    assert err.splitlines()[0] == "发现 1 个问题，未写入任何内容：" and "sq-02：self/work（工作实绩）未填写" in err


def test_the_instructions_and_the_cells_say_a_blank_count_is_0(ws):
    path = ws / "评分.xlsx"
    ok(["-w", ws, "template", "plan", "-o", path])
    wb = openpyxl.load_workbook(path)
    help_text = "\n".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value is not None)
    assert (
        "次数留空 = 0 次：所有填写次数的列（扣分项、每次扣分的指标、加分扣分、满意度测评的票数）留空都按 0 次"
        "（没有发生）计算" in help_text
    )
    assert "分数、比率、是/否留空 = 未填写 = 错误" in help_text
    sheet = wb["自查自评"]
    prompts = {str(dv.sqref)[0]: dv.prompt for dv in sheet.data_validations.dataValidation}
    assert "留空按 0 次" in prompts["D"] and "留空按 0 次" in prompts["E"]
    assert "留空" not in prompts["C"]
    tinted = [
        str(cf.sqref)
        for cf in sheet.conditional_formatting
        if any(r.dxf is not None and r.dxf.fill is not None for r in cf.rules)
    ]
    assert tinted == ["C3:C4"]  # blank required cells are tinted: the scores only
    en = ws / "en.xlsx"
    ok(["-w", ws, "--lang", "en", "template", "plan", "-o", en])
    text = "\n".join(
        str(c.value) for row in openpyxl.load_workbook(en)["Instructions"].iter_rows() for c in row if c.value
    )
    assert "A blank count is 0: every column of counts" in text
