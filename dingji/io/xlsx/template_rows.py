"""The input cells of a filled-in template's data sheets, as rows for the core, and the same cut
into shares for grading on two cores (:mod:`dingji.services.split`).

A row of a data sheet gives ``(org, source, item, value, (sheet, row, column index))`` per input
column; a row with values but no organization id is a problem.  :func:`parts` cuts every data
sheet's rows at the same fractions: each share is read in a process of its own, from the sheets
calamine loaded before the processes parted (the rows before a share are skipped, converted by
calamine and not looked at).  A share that finds a problem says so (:meth:`SheetPart.ok`) and
the workbook is read again in one piece, which says it at its place.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice

from dingji.core.errors import Problem
from dingji.core.records import text as core_text
from dingji.core.text import Text
from dingji.io.xlsx.layout import FIRST_ROW

_PASS = frozenset((bool, int))
#: a workbook whose data sheets have fewer rows is read in one piece (about 3,000 organizations)
MIN_ROWS = 3000


def cell_text(v) -> str:
    """A cell as text for ids and names: :func:`dingji.core.records.text`, except that a date
    and time keeps its time (the core's text, for records, keeps the date only)."""
    return v.isoformat() if isinstance(v, dt.datetime) else core_text(v)


def _odd(v):
    """A cell that is neither number, text nor boolean (a date, a time): its text, which the core refuses."""
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def template_rows(sheets, problems: list, locate, ranges=None):
    """Every input cell of ``sheets`` (``(name, calamine sheet, [(col, source, item)], data rows)``),
    each sheet's rows read anew from its first data row; ``ranges``: per sheet the ``(start,
    stop)`` of the data rows to give (None: all; a stop of None: to the end)."""
    skip = FIRST_ROW - 1  # the key row and the header
    for k, (name, sheet, cols, _) in enumerate(sheets):
        start, stop = ranges[k] if ranges is not None else (0, None)
        it = islice(sheet.iter_rows(), skip + start, None if stop is None else skip + stop)
        for excel_row, row in enumerate(it, FIRST_ROW + start):
            org = row[0]
            org = org.strip() if org.__class__ is str else cell_text(org)
            if not org:
                if any(cell_text(row[c]) for c, _, _ in cols):
                    problems.append(
                        Problem(
                            locate((name, excel_row, 0)),
                            Text("该行填写了数据，但没有组织编号", "a row with values has no organization id"),
                        )
                    )
                continue
            for c, source, item in cols:
                v = row[c]
                if v.__class__ is not float:  # most cells: pass through untouched
                    if v.__class__ is str:
                        if not v:
                            v = None
                    elif v.__class__ not in _PASS:
                        v = _odd(v)
                yield org, source, item, v, (name, excel_row, c)


class SheetPart:
    """A share of every data sheet's rows."""

    def __init__(self, sheets, ranges, locate):
        self.sheets, self.ranges, self.locate = sheets, ranges, locate
        self.problems: list = []

    def rows(self):
        return template_rows(self.sheets, self.problems, self.locate, self.ranges)

    def read_clean(self, standard, spec, roster, file: str):
        """This share's cells through the lean loop (:func:`dingji.core.input_clean.read_clean_cells`),
        or None when it has anything to say."""
        from dingji.core.input_clean import read_clean_cells

        skip = FIRST_ROW - 1
        tables = [
            (
                [(c, (source, item)) for c, source, item in cols],
                islice(sheet.iter_rows(), skip + a, b if b is None else skip + b),
            )
            for (_, sheet, cols, _), (a, b) in zip(self.sheets, self.ranges)
        ]
        got = read_clean_cells(standard, spec, tables, roster, file)
        if got is None:
            self.problems.append("something to say")
        return got

    def ok(self) -> bool:
        return not self.problems


def parts(sheets, shares, locate) -> list[SheetPart] | None:
    """Every data sheet's rows cut at ``shares`` (fractions that add up to 1), or None for a
    workbook too small to be worth it."""
    if len(shares) < 2 or max((n for *_, n in sheets), default=0) < MIN_ROWS:
        return None
    keys = [(source, item) for _, _, cols, _ in sheets for _, source, item in cols]
    if len(keys) != len(set(keys)):
        return None  # one entry in two columns: the first in sheet order wins, which a cut cannot keep
    cuts = []
    for *_, n in sheets:
        at, done = [0], 0.0
        for share in shares[:-1]:
            done += share
            at.append(round(n * done))
        at.append(None)  # the last share: to the end, whatever the height said
        cuts.append(at)
    return [SheetPart(sheets, [(c[k], c[k + 1]) for c in cuts], locate) for k in range(len(shares))]
