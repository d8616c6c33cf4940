"""Cells, widths, named styles and page setup shared by the workbooks dingji writes with
openpyxl (:mod:`.template`, :mod:`.records`, :mod:`.forms`).

openpyxl is imported inside the functions, so ``import dingji`` stays light.
"""

from __future__ import annotations

from dingji.io.xlsx.layout import _GREY, _HEAD_FILL, _KEY_FONT, FONT, FORMULA_STARTS


def _width(text: str) -> float:
    """Display width of one line in Excel column units: CJK counts double."""
    return sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _col_width(header: str, floor: float = 8, cap: float = 20) -> float:
    return max(floor, min(cap, max((_width(x) for x in header.split("\n")), default=0) + 2))


def _lines(header: str, width: float) -> int:
    return sum(max(1, -(-int(_width(x)) // max(int(width) - 1, 1))) for x in header.split("\n"))


def put(ws, row: int, col: int, value, style: str | None = None):
    """Write one cell; a text is always a text (never a formula), whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    if style:
        cell.style = style
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl made it a formula ('f') for a leading '='
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _styles(wb):
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    styles = (
        NamedStyle(
            "dingji-head",
            font=Font(name=FONT, bold=True),
            fill=PatternFill("solid", fgColor=_HEAD_FILL),
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
            border=border,
        ),
        NamedStyle("dingji-key", font=Font(name=FONT, size=8, color=_KEY_FONT)),
        NamedStyle(
            "dingji-fixed",
            font=Font(name=FONT),
            fill=PatternFill("solid", fgColor=_GREY),
            border=border,
            protection=Protection(locked=True),
        ),
        NamedStyle("dingji-title", font=Font(name=FONT, bold=True, size=14)),
        NamedStyle("dingji-bold", font=Font(name=FONT, bold=True), alignment=wrap),
        NamedStyle("dingji-wrap", font=Font(name=FONT), alignment=wrap),
    )
    for st in styles:
        wb.add_named_style(st)


def _print_setup(ws, fit_width: bool = False):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
