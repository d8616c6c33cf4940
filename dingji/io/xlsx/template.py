"""The data-entry workbook (数据录入模板) of a standard, written with openpyxl.

Sheets: 填表说明 (instructions), 组织名单 (roster), one sheet per ``indicators``
source (a row per organization, a column per scorer input), 活动台账 (tracker
inputs shared by every source, once), one sheet per ``total`` source,
满意度测评 (survey counts), 加分扣分 (bonus and penalty counts) and 否决事项
(yes/no per fact veto).  Every data sheet has a hidden row 1 holding each
column's exact ``source:item`` key and, in A1, the standard's id and version:
the reader (:mod:`dingji.io.xlsx.read`) trusts that row, never the visible
headers, sheet names or column order.  Row 2 is the visible header, data starts
on row 3.

openpyxl is imported inside the functions, so ``import dingji`` stays light.
Cells, widths, styles and page setup are in :mod:`.cells` (importable from here too).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from dingji.core.inputs import Organization
from dingji.core.model import Standard
from dingji.core.numbers import fmt
from dingji.io.atomic import atomic_path
from dingji.io.xlsx.cells import (  # noqa: F401 - re-exported
    _col_width,
    _lines,
    _print_setup,
    _styles,
    _width,
    put,
)
from dingji.io.xlsx.layout import (  # noqa: F401 - FONT and the colours re-exported
    _BLANK_FILL,
    _GREY,
    _HEAD_FILL,
    _KEY_FONT,
    _T,
    BLANK_ROWS,
    FIRST_INPUT_COL,
    FIRST_ROW,
    FONT,
    FORMULA_STARTS,
    HEADER_ROW,
    KEY_ROW,
    NAME_KEY,
    Column,
    SheetSpec,
    help_steps,
    key_text,
    layout,
    org_marker,
    required_column,
)


def _validation(col: Column, lang: str, t: dict):
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang != "en"
    kind = col.kind
    if kind == "score":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=fmt(col.max))
        err = f"请填写 0～{fmt(col.max)} 的数值" if zh else f"Enter a number from 0 to {fmt(col.max)}"
    elif kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        err = "请填写不小于 0 的整数（次数）" if zh else "Enter a whole number, 0 or more"
    elif kind == "rate":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
        err = (
            "请填写 0～1 的小数（或 85% 这样的百分数）" if zh else "Enter a rate from 0 to 1 (or a percentage like 85%)"
        )
    else:
        dv = DataValidation(type="list", formula1=f'"{t["yes_no"]}"')
        err = "请选择“是”或“否”" if zh else "Choose yes or no"
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorTitle = "输入有误" if zh else "Not accepted"
    dv.error = err
    dv.promptTitle = col.header.split("\n")[0][:32]
    dv.prompt = col.prompt
    return dv


def _data_sheet(
    wb, spec: SheetSpec, standard: Standard, orgs: list[Organization], lang: str, t: dict, roster_title: str
):
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(spec.title)
    put(ws, KEY_ROW, 1, org_marker(standard), "dingji-key")
    put(ws, KEY_ROW, 2, NAME_KEY, "dingji-key")
    put(ws, HEADER_ROW, 1, t["org"], "dingji-head")
    put(ws, HEADER_ROW, 2, t["name"], "dingji-head")
    ws.row_dimensions[KEY_ROW].hidden = True
    last = FIRST_ROW + (len(orgs) if orgs else BLANK_ROWS) - 1
    for r, org in enumerate(orgs, FIRST_ROW):
        put(ws, r, 1, org.id, "dingji-fixed")
        put(ws, r, 2, org.name, "dingji-fixed")
    widths = [
        max([_width(t["org"]) + 2, 10] + [_width(o.id) + 2 for o in orgs[:500]]),
        max([12] + [min(_width(o.name) + 2, 30) for o in orgs[:500]]),
    ]
    lines = 1
    for c, col in enumerate(spec.columns, FIRST_INPUT_COL):
        letter = get_column_letter(c)
        put(ws, KEY_ROW, c, key_text(col.source, col.item), "dingji-key")
        put(ws, HEADER_ROW, c, col.header, "dingji-head")
        width = _col_width(col.header)
        widths.append(width)
        lines = max(lines, _lines(col.header, width))
        # input cells are not written: the column's own style leaves them unlocked
        ws.column_dimensions[letter].protection = Protection(locked=False)
        dv = _validation(col, lang, t)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(dv)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(w, 1)
    ws.row_dimensions[HEADER_ROW].height = 15 * lines + 4
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_INPUT_COL)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = "A:B"
    _print_setup(ws)
    _shade_inputs(ws, spec, last, standard)
    if orgs:
        # organizations are fixed: lock their ids and names, leave the input columns open
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    else:
        # no roster yet: ids are typed, chosen from the roster sheet
        ids = DataValidation(type="list", formula1=f"'{roster_title}'!$A$2:$A${BLANK_ROWS + 1}", allow_blank=True)
        ids.add(f"A{FIRST_ROW}:A{last}")
        ws.add_data_validation(ids)
    return ws


def _shade_inputs(ws, spec: SheetSpec, last: int, standard: Standard):
    """Borders on the input cells, and blank required cells tinted until filled (conditional
    formats over each run of required columns, so no blank cell has to be written)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if not spec.columns:
        return
    thin = Side(style="thin", color="BFBFBF")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    required = [c for c, col in enumerate(spec.columns, FIRST_INPUT_COL) if required_column(standard, col)]
    for _, run in groupby(enumerate(required), lambda pair: pair[1] - pair[0]):  # runs of adjacent columns
        run = [c for _, c in run]
        first, end = get_column_letter(run[0]), get_column_letter(run[-1])
        ws.conditional_formatting.add(
            f"{first}{FIRST_ROW}:{end}{last}",
            FormulaRule(
                formula=[f"LEN(TRIM({first}{FIRST_ROW}))=0"], fill=PatternFill(bgColor=_BLANK_FILL), border=box
            ),
        )
    first, end = get_column_letter(FIRST_INPUT_COL), get_column_letter(FIRST_INPUT_COL + len(spec.columns) - 1)
    ws.conditional_formatting.add(f"{first}{FIRST_ROW}:{end}{last}", FormulaRule(formula=["TRUE"], border=box))


def _roster_sheet(wb, title: str, orgs: list[Organization], t: dict):
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    head = t["roster_head"]
    rows = [(o.id, o.name, o.domain, o.parent, o.secretary, o.members) for o in orgs]
    for c, h in enumerate(head, 1):
        put(ws, 1, c, h, "dingji-head")
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row, 1):
            if v is not None:
                put(ws, r, c, v)
    for c, (h, floor) in enumerate(zip(head, (12, 24, 10, 20, 10, 8)), 1):
        longest = max([_width(h)] + [_width(str(row[c - 1])) for row in rows[:500] if row[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = round(max(floor, longest + 2), 1)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws, fit_width=True)
    return ws


def _help_sheet(ws, standard: Standard, specs: list[SheetSpec], roster_title: str, lang: str):
    zh = lang != "en"
    rows: list[tuple] = []
    title = f"{standard.name} · 数据录入模板" if zh else f"{standard.name_en or standard.name} · data-entry template"
    rows.append(("title", title))
    rows.append(("blank",))
    rows.append(("bold", "评分标准" if zh else "Standard"))
    for k_zh, k_en, v in (
        ("标准编号", "id", standard.id),
        ("名称", "name", standard.name),
        ("领域", "domain", standard.domain),
        ("版本", "version", standard.version),
        ("发布单位", "issued by", standard.issued_by or ""),
        ("SHA-256", "SHA-256", standard.sha256),
    ):
        rows.append(("pair", k_zh if zh else k_en, v))
    rows.append(("blank",))
    rows.append(("bold", "怎样填写" if zh else "How to fill it in"))
    steps = help_steps(standard, roster_title, lang)
    rows.extend(("wrap", s) for s in steps)
    rows.append(("blank",))
    rows.append(("bold", "工作表" if zh else "Sheets"))
    rows.append(
        (
            "pair",
            roster_title,
            "组织名单：组织编号、名称、领域（如 village 或 农村），可选上级党组织、书记、党员数"
            if zh
            else "Roster: org id, name, domain (a standard id such as village), optionally parent, secretary, members",
        )
    )
    for s in specs:
        rows.append(("pair", s.title, s.about))
    rows.append(("blank",))
    rows.append(("bold", "指标一览" if zh else "Indicators"))
    rows.append(
        ("head",)
        + (
            ("类别", "指标", "分值", "方法", "评分说明")
            if zh
            else ("category", "indicator", "points", "method", "guide")
        )
    )
    for cat in standard.categories:
        for ind in cat.indicators:
            rows.append(
                (
                    "row",
                    cat.name,
                    ind.name if zh else (ind.name_en or ind.name),
                    fmt(ind.points),
                    ind.method,
                    ind.guide or "",
                )
            )
    widths = (14, 30, 8, 10, 56)
    full, rest = sum(widths), sum(widths[1:])
    r = 0
    for kind, *vals in rows:
        r += 1
        if kind == "title":
            put(ws, r, 1, vals[0], "dingji-title")
            ws.row_dimensions[r].height = 22
        elif kind == "bold":
            put(ws, r, 1, vals[0], "dingji-bold")
        elif kind == "wrap":
            put(ws, r, 1, vals[0], "dingji-wrap")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            ws.row_dimensions[r].height = 15 * _lines(vals[0], full)
        elif kind == "pair":
            put(ws, r, 1, vals[0], "dingji-bold")
            put(ws, r, 2, vals[1], "dingji-wrap")
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
            ws.row_dimensions[r].height = 15 * _lines(str(vals[1]), rest)
        elif kind in ("head", "row"):
            for c, v in enumerate(vals, 1):
                put(ws, r, c, v, "dingji-head" if kind == "head" else "dingji-wrap")
            if kind == "row":
                ws.row_dimensions[r].height = 15 * max(_lines(str(v), w) for v, w in zip(vals, widths))
    for letter, w in zip("ABCDE", widths):
        ws.column_dimensions[letter].width = w
    _print_setup(ws, fit_width=True)


def write_template(standard: Standard, roster: Iterable[Organization], path, lang: str = "zh") -> Path:
    """Write the data-entry workbook of ``standard`` to ``path``; return the path.

    ``roster`` lists the organizations to enter (those of other domains are left
    out); with none, each sheet has :data:`BLANK_ROWS` blank rows with validation.
    ``lang`` is ``zh`` (default) or ``en`` for headers and instructions.  The file
    is written beside ``path`` and renamed, so an interrupted run leaves the old one.
    """
    from openpyxl import Workbook

    lang = "en" if lang == "en" else "zh"
    t = _T[lang]
    orgs = [o for o in roster or () if o.domain in (standard.id, standard.domain)]
    specs = layout(standard, lang)
    wb = Workbook()
    _styles(wb)
    help_ws = wb.active
    help_ws.title = t["help"]
    _roster_sheet(wb, t["roster"], orgs, t)
    for spec in specs:
        _data_sheet(wb, spec, standard, orgs, lang, t, t["roster"])
    _help_sheet(help_ws, standard, specs, t["roster"], lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
