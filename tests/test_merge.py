"""``dingji ledger merge``: a county combines its townships' exported ledgers (xlsx or JSON).

测试乡 is ledger_support's township (2025: 好 2, 一般 1, 较差 1).  另一乡, by hand (MINI):
  lq-01 东村党支部  self 40 + 60 = 100; superior 40 + 60 = 100 → 100.0 → 好
  lq-02 西村党支部  self 30 + (60 − 6) = 84; superior 32 + (60 − 8) = 84 → 84.0 → 较好
Together: 6 organizations, 好 3 (50%), 较好 1, 一般 1, 较差 1 (16.67% each).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from ledger_support import HOSTILE, MAIN_HEADERS, MAIN_ROWS, make_township, sheets

OTHER_ROSTER = "组织编号,组织名称,领域\nlq-01,东村党支部,社区\nlq-02,西村党支部,社区\n"
OTHER_SCORES = """\
org,source,item,value
lq-01,self,work,40
lq-01,self,meetings,0
lq-01,superior,work,40
lq-01,superior,meetings,0
lq-02,self,work,30
lq-02,self,meetings,3
lq-02,superior,work,32
lq-02,superior,meetings,4
"""
HEADERS = ["乡镇", *MAIN_HEADERS[:-1]]  # a merged ledger: the township, then the main sheet's columns but the rounds


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, copy_township) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("merge")
    first = copy_township(base / "测试乡")
    other = make_township(base / "另一乡", name="另一乡", roster=OTHER_ROSTER, scores=OTHER_SCORES, previous=None)
    old = make_township(
        base / "旧乡",
        name="旧乡",
        year=2024,
        roster=OTHER_ROSTER.replace("lq", "jq"),
        scores=OTHER_SCORES.replace("lq", "jq"),
        previous=None,
    )
    clash = make_township(
        base / "第三乡",
        name="第三乡",
        roster=OTHER_ROSTER.replace("lq-02", "sq-01"),
        scores=OTHER_SCORES.replace("lq-02", "sq-01"),
        previous=None,
    )
    out = {
        "a.xlsx": (first, "xlsx"),
        "a.json": (first, "json"),
        "b.json": (other, "json"),
        "old.xlsx": (old, "xlsx"),
        "clash.xlsx": (clash, "xlsx"),
    }
    for name, (root, fmt) in out.items():
        ok(["--workspace", root, "ledger", "export", "--format", fmt, "-o", base / name])
    return {name: base / name for name in out}


def test_merge_xlsx_and_json_into_one_ledger(ledgers, tmp_path):
    result = ok(["ledger", "merge", ledgers["a.xlsx"], ledgers["b.json"], "-o", tmp_path / "县.xlsx"])
    assert "已合并 2 份台账（6 个组织）" in result.stdout
    book = sheets(tmp_path / "县.xlsx")
    assert list(book) == ["汇总", "分类定级台账"]
    main = book["分类定级台账"]
    assert main[1] == HEADERS
    # hostile names still unchanged (the merged ledger keeps each township's current grades, not its rounds)
    assert main[2:6] == [["测试乡", *row[:-1]] for row in MAIN_ROWS]
    assert main[6:] == [
        ["另一乡", "lq-01", "东村党支部", "社区", 100.0, 100.0, 0.0, 0.0, 100.0, "好", "", "", "", ""],
        ["另一乡", "lq-02", "西村党支部", "社区", 84.0, 84.0, 0.0, 0.0, 84.0, "较好", "", "", "", ""],
    ]
    summary = book["汇总"]
    assert summary[2][:10] == ["乡镇", "组织数", "好", "占比", "较好", "占比", "一般", "占比", "较差", "占比"]
    assert summary[3][:10] == ["测试乡", 4.0, 2.0, 0.5, 0.0, 0.0, 1.0, 0.25, 1.0, 0.25]
    assert summary[4][:10] == ["另一乡", 2.0, 1.0, 0.5, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0]
    assert summary[5][:10] == ["合计", 6.0, 3.0, 0.5, 1.0, 0.1667, 1.0, 0.1667, 1.0, 0.1667]


def test_merge_to_json(ledgers, tmp_path):
    ok(["ledger", "merge", ledgers["a.json"], ledgers["b.json"], "-o", tmp_path / "县.json", "--title", "某县台账"])
    doc = json.loads((tmp_path / "县.json").read_text(encoding="utf-8"))
    assert (doc["schema_version"], doc["kind"], doc["year"], doc["title"]) == (1, "merged", 2025, "某县台账")
    assert [t["unit"] for t in doc["townships"]] == ["测试乡", "另一乡"]
    assert [(r["township"], r["org"], r["grade"]) for r in doc["rows"]] == [
        ("测试乡", "sq-01", "好"),
        ("测试乡", "sq-02", "较差"),
        ("测试乡", "sq-03", "一般"),
        ("测试乡", "sq-04", "好"),
        ("另一乡", "lq-01", "好"),
        ("另一乡", "lq-02", "较好"),
    ]
    assert doc["rows"][0]["name"] == HOSTILE["sq-01"] and doc["rows"][0]["move"] == "升"
    assert doc["summary"]["overall"]["counts"] == {"好": 3, "较好": 1, "一般": 1, "较差": 1}


def test_the_same_file_twice_counts_once(ledgers, tmp_path):
    result = ok(["ledger", "merge", ledgers["a.xlsx"], ledgers["a.xlsx"], "-o", tmp_path / "m.xlsx"])
    assert "只计一次" in result.stderr and "（4 个组织）" in result.stdout


def test_mixed_years_are_refused(ledgers, tmp_path):
    result = fails(["ledger", "merge", ledgers["a.xlsx"], ledgers["old.xlsx"], "-o", tmp_path / "m.xlsx"])
    assert "台账年度不一致" in result.stderr
    assert f"{ledgers['a.xlsx']}: 2025" in result.stderr and f"{ledgers['old.xlsx']}: 2024" in result.stderr
    assert not (tmp_path / "m.xlsx").exists()


def test_an_organization_in_two_ledgers_is_refused(ledgers, tmp_path):
    result = fails(["ledger", "merge", ledgers["a.xlsx"], ledgers["clash.xlsx"], "-o", tmp_path / "m.xlsx"])
    # sq-01 is row 3 of 测试乡's main sheet, and row 4 of 第三乡's (after lq-01)
    assert (
        f"{ledgers['clash.xlsx']}，工作表 分类定级台账，第 4 行: 组织 sq-01 出现了两次："
        f"此处与 {ledgers['a.xlsx']}，工作表 分类定级台账，第 3 行"
    ) in result.stderr


def test_the_same_ledger_as_xlsx_and_json_counts_once(ledgers, tmp_path):
    # the same content in two formats (and an xlsx carries its export time): not a conflict
    result = ok(["ledger", "merge", ledgers["a.xlsx"], ledgers["a.json"], "-o", tmp_path / "m.xlsx"])
    assert "已合并 1 份台账（4 个组织）" in result.stdout and "内容相同，只计一次" in result.stderr


def test_one_township_with_two_different_ledgers_is_refused_once(ledgers, tmp_path):
    import json

    doc = json.loads(ledgers["a.json"].read_text(encoding="utf-8"))
    doc["results"][0]["name"] += "（改）"  # not the grade: a grade its score does not give is refused by itself
    changed = tmp_path / "a-changed.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = fails(["ledger", "merge", ledgers["a.xlsx"], changed, "-o", tmp_path / "m.xlsx"])
    assert f"测试乡 出现了两次且内容不同：{ledgers['a.xlsx']} 与 {changed}" in result.stderr
    assert "发现 1 个问题" in result.stderr  # not one more line per organization


def test_files_that_are_not_ledgers(ledgers, tmp_path):
    import openpyxl

    notes = tmp_path / "notes.json"
    notes.write_text('{"hello": 1}', encoding="utf-8")
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    text = tmp_path / "a.txt"
    text.write_text("hello", encoding="utf-8")
    result = fails(["ledger", "merge", notes, plain, text, "-o", tmp_path / "m.xlsx"])
    assert f"{notes}: 不是 dingji 导出的台账（应有 schema_version 1、year、results）" in result.stderr
    assert f"{plain}: 不是 dingji 导出的台账（缺少文档属性 dingji.services）" in result.stderr
    assert f"{text}: 不是导出的台账" in result.stderr
    assert "发现 3 个问题" in result.stderr


def test_a_damaged_cell_is_named_by_file_sheet_row_and_column(ledgers, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(ledgers["a.xlsx"])
    wb["分类定级台账"]["H4"] = "九十六"  # sq-02's 综合得分
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    result = fails(["ledger", "merge", edited, "-o", tmp_path / "m.xlsx"])
    assert f"{edited}，工作表 分类定级台账，第 4 行，列 H: '九十六' 不是数值" in result.stderr


def test_the_output_must_be_xlsx_or_json(ledgers, tmp_path):
    assert (
        "须为 .xlsx 或 .json" in fails(["ledger", "merge", ledgers["a.xlsx"], "-o", tmp_path / "m.csv"], code=2).stderr
    )
