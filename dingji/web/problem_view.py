"""Problems of an upload, shown where they are: the GOV.UK error summary's links, and a small
view of each sheet's offending rows (the header row, then each row with a problem, the bad
cell marked ``bad``) so that the officer sees the mistake at its cell.

A problem with a sheet and row (a workbook) or a line (a CSV) links to its cell or row in
the view; any other (the file as a whole, a value missing for an organization) links to the
upload field, where its message is repeated.  The scratch paths of the upload never show:
each is said as the file's name on the officer's computer.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from dingji.core.errors import InputError, Problem
from dingji.core.text import Text
from dingji.io.excerpt import csv_lines, sheet_rows
from dingji.io.sheet_extent import column_letters, column_number
from dingji.io.xlsx.layout import HEADER_ROW, ORG_KEY

#: rows shown per sheet (the summary lists every problem; those past this link nowhere)
MAX_ROWS = 100
#: columns shown either side of a bad cell
AROUND = 2
FIELD = "#files"


def renamed(problems, names: dict[str, str]) -> list[Problem]:
    """``problems`` with every scratch path (in the place and the text) said as its given name."""

    def swap(text: str | None) -> str | None:
        for saved, name in sorted(names.items(), key=lambda kv: -len(kv[0])):  # …/12.csv before …/1.csv
            text = text.replace(saved, name) if text else text
        return text

    return [
        Problem(attrs.evolve(p.place, file=swap(p.place.file)), Text(swap(p.text.zh), swap(p.text.en)))
        for p in problems
    ]


def _column(place) -> int | None:
    """The 0-based column of a place's column (``C (工作实绩)`` → 2), or None."""
    found = re.match(r"[A-Z]{1,3}\b", place.column or "")
    return column_number(found.group()) - 1 if found else None


@attrs.define
class View:
    """One sheet (or CSV file) with problems: its name, header row and offending rows, in the
    columns shown (the first two, which name the organization, and two either side of each bad
    cell; ``None`` where columns are left out)."""

    file: str  # the name as given
    sheet: str | None  # None: a CSV file
    anchor: str
    columns: list[int | None] = attrs.Factory(list)
    header: tuple[int, list[str]] | None = None
    rows: list[dict] = attrs.Factory(list)  # number, id, cells [{text, bad, id, gap}], messages [(n, text)]
    more: int = 0  # rows with problems not shown

    @property
    def letters(self) -> list[str]:
        return ["…" if c is None else column_letters(c + 1) for c in self.columns]

    @property
    def width(self) -> int:
        return len(self.columns)


def shown_columns(width: int, bad: set[int], around: int = AROUND) -> list[int | None]:
    """The columns to show of a sheet ``width`` wide: A and B, and ``around`` either side of each
    bad one (all of the first eight when none is bad); ``None`` for each run left out."""
    keep = {0, 1, *(c + d for c in bad for d in range(-around, around + 1))} if bad else set(range(8))
    keep = sorted(c for c in keep if 0 <= c < width)
    out: list[int | None] = []
    for c in keep:
        if out and out[-1] is not None and c > out[-1] + 1:
            out.append(None)
        out.append(c)
    if keep and keep[-1] < width - 1:
        out.append(None)
    return out


def where(problems, upload, lang: str) -> tuple[list[str | None], list[View], list[int]]:
    """``(links, views, at_field)``: each problem's link (None: not shown), the views of the
    offending rows, and the problems (indexes) whose message is shown at the upload field."""
    paths = {str(p): (p, name) for p, name in upload.files} if upload is not None else {}
    groups: dict[tuple[str, str | None], list[int]] = {}
    links: list[str | None] = [FIELD] * len(problems)
    at_field = []
    for i, p in enumerate(problems):
        place = p.place
        if place.file in paths and place.sheet is not None and place.row is not None:
            groups.setdefault((place.file, place.sheet), []).append(i)
        elif place.file in paths and place.line is not None and place.sheet is None:
            groups.setdefault((place.file, None), []).append(i)
        else:
            at_field.append(i)
    views = []
    for k, ((file, sheet), indexes) in enumerate(groups.items()):
        path, name = paths[file]
        view = View(name, sheet, f"view-{k + 1}")
        _fill(view, path, [(i, problems[i]) for i in indexes], links, lang)
        views.append(view)
    return links, views, at_field


def _fill(view: View, path: Path, found: list[tuple[int, Problem]], links: list, lang: str) -> None:
    number = (lambda p: p.place.row) if view.sheet is not None else (lambda p: p.place.line)
    rows = sorted({number(p) for _, p in found})
    shown, view.more = rows[:MAX_ROWS], max(0, len(rows) - MAX_ROWS)
    try:
        if view.sheet is not None:
            got = sheet_rows(path, view.sheet, {1, HEADER_ROW, *shown})
            marked = bool(got.get(1)) and str(got[1][0]).startswith(ORG_KEY)  # a dingji template: row 2 heads it
            head = HEADER_ROW if marked else 1
        else:
            got, head = csv_lines(path, {1, *shown}), 1
    except InputError:
        got, head = {}, 1
    if head not in shown and head in got:
        view.header = (head, got[head])
    cells_of: dict[tuple[int, int | None], str] = {}  # (row, column) -> the id of its first problem
    for i, p in found:
        n, col = number(p), _column(p.place) if view.sheet is not None else None
        if n not in shown:
            links[i] = None
            continue
        key = (n, col if col is not None and col < len(got.get(n, ())) else None)
        anchor = cells_of.setdefault(key, f"{view.anchor}-r{n}" + (f"c{key[1]}" if key[1] is not None else ""))
        links[i] = "#" + anchor
    messages: dict[int, list] = {}
    for i, p in found:
        if links[i] is not None:
            column = f"{p.place.column}{'：' if lang != 'en' else ': '}" if p.place.column else ""
            messages.setdefault(number(p), []).append((i + 1, column + p.text.say(lang)))
    width = max([len(got.get(head, ()))] + [len(got.get(n, ())) for n in shown])
    view.columns = (
        shown_columns(width, {c for (_, c) in cells_of if c is not None}) if view.sheet else list(range(width))
    )

    def pick(cells: list[str], n: int | None = None) -> list[dict]:
        out = []
        for c in view.columns:
            text = "…" if c is None else cells[c] if c < len(cells) else ""
            anchor = cells_of.get((n, c)) if c is not None else None
            out.append({"text": text, "bad": anchor is not None, "id": anchor, "gap": c is None})
        return out

    if view.header:
        view.header = (view.header[0], [cell["text"] for cell in pick(view.header[1])])
    for n in shown:
        view.rows.append(
            {
                "number": n,
                "id": cells_of.get((n, None)) or f"{view.anchor}-r{n}",
                "cells": pick(got.get(n, []), n),
                "messages": messages.get(n, []),
            }
        )
