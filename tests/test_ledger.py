"""``dingji ledger export`` to xlsx, read back by python-calamine and (where installed)
converted by LibreOffice: the expectations are the hand arithmetic of ledger_support."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from dingji.io.xlsx.ledger_style import escape_text
from dingji.plugins.ledger_xlsx import write_xlsx
from dingji.report.ledger import Ledger
from dingji.services.workspace import open_workspace
from ledger_support import HOSTILE, MAIN_HEADERS, MAIN_ROWS, SHEETS, TITLE, sha256, sheets


@pytest.fixture(scope="module")
def township(tmp_path_factory, copy_township) -> Path:
    return copy_township(tmp_path_factory.mktemp("ledger") / "测试乡")


@pytest.fixture(scope="module")
def exported(township) -> Path:
    out = township.parent / "台账.xlsx"
    ok(["--workspace", township, "ledger", "export", "-o", out, "--from", "2026-01-05"])
    return out


def test_sheets_in_order_and_the_main_sheet_row_by_row(exported):
    book = sheets(exported)
    assert list(book) == SHEETS
    main = book["分类定级台账"]
    assert main[0][0] == TITLE
    assert main[1] == MAIN_HEADERS
    assert main[2:] == MAIN_ROWS  # one row per organization; hostile names read back unchanged


def test_detail_sheet_has_every_indicator_per_source(exported):
    detail = sheets(exported)["社区指标明细"]
    assert detail[1][:6] == ["编号", "组织名称", "工作实绩（40分）", "", "落实三会一课（60分）", ""]
    assert detail[2] == [
        "编号",
        "组织名称",
        "自查自评",
        "上级党组织评定",
        "自查自评",
        "上级党组织评定",
        "自查自评得分",
        "上级党组织评定得分",
        "加分",
        "扣分",
        "综合得分",
        "等次",
    ]
    # sq-01: work 38 / 35; meetings 60 − 1×2 = 58 / 60 − 2×2 = 56; totals 96 / 91
    assert detail[3] == ["sq-01", HOSTILE["sq-01"], 38.0, 35.0, 58.0, 56.0, 96.0, 91.0, 0.0, 0.0, 93.0, "好"]
    assert detail[5] == ["sq-03", "-2", 20.0, 25.0, 50.0, 40.0, 70.0, 65.0, 0.0, 0.0, 67.0, "一般"]
    assert len(detail) == 3 + 4


def test_summary_counts_shares_poor_list_and_manifest(exported, township):
    rows = sheets(exported)["汇总"]
    assert rows[2] == ["领域", "组织数", "好", "占比", "较好", "占比", "一般", "占比", "较差", "占比", "服务型", "占比"]
    assert rows[3] == ["社区", 4.0, 2.0, 0.5, 0.0, 0.0, 1.0, 0.25, 1.0, 0.25, 0.0, 0.0]
    assert rows[4][0] == "合计" and rows[4][1:] == rows[3][1:]
    text = [[c for c in r if c != ""] for r in rows]
    at = text.index(["二、较差党组织名单（1 个）"])
    assert text[at + 2] == ["+1", "社区", "sq-02", 96.0, "近一年有严重群访事件"]
    std_sha = (
        sqlite3.connect(township / "dingji.sqlite")
        .execute("SELECT standard_sha256 FROM runs WHERE year=2025 AND active=1")
        .fetchone()[0]
    )
    assert ["评分标准 社区", f"mini 1.0  sha256 {std_sha}"] in text
    assert ["输入文件 社区", f"scores.csv  sha256 {sha256(township / 'scores.csv')}"] in text


def test_workbook_properties_hold_the_manifest(exported, township):
    import openpyxl

    wb = openpyxl.load_workbook(exported, read_only=True)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["dingji.year"] == "2025" and props["dingji.unit"] == "测试乡"
    assert props["dingji.grades"] == "好,较好,一般,较差" and props["dingji.organizations"] == "4"
    assert props["dingji.standard.mini"].startswith("mini 1.0 sha256:")
    assert props["dingji.file.1"] == f"mini sha256:{sha256(township / 'scores.csv')} scores.csv"
    assert wb.properties.title == TITLE
    assert sha256(township / "scores.csv") in wb.properties.description
    wb.close()


def test_no_text_becomes_a_formula(exported):
    with zipfile.ZipFile(exported) as z:
        xml = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert not any("<f>" in x or "<f " in x for x in xml.values())
    assert 'quotePrefix="1"' in styles  # Excel keeps them text when the cell is edited
    import openpyxl

    ws = openpyxl.load_workbook(exported)["分类定级台账"]
    for row in ws.iter_rows(min_row=3):
        assert row[1].data_type == "s" and row[1].value in HOSTILE.values()
        assert row[1].quotePrefix


def test_grades_are_coloured_header_frozen_filtered_and_printable(exported):
    import openpyxl

    wb = openpyxl.load_workbook(exported)
    ws = wb["分类定级台账"]
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == "A2:N6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    rules = {r.formula[0]: r.dxf.fill.fgColor.rgb[-6:] for cf in ws.conditional_formatting for r in cf.rules}
    assert rules == {'"好"': "C6EFCE", '"较好"': "DDEBF7", '"一般"': "FFEB9C", '"较差"': "FFC7CE"}
    assert str(next(iter(ws.conditional_formatting)).sqref) == "I3:I6 L3:L6"
    # widths fit Chinese text: the longest name, 26 narrow characters, gets 26 × 1.1 + 2
    assert ws.column_dimensions["B"].width == pytest.approx(30.6)
    assert wb["汇总"]._charts and wb["公示"].page_setup.orientation == "portrait"


def test_previous_year_and_move_are_blank_without_last_year(tmp_path, copy_township):
    root = copy_township(tmp_path / "乡", previous=None)
    ok(["--workspace", root, "ledger", "export", "-o", tmp_path / "l.xlsx"])
    main = sheets(tmp_path / "l.xlsx")["分类定级台账"]
    assert [r[-3:-1] for r in main[2:]] == [["", ""]] * 4


def test_text_escapes_keep_every_character():
    assert escape_text("a\rb") == "a_x000D_b"
    assert escape_text("\x01x") == "_x0001_x"
    assert escape_text("A_x0041_") == "A_x005F_x0041_"  # a literal escape stays literal
    assert escape_text("普通文本") == "普通文本"


def test_a_failed_export_leaves_the_existing_ledger_untouched(township, tmp_path):
    root = Path(shutil.copytree(township, tmp_path / "copy"))
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the ledger of last week")
    # the stored source total of sq-03 no longer matches its inputs: found while writing the detail sheet
    db = sqlite3.connect(root / "dingji.sqlite")
    db.execute("""UPDATE results SET sources='{"self": "71", "superior": "65"}' WHERE org='sq-03' AND year=2025""")
    db.commit()
    db.close()
    result = fails(["--workspace", root, "ledger", "export", "-o", target])
    assert "sq-03" in result.stderr and "保存之后计分规则有变化" in result.stderr
    assert target.read_bytes() == b"the ledger of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "台账.xlsx"]  # no temporary file left


def test_a_long_table_continues_on_another_sheet(township, tmp_path):
    ws = open_workspace(township)
    store = ws.store()
    try:
        write_xlsx(Ledger.from_workspace(ws, store, ws.registry()), tmp_path / "l.xlsx", row_limit=5)
    finally:
        store.close()
    book = sheets(tmp_path / "l.xlsx")
    # 分类定级台账: title + header + 3 rows = 5, then title + header + 1 row
    assert book["分类定级台账"][2:] == MAIN_ROWS[:3] and book["分类定级台账 (2)"][2:] == MAIN_ROWS[3:]
    assert book["分类定级台账 (2)"][:2] == book["分类定级台账"][:2]
    # 社区指标明细 has three heading rows: 2 + 2 rows
    assert [len(book[n]) for n in ("社区指标明细", "社区指标明细 (2)")] == [5, 5]
    names = list(book)
    assert names.index("分类定级台账 (2)") == names.index("分类定级台账") + 1


def test_a_notices_closing_with_no_room_under_its_table_goes_on_a_sheet_of_its_own(township, tmp_path):
    ws = open_workspace(township)
    with ws.store() as store:
        write_xlsx(Ledger.from_workspace(ws, store, ws.registry()), tmp_path / "l.xlsx", row_limit=10)
    book = sheets(tmp_path / "l.xlsx")
    # 公示: title, preamble, period, header and 4 rows = 8 of 10; its closing (a blank row, the total,
    # the objection, a blank row, who signs, the date: 6 rows) goes on with the title: 3 + 6 = 9
    assert len(book["公示"]) == 8 and [r[1] for r in book["公示"][4:]] == list(HOSTILE.values())
    closing = [r[0] for r in book["公示 (2)"]]
    assert closing[:3] == [r[0] for r in book["公示"][:3]]
    assert closing[4].startswith("共 4 个党组织") and closing[8].endswith("日")


def test_export_refuses_what_it_cannot_do(township, tmp_path):
    assert "2030 年没有定级结果" in fails(["--workspace", township, "ledger", "export", "--year", "2030"]).stderr
    assert "未知的格式" in fails(["--workspace", township, "ledger", "export", "--format", "pdf"], code=2).stderr
    (tmp_path / "dir.xlsx").mkdir()
    assert "是文件夹" in fails(["--workspace", township, "ledger", "export", "-o", tmp_path / "dir.xlsx"]).stderr


def test_english_headers(township, tmp_path):
    ok(["--lang", "en", "--workspace", township, "ledger", "export", "-o", tmp_path / "en.xlsx"])
    book = sheets(tmp_path / "en.xlsx")
    assert list(book)[:2] == ["Summary", "Grading ledger"]
    assert book["Grading ledger"][1][:3] == ["Org", "Name", "Domain"]
    assert book["Grading ledger"][3][-2] == "down"
    assert book["Grading ledger"][1][-1] == "Rounds this year"


@pytest.mark.external
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_ledger_to_pdf(exported, tmp_path, lo_profile):
    proc = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{lo_profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(exported),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    pdf = tmp_path / "台账.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert TITLE in text and "近一年有严重群访事件" in text
        assert re.search(r"第 1 页，共 \d+ 页", text)


def test_write_only_mode_writes_the_same_cells(township, tmp_path):
    """Large ledgers use openpyxl's write-only mode: same sheets and values, formulas still refused."""
    ws = open_workspace(township)
    store = ws.store()
    try:
        for full in (True, False):
            write_xlsx(Ledger.from_workspace(ws, store, ws.registry()), tmp_path / f"{full}.xlsx", full=full)
    finally:
        store.close()
    normal, lean = sheets(tmp_path / "True.xlsx"), sheets(tmp_path / "False.xlsx")
    assert normal == lean
    with zipfile.ZipFile(tmp_path / "False.xlsx") as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_write_only_cells_go_in_as_openpyxl_would_put_them(township, tmp_path, monkeypatch):
    """``ledger_rows.accept_cells`` replaces openpyxl's private ``_values_to_row`` on each write-only
    sheet (a styled cell without a failed conversion first): the workbook is the one openpyxl's
    own method writes, value and style of every cell, or the replacement has drifted from it."""
    import openpyxl

    from dingji.io.xlsx import ledger_rows

    def write(name):
        ws = open_workspace(township)
        store = ws.store()
        try:
            write_xlsx(Ledger.from_workspace(ws, store, ws.registry()), tmp_path / name, full=False)
        finally:
            store.close()
        wb = openpyxl.load_workbook(tmp_path / name)
        return {
            sheet.title: [
                [(c.value, c.style_id, c.alignment.wrap_text, c.number_format, c.data_type) for c in row]
                for row in sheet.iter_rows()
            ]
            for sheet in wb.worksheets
        }

    ours = write("ours.xlsx")
    monkeypatch.setattr(ledger_rows, "accept_cells", lambda ws: None)
    theirs = write("openpyxl.xlsx")
    assert ours == theirs
    assert sum(len(rows) for rows in ours.values()) > 20
