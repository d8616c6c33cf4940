"""Issue 14 (what a township officer meets first), item 12: the ledger workbook laid out for print.

The demo's ledger (38 organizations) printed 119 A4 pages: each detail sheet 4 indicators a
landscape page, the tracker sheets three pages side by side (all rows of the left third first),
titles wrapped into A:B ("分类定级台账·三 / 亮三比三评").  Now a sheet fits the page's width
when that prints at 40 % or more (as LibreOffice draws Calibri; Excel and WPS larger); a wider
one (a detail sheet) prints on pages of whole indicators side by side, A:B and the header on
each, read across before down, its title as the pages' header.  The page count is measured with
LibreOffice (external: skipped without soffice).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

TITLE = "岩樟乡2026年基层党组织分类定级台账"
DETAIL = "农村指标明细"


@pytest.fixture(scope="module")
def ledger(demo_template) -> Path:
    (path,) = demo_template.glob("*台账.xlsx")
    return path


@pytest.fixture(scope="module")
def book(ledger):
    return openpyxl.load_workbook(ledger)


def tables(book):
    """The table sheets: a title in A1 and the header repeated on every page."""
    return [ws for ws in book if ws.print_title_rows]


def test_tables_fit_the_page_width_with_the_title_on_one_line(book):
    fitted = [ws for ws in tables(book) if not ws.col_breaks.brk]
    assert {ws.title for ws in fitted} >= {
        "分类定级台账",
        "走访台账",
        "整改台账",
        "三亮三比三评",
        "党员“一创三联”",
        "公示",
    }
    for ws in fitted:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        if ws.title == "公示":  # its preamble is a paragraph, printed once: the header repeats
            assert ws.print_title_rows.split(":")[0] == ws.print_title_rows.split(":")[1], ws.print_title_rows
        else:
            assert ws.print_title_rows.startswith("$1:"), ws.title  # the title and header on every page
        assert not ws["A1"].alignment.wrap_text, ws.title
        assert ws["A1"].value.startswith(("岩樟乡2026年", "附件：")), ws.title  # the notice's appendix: 附件
        assert f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}1" in {str(r) for r in ws.merged_cells.ranges}


def test_a_detail_sheet_too_wide_for_one_page_prints_whole_indicators_side_by_side(book):
    ws = book[DETAIL]
    breaks = [b.id for b in ws.col_breaks.brk]
    assert 1 <= len(breaks) <= 2  # 21 indicators on at most three pages, not six
    groups = [c.value for c in ws[2]]  # the indicator row: a merged indicator's name is in its first column
    assert all(groups[col] is not None for col in breaks), "a page ends inside an indicator"
    assert ws.page_setup.pageOrder == "overThenDown" and 40 <= ws.page_setup.scale <= 100
    assert (ws.print_title_rows, ws.print_title_cols) == ("$2:$3", "$A:$B")
    # the title, in A1 on screen, is each page's header in print (A:B of row 1 would cut it)
    assert ws["A1"].value == f"{TITLE}·农村" and not ws["A1"].alignment.wrap_text
    assert ws.oddHeader.center.text == f"{TITLE}·农村" and ws.print_area.startswith("'农村指标明细'!$A$2:")
    assert not any("A1" in str(r) for r in ws.merged_cells.ranges)


@pytest.mark.external
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_demo_ledger_prints_on_at_most_46_pages_titles_whole(ledger, tmp_path, lo_profile):
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{lo_profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(ledger),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = tmp_path / (ledger.stem + ".pdf")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    # 119 before (LibreOffice 7, DejaVu Sans for Calibri): 30 after; issue 13's sheets (异议处理, 需上级统筹,
    # 学习先进, 对标创标, 主题党日, 区域化党建, 结对共建, the notice's preamble and appendix) add 12: 42
    assert 20 <= pages <= 46, pages
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        by_page = text.split("\f")
        on = {name: sum(f"{TITLE}·{name}" in p for p in by_page) for name in ("农村", "三亮三比三评", "党员“一创三联”")}
        assert on["农村"] <= 3 and on["三亮三比三评"] <= 4 and on["党员“一创三联”"] <= 10, on
        titled = re.findall(r"^.*台账·.*$", text, re.MULTILINE)
        assert titled and all(line.strip().startswith(TITLE) for line in titled)  # none wrapped, none cut
