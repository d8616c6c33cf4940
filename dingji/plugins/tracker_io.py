"""Tracker record files: the template a tracker's schema makes, and reading it back.

The xlsx template has the records sheet (hidden row 1: ``dingji:tracker:<id>`` in A1
and each column's field id; row 2 the headers; records from row 3, each input column
validated: lists for choices and 是/否, whole numbers, dates), an instructions sheet
(填表说明: every field, its kind, whether required, its allowed values; every metric
and its formula) and the roster (组织名单), whose ids the org column offers.  The CSV
template is the header line (UTF-8 with BOM).

Reading accepts the template, or any sheet or CSV whose header names the columns by
field id, label (as configured), default label or English label.  Every problem of
the header is reported at once; the rows go to :func:`dingji.core.records.check_records`
as plain dicts with a cheap position, turned into a place only for a problem.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.records import RecordBatch, text
from dingji.core.tracker import ORG

from .xlsx_template import FONT, _col_width, _print_setup, _styles, put

MARKER = "dingji:tracker:"
KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
BLANK_ROWS = 300
ORG_HEADERS = ("org", "组织编号", "编号")
KINDS = {"text": ("文本", "text"), "int": ("整数", "whole number"), "date": ("日期", "date"),
         "yesno": ("是/否", "yes/no"), "choice": ("选项", "choice")}


def headers(tracker, fields, lang: str = "zh") -> list[str]:
    en = lang == "en"
    return ["org" if en else "组织编号"] + [(f.label_en or f.id) if en else f.label for f in fields]


# --- writing -----------------------------------------------------------------------

def write_csv_template(tracker, fields, path, lang: str = "zh") -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerow(headers(tracker, fields, lang))


def _validation(field, lang):
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
    dv.error = (f"{field.label}：{_allowed(field, lang)}" if zh else f"{field.label_en or field.id}: {_allowed(field, lang)}")[:250]
    return dv


def _allowed(field, lang) -> str:
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


def write_xlsx_template(tracker, config, fields, roster, path, lang: str = "zh") -> None:
    """The record workbook of a tracker (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang != "en"
    wb = Workbook()
    _styles(wb)
    ws = wb.active
    ws.title = _title(tracker.label(config))
    heads = headers(tracker, fields, lang)
    put(ws, KEY_ROW, 1, MARKER + tracker.id, "dingji-key")
    ws.row_dimensions[KEY_ROW].hidden = True
    last = FIRST_ROW + BLANK_ROWS - 1
    for c, (key, head) in enumerate(zip([ORG] + [f.id for f in fields], heads), 1):
        field = fields[c - 2] if c > 1 else None
        if c > 1:
            put(ws, KEY_ROW, c, key, "dingji-key")
        need = c == 1 or field.required
        shown = f"{head}\n({'必填' if zh else 'required'})" if need else head
        put(ws, HEADER_ROW, c, shown, "dingji-head")
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(12, _col_width(shown))
        dv = _validation(field, lang) if field else None
        if dv is not None:
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
        if field is not None and field.kind == "date":
            for r in range(FIRST_ROW, last + 1):
                ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    orgs = sorted(roster.values(), key=lambda o: o.id) if roster else []
    roster_title = "组织名单" if zh else "Roster"
    if orgs:
        ids = DataValidation(type="list", formula1=f"'{roster_title}'!$A$2:$A${len(orgs) + 1}", allow_blank=True)
        ids.add(f"A{FIRST_ROW}:A{last}")
        ws.add_data_validation(ids)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.row_dimensions[HEADER_ROW].height = 34
    _print_setup(ws)
    _help(wb.create_sheet("填表说明" if zh else "Instructions"), tracker, config, fields, lang)
    rs = wb.create_sheet(roster_title)
    for c, h in enumerate(("组织编号", "组织名称", "领域", "党员数") if zh else ("org", "name", "domain", "members"), 1):
        put(rs, 1, c, h, "dingji-head")
    for r, o in enumerate(orgs, 2):
        for c, v in enumerate((o.id, o.name, o.domain, o.members), 1):
            if v is not None:
                put(rs, r, c, v)
    for letter, w in zip("ABCD", (14, 30, 16, 8)):
        rs.column_dimensions[letter].width = w
    wb.save(path)


def _help(ws, tracker, config, fields, lang):
    from openpyxl.styles import Alignment, Font
    zh = lang != "en"
    rows = [(f"{tracker.label(config)} · {'活动台账填报模板' if zh else 'record template'}",),
            (tracker.description if zh else (tracker.name_en or tracker.description),), (),
            (("每行一条记录：组织编号必须在组织名单中；不要修改隐藏的第 1 行（列标识）；必填列不能留空。"
              "同一组织内，" + "、".join(_label(fields, u) for u in tracker.unique) + " 相同的记录只能有一条。")
             if zh else "One record a row; the org id must be in the roster; keep the hidden row 1; required columns "
                        "may not be blank; one record per organization and " + ", ".join(tracker.unique) + ".",), (),
            ("列" if zh else "column", "字段" if zh else "field", "类型" if zh else "kind",
             "必填" if zh else "required", "可填" if zh else "allowed", "说明" if zh else "note")]
    rows.append(("组织编号" if zh else "org", ORG, KINDS["text"][not zh], "是" if zh else "yes",
                 "组织名单中的编号" if zh else "an id of the roster", ""))
    for f in fields:
        rows.append((f.label if zh else (f.label_en or f.id), f.id, KINDS[f.kind][not zh],
                     ("是" if zh else "yes") if f.required else "", _allowed(f, lang), f.help if zh else ""))
    rows += [(), ("指标" if zh else "metric", "计算方法" if zh else "formula")]
    bold = {1, 6, len(rows)}
    rows += [(m.name, m.describe(lang)) for m in tracker.metrics.values()]
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            cell = put(ws, r, c, v)
            cell.font = Font(name=FONT, bold=r in bold)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, w in zip("ABCDEF", (22, 18, 10, 8, 30, 30)):
        ws.column_dimensions[letter].width = w


def _label(fields, fid):
    return next((f.label for f in fields if f.id == fid), fid)


def _title(name: str) -> str:
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "records"


# --- reading -----------------------------------------------------------------------

def _columns(tracker, fields, head, place_of, keys=None):
    """``({column index: field id}, problems, fatal)`` from the key row (template) or the header;
    fatal when a required column is missing (then no row can be read)."""
    names = {}
    ids = {f.id for f in fields}
    defaults = {f.id: f.label for f in tracker.schema(None)}
    for f in fields:
        for n in (f.id, f.label, f.label_en, defaults.get(f.id)):
            if n:
                names.setdefault(n.strip().lower(), f.id)
    for n in ORG_HEADERS:
        names[n] = ORG
    cols, problems, seen = {}, [], {}
    source = keys if keys is not None else head
    for c, raw in enumerate(source):
        name = text(raw).split("\n")[0].strip()
        if not name:
            continue
        fid = names.get(name.lower()) if keys is None else (name if name == ORG or name in ids else None)
        if fid is None:
            known = "、".join(headers(tracker, fields))
            problems.append(Problem(place_of(c), f"unknown column {name!r}; the columns are {known}",
                                    f"未知的列 {name!r}；可用的列：{known}"))
        elif fid in seen:
            problems.append(Problem(place_of(c), f"column {name!r} repeats an earlier one", f"列 {name!r} 与前面的列重复"))
        else:
            seen[fid] = c
            cols[c] = fid
    missing = [f.label for f in fields if f.required and f.id not in seen] + (["组织编号"] if ORG not in seen else [])
    if missing:
        problems.append(Problem(place_of(None), f"missing required columns: {', '.join(missing)}",
                                f"缺少必填列：{'、'.join(missing)}"))
    return cols, problems, bool(missing)


def read_csv(tracker, fields, path) -> RecordBatch:
    from .tabular import read_text
    file = str(path)
    reader = csv.reader(io.StringIO(read_text(Path(path)), newline=""))
    head = next(reader, [])
    if not head:
        raise InputError([Problem(Place(file=file), "the file is empty", "文件是空的")])
    cols, problems, fatal = _columns(tracker, fields, head,
                                     lambda c: Place(file=file, line=1, column=head[c] if c is not None else None))
    if fatal:
        raise InputError(problems)
    labels = {fid: head[c] for c, fid in cols.items()}

    def rows():
        for cells in reader:
            if not any(x.strip() for x in cells):
                continue
            yield reader.line_num, {fid: cells[c] if c < len(cells) else None for c, fid in cols.items()}
    return RecordBatch(file, rows(), lambda line, fid: Place(file=file, line=line, column=labels.get(fid)), problems)


def read_xlsx(tracker, fields, path) -> RecordBatch:
    from .xlsx_read import _cells, _open, column_letter
    file = str(path)
    wb = _open(path)
    chosen = None
    with wb:
        names = list(wb.sheet_names)
        for name in names:
            data = _cells(wb, name, file)
            a1 = text(data[0][0]) if data and data[0] else ""
            if a1.startswith(MARKER):
                if a1[len(MARKER):] != tracker.id:
                    raise InputError([Problem(Place(file=file, sheet=name),
                                              f"this is a template of tracker {a1[len(MARKER):]}, not {tracker.id}",
                                              f"这是活动台账 {a1[len(MARKER):]} 的模板，不是 {tracker.id} 的模板")])
                chosen = (name, data, HEADER_ROW - 1, [ORG] + list(data[0][1:]))
                break
        if chosen is None:  # a sheet of the user's own: the first with a header naming the org column
            for name in names:
                data = _cells(wb, name, file)
                if data and any(text(v).lower() in ORG_HEADERS for v in data[0]):
                    chosen = (name, data, 0, None)
                    break
    if chosen is None:
        raise InputError([Problem(Place(file=file), f"no sheet has a header with 组织编号 (org): make one with "
                                                    f"dingji track {tracker.id} template",
                                  f"没有工作表带有“组织编号”列的表头：可用 dingji track {tracker.id} template 生成模板")])
    sheet, data, at, keys = chosen
    head = data[at] if len(data) > at else []

    def column(c):
        if c is None:
            return None
        h = text(head[c]).split("\n")[0] if c < len(head) else ""
        return f"{column_letter(c)} ({h})" if h else column_letter(c)
    cols, problems, fatal = _columns(tracker, fields, head,
                                     lambda c: Place(file=file, sheet=sheet, row=at + 1, column=column(c)), keys)
    if fatal:
        raise InputError(problems)
    where_col = {fid: c for c, fid in cols.items()}

    def rows():
        for r in range(at + 1, len(data)):
            cells = data[r]
            if not any(text(v) for v in cells):
                continue
            yield r + 1, {fid: cells[c] if c < len(cells) else None for c, fid in cols.items()}
    return RecordBatch(file, rows(), lambda row, fid: Place(file=file, sheet=sheet, row=row,
                                                            column=column(where_col.get(fid))), problems)


def read_records(tracker, fields, path) -> RecordBatch:
    """A RecordBatch of a CSV (by its first bytes: text) or xlsx file."""
    from .filesafety import identify
    kind = identify(path)
    if kind == "zip" or Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(tracker, fields, path)
    return read_csv(tracker, fields, path)
