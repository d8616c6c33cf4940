"""Templates of the forms kept after grading (visits, rectification tasks): an xlsx
workbook or a CSV, optionally filled with rows to edit (the year's tasks, the drafts
of ``rectify suggest``, the organizations still to visit).

The workbook has the layout of the trackers' record templates, and is read back by
the same reader (:func:`dingji.plugins.tracker_io.read_records`): the records sheet
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

from .tracker_io import BLANK_ROWS, FIRST_ROW, HEADER_ROW, KEY_ROW, KINDS, MARKER, _allowed, _validation
from .xlsx_template import FONT, _col_width, _print_setup, _styles, put

WIDE_TEXT = {"problem": 40, "measures": 40, "pledge": 26, "problems": 30, "note": 20, "name": 22}


def headers(form, lang: str = "zh") -> list[str]:
    en = lang == "en"
    return ["org" if en else "组织编号"] + [(f.label_en or f.id) if en else f.label for f in form.fields]


def _cell(field, value):
    if value is None or value == "":
        return None
    if field.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if field.kind == "yesno" and isinstance(value, bool):
        return "是" if value else "否"
    return value


def write_csv(form, rows, path, lang: str = "zh") -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers(form, lang))
        for row in rows:
            w.writerow([row.get(ORG, "")] + ["" if (v := _cell(fd, row.get(fd.id))) is None else
                                             v.isoformat() if isinstance(v, dt.date) else v for fd in form.fields])


def write_xlsx(form, rows, roster, path, lang: str = "zh", suggestions=None) -> None:
    """The form's workbook with ``rows`` ({"org": id, field id: value}) filled in."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    zh, fields, suggestions = lang != "en", form.fields, suggestions or {}
    wb = Workbook()
    _styles(wb)
    ws = wb.active
    ws.title = form.label(lang)
    put(ws, KEY_ROW, 1, MARKER + form.id, "dingji-key")
    ws.row_dimensions[KEY_ROW].hidden = True
    last = FIRST_ROW + max(len(rows) + 50, BLANK_ROWS) - 1
    for c, head in enumerate(headers(form, lang), 1):
        field = fields[c - 2] if c > 1 else None
        if field is not None:
            put(ws, KEY_ROW, c, field.id, "dingji-key")
        need = field is None or field.required
        shown = f"{head}\n({'必填' if zh else 'required'})" if need else head
        put(ws, HEADER_ROW, c, shown, "dingji-head")
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = WIDE_TEXT.get(field.id if field else "", max(12, _col_width(shown)))
        dv = _validation(field, lang) if field else None
        if field is not None and field.id in suggestions:  # offered, not enforced
            dv = DataValidation(type="list", formula1='"' + ",".join(suggestions[field.id])[:250] + '"',
                                allow_blank=True, showErrorMessage=False)
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
        if field is not None and field.kind == "date":
            for r in range(FIRST_ROW, last + 1):
                ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    for r, row in enumerate(rows, FIRST_ROW):
        put(ws, r, 1, row.get(ORG), "dingji-wrap")
        for c, field in enumerate(fields, 2):
            value = _cell(field, row.get(field.id))
            if value is not None:
                cell = put(ws, r, c, value)
                if field.id in WIDE_TEXT:
                    cell.style = "dingji-wrap"
                if field.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
    orgs = sorted(roster.values(), key=lambda o: o.id) if roster else []
    roster_title = "组织名单" if zh else "Roster"
    if orgs:
        ids = DataValidation(type="list", formula1=f"'{roster_title}'!$A$2:$A${len(orgs) + 1}", allow_blank=True)
        ids.add(f"A{FIRST_ROW}:A{last}")
        ws.add_data_validation(ids)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.row_dimensions[HEADER_ROW].height = 34
    _print_setup(ws, fit_width=True)
    _help(wb.create_sheet("填表说明" if zh else "Instructions"), form, lang)
    rs = wb.create_sheet(roster_title)
    for c, h in enumerate(("组织编号", "组织名称", "领域", "书记") if zh else ("org", "name", "domain", "secretary"), 1):
        put(rs, 1, c, h, "dingji-head")
    for r, o in enumerate(orgs, 2):
        for c, v in enumerate((o.id, o.name, o.domain, o.secretary), 1):
            if v is not None:
                put(rs, r, c, v)
    for letter, w in zip("ABCD", (14, 30, 16, 10)):
        rs.column_dimensions[letter].width = w
    wb.save(path)


def _help(ws, form, lang):
    from openpyxl.styles import Alignment, Font
    zh = lang != "en"
    rows = [(f"{form.label(lang)} · {'填报模板' if zh else 'template'}",), (form.help[0] if zh else form.help[1],), (),
            ("列" if zh else "column", "字段" if zh else "field", "类型" if zh else "kind",
             "必填" if zh else "required", "可填" if zh else "allowed", "说明" if zh else "note"),
            ("组织编号" if zh else "org", ORG, KINDS["text"][not zh], "是" if zh else "yes",
             "组织名单中的编号" if zh else "an id of the roster", "")]
    for f in form.fields:
        rows.append((f.label if zh else (f.label_en or f.id), f.id, KINDS[f.kind][not zh],
                     ("是" if zh else "yes") if f.required else "", _allowed(f, lang), f.help if zh else ""))
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            cell = put(ws, r, c, v)
            cell.font = Font(name=FONT, bold=r in (1, 4), size=13 if r == 1 else 11)
            cell.alignment = Alignment(wrap_text=r != 2, vertical="top")
    ws.merge_cells("A2:F2")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 48
    for letter, w in zip("ABCDEF", (16, 12, 10, 8, 30, 34)):
        ws.column_dimensions[letter].width = w
    _print_setup(ws, fit_width=True)


def write(form, rows, roster, path, fmt: str = "xlsx", lang: str = "zh", suggestions=None):
    if fmt == "csv":
        write_csv(form, rows, path, lang)
    else:
        write_xlsx(form, rows, roster, path, lang, suggestions)
