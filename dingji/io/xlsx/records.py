"""The record workbook shared by the activity trackers' templates (:mod:`.tracker_io`) and the
forms kept after grading (:mod:`.form_xlsx`), and read back by :func:`.tracker_io.read_records`.

The records sheet: hidden row 1 with ``dingji:tracker:<id>`` in A1 and each column's field
id; row 2 the headers, required ones marked; rows from 3, each input column validated
(lists for choices and 是/否, whole numbers, dates); the org column offers the roster's
ids.  Then the instructions sheet (填表说明), which each caller writes, and the roster
(组织名单) with the columns each caller names.
"""

from __future__ import annotations

import datetime as dt

from dingji.core.tracker import ORG
from dingji.io.xlsx.template import FONT, _col_width, _print_setup, _styles, put

MARKER = "dingji:tracker:"
KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
BLANK_ROWS = 300
KINDS = {
    "text": ("文本", "text"),
    "int": ("整数", "whole number"),
    "date": ("日期", "date"),
    "yesno": ("是/否", "yes/no"),
    "choice": ("选项", "choice"),
}


def headers(fields, lang: str = "zh") -> list[str]:
    """The visible headers: the org column, then each field's label."""
    en = lang == "en"
    return ["org" if en else "组织编号"] + [(f.label_en or f.id) if en else f.label for f in fields]


def cell_value(field, value):
    """A stored value as a cell of ``field``: None for blank, a date for an ISO date, 是/否 for a boolean."""
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


def allowed(field, lang) -> str:
    """What a cell of ``field`` accepts, in words."""
    zh = lang != "en"
    if field.kind == "choice":
        return ("、" if zh else ", ").join(field.choices)
    if field.kind == "yesno":
        return "是 或 否" if zh else "yes or no"
    if field.kind == "int":
        return "不小于 0 的整数" if zh else "a whole number, 0 or more"
    if field.kind == "date":
        return "日期，如 2026-03-01" if zh else "a date such as 2026-03-01"
    return "文本" if zh else "text"


def validation(field, lang):
    """The DataValidation of ``field``'s cells; None for a text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang != "en"
    if field.kind == "choice":
        dv = DataValidation(type="list", formula1='"' + ",".join(field.choices)[:250] + '"')
    elif field.kind == "yesno":
        dv = DataValidation(type="list", formula1='"是,否"' if zh else '"yes,no"')
    elif field.kind == "int":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif field.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)")
    else:
        return None
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "输入有误" if zh else "Not accepted"
    dv.error = (
        f"{field.label}：{allowed(field, lang)}" if zh else f"{field.label_en or field.id}: {allowed(field, lang)}"
    )[:250]
    return dv


def help_table(fields, lang) -> list[tuple]:
    """The instructions' table of columns: its header, the org column, then a row per field."""
    zh = lang != "en"
    rows = [
        (
            "列" if zh else "column",
            "字段" if zh else "field",
            "类型" if zh else "kind",
            "必填" if zh else "required",
            "可填" if zh else "allowed",
            "说明" if zh else "note",
        ),
        (
            "组织编号" if zh else "org",
            ORG,
            KINDS["text"][not zh],
            "是" if zh else "yes",
            "组织名单中的编号" if zh else "an id of the roster",
            "",
        ),
    ]
    for f in fields:
        rows.append(
            (
                f.label if zh else (f.label_en or f.id),
                f.id,
                KINDS[f.kind][not zh],
                ("是" if zh else "yes") if f.required else "",
                allowed(f, lang),
                f.help if zh else "",
            )
        )
    return rows


def put_help(ws, rows, bold, widths, size=None, title_size=None) -> None:
    """``rows`` from A1, wrapped and top-aligned; rows ``bold`` in bold, row 1 in ``title_size``,
    the others in ``size`` (None: the default); columns A… ``widths`` wide."""
    from openpyxl.styles import Alignment, Font

    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            cell = put(ws, r, c, v)
            cell.font = Font(name=FONT, bold=r in bold, size=title_size if r == 1 else size)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, w in zip("ABCDEF", widths):
        ws.column_dimensions[letter].width = w


def write_workbook(
    path,
    key: str,
    title: str,
    fields,
    roster,
    roster_columns,
    write_help,
    lang: str = "zh",
    *,
    rows=(),
    widths=None,
    suggestions=None,
    fit_width: bool = False,
) -> None:
    """The record workbook of ``fields``: the records sheet ``title`` marked with ``key``, then
    ``write_help(sheet)`` fills the instructions, then the roster sheet with ``roster_columns``
    ``((chinese header, english header, Organization attribute, width), …)``.

    ``rows`` ({"org": id, field id: value}) are filled in, with 50 blank rows more (at least
    :data:`BLANK_ROWS` in all); ``widths`` {field id: width} sets those columns' widths and
    wraps their filled cells; ``suggestions`` {field id: values} are offered as a list, not
    enforced; ``fit_width`` fits the records sheet's width to the printed page."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    zh, widths, suggestions = lang != "en", widths or {}, suggestions or {}
    wb = Workbook()
    _styles(wb)
    ws = wb.active
    ws.title = title
    put(ws, KEY_ROW, 1, MARKER + key, "dingji-key")
    ws.row_dimensions[KEY_ROW].hidden = True
    last = FIRST_ROW + max(len(rows) + 50, BLANK_ROWS) - 1
    for c, head in enumerate(headers(fields, lang), 1):
        field = fields[c - 2] if c > 1 else None
        if field is not None:
            put(ws, KEY_ROW, c, field.id, "dingji-key")
        need = field is None or field.required
        shown = f"{head}\n({'必填' if zh else 'required'})" if need else head
        put(ws, HEADER_ROW, c, shown, "dingji-head")
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = widths.get(field.id if field else "", max(12, _col_width(shown)))
        if field is not None and field.id in suggestions:  # offered, not enforced
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(suggestions[field.id])[:250] + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
        else:
            dv = validation(field, lang) if field else None
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
        if field is not None and field.kind == "date":
            for r in range(FIRST_ROW, last + 1):
                ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    for r, row in enumerate(rows, FIRST_ROW):
        put(ws, r, 1, row.get(ORG), "dingji-wrap")
        for c, field in enumerate(fields, 2):
            value = cell_value(field, row.get(field.id))
            if value is not None:
                cell = put(ws, r, c, value)
                if field.id in widths:
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
    _print_setup(ws, fit_width=fit_width)
    write_help(wb.create_sheet("填表说明" if zh else "Instructions"))
    rs = wb.create_sheet(roster_title)
    for c, (head_zh, head_en, _, _) in enumerate(roster_columns, 1):
        put(rs, 1, c, head_zh if zh else head_en, "dingji-head")
    for r, o in enumerate(orgs, 2):
        for c, (_, _, attr, _) in enumerate(roster_columns, 1):
            v = getattr(o, attr)
            if v is not None:
                put(rs, r, c, v)
    for c, (_, _, _, w) in enumerate(roster_columns, 1):
        rs.column_dimensions[get_column_letter(c)].width = w
    wb.save(path)
