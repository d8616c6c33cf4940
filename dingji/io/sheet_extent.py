"""How far a worksheet reaches, read from its XML while the archive is verified.

python-calamine builds a sheet as one dense range from its first to its last cell, so a
36 KB workbook with a cell at ``XFD1048576`` (a legal address) asks for 16,384 ×
1,048,576 cells (512 GB) and the process aborts.  :class:`Extent` watches the inflated
bytes of a sheet for cell references (``r="B12"``) and its ``<dimension ref=…>``, and
:func:`check_extent` refuses a sheet whose box would hold more than :data:`MAX_CELLS`
cells, before any parser sees it.

Every reference is read (about 9 ms per MB of sheet XML) only in a piece that reaches beyond
the box of those before it; a piece that does not (rows come in order: the last references of
a piece, read first, take the box as far as the sheet has come) is proven so by one regular
expression that finds a reference outside the box, in about 2 ms per MB.  The box is the same.
"""

from __future__ import annotations

import functools
import re

#: The most cells a sheet's box (first row and column to the last) may hold: 20 million,
#: far above a 30,000-organization template (about 2 million) and about 0.7 GB in calamine.
MAX_CELLS = 20_000_000

_COL = re.compile(rb'r="([A-Z]{1,3})[0-9]{1,7}"')  # a cell reference's column, and its row
_ROW = re.compile(rb'r="[A-Z]{1,3}([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_OVERLAP = 32
_WINDOW = 8192  # the end of a piece read first: its last rows


def column_number(letters: bytes | str) -> int:
    """1 for ``A``, 27 for ``AA``, 16384 for ``XFD``."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


class Extent:
    """The first and last row and column of the cells seen, and the declared dimension."""

    def __init__(self, member: str):
        self.member = member
        self.rows = [0, 0]  # min, max (0: none seen)
        self.cols = [0, 0]
        self.dimension: tuple[int, int, int, int] | None = None  # first col, row, last col, row
        self._tail = b""

    def _see(self, col: int, row: int) -> None:
        if not self.rows[0]:
            self.rows, self.cols = [row, row], [col, col]
            return
        self.rows = [min(self.rows[0], row), max(self.rows[1], row)]
        self.cols = [min(self.cols[0], col), max(self.cols[1], col)]

    def feed(self, data: bytes) -> None:
        chunk = self._tail + data
        if self.dimension is None:
            m = _DIMENSION.search(chunk)
            if m:
                c1, r1 = column_number(m.group(1)), int(m.group(2))
                c2, r2 = (column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                self.dimension = (c1, r1, c2, r2)
        self._tail = chunk[-_OVERLAP:]
        if self.rows[0]:
            self._scan(chunk[-_WINDOW:])
            outside = _outside(self.cols[0], self.rows[0], self.cols[1], self.rows[1])
            if outside is not None and outside.search(chunk) is None:
                return  # every reference of the piece lies in the box: reading each would not change it
        self._scan(chunk)

    def _scan(self, chunk: bytes) -> None:
        # columns are few: their letters are turned to numbers once per distinct column; rows are
        # many: int() over bytes runs in C (a 30,000-row template has 2.7 million references)
        cols = {column_number(c) for c in set(_COL.findall(chunk))}
        if cols:
            rows = list(map(int, _ROW.findall(chunk)))
            self._see(min(cols), min(rows))
            self._see(max(cols), max(rows))

    def boxes(self):
        """``(what, first col, first row, last col, last row)`` of the cells and of the dimension."""
        if self.rows[0]:
            yield "cells", self.cols[0], self.rows[0], self.cols[1], self.rows[1]
        if self.dimension is not None:
            yield "dimension", *self.dimension


def check_extent(extent: Extent) -> tuple[str, str] | None:
    """``(english, chinese)`` when the sheet reaches too far, else None."""
    for what, c1, r1, c2, r2 in extent.boxes():
        cells = (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
        if cells > MAX_CELLS or max(c1, c2) > 16384 or max(r1, r2) > 1_048_576:
            box = f"{column_letters(min(c1, c2))}{min(r1, r2)}:{column_letters(max(c1, c2))}{max(r1, r2)}"
            said = (
                ("its cells reach", "其单元格范围为") if what == "cells" else ("it declares the size", "其声明的范围为")
            )
            return (
                f"refused: sheet {extent.member} is too large to read: {said[0]} {box}, {cells:,} cells "
                f"(at most {MAX_CELLS:,}); delete the stray cells far from the data (Ctrl+End shows the last one) "
                "or copy the data into a new workbook",
                f"已拒绝：工作表 {extent.member} 过大，无法读取：{said[1]} {box}，共 {cells:,} 个单元格"
                f"（上限 {MAX_CELLS:,}）；请删除远离数据的多余单元格（按 Ctrl+End 可找到最后一个），"
                "或把数据复制到新工作簿",
            )
    return None


@functools.lru_cache(maxsize=64)
def _outside(c1: int, r1: int, c2: int, r2: int) -> re.Pattern | None:
    """A regex finding the references :data:`_COL` reads whose cell is outside columns ``c1..c2``,
    rows ``r1..r2`` (leading zeros as ``int`` reads them); None for a box from row 0."""
    if r1 < 1 or c1 < 1:
        return None
    cols = _span(column_letters(c1), column_letters(c2), "A", "Z")
    rows = _span(str(r1), str(r2), "0", "9")
    return re.compile(f'r="(?!{cols}0*{rows}")[A-Z]{{1,3}}[0-9]{{1,7}}"'.encode("ascii"))


def _span(lo: str, hi: str, first: str, last: str) -> str:
    """A regex for the numerals from ``lo`` to ``hi``, a longer one after every shorter one, and
    those of one length in the order of their characters: decimal numbers and column letters."""
    lead = "1" if first == "0" else first  # the least first character
    parts, whole = [], []  # whole: the lengths every numeral of which is in the span
    for n in range(len(lo), len(hi) + 1):
        low = lo if n == len(lo) else lead + first * (n - 1)
        high = hi if n == len(hi) else last * n
        if low == lead + first * (n - 1) and high == last * n:
            whole.append(n)
        else:
            parts.append(_fixed(low, high, first, last))
    if whole:  # consecutive: only the shortest and the longest length can be partial
        a, b = whole[0] - 1, whole[-1] - 1
        rest = "" if not b else f"[{first}-{last}]{{{a}}}" if a == b else f"[{first}-{last}]{{{a},{b}}}"
        parts.insert(0 if whole[0] == len(lo) else 1, f"[{lead}-{last}]{rest}")
    return "(?:" + "|".join(reversed(parts)) + ")"  # the longest first: most rows of a long sheet


def _fixed(lo: str, hi: str, first: str, last: str) -> str:
    """A regex for the strings of ``lo``'s length from ``lo`` to ``hi``, of characters ``first`` to ``last``."""
    if not lo:
        return ""
    if lo[0] == hi[0]:
        return lo[0] + _fixed(lo[1:], hi[1:], first, last)
    n = len(lo) - 1
    rest = f"[{first}-{last}]{{{n}}}" if n else ""
    a = lo[0] if lo[1:] == first * n else chr(ord(lo[0]) + 1)  # the first characters followed by any rest
    b = hi[0] if hi[1:] == last * n else chr(ord(hi[0]) - 1)
    parts = [_chars(a, b) + rest] if a <= b else []
    if a != lo[0]:
        parts.append(lo[0] + _fixed(lo[1:], last * n, first, last))
    if b != hi[0]:
        parts.append(hi[0] + _fixed(first * n, hi[1:], first, last))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _chars(a: str, b: str) -> str:
    return a if a == b else f"[{a}-{b}]"
