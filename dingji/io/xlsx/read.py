"""Reading filled-in data-entry workbooks (xlsx), fast and safely, with python-calamine.

The file is first identified and its zip archive checked (:mod:`.filesafety`),
then calamine reads each sheet once.  A data sheet is one whose hidden row 1
starts with the template's org marker (see :mod:`.xlsx_template`); its key row
says which ``(source, item)`` each column holds, so visible headers, sheet names
and column order may change.  Rows go to the core as plain tuples
``(org, source, item, value, (sheet, row, column index))``; cell values pass
through as calamine gives them (float, str, bool; a blank cell is None) and the
core parses them.  Places are built only for problems.
"""

from __future__ import annotations

from itertools import chain

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Batch, Organization, spec_for
from dingji.core.model import Standard
from dingji.core.text import Text
from dingji.io.filesafety import check_xlsx
from dingji.io.tabular import ROSTER_ALIASES, roster_from_rows
from dingji.io.xlsx.key_row import lost_key_rows
from dingji.io.xlsx.layout import FIRST_ROW, NAME_KEY, ORG_KEY
from dingji.io.xlsx.sheets import load_sheets
from dingji.io.xlsx.template_rows import cell_text, template_rows
from dingji.io.xlsx.template_rows import parts as sheet_parts


def column_letter(index: int) -> str:
    """``A`` for column index 0, ``AA`` for 26."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _fail(file: str, en: str, zh: str):
    raise InputError([Problem(Place(file=file), Text(zh, en))])


def _open(path, digest: list | None = None, keep: list | None = None):
    """A calamine workbook of a checked xlsx file; InputError for anything that goes wrong.  The file
    is read once: the checks and calamine read its bytes from memory; ``digest``, if given, gets
    its ``(sha256, bytes)``, and ``keep`` the bytes."""
    from dingji.io.filekind import read_head
    from dingji.io.hashing import read_bytes

    file = str(path)
    read_head(path, 0)  # a missing file or a folder, said as the checks say it
    try:
        data, got = read_bytes(path)
    except OSError as exc:
        _fail(file, f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")
    check_xlsx(path, data=data)
    if digest is not None:
        digest.append(got)
    if keep is not None:
        keep.append(data)
    return _from_bytes(file, data)


def _from_bytes(file: str, data: bytes):
    import io

    from python_calamine import CalamineWorkbook

    return _guard(
        file, "the workbook cannot be read", "无法读取工作簿", CalamineWorkbook.from_filelike, io.BytesIO(data)
    )


def _guard(file: str, what_en: str, what_zh: str, call, *args):
    """Run one calamine call; any failure of the parser becomes an InputError naming the file."""
    try:
        return call(*args)
    except BaseException as exc:  # calamine raises its own errors, and pyo3 panics are BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        _fail(file, f"{what_en}: {type(exc).__name__}: {exc}", f"{what_zh}：{type(exc).__name__}：{exc}")


def _cells(wb, name: str, file: str) -> list[list]:
    """A whole sheet as rows of cells from A1 (small sheets: rosters)."""
    return _guard(
        file,
        f"sheet {name} cannot be read",
        f"无法读取工作表 {name}",
        lambda: wb.get_sheet_by_name(name).to_python(skip_empty_area=False),
    )


def read_template(path, standard: Standard) -> Batch:
    """A :class:`Batch` of every input cell of a filled-in template of ``standard``.

    Raises :class:`InputError` at once when the file is not a readable xlsx,
    or not a dingji template of this standard; problems of single cells and
    columns go to ``batch.problems`` (unknown column keys, rows without an
    organization id) or are found by the core (bad or missing values).
    """
    file = str(path)
    digest: list = []
    kept: list = []
    wb = _open(path, digest, kept)
    data = kept[0]
    accepts = spec_for(standard).accepts
    canon = {key: key for key in accepts}
    problems: list[Problem] = []
    sheets = []  # (name, row iterator, [(col, source, item)])
    headers: dict[str, list] = {}
    others = set()
    marked = False
    unmarked = []  # (name, rows): sheets of the user's own, or data sheets that lost their key row

    def load(book, name):
        return _guard(file, f"sheet {name} cannot be read", f"无法读取工作表 {name}", book.get_sheet_by_name, name)

    with wb:
        names = wb.sheet_names
        for name, sheet in zip(names, load_sheets(wb, data, names, load, lambda: _from_bytes(file, data))):
            it = sheet.iter_rows()  # rows from the first cell not blank (A1 in a data sheet), converted as used
            if sheet.start != (0, 0):
                unmarked.append((name, it))  # A1 is empty: not a data sheet (or its key row was cleared)
                continue
            keys = next(it, None) or [""]
            a1 = keys[0]
            if not (isinstance(a1, str) and a1.startswith(ORG_KEY)):
                unmarked.append((name, chain([keys], it)))
                continue
            marked = True
            _, _, std_id, version = (a1.split(":", 3) + ["", ""])[:4]
            if std_id != standard.id:
                others.add((std_id, version))
                continue
            head = headers[name] = next(it, [])
            cols = []
            for c, key in enumerate(keys[1:], 1):
                if not isinstance(key, str) or not key.strip() or key == NAME_KEY:
                    continue  # a column of the user's own
                source, sep, item = key.strip().partition(":")
                if sep and (source, item) in accepts:
                    cols.append((c, *canon[(source, item)]))  # the standard's own strings: compared by identity
                    continue
                old = (
                    ("", "")
                    if version == standard.version
                    else (
                        f" (the template was made for version {version}, the standard is {standard.version}: "
                        "make a new template)",
                        f"（模板按 {version} 版制作，现行标准为 {standard.version} 版：请重新生成模板）",
                    )
                )
                problems.append(
                    Problem(
                        Place(file=file, sheet=name, row=1, column=_column(head, c)),
                        Text(
                            f"隐藏的第 1 行标注了 {key!r}，标准 {standard.id} 中没有这一项{old[1]}",
                            f"the hidden key row names {key!r}, which standard {standard.id} does not accept{old[0]}",
                        ),
                    )
                )
            sheets.append((name, sheet, cols, sheet.height - (FIRST_ROW - 1)))
        lost, unread = lost_key_rows(file, standard, unmarked, {(s, i) for _, _, cols, _ in sheets for _, s, i in cols})
    if lost and not sheets:
        raise InputError(lost)
    problems.extend(lost)
    if not marked:
        _fail(
            file,
            "this is not a dingji data-entry template: no sheet has the hidden key row in row 1 "
            f"(make one with: dingji template {standard.id}; or give the scores as a long-form CSV)",
            "这不是 dingji 数据录入模板：没有工作表带有隐藏的第 1 行（列标识）"
            f"（请用 dingji template {standard.id} 生成模板，或提供长格式 CSV）",
        )
    if not sheets:
        made = ", ".join(f"{i} {v}".strip() for i, v in sorted(others))
        _fail(
            file,
            f"this template was made for standard {made}, not {standard.id} ({standard.name})",
            f"这是标准 {made} 的模板，不是 {standard.id}（{standard.name}）的模板",
        )
    for std_id, version in sorted(others):
        problems.append(
            Problem(
                Place(file=file),
                Text(
                    f"部分工作表属于标准 {std_id} {version} 的模板，未读取",
                    f"some sheets belong to a template of standard {std_id} {version}; they were not read",
                ),
            )
        )

    org_cells: dict = {}  # (sheet, row) -> the place of its id, made once a row (a refused id's cells all ask)

    def locate(where) -> Place:
        sheet, row, col = where
        return Place(file=file, sheet=sheet, row=row, column=_column(headers.get(sheet, ()), col))

    return Batch(
        file,
        template_rows(sheets, problems, locate),
        locate,
        problems,
        locate_org=lambda where: org_cells.get(where[:2]) or org_cells.setdefault(where[:2], locate((*where[:2], 0))),
        unread=frozenset(unread),
        digest=lambda: digest[0],
        parts=lambda shares: sheet_parts(sheets, shares, locate),
    )


def _column(head, col: int) -> str:
    letter = column_letter(col)
    text = cell_text(head[col]).split("\n")[0].strip() if col < len(head) else ""
    return f"{letter} ({text})" if text else letter


def _find_header(data, rows: int = 10):
    """The index of the roster's header row: the first row naming the org, name and domain columns."""
    want = [{a.lower() for a in ROSTER_ALIASES[k]} for k in ("org", "name", "domain")]
    for i, row in enumerate(data[:rows]):
        names = {cell_text(v).lower() for v in row}
        if all(names & w for w in want):
            return i
    return None


def read_roster_xlsx(path) -> list[Organization]:
    """The organizations of a roster workbook: its 组织名单 (Roster) sheet, or the
    first sheet with an ``org, name, domain`` header (aliases as in the CSV roster)."""
    file = str(path)
    wb = _open(path)
    with wb:
        names = list(wb.sheet_names)
        if not names:
            _fail(file, "the workbook has no sheets", "工作簿中没有工作表")
        preferred = [n for n in names if n.strip().lower() in ("组织名单", "roster")]
        chosen = None
        for name in preferred + [n for n in names if n not in preferred]:
            data = _cells(wb, name, file)
            at = _find_header(data)
            if at is not None:
                chosen = (name, data, at)
                break
        if chosen is None:
            name = (preferred or names)[0]
            chosen = (name, _cells(wb, name, file), 0)
    name, data, at = chosen
    header = [cell_text(v) for v in data[at]] if data else []
    letters = {}
    for c, h in enumerate(header):
        letters.setdefault(h, f"{column_letter(c)} ({h})" if h else column_letter(c))

    def place_of(row, column):
        return Place(file=file, sheet=name, row=row or at + 1, column=letters.get(column) if column else None)

    def rows():
        for r in range(at + 1, len(data)):
            yield r + 1, [cell_text(v) for v in data[r]]

    return roster_from_rows(header, rows(), place_of)
