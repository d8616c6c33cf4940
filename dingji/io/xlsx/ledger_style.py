"""Cells, styles and print layout of the ledger workbook (openpyxl), for :mod:`.ledger_xlsx`.

Every text is written as text: one starting with ``= + - @``, tab or CR gets the
quote prefix and can never become a formula; CR and control characters are
written as OOXML ``_xHHHH_`` escapes, so every reader gets the text back unchanged.
"""

from __future__ import annotations

import re

#: A4 less the margins, in pixels at 96 dpi: landscape 10.89 in, portrait 7.47 in
PAGE_PX, PORTRAIT_PX = 1045, 717
#: A sheet prints fitted to the page's width unless that takes it below this scale (in Excel
#: and WPS about a third larger: their default font is narrower); a wider one prints on pages
#: of whole column groups side by side, as few as this scale allows
MIN_SCALE = 0.40
UNSAFE = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f\r]|_x[0-9A-Fa-f]{4}_")
_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r]|_(?=x[0-9A-Fa-f]{4}_)")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
HEAD, BORDER = "D9E1F2", "BFBFBF"


def text_width(text: str) -> float:
    """Display width in Excel column units: CJK and full-width characters count double."""
    return sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def escape_text(value: str) -> str:
    """CR and control characters as ``_xHHHH_``; a literal ``_xHHHH_`` kept literal (``_x005F_``)."""
    return _ESCAPE.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", value)


def text_cell(ws, value, style):
    """A cell whose text stays text (see the module's docstring), with a shared style array."""
    from openpyxl.cell import WriteOnlyCell

    quote = False
    if value.__class__ is str and UNSAFE.search(value):
        quote = value[:1] in "=+-@\t\r"
        value = escape_text(value)
    c = WriteOnlyCell(ws, value)
    if value.__class__ is str:
        c.data_type = "s"  # openpyxl made a leading '=' a formula
    if style is not None:
        c._style = style
    if quote:
        from openpyxl.styles.cell_style import StyleArray

        c._style = StyleArray(c._style) if c._style is not None else StyleArray()
        c.quotePrefix = True  # Excel keeps it text when the cell is edited
    return c


def col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def sheet_name(name: str, taken: set) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = (_SHEET_BAD.sub("_", name).strip("'") or "Sheet")[:31]
    out, k = base, 2
    while out.lower() in taken:
        out = f"{base[: 31 - len(f' ({k})')]} ({k})"
        k += 1
    taken.add(out.lower())
    return out


class Styles:
    """Every style used, made once; cells share the style arrays (never mutated)."""

    def __init__(self, wb, full: bool):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        ws = wb.create_sheet("_styles")
        side = Side(style="thin", color=BORDER)
        boxed = Border(left=side, right=side, top=side, bottom=side)
        border = boxed if full else Border()

        def make(font=None, fill=None, fmt=None, align=None, edge=border):
            c = WriteOnlyCell(ws)
            if font:
                c.font = font
            if fill:
                c.fill = PatternFill("solid", fgColor=fill)
            if fmt:
                c.number_format = fmt
            if align:
                c.alignment = align
            c.border = edge
            return c._style

        self.make, self.full, none = make, full, Border()
        self.title = make(Font(bold=True, size=15), align=Alignment(horizontal="center", vertical="center"), edge=none)
        self.title_left = make(Font(bold=True, size=15), align=Alignment(vertical="center"), edge=none)
        self.note = make(edge=none)
        # a notice's paragraphs (merged across the table, wrapped) and its signature (right-aligned)
        self.paragraph = make(align=Alignment(wrap_text=True, vertical="top"), edge=none)
        self.sign = make(align=Alignment(horizontal="right", vertical="center"), edge=none)
        self.heading = make(Font(bold=True, size=12), edge=none)
        self.head = make(
            Font(bold=True), HEAD, align=Alignment(horizontal="center", vertical="center", wrap_text=True), edge=boxed
        )
        # cells sit at the top, so that a row made taller by a wrapped text reads across
        self.wrap, self.center = (
            Alignment(wrap_text=True, vertical="top"),
            Alignment(horizontal="center", vertical="top"),
        )
        self.top = Alignment(vertical="top")
        self._formats: dict = {}
        wb.remove(ws)

    def column(self, fmt):
        """The style of a column's cells by its format; None (plain) in write-only mode but for wrapped text."""
        if fmt not in self._formats:
            if fmt == "wrap":
                got = self.make(align=self.wrap)
            elif not self.full:
                got = None
            elif fmt == "grade":
                got = self.make(align=self.center)
            elif fmt and fmt != "wide":
                got = self.make(fmt=fmt, align=self.top)
            else:
                got = self.make(align=self.top)
            self._formats[fmt] = got
        return self._formats[fmt]


def page_setup(ws, widths, groups, lang: str) -> list[int]:
    """A4, landscape unless narrow, page numbers in the footer; fitted to the page's width (as
    long as it prints at MIN_SCALE or more), else on pages of whole column groups side by side
    (columns A:B on each: the caller repeats them), read across before down.  The columns
    (1-based) after which a page ends: none when fitted."""
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    portrait = sum(widths) <= 100
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = 9  # A4
    breaks, scale = pages_across(widths, groups, PORTRAIT_PX if portrait else PAGE_PX)
    if not breaks:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    else:  # a fixed scale: Excel ignores manual breaks on a sheet fitted to pages
        ws.page_setup.scale = scale
        ws.page_setup.pageOrder = "overThenDown"  # a row's continuation next, not after the last row
        for col in breaks:
            ws.col_breaks.append(Break(id=col))
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = not breaks
    ws.oddFooter.center.text = "Page &P of &N" if lang == "en" else "第 &P 页，共 &N 页"
    return breaks


def _px(width: float) -> float:
    """A column's printed width at 100 %, in pixels, as LibreOffice draws it (about 9 a unit; Excel ~7)."""
    return width * 9 + 5


def pages_across(widths, groups, page: float = PAGE_PX) -> tuple[list[int], int]:
    """``([], 100)`` when the columns fit ``page`` (pixels) at MIN_SCALE or more; else the columns
    (1-based) after which a page ends, so that each page holds whole groups (an indicator's
    sources) beside the repeated columns A:B, on as few pages as MIN_SCALE allows, and the
    scale (percent) at which the widest of them fits."""
    px = [_px(w) for w in widths]
    if not px or page / sum(px) >= MIN_SCALE:
        return [], 100
    room = page * 0.97  # at a scale of ours, a page filled to the pixel may spill: they round
    groups = list(groups) or [""] * len(widths)
    spans, j = [], 2  # (first column, width) of each group after A:B, a column without a group alone
    while j < len(px):
        k = j
        while k + 1 < min(len(px), len(groups)) and groups[j] and groups[k + 1] == groups[j]:
            k += 1
        spans.append((j, sum(px[j : k + 1])))
        j = k + 1
    if not spans:
        return [], 100
    fixed = sum(px[:2])
    for pages in range(2, len(spans) + 1):
        cap = _narrowest(spans, pages)
        if room / (fixed + cap) >= MIN_SCALE or pages == len(spans):
            break
    breaks, used = [], 0.0
    for first, need in spans:
        if used and used + need > cap:
            breaks.append(first)  # the page ends after column ``first`` (1-based), the one before this group
            used = 0.0
        used += need
    return breaks, max(10, min(100, int(room / (fixed + cap) * 100)))


def _narrowest(spans, pages: int) -> float:
    """The least page width that takes ``spans`` (in order) on ``pages`` pages."""
    low, high = max(w for _, w in spans), sum(w for _, w in spans)
    for _ in range(40):
        mid = (low + high) / 2
        count, used = 1, 0.0
        for _, need in spans:
            if used and used + need > mid:
                count, used = count + 1, 0.0
            used += need
        low, high = (mid, high) if count > pages else (low, mid)
    return high


def grade_colours(ws, ref: str, fills: dict):
    """Grades coloured by conditional formats: one rule per grade, no cost per cell, and a
    grade edited by hand takes its colour."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    for grade, fill in fills.items():
        text = grade.replace('"', '""')
        ws.conditional_formatting.add(
            ref,
            CellIsRule(
                operator="equal", formula=[f'"{text}"'], fill=PatternFill("solid", start_color=fill, end_color=fill)
            ),
        )


def bar_chart(ws, spec, headers, fills: dict, first: int, last: int, anchor: str) -> None:
    """A clustered bar chart of rows ``first``..``last`` of ``ws`` at ``anchor``: categories from
    column A, a series per column of ``spec.series`` (a :class:`dingji.report.sheet.Chart`), each
    grade's series in its fill."""
    from openpyxl.chart import BarChart, Reference, Series

    chart = BarChart()
    chart.type, chart.grouping, chart.title = "col", "clustered", spec.title
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = chart.y_axis.delete = False
    for col in spec.series:
        s = Series(Reference(ws, min_col=col + 1, min_row=first, max_row=last), title=headers[col])
        fill = fills.get(headers[col])
        if fill:
            s.graphicalProperties.solidFill = fill
            s.graphicalProperties.line.solidFill = "808080"
        chart.series.append(s)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 22, 8
    chart.anchor = anchor
    ws.add_chart(chart)


def wrapped_lines(value, width: int) -> int:
    """Lines a wrapped text takes in a column ``width`` units wide (text_width errs wide by
    about a tenth for Chinese, as LibreOffice and Excel draw it)."""
    if value.__class__ is not str or not value:
        return 1
    return sum(-(-int(text_width(part) * 0.9) // width) or 1 for part in value.split("\n"))
