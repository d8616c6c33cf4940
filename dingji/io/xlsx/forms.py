"""Templates of the forms kept after grading (visits, rectification tasks): an xlsx
workbook or a CSV, optionally filled with rows to edit (the year's tasks, the drafts
of ``rectify suggest``, the organizations still to visit).

The workbook is the trackers' record workbook (:mod:`dingji.io.xlsx.records`), read
back by the same reader (:func:`dingji.io.records.read_records`): the records sheet
(hidden row 1: ``dingji:tracker:<form id>`` in A1, each column's field id; row 2
the headers, required ones marked; rows from 3, input cells validated: dates, whole
numbers, choices and 是/否 as lists, suggested values offered for some texts), an
instructions sheet (填表说明: every column, its kind, whether required, what it
accepts) and the roster (组织名单), whose ids the first column offers.
"""

from __future__ import annotations

import csv
import datetime as dt

from dingji.core.tracker import ORG
from dingji.io.xlsx import records as record_xlsx
from dingji.io.xlsx.records import cell_value, help_table, put_help, write_workbook
from dingji.io.xlsx.template import _print_setup

WIDE_TEXT = {
    "problem": 40,
    "measures": 40,
    "pledge": 26,
    "problems": 30,
    "note": 20,
    "name": 22,
    "requirement": 30,
    "content": 36,
    "decision": 30,
    "reply": 26,
}
#: The roster sheet: (chinese header, english header, attribute, width).
ROSTER_COLUMNS = (
    ("组织编号", "org", "id", 14),
    ("组织名称", "name", "name", 30),
    ("领域", "domain", "domain", 16),
    ("书记", "secretary", "secretary", 10),
)


def headers(form, lang: str = "zh") -> list[str]:
    return record_xlsx.headers(form.fields, lang)


def write_csv(form, rows, path, lang: str = "zh") -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers(form, lang))
        for row in rows:
            w.writerow(
                [row.get(ORG, "")]
                + [
                    ""
                    if (v := cell_value(fd, row.get(fd.id))) is None
                    else v.isoformat()
                    if isinstance(v, dt.date)
                    else v
                    for fd in form.fields
                ]
            )


def write_xlsx(form, rows, roster, path, lang: str = "zh", suggestions=None) -> None:
    """The form's workbook with ``rows`` ({"org": id, field id: value}) filled in; the wide
    text columns wrap, and the records sheet fits the page's width."""
    write_workbook(
        path,
        form.id,
        form.label(lang),
        form.fields,
        roster,
        ROSTER_COLUMNS,
        lambda ws: _help(ws, form, lang),
        lang,
        rows=rows,
        widths=WIDE_TEXT,
        suggestions=suggestions,
        fit_width=True,
    )


def _help(ws, form, lang):
    zh = lang != "en"
    rows = [
        (f"{form.label(lang)} · {'填报模板' if zh else 'template'}",),
        (form.help[0] if zh else form.help[1],),
        (),
        *help_table(form.fields, lang),
    ]
    put_help(ws, rows, bold=(1, 4), widths=(16, 12, 10, 8, 30, 34), size=11, title_size=13)
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 48
    _print_setup(ws, fit_width=True)


def write(form, rows, roster, path, fmt: str = "xlsx", lang: str = "zh", suggestions=None):
    if fmt == "csv":
        write_csv(form, rows, path, lang)
    else:
        write_xlsx(form, rows, roster, path, lang, suggestions)
