"""Reading an exported ledger's xlsx workbook back (for ``dingji ledger merge``), with
python-calamine: its ``dingji.*`` document properties (year, unit, and each standard's scale,
grades and rules: :mod:`.ledger_scale`), read from ``docProps/custom.xml`` with defusedxml after
the archive is checked (:mod:`dingji.io.filesafety`), and its rows from the 分类定级台账 sheet
and its continuation sheets, each checked (:mod:`.ledger_check`).
"""

from __future__ import annotations

import io
import re
import zipfile

from dingji.core.errors import Place, Problem
from dingji.core.text import Text
from dingji.io.filesafety import check_xlsx
from dingji.io.xlsx.read import _guard, cell_text, column_letter
from dingji.report import ledger_scale
from dingji.report.ledger_check import OLD, PLACES, _check, _fail, _raise, _same_scales
from dingji.report.sheet import LABELS

#: the main sheet's headers (both languages) -> field
FIELDS = {
    LABELS[k][i]: k
    for k in ("org", "name", "domain", "bonus", "penalty", "score", "grade", "vetoes", "service", "previous", "move")
    for i in (0, 1)
}
YES = {LABELS["yes"][0], LABELS["yes"][1], "是", "yes", True}
#: 升/平/降 in either language -> up, same, down (to compare an xlsx with a JSON ledger)
MOVES = {LABELS[k][i]: k for k in ("up", "same", "down") for i in (0, 1)}
#: how a 否决原因 cell lists the rules that hold without changing the grade (core/rules.py: rules_text)
_IDLE = (("（另成立但未改变等次：", "）"), ("(also holds, without effect: ", ")"))
_SEP = re.compile(r"；|; ")


def _properties(path) -> dict[str, str]:
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as z:
            if "docProps/custom.xml" not in z.namelist():
                return {}
            root = ElementTree.fromstring(z.read("docProps/custom.xml"))
    except Exception as exc:  # noqa: BLE001 - any damage is the user's file, named
        _fail(path, f"its document properties cannot be read: {exc}", f"无法读取文档属性：{exc}")
    out = {}
    for prop in root:
        value = next(iter(prop), None)
        if prop.get("name") and value is not None:
            out[prop.get("name")] = value.text or ""
    return out


def _read_xlsx(path, data: bytes | None = None) -> dict:
    """A ledger workbook; ``data``: its bytes, already read (the checks and calamine read them from memory)."""
    check_xlsx(path, data=data)
    file = str(path)
    props = _properties(path if data is None else io.BytesIO(data))
    year = props.get("dingji.year", "")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        _fail(
            path,
            "not a ledger exported by dingji (it has no dingji.services document property)",
            "不是 dingji 导出的台账（缺少文档属性 dingji.services）",
        )
    if "dingji.merged" in props:
        _fail(
            path,
            "this is a merged ledger: merge the townships' own ledgers instead",
            "这是合并后的台账：请合并各乡镇自己导出的台账",
        )
    found, bad = ledger_scale.from_properties(props)
    problems = [
        Problem(Place(file=file, key=key), Text(f"文档属性 {key}：{zh}", f"document property {key}: {en}"))
        for key, en, zh in bad
    ]
    if not found and not bad:
        problems.append(Problem(Place(file=file), *OLD))
    if problems:
        _raise(problems)
    scales = _same_scales(found, file)
    from python_calamine import CalamineWorkbook

    wb = (
        _guard(file, "the workbook cannot be read", "无法读取工作簿", CalamineWorkbook.from_path, file)
        if data is None
        else _guard(
            file, "the workbook cannot be read", "无法读取工作簿", CalamineWorkbook.from_filelike, io.BytesIO(data)
        )
    )
    names = [n for n in wb.sheet_names if n.split(" (")[0] in (LABELS["main"][0], LABELS["main"][1])]
    if not names:
        _fail(path, f"the sheet {LABELS['main'][0]} is missing", f"缺少工作表 {LABELS['main'][0]}")
    rows, sources = [], None
    for name in names:
        data = _guard(
            file,
            f"sheet {name} cannot be read",
            f"无法读取工作表 {name}",
            lambda name=name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False),
        )
        head_at = next(
            (i for i, r in enumerate(data[:8]) if r and cell_text(r[0]) in (LABELS["org"][0], LABELS["org"][1])), None
        )
        if head_at is None:
            _fail(
                path,
                f"no header row starting with {LABELS['org'][0]}",
                f"找不到以“{LABELS['org'][0]}”开头的表头行",
                sheet=name,
            )
        head = [cell_text(v) for v in data[head_at]]
        cols = {FIELDS[h]: j for j, h in enumerate(head) if h in FIELDS}
        missing = [LABELS[k][0] for k in ("org", "name", "domain", "score", "grade") if k not in cols]
        if missing:
            _fail(
                path,
                f"the header lacks {', '.join(missing)}",
                f"表头缺少 {'、'.join(missing)}",
                sheet=name,
                row=head_at + 1,
            )
        src = [(j, head[j]) for j in range(cols["domain"] + 1, cols.get("bonus", cols["score"]))]
        sources = sources or [h for _, h in src]
        for i, r in enumerate(data[head_at + 1 :], head_at + 2):
            if not any(cell_text(v) for v in r):
                continue
            row = _row(path, name, i, r, cols, src, problems)
            if row is None:
                continue
            rows.append(row)
            scale = scales.get(row["domain"])
            if scale is None:
                where = Place(file=file, sheet=name, row=i, column=column_letter(cols["domain"]))
                problems.append(
                    Problem(
                        where,
                        Text(
                            f"{row['org']}：台账中没有领域“{row['domain']}”的评分标准",
                            f"{row['org']}: the ledger carries no standard for the domain {row['domain']!r}",
                        ),
                    )
                )
                continue
            at = {"sources." + h: j for j, h in src}

            def place_of(field, i=i, at=at, name=name, cols=cols):
                j = at.get(field, cols.get(field))
                return Place(file=file, sheet=name, row=i, column=None if j is None else column_letter(j))

            _check(row, scale, problems, place_of)
    if problems:
        _raise(problems)
    return {
        "year": int(year),
        "unit": props.get("dingji.unit", ""),
        "title": props.get("dingji.title", ""),
        "manifest": [(k, v) for k, v in props.items() if k.startswith(("dingji.standard.", "dingji.file."))],
        # each standard's key (dingji.standard.<key>) -> its domain's name: dingji.scale.<key> = "100 1 农村"
        "domains": {
            k[len("dingji.scale.") :]: v.split(" ", 2)[-1] for k, v in props.items() if k.startswith("dingji.scale.")
        },
        "sources": sources or [],
        "standards": scales,
        "places": PLACES["xlsx"],
        "rows": rows,
    }


def _held(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(rules that changed the grade, rules that hold without effect)`` from a 否决原因 cell."""
    idle = ""
    for opening, closing in _IDLE:
        at = text.find(opening)
        if at >= 0 and text.endswith(closing):
            text, idle = text[:at], text[at + len(opening) : -len(closing)]
            break

    def names(part):
        return tuple(n.strip() for n in _SEP.split(part) if n.strip())

    return names(text), names(idle)


def _row(path, sheet, number, r, cols, src, problems):
    """One row of the main sheet as a dict; None (and its problems appended) if a cell is wrong."""
    file, before = str(path), len(problems)

    def get(field):
        j = cols.get(field)
        return r[j] if j is not None and j < len(r) else None

    def wrong(en, zh, j=None):
        column = None if j is None else column_letter(j)
        problems.append(Problem(Place(file=file, sheet=sheet, row=number, column=column), Text(zh, en)))

    def number_at(field, j=None):
        j = cols.get(field) if j is None else j
        v = r[j] if j is not None and j < len(r) else None
        if v in (None, ""):
            return None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        wrong(f"{v!r} is not a number", f"{v!r} 不是数值", j)
        return None

    org, grade = cell_text(get("org")), cell_text(get("grade"))
    if not org:
        wrong("a row with values has no organization id", "该行有数据，但没有组织编号")
        return None
    if not grade:
        wrong(f"{org} has no grade", f"{org} 没有等次", cols["grade"])
    score = number_at("score")
    if score is None and len(problems) == before:
        wrong(f"{org} has no score", f"{org} 没有综合得分", cols["score"])
    vetoes = cell_text(get("vetoes"))
    reasons, idle = _held(vetoes)
    row = {
        "org": org,
        "name": cell_text(get("name")),
        "domain": cell_text(get("domain")),
        "sources": {h: number_at(None, j) for j, h in src},
        "bonus": number_at("bonus"),
        "penalty": number_at("penalty"),
        "score": score,
        "grade": grade,
        "vetoes": vetoes,
        "service": get("service") in YES,
        "previous": cell_text(get("previous")),
        "move": cell_text(get("move")),
        "place": Place(file=file, sheet=sheet, row=number),
        "_reasons": reasons,
        "_idle": idle,
    }
    return None if len(problems) > before else row
