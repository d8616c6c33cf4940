"""Issue 14 (what a township officer meets first), items 3 and 5: the score workbook as an
officer fills it and breaks it.

3. A mistyped organization id is one problem at its cell (column A; a CSV's org column), with
   the id meant; the organization meant is not also said to lack the values of that row.
5. A data sheet whose hidden key row was deleted is said to be unrecognised, once, and why;
   its values are not also said to be missing for every organization.

Real workspaces (cli_support), real templates written by ``dingji template`` and filled with
openpyxl as Excel would, the real command.  ``QS`` grades qs-c01 … qs-c03 as cli_support's
SCORES grades sq-01 … sq-03.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from cli_support import (
    ROSTER,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)

QS_ROSTER = ROSTER.replace("sq-0", "qs-c0")
QS_SCORES = SCORES.replace("sq-0", "qs-c0")
QS_C02 = "qs-c02（西街社区党支部）"


@pytest.fixture
def qs(copy_workspace, tmp_path):
    return copy_workspace(tmp_path / "qs", roster=QS_ROSTER)


def filled(root, name="评分.xlsx"):
    """The mini template of ``root``, filled with QS_SCORES' values (each row's id as the template wrote it)."""
    path = root / name
    ok(["-w", root, "template", "mini", "-o", path])
    values = {(r["org"], f"{r['source']}:{r['item']}"): r["value"] for r in csv.DictReader(io.StringIO(QS_SCORES))}
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        keys = [c.value for c in ws[1]]
        if not str(keys[0]).startswith("dingji:org"):
            continue
        for row in ws.iter_rows(min_row=3):
            for cell, key in zip(row, keys):
                v = values.get((row[0].value, key))
                if v is not None:
                    cell.value = float(v) if v.replace(".", "").isdigit() else v
    wb.save(path)
    return path


def change(path, edit):
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def retype(sheet, old, new):
    def edit(wb):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=3, max_col=1):
            if row[0].value == old:
                row[0].value = new

    return edit


def problems(result) -> list[str]:
    return result.stderr.splitlines()


# --- 3. a mistyped id: one problem, at its cell, naming the id meant ------------------------------


def test_the_filled_template_grades(qs):
    got = ok(["-w", qs, "evaluate", "mini", filled(qs), "--dry-run"]).stdout
    assert "各等次数量：好 1  较好 0  一般 1  较差 1" in got


def test_a_mistyped_id_in_the_workbook_is_one_problem_at_its_cell_naming_the_id_meant(qs):
    path = change(filled(qs), retype("上级党组织评定", "qs-c02", "qs-co2"))
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert got == [
        "发现 1 个问题，未写入任何内容：",
        f"  {path}，工作表 上级党组织评定，第 4 行，列 A (组织编号): 组织 'qs-co2' 不在组织名单中；"
        f"您是不是要找 {QS_C02}？本行的数据未读取，qs-c02 因此缺少这些数据",
    ]  # not "列 C (工作实绩)", not "（共 2 行）", and not "qs-c02：来源 superior 缺少 2 项数据（work, meetings）"
    en = problems(fails(["-w", qs, "--lang", "en", "evaluate", "mini", path]))
    assert en[1:] == [
        f"  {path}, sheet 上级党组织评定, row 4, column A (组织编号): unknown organization id 'qs-co2' (not in the "
        "roster); did you mean qs-c02 (西街社区党支部)? This row was not read, so qs-c02 lacks its values"
    ]


def test_the_same_typo_in_two_sheets_is_two_mistakes_each_at_its_cell(qs):
    path = filled(qs)
    change(path, retype("自查自评", "qs-c01", "qs-cO1"))
    change(path, retype("上级党组织评定", "qs-c01", "qs-cO1"))
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert [line.split(": ")[0] for line in got[1:]] == [
        f"  {path}，工作表 自查自评，第 3 行，列 A (组织编号)",
        f"  {path}，工作表 上级党组织评定，第 3 行，列 A (组织编号)",
    ]
    assert all(
        line.endswith("您是不是要找 qs-c01（东街社区党支部）？本行的数据未读取，qs-c01 因此缺少这些数据")
        for line in got[1:]
    )


def test_a_typo_on_a_row_added_for_an_organization_that_has_its_row_only_names_the_nearest(qs):
    """No hole to fill: the organization near the id has all its values, so only the suggestion."""
    path = change(filled(qs), lambda wb: wb["自查自评"].append(["qs-c2", None, 30, 1]))
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert got[1:] == [
        f"  {path}，工作表 自查自评，第 6 行，列 A (组织编号): 组织 'qs-c2' 不在组织名单中；您是不是要找 {QS_C02}？"
    ]


def test_what_the_organization_meant_lacks_besides_the_mistyped_rows_is_still_said(qs):
    def edit(wb):
        retype("上级党组织评定", "qs-c02", "qs-co2")(wb)
        ws = wb["自查自评"]
        ws["C4"] = ws["D4"] = None  # qs-c02's own self values left blank

    path = change(filled(qs), edit)
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert len(got) == 3 and "工作表 上级党组织评定，第 4 行，列 A (组织编号): 组织 'qs-co2'" in got[2]
    assert got[1].endswith("工作表 自查自评，第 4 行，列 C (工作实绩): qs-c02：self/work（工作实绩）未填写")


def test_a_mistyped_id_in_the_long_csv_is_one_problem_at_its_first_line_and_column_org(qs):
    text = QS_SCORES.replace("qs-c02,superior", "qs-co2,superior")
    path = write(qs / "评分.csv", text)
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert got[1:] == [
        f"  {path}，列 org，第 8 行: 组织 'qs-co2' 不在组织名单中（共 2 行，至第 9 行）；您是不是要找 {QS_C02}？"
        "这些行的数据未读取，qs-c02 因此缺少这些数据"
    ]
    en = problems(fails(["-w", qs, "--lang", "en", "evaluate", "mini", path]))
    assert en[1].endswith(
        "(2 rows, to line 9); did you mean qs-c02 (西街社区党支部)? These rows were not read, so qs-c02 lacks their values"
    )
    # every line of the organization mistyped: not also "qs-c02（西街社区党支部）：没有任何评分数据"
    every = write(qs / "全错.csv", QS_SCORES.replace("qs-c02,", "qS-C02 ,"))
    got = problems(fails(["-w", qs, "evaluate", "mini", every]))
    assert len(got) == 2 and "组织 'qS-C02' 不在组织名单中（共 5 行，至第 10 行）；您是不是要找 qs-c02" in got[1]


def test_an_unknown_id_near_no_organization_is_said_as_before(qs):
    path = write(qs / "评分.csv", QS_SCORES + "zz-99,self,work,30\n")
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert got[1:] == [f"  {path}，列 org，第 16 行: 组织 'zz-99' 不在组织名单中"]


# --- 5. a sheet whose hidden key row was deleted: said once, and why ------------------------------

LOST_ZH = (
    "隐藏的编号行被删除或改动：无法识别各列，本工作表未读取；请用 dingji template mini 重新生成模板，把数据复制进去"
)
LOST_EN = (
    "the hidden key row was deleted or changed: the columns cannot be recognised, so this sheet was not read; "
    "make a new template with dingji template mini and copy the data into it"
)


def test_a_sheet_without_its_key_row_is_said_once_and_not_as_missing_values(qs):
    path = change(filled(qs), lambda wb: wb["自查自评"].delete_rows(1))
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert got == ["发现 1 个问题，未写入任何内容：", f"  {path}，工作表 自查自评，第 1 行: {LOST_ZH}"]
    en = problems(fails(["-w", qs, "--lang", "en", "evaluate", "mini", path]))
    assert en[1:] == [f"  {path}, sheet 自查自评, row 1: {LOST_EN}"]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda ws: [setattr(c, "value", None) for c in ws[1]], id="row 1 cleared"),
        pytest.param(lambda ws: setattr(ws["A1"], "value", "备注"), id="A1 typed over"),
        pytest.param(lambda ws: (ws.delete_rows(1), setattr(ws, "title", "自评")), id="deleted, sheet renamed"),
    ],
)
def test_a_key_row_cleared_or_typed_over_is_said_alike(qs, edit):
    path = change(filled(qs), lambda wb: edit(wb["上级党组织评定"]))
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    assert len(got) == 2 and got[1].endswith(f"，第 1 行: {LOST_ZH}")


def test_every_key_row_deleted_says_so_for_each_sheet(qs):
    def edit(wb):
        for ws in wb:
            if ws.title not in ("填表说明", "组织名单"):
                ws.delete_rows(1)

    path = change(filled(qs), edit)
    got = problems(fails(["-w", qs, "evaluate", "mini", path]))
    # not "这不是 dingji 数据录入模板"
    assert got[1:] == [
        f"  {path}，工作表 {sheet}，第 1 行: {LOST_ZH}" for sheet in ("自查自评", "上级党组织评定", "否决事项")
    ]
