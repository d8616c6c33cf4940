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
from dingji.core.forms import OWNER, check_rows
from dingji.core.records import RecordBatch, text
from dingji.core.text import Text
from dingji.core.tracker import ORG, Field
from dingji.io.atomic import sha256_file
from dingji.io.xlsx.records import HEADER_ROW, MARKER, headers, help_table, put_help, write_workbook

ORG_HEADERS = ("org", "组织编号", "编号")
#: The roster sheet: (chinese header, english header, attribute, width).
ROSTER_COLUMNS = (
    ("组织编号", "org", "id", 14),
    ("组织名称", "name", "name", 30),
    ("领域", "domain", "domain", 16),
    ("党员数", "members", "members", 8),
)


# --- writing -----------------------------------------------------------------------


def write_csv_template(tracker, fields, path, lang: str = "zh") -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerow(headers(fields, lang))


def write_xlsx_template(tracker, config, fields, roster, path, lang: str = "zh") -> None:
    """The record workbook of a tracker (see the module docstring): no rows filled in, and the
    instructions list the tracker's metrics too."""
    write_workbook(
        path,
        tracker.id,
        _title(tracker.label(config)),
        fields,
        roster,
        ROSTER_COLUMNS,
        lambda ws: _help(ws, tracker, config, fields, lang),
        lang,
    )


def _help(ws, tracker, config, fields, lang):
    zh = lang != "en"
    rows = [
        (f"{tracker.label(config)} · {'活动台账填报模板' if zh else 'record template'}",),
        (tracker.description if zh else (tracker.name_en or tracker.description),),
        (),
        (
            (
                "每行一条记录：组织编号必须在组织名单中；不要修改隐藏的第 1 行（列标识）；必填列不能留空。"
                "同一组织内，" + "、".join(_label(fields, u) for u in tracker.unique) + " 相同的记录只能有一条。"
            )
            if zh
            else "One record a row; the org id must be in the roster; keep the hidden row 1; required columns "
            "may not be blank; one record per organization and " + ", ".join(tracker.unique) + ".",
        ),
        (),
        *help_table(fields, lang),
    ]
    rows += [(), ("指标" if zh else "metric", "计算方法" if zh else "formula")]
    bold = {1, 6, len(rows)}
    rows += [(m.title(lang), m.describe(lang)) for m in tracker.metrics.values()]
    put_help(ws, rows, bold, widths=(22, 18, 10, 8, 30, 30))


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
            known = "、".join(headers(fields))
            problems.append(
                Problem(
                    place_of(c),
                    Text(f"未知的列 {name!r}；可用的列：{known}", f"unknown column {name!r}; the columns are {known}"),
                )
            )
        elif fid in seen:
            problems.append(
                Problem(place_of(c), Text(f"列 {name!r} 与前面的列重复", f"column {name!r} repeats an earlier one"))
            )
        else:
            seen[fid] = c
            cols[c] = fid
    missing = [f.label for f in fields if f.required and f.id not in seen] + (["组织编号"] if ORG not in seen else [])
    if missing:
        problems.append(
            Problem(
                place_of(None),
                Text(f"缺少必填列：{'、'.join(missing)}", f"missing required columns: {', '.join(missing)}"),
            )
        )
    return cols, problems, bool(missing)


def read_csv(tracker, fields, path) -> RecordBatch:
    from dingji.io.tabular import checked_rows, read_text

    file = str(path)
    digest: list = []
    reader = csv.reader(io.StringIO(read_text(Path(path), digest), newline=""))
    head = next(checked_rows(reader, file), [])
    if not head:
        raise InputError([Problem(Place(file=file), Text("文件是空的", "the file is empty"))])
    cols, problems, fatal = _columns(
        tracker, fields, head, lambda c: Place(file=file, line=1, column=head[c] if c is not None else None)
    )
    if fatal:
        raise InputError(problems)
    labels = {fid: head[c] for c, fid in cols.items()}

    def rows():
        for cells in checked_rows(reader, file):
            if not any(x.strip() for x in cells):
                continue
            yield reader.line_num, {fid: cells[c] if c < len(cells) else None for c, fid in cols.items()}

    return RecordBatch(
        file, rows(), lambda line, fid: Place(file=file, line=line, column=labels.get(fid)), problems, digest[0]
    )


def read_xlsx(tracker, fields, path) -> RecordBatch:
    from dingji.io.xlsx.read import _cells, _open, column_letter

    file = str(path)
    digest: list = []
    wb = _open(path, digest)
    chosen = None
    with wb:
        names = list(wb.sheet_names)
        for name in names:
            data = _cells(wb, name, file)
            a1 = text(data[0][0]) if data and data[0] else ""
            if a1.startswith(MARKER):
                if a1[len(MARKER) :] != tracker.id:
                    raise InputError(
                        [
                            Problem(
                                Place(file=file, sheet=name),
                                Text(
                                    f"这是活动台账 {a1[len(MARKER) :]} 的模板，不是 {tracker.id} 的模板",
                                    f"this is a template of tracker {a1[len(MARKER) :]}, not {tracker.id}",
                                ),
                            )
                        ]
                    )
                chosen = (name, data, HEADER_ROW - 1, [ORG] + list(data[0][1:]))
                break
        if chosen is None:  # a sheet of the user's own: the first with a header naming the org column
            for name in names:
                data = _cells(wb, name, file)
                if data and any(text(v).lower() in ORG_HEADERS for v in data[0]):
                    chosen = (name, data, 0, None)
                    break
    if chosen is None:
        raise InputError(
            [
                Problem(
                    Place(file=file),
                    Text(
                        f"没有工作表带有“组织编号”列的表头：可用 dingji track {tracker.id} template 生成模板",
                        f"no sheet has a header with 组织编号 (org): make one with dingji track {tracker.id} template",
                    ),
                )
            ]
        )
    sheet, data, at, keys = chosen
    head = data[at] if len(data) > at else []

    def column(c):
        if c is None:
            return None
        h = text(head[c]).split("\n")[0] if c < len(head) else ""
        return f"{column_letter(c)} ({h})" if h else column_letter(c)

    cols, problems, fatal = _columns(
        tracker, fields, head, lambda c: Place(file=file, sheet=sheet, row=at + 1, column=column(c)), keys
    )
    if fatal:
        raise InputError(problems)
    where_col = {fid: c for c, fid in cols.items()}

    def rows():
        for r in range(at + 1, len(data)):
            cells = data[r]
            if not any(text(v) for v in cells):
                continue
            yield r + 1, {fid: cells[c] if c < len(cells) else None for c, fid in cols.items()}

    return RecordBatch(
        file,
        rows(),
        lambda row, fid: Place(file=file, sheet=sheet, row=row, column=column(where_col.get(fid))),
        problems,
        digest[0],
    )


def read_records(tracker, fields, path) -> RecordBatch:
    """A RecordBatch of a CSV (by its first bytes: text) or xlsx file."""
    from dingji.io.filesafety import identify

    kind = identify(path)
    if kind == "zip" or Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(tracker, fields, path)
    return read_csv(tracker, fields, path)


def read_checked(tracker, fields, files, check, retitle=None):
    """``(check(batches), infos)``: every file read as records of ``fields``, then checked
    together, and the files' names, sizes and sha256; an InputError with every problem of
    every file and of the check (each passed through ``retitle``, if given)."""
    retitle = retitle or (lambda p: p)
    batches, infos, problems = [], [], []
    for f in files:
        path = Path(f)
        try:
            batch = read_records(tracker, fields, path)
            batches.append(batch)
            sha, size = batch.digest or (sha256_file(path), path.stat().st_size)  # read once by the readers here
            infos.append({"file": path.name, "sha256": sha, "bytes": size})
        except InputError as exc:
            problems.extend(retitle(p) for p in exc.problems)
    got = None
    try:
        got = check(batches)
    except InputError as exc:
        problems.extend(retitle(p) for p in exc.problems)
    if problems:
        raise InputError(problems)
    return got, infos


def read_form(form, files, roster, year: int, extra=None):
    """The checked rows of every file (see :func:`check_rows`) and the files' names and
    sha256; every problem of every file at once."""
    fields = (*form.fields, Field(OWNER, OWNER))
    return read_checked(
        form.tracker(extra),
        fields,
        files,
        lambda batches: check_rows(form, batches, roster, year, extra),
        lambda p: _retitle(form, p),
    )


def _retitle(form, p: Problem) -> Problem:
    """The trackers' reader names its own command in a hint; name this form's."""
    old, new = f"dingji track {form.id} template", f"{form.command} template"
    if old in p.message or old in (p.message_zh or ""):
        return Problem(p.place, Text((p.message_zh or "").replace(old, new), p.message.replace(old, new)))
    return p
