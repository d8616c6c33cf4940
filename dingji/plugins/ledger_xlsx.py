"""The ledger as an xlsx workbook (openpyxl), the built-in ``xlsx`` writer.

Two modes, chosen by size (measured by ``benchmarks/bench_ledger.py``):

- up to :data:`SMALL` organizations, openpyxl's normal mode with full styling:
  every cell bordered, numbers with their formats, widths measured over every cell;
- above, write-only mode (rows streamed to disk, memory flat): the same sheets,
  titles, headers, frozen panes, filters, print setup, chart and grade colours,
  widths measured on the first :data:`PEEK` rows; other cells plain.

Both write the same cell values; the rows of each mode are written by
:mod:`dingji.io.xlsx.ledger_rows`.  Texts stay texts (see :mod:`dingji.io.xlsx.ledger_style`).
A table longer than the row limit continues on a sheet named ``名称 (2)``.
"""

from __future__ import annotations

from itertools import chain, islice

from dingji import hookimpl
from dingji.io.xlsx.ledger_rows import FullRows, LeanRows
from dingji.io.xlsx.ledger_rows import measure as measure_widths
from dingji.io.xlsx.ledger_style import (
    Styles,
    bar_chart,
    col_letter,
    escape_text,
    grade_colours,
    page_setup,
    sheet_name,
    text_cell,
    text_width,
    wrapped_lines,
)
from dingji.report.sheet import ROW_LIMIT, LedgerWriter

#: Up to this many organizations, normal mode with full styling; above, write-only mode.
SMALL = 5_000
PEEK = 1_000  # rows measured for widths before a sheet is started
CHART_ROWS = 17  # rows left free for the chart under its table


class SheetWriter:
    """Writes one LedgerSheet (continuing on a new sheet past the book's row limit)."""

    def __init__(self, book, sheet):
        self.book, self.sheet, self.st = book, sheet, book.styles
        self.blocks = sheet.tables()
        self.ncols = max([len(b.headers) for b in self.blocks] + [len(sheet.widths), 1])
        self.plain = not sheet.blocks  # a table sheet: frozen header, filter, print titles

    def write(self):
        rows = self.blocks[0].iter_rows()
        head = list(islice(rows, PEEK)) if self.plain else []
        self.widths = self._widths(head)
        self.part = 1
        self._open(self.sheet.name)
        for index, block in enumerate(self.blocks):
            if block.heading:
                self._append([text_cell(self.ws, block.heading, self.st.heading)])
            self._header(block)
            self._rows(block, chain(head, rows) if index == 0 and self.plain else block.iter_rows())
            if self.sheet.chart is not None and self.sheet.chart.block == index:
                self._chart(block)
            if index < len(self.blocks) - 1:
                self._append([])
        self.table_end = self.row
        self._foot()
        self._close()

    def _widths(self, head):
        """Column widths: the sheet's own, or measured (texts, numbers, headers that may wrap)."""
        if self.sheet.widths:
            return list(self.sheet.widths) + [10.0] * (self.ncols - len(self.sheet.widths))
        first, measure = self.blocks[0], measure_widths(head, self.ncols)
        for j, h in enumerate(first.headers):  # a header wraps: room for 4 characters a line, or a short one whole
            measure[j] = max(measure[j], min(text_width(h), max(text_width(h[:4]), 6)))
        return [min(w + 2, self._cap(first, j)) for j, w in enumerate(measure)]

    @staticmethod
    def _cap(block, j):
        return 30 if block.formats[j : j + 1] == ("wrap",) else 42

    def _open(self, name):
        self.ws = ws = self.book.wb.create_sheet(sheet_name(name, self.book.taken))
        self.row = 0
        for j, w in enumerate(self.widths, 1):
            ws.column_dimensions[col_letter(j)].width = w
        self.side_by_side = bool(page_setup(ws, self.widths, self.blocks[0].groups, self.book.lang)) and self.plain
        title = self.sheet.title
        self.table_end = None
        self.header_rows = bool(title) + len(self.sheet.notes) + bool(self.blocks[0].groups) + 1
        # a note longer than a narrow table is a paragraph: merged across it, wrapped
        long = [n for n in self.sheet.notes if not self.side_by_side and text_width(n) > sum(self.widths)]
        if self.plain:
            ws.freeze_panes = f"{'C' if self.ncols > 8 else 'A'}{self.header_rows + 1}"
            # every page repeats the title and the header (a paragraph is printed once); pages side
            # by side repeat A:B as well
            first = self.header_rows if long else 1 + (bool(title) and self.side_by_side)
            ws.print_title_rows = f"{first}:{self.header_rows}"
            if self.side_by_side:
                ws.print_title_cols = "A:B"
        if title:  # one line: centred across a table that fits the page, from A1 across a wider one
            centred = self.plain and not self.side_by_side
            self._append([text_cell(ws, title, self.st.title if centred else self.st.title_left)], height=24)
            if centred:
                self._merge(f"A1:{col_letter(self.ncols)}1")
            if self.side_by_side:  # A:B of row 1 on every page would cut it: printed as the pages' header
                ws.oddHeader.center.text, ws.oddHeader.center.size = title, 14
                ws.oddHeader.center.font = "-,Bold"
        for note in self.sheet.notes:
            if note in long:
                self._paragraph(note, self.st.paragraph)
            else:
                self._append([text_cell(ws, note, self.st.note)])

    def _paragraph(self, text, style):
        """A line of text merged across the table, as tall as its wrapped lines need."""
        lines = wrapped_lines(text, max(int(sum(self.widths)) - 2, 1)) if style is self.st.paragraph else 1
        self._append([text_cell(self.ws, text, style)], height=16 * min(lines, 12) + 4)
        self._merge(f"A{self.row}:{col_letter(self.ncols)}{self.row}")

    def _foot(self):
        """A table's closing paragraphs and, under them, its signature, right-aligned."""
        if not (self.sheet.footer or self.sheet.sign):
            return
        if self.row + len(self.sheet.footer) + len(self.sheet.sign) + 2 > self.book.row_limit:
            self._close()  # no room left under the table: the closing goes on with the title
            self.part += 1
            self._open(f"{self.sheet.name[:25]} ({self.part})")
            self.table_end = 0
        self._append([])
        for text in self.sheet.footer:
            self._paragraph(text, self.st.paragraph)
        if self.sheet.sign:
            self._append([])
        for text in self.sheet.sign:
            self._paragraph(text, self.st.sign)

    def _merge(self, ref):
        if self.book.full:
            self.ws.merge_cells(ref)
        else:
            self.ws.merged_cells.add(ref)

    def _close(self):
        end = self.row if self.table_end is None else self.table_end  # the table's last row (paragraphs follow)
        if self.plain and end > self.header_rows:
            last = col_letter(self.ncols)
            self.ws.auto_filter.ref = f"A{self.header_rows}:{last}{end}"
            cols = [col_letter(j + 1) for j, f in enumerate(self.blocks[0].formats) if f == "grade"]
            if cols:
                grade_colours(self.ws, " ".join(f"{c}{self.header_rows + 1}:{c}{end}" for c in cols), self.book.fills)
        if not self.plain and self.row <= 60:  # a short report fits one page
            self.ws.page_setup.fitToHeight = 1
        if self.side_by_side and self.sheet.title:  # the title is the pages' header
            self.ws.print_area = f"A2:{col_letter(self.ncols)}{max(self.row, 2)}"

    def _append(self, cells, height=None):
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)

    def _header(self, block):
        """The group row (equal neighbours merged; no group: merged with the header below) and the header."""
        ws, head, groups, lines = self.ws, self.st.head, block.groups, 1
        if not block.headers:  # a block that is only a line of text
            self.header_row = self.row
            return
        if groups:
            firsts = [j == 0 or not g or groups[j - 1] != g for j, g in enumerate(groups)]
            self._append(
                [text_cell(ws, (g or block.headers[j]) if firsts[j] else "", head) for j, g in enumerate(groups)]
            )
            r, j = self.row, 0
            while j < len(groups):
                k = j
                while k + 1 < len(groups) and groups[j] and groups[k + 1] == groups[j]:
                    k += 1
                if not groups[j]:
                    self._merge(f"{col_letter(j + 1)}{r}:{col_letter(j + 1)}{r + 1}")
                else:
                    if k > j:
                        self._merge(f"{col_letter(j + 1)}{r}:{col_letter(k + 1)}{r}")
                    span = sum(self.widths[j : k + 1])
                    lines = max(lines, -(-int(text_width(groups[j])) // max(int(span) - 1, 1)))
                j = k + 1
            ws.row_dimensions[r].height = 15 * min(lines, 4) + 3
            lines = 1
        for j, h in enumerate(block.headers):
            w = sum(self.widths[j:]) if block.formats[j : j + 1] == ("wide",) else self.widths[j]
            lines = max(lines, -(-int(text_width(h)) // max(int(w) - 1, 1)))
        self._append([text_cell(ws, h, head) for h in block.headers], height=15 * min(lines, 4) + 3)
        self.header_row = self.row
        if block.formats[-1:] == ("wide",) and len(block.headers) < self.ncols:  # the last column runs to the edge
            self._merge(f"{col_letter(len(block.headers))}{self.row}:{col_letter(self.ncols)}{self.row}")

    def _rows(self, block, rows):
        """The hot loop: in write-only mode a row goes to openpyxl as it comes, but for wrapped
        texts and texts that need care (:class:`LeanRows`); in normal mode every cell gets its
        column's style (:class:`FullRows`)."""
        styles = [self.st.column(f) for f in block.formats]
        styles += [self.st.column(None)] * (len(block.headers) - len(styles))
        if self.book.full:
            wraps = [(j, self.widths[j]) for j, f in enumerate(block.formats) if f == "wrap" and j < len(self.widths)]
            out = FullRows(self.ws, styles, wraps, self.ncols, measure=self.plain and not self.sheet.widths)
        else:
            out = LeanRows(self.ws, styles)
        limit, append = self.book.row_limit, out.append
        for row in rows:
            if self.row >= limit:
                self._continue(block)
                out.bind(self.ws)
            self.row += 1
            append(row, self.row)
        if self.book.full:  # widths from every cell
            for j, w in enumerate(out.seen):
                if w + 2 > self.widths[j]:
                    self.ws.column_dimensions[col_letter(j + 1)].width = min(w + 2, self._cap(block, j))

    def _continue(self, block):
        """Past the row limit: close this sheet and go on with the same title and header."""
        self._close()
        self.part += 1
        self._open(f"{self.sheet.name[:25]} ({self.part})")
        if self.row + bool(block.groups) + 2 > self.book.row_limit:  # the header rows and one row of data
            raise ValueError(f"a row limit of {self.book.row_limit} leaves no room for data")
        self._header(block)

    def _chart(self, block):
        """A clustered bar chart of the block (its last row, the total, left out), under it."""
        first, last = self.header_row + 1, self.row - 1
        if last < first:
            return
        bar_chart(self.ws, self.sheet.chart, block.headers, self.book.fills, first, last, f"A{self.row + 2}")
        for _ in range(CHART_ROWS):
            self._append([])


class Book:
    """The workbook being written and what its sheets share."""

    def __init__(self, ledger, row_limit: int, full: bool):
        from openpyxl import Workbook

        self.wb = Workbook(write_only=not full)
        if full:
            self.wb.remove(self.wb.active)
        self.full, self.row_limit, self.lang = full, row_limit, getattr(ledger, "lang", "zh")
        self.fills = dict(ledger.grade_fills)
        self.styles = Styles(self.wb, full)
        self.taken: set = set()


def write_xlsx(ledger, path, *, row_limit: int = ROW_LIMIT, full: bool | None = None):
    """Write the ledger's sheets to ``path``; ``full`` forces normal (True) or write-only (False) mode."""
    from dingji.io.atomic import scratch_folder

    # write-only mode keeps each sheet in a temporary file of its own: beside the target, so
    # that a killed export leaves nothing in the system's temp folder (the next export cleans up)
    with scratch_folder(path):
        book = Book(ledger, row_limit, ledger.size <= SMALL if full is None else full)
        for sheet in ledger.sheets():
            SheetWriter(book, sheet).write()
        _properties(book.wb, ledger)
        book.wb.save(path)
    return path


def _properties(wb, ledger):
    """Title and description, and the manifest as custom properties (Excel: ≤ 255 characters each)."""
    from openpyxl.packaging.custom import StringProperty

    from dingji import __version__

    p = wb.properties
    p.title, p.subject, p.creator = ledger.title[:255], "基层党组织分类定级台账", f"dingji {__version__}"
    p.keywords = f"dingji; 分类定级; 台账; {getattr(ledger, 'year', '')}"
    p.description = ledger.description
    for name, value in ledger.properties.items():
        wb.custom_doc_props.append(StringProperty(name=name[:255], value=escape_text(str(value))[:255]))


@hookimpl
def dingji_register_writers(register):
    register(LedgerWriter("xlsx", ".xlsx", write_xlsx, "分类定级台账工作簿 / the ledger workbook"))
