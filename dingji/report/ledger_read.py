"""Reading exported ledgers back (for ``dingji ledger merge``): the xlsx workbook with
python-calamine, or the JSON document.

An xlsx ledger is identified by its ``dingji.*`` document properties (year, unit),
read from ``docProps/custom.xml`` with defusedxml after the archive is checked
(:mod:`.filesafety`); its rows come from the 分类定级台账 sheet and its
continuation sheets.  Every problem names the file, and the sheet, row and column.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from dingji.io.atomic import sha256_file
from dingji.core.errors import InputError, Place, Problem
from dingji.report.sheet import LABELS

from dingji.io.filesafety import check_xlsx, identify
from dingji.io.xlsx.read import _guard, cell_text, column_letter

#: the main sheet's headers (both languages) -> field
FIELDS = {LABELS[k][i]: k for k in ("org", "name", "domain", "bonus", "penalty", "score", "grade", "vetoes",
                                    "service", "previous", "move") for i in (0, 1)}
YES = {LABELS["yes"][0], LABELS["yes"][1], "是", "yes", True}


def _fail(file, en, zh, **where):
    raise InputError([Problem(Place(file=str(file), **where), en, zh)])


def read_ledger(path) -> dict:
    """``{file, sha256, year, unit, title, manifest: [(item, content)], sources: [names], rows: [dict]}``;
    each row has ``org, name, domain, sources {name: value}, bonus, penalty, score, grade, vetoes,
    service, previous, move, place``."""
    path = Path(path)
    kind = identify(path)
    if kind == "zip":
        got = _read_xlsx(path)
    elif kind == "text" and path.suffix.lower() == ".json":
        got = _read_json(path)
    else:
        _fail(path, "not an exported ledger: give the .xlsx or .json file of dingji ledger export",
              "不是导出的台账：请提供 dingji ledger export 生成的 .xlsx 或 .json 文件")
    got["file"], got["sha256"] = str(path), sha256_file(path)
    return got


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


def _read_xlsx(path) -> dict:
    check_xlsx(path)
    props = _properties(path)
    if "dingji.year" not in props or not props["dingji.year"].isdigit():
        _fail(path, "not a ledger exported by dingji (it has no dingji.services document property)",
              "不是 dingji 导出的台账（缺少文档属性 dingji.services）")
    from python_calamine import CalamineWorkbook
    file = str(path)
    wb = _guard(file, "the workbook cannot be read", "无法读取工作簿", CalamineWorkbook.from_path, file)
    names = [n for n in wb.sheet_names if n.split(" (")[0] in (LABELS["main"][0], LABELS["main"][1])]
    if not names:
        _fail(path, f"the sheet {LABELS['main'][0]} is missing", f"缺少工作表 {LABELS['main'][0]}")
    rows, sources = [], None
    for name in names:
        data = _guard(file, f"sheet {name} cannot be read", f"无法读取工作表 {name}",
                      lambda: wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
        head_at = next((i for i, r in enumerate(data[:8]) if r and cell_text(r[0]) in (LABELS["org"][0], LABELS["org"][1])), None)
        if head_at is None:
            _fail(path, f"no header row starting with {LABELS['org'][0]}", f"找不到以“{LABELS['org'][0]}”开头的表头行",
                  sheet=name)
        head = [cell_text(v) for v in data[head_at]]
        cols = {FIELDS[h]: j for j, h in enumerate(head) if h in FIELDS}
        missing = [LABELS[k][0] for k in ("org", "name", "domain", "score", "grade") if k not in cols]
        if missing:
            _fail(path, f"the header lacks {', '.join(missing)}", f"表头缺少 {'、'.join(missing)}", sheet=name,
                  row=head_at + 1)
        src = [(j, head[j]) for j in range(cols["domain"] + 1, cols.get("bonus", cols["score"]))]
        sources = sources or [h for _, h in src]
        for i, r in enumerate(data[head_at + 1:], head_at + 2):
            if not any(cell_text(v) for v in r):
                continue
            rows.append(_row(path, name, i, r, cols, src))
    return {"year": int(props["dingji.year"]), "unit": props.get("dingji.unit", ""), "title": props.get("dingji.title", ""),
            "grades": [g for g in props.get("dingji.grades", "").split(",") if g],
            "manifest": [(k, v) for k, v in props.items() if k.startswith(("dingji.standard.", "dingji.file."))],
            "sources": sources or [], "rows": rows}


def _row(path, sheet, number, r, cols, src):
    def get(field):
        j = cols.get(field)
        return r[j] if j is not None and j < len(r) else None

    def number_at(field, j=None):
        j = cols.get(field) if j is None else j
        v = r[j] if j is not None and j < len(r) else None
        if v in (None, ""):
            return None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        _fail(path, f"{v!r} is not a number", f"{v!r} 不是数值", sheet=sheet, row=number, column=column_letter(j))

    place = Place(file=str(path), sheet=sheet, row=number)
    org, grade = cell_text(get("org")), cell_text(get("grade"))
    if not org:
        _fail(path, "a row with values has no organization id", "该行有数据，但没有组织编号", sheet=sheet, row=number)
    if not grade:
        _fail(path, f"{org} has no grade", f"{org} 没有等次", sheet=sheet, row=number,
              column=column_letter(cols["grade"]))
    score = number_at("score")
    if score is None:
        _fail(path, f"{org} has no score", f"{org} 没有综合得分", sheet=sheet, row=number,
              column=column_letter(cols["score"]))
    return {"org": org, "name": cell_text(get("name")), "domain": cell_text(get("domain")),
            "sources": {h: number_at(None, j) for j, h in src}, "bonus": number_at("bonus"),
            "penalty": number_at("penalty"), "score": score, "grade": grade, "vetoes": cell_text(get("vetoes")),
            "service": get("service") in YES, "previous": cell_text(get("previous")), "move": cell_text(get("move")),
            "place": place}


def _read_json(path) -> dict:
    try:
        with open(path, encoding="utf-8-sig") as f:
            doc = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(path, f"not valid JSON: {exc}", f"不是有效的 JSON：{exc}")
    if not isinstance(doc, dict) or doc.get("schema_version") != 1 or not isinstance(doc.get("year"), int) \
            or not isinstance(doc.get("results"), list):
        _fail(path, "not a ledger exported by dingji (schema_version 1, year, results)",
              "不是 dingji 导出的台账（应有 schema_version 1、year、results）")
    names = doc.get("sources") or {}
    history = {h.get("org"): h for h in doc.get("history") or [] if isinstance(h, dict)}
    rows = []
    for i, res in enumerate(doc["results"]):
        try:
            org = str(res["org"])
            h = history.get(org, {})
            rows.append({"org": org, "name": str(res["name"]), "domain": str(res["domain"]),
                         "sources": {names.get(k, k): float(v) for k, v in res["sources"].items()},
                         "bonus": float(res["bonus"]), "penalty": float(res["penalty"]), "score": float(res["score"]),
                         "grade": str(res["grade"]), "vetoes": "；".join(v["name"] for v in res["vetoes"]),
                         "service": bool(res["service_oriented"]), "previous": h.get("grade") or "",
                         "move": h.get("move") or "", "place": Place(file=str(path), key=f"results[{i}]")})
        except (KeyError, TypeError, ValueError) as exc:
            _fail(path, f"result {i + 1} is incomplete ({type(exc).__name__}: {exc})",
                  f"第 {i + 1} 个结果不完整（{type(exc).__name__}：{exc}）", key=f"results[{i}]")
    m = doc.get("manifest") or {}
    manifest = [(f"dingji.standard.{s.get('domain')}", f"{s.get('id')} {s.get('version')} sha256:{s.get('sha256')}")
                for s in m.get("standards", [])]
    manifest += [(f"dingji.file.{i}", f"{x.get('domain')} sha256:{x.get('sha256')} {x.get('file')}")
                 for i, x in enumerate(m.get("files", []), 1)]
    sources = list(dict.fromkeys(n for r in rows for n in r["sources"]))
    grades = (doc.get("summary") or {}).get("grades") or []
    return {"year": doc["year"], "unit": str((doc.get("workspace") or {}).get("name", "")), "title": str(doc.get("title", "")),
            "grades": [str(g) for g in grades] if isinstance(grades, list) else [],
            "manifest": manifest, "sources": sources, "rows": rows}
