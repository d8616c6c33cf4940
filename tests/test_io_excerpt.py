"""dingji.io.excerpt: the rows of an input file the desk shows where a problem is."""

from __future__ import annotations

import openpyxl

from dingji.io.excerpt import csv_lines, sheet_rows


def test_sheet_rows_are_numbered_as_excel_numbers_them_from_column_a(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws["C3"], ws["D5"], ws["B7"] = "甲", 2.5, True  # the sheet starts at C3, not A1
    path = tmp_path / "x.xlsx"
    wb.save(path)
    got = sheet_rows(path, "数据", [3, 5, 7, 99])
    assert got == {3: ["", "", "甲", ""], 5: ["", "", "", "2.5"], 7: ["", "是", "", ""]}  # past the end: left out
    assert sheet_rows(path, "没有", [1]) == {} and sheet_rows(path, "数据", []) == {}


def test_csv_lines_name_a_record_by_the_line_it_ends_on(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes('\ufefforg,note\na,"two\nlines"\nb,x\n'.encode())
    assert csv_lines(path, [1, 3, 4]) == {1: ["org", "note"], 3: ["a", "two\nlines"], 4: ["b", "x"]}
