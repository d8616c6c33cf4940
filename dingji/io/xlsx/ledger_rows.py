"""The rows of a write-only ledger sheet (openpyxl), for :mod:`dingji.plugins.ledger_xlsx`: as
little Python per cell as the look allows, since a province's ledger has tens of millions.

In write-only mode a cell carries a style only in a wrapped column (its text wraps) or when
its text needs care (see :mod:`.ledger_style`): every other value goes to openpyxl as it is.
A wrapped column's texts are written through one cell per column, filled anew for each row
(openpyxl writes a row before the next is appended), and openpyxl is let to take a cell in a
row without first failing to read it as a value (:func:`accept_cells`).
"""

from __future__ import annotations

import re

from dingji.io.xlsx.ledger_style import text_cell, text_width, wrapped_lines

#: Any text of a row (joined by newlines) that may need care: a line starting with ``= + - @``,
#: tab or CR, a control character, a literal ``_xHHHH_``.  A row it finds nothing in is written
#: as it comes; one it finds something in (a false alarm on a text's own second line is
#: harmless) is checked cell by cell with ``UNSAFE``.
UNSAFE_ANY = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f\r]|_x[0-9A-Fa-f]{4}_", re.MULTILINE)


def accept_cells(ws) -> None:
    """Let the write-only sheet ``ws`` take a cell in a row directly: openpyxl's own
    ``_values_to_row`` first tries each as a value, and a cell costs it an exception and the
    cell's repr.  Values go exactly as openpyxl's own does them (left alone if it changed)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    if not callable(getattr(ws, "_values_to_row", None)):
        return

    def values_to_row(values, row_idx):
        cell = WriteOnlyCell(ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if value.__class__ is Cell:  # one of ours: styled, no hyperlink
                value.column, value.row = col_idx, row_idx
                yield value
                continue
            try:
                cell.value = value
            except ValueError:
                if isinstance(value, Cell):
                    cell = value
                else:
                    raise
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell
            if cell.has_style or cell.hyperlink:  # reset the cell if a style was applied
                cell = WriteOnlyCell(ws)

    ws._values_to_row = values_to_row


class LeanRows:
    """Rows for a write-only sheet, given each column's style (None: plain)."""

    def __init__(self, ws, styles):
        self.styles = list(styles)
        self.bind(ws)

    def bind(self, ws) -> None:
        """Write to ``ws`` (a new sheet, past the row limit)."""
        from openpyxl.cell import WriteOnlyCell

        self.ws, self.cells = ws, []
        for j, style in enumerate(self.styles):
            if style is not None:
                c = WriteOnlyCell(ws)
                c._style = style
                self.cells.append((j, c))
        accept_cells(ws)

    def append(self, row, index: int) -> None:
        """Write ``row`` as row ``index`` (the next) of the sheet."""
        self.ws.append(self(row))

    def __call__(self, row):
        """``row`` as ``ws.append`` takes it: the values themselves unless a cell needs a style."""
        if row.__class__ is not list and row.__class__ is not tuple:
            row = list(row)
        texts = [v for v in row if v.__class__ is str]
        if texts and UNSAFE_ANY.search("\n".join(texts)):
            return self._careful(row)
        out, n = None, len(row)
        for j, c in self.cells:
            if j >= n:
                break
            v = row[j]
            if v.__class__ is str:  # an empty one too: its column's wrap, for what is typed in later
                c.value = v
                c.data_type = "s"  # openpyxl made a leading '=' a formula
            elif v is None:
                continue
            else:  # a number, a date ...: a cell of its own
                c = text_cell(self.ws, v, c._style)
            if out is None:
                out = list(row)
            out[j] = c
        return row if out is None else out

    def _careful(self, row):
        """A row with a text that needs care: such texts (and a styled column's values) as cells of their own."""
        from dingji.io.xlsx.ledger_style import UNSAFE

        styles, n, out = self.styles, len(self.styles), list(row)
        for j, v in enumerate(out):
            style = styles[j] if j < n else None
            if v is not None and (v.__class__ is str and UNSAFE.search(v) or style is not None and v != ""):
                out[j] = text_cell(self.ws, v, style)
        return out


class FullRows:
    """Rows for a sheet in normal mode: every cell its column's style (None past the styles); a
    row whose wrapped texts need more lines made taller; each column's widest text measured in
    :attr:`seen` when ``measure``.  ``wraps``: (column, width) of the wrapped columns."""

    def __init__(self, ws, styles, wraps, ncols: int, measure: bool):
        self.ws, self.styles, self.measure = ws, list(styles), measure
        self.wraps = [(j, max(int(w), 1)) for j, w in wraps]
        self.seen = [0.0] * ncols

    def bind(self, ws) -> None:
        self.ws = ws

    def append(self, row, index: int) -> None:
        ws, styles, seen, n = self.ws, self.styles, self.seen, len(self.styles)
        out = list(row)
        lines = max([wrapped_lines(out[j], w) for j, w in self.wraps if j < len(out)] or [1])
        for j, v in enumerate(out):
            if v is not None:
                out[j] = text_cell(ws, v, styles[j] if j < n else None)
                if self.measure and v.__class__ is str:
                    seen[j] = max(seen[j], text_width(v))
        ws.append(out)
        if lines > 1:
            ws.row_dimensions[index].height = 16 * min(lines, 10) + 3  # CJK lines are drawn taller


def measure(head, ncols: int) -> list[float]:
    """Each column's widest value in ``head`` (rows), in Excel units: texts, numbers as ``:g``."""
    out = [0.0] * ncols
    for j in range(ncols):
        seen = {
            v if v.__class__ is str else f"{v:g}" if v.__class__ is float else str(v)
            for v in [row[j] for row in head if j < len(row)]
            if v is not None
        }
        if seen:
            out[j] = max(map(text_width, seen))
    return out
