"""Reading exported ledgers back (for ``dingji ledger merge``): the xlsx workbook with
python-calamine, or the JSON document.

An xlsx ledger is identified by its ``dingji.*`` document properties (year, unit, and each
standard's scale, grades and rules: :mod:`.ledger_scale`), read from ``docProps/custom.xml``
with defusedxml after the archive is checked (:mod:`.filesafety`); its rows come from the
分类定级台账 sheet and its continuation sheets.  A JSON ledger is loaded with
:func:`dingji.io.jsondoc.load` (no NaN, no huge numbers, bounded nesting) and its shape
checked before use.  Each row's grade is checked against its score, its standard's
thresholds and the rules it names.  Every problem names the file, and the sheet, row and
column, or the JSON path; all of a file's problems are reported at once.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text
from dingji.io import jsondoc
from dingji.io.atomic import sha256_file
from dingji.io.filesafety import check_xlsx, identify
from dingji.io.jsondoc import BOOL, NUMBER, TEXT, WHOLE, list_of, map_of, maybe, obj, one_of
from dingji.io.xlsx.read import _guard, cell_text, column_letter
from dingji.report import ledger_scale
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
#: a file's problems shown at most (then one line saying how many more)
SHOWN = 100
#: the number of decimals an export writes source scores, bonus and penalty with
PLACES = {"xlsx": 2, "json": 4}

OLD = (
    "it does not carry its standards' grades and thresholds (exported by an older dingji); "
    "export it again with this version",
    "台账中没有各评分标准的等次与分数线（可能由旧版 dingji 导出）；请用当前版本重新导出",
)


def _fail(file, en, zh, **where):
    raise InputError([Problem(Place(file=str(file), **where), Text(zh, en))])


def _raise(problems):
    if len(problems) > SHOWN:
        more = len(problems) - SHOWN
        problems = problems[:SHOWN] + [
            Problem(Place(file=problems[0].place.file), Text(f"另有 {more} 个问题", f"and {more} more problems"))
        ]
    raise InputError(problems)


def read_ledger(path) -> dict:
    """``{file, sha256, year, unit, title, manifest: [(item, content)], sources: [names],
    standards: {domain name: Scale}, places, rows: [dict]}``; each row has ``org, name, domain,
    sources {name: value}, bonus, penalty, score, grade, vetoes, service, previous, move, place``
    and, for comparing and checking, ``_reasons`` (the rules that changed the grade) and
    ``_idle`` (those that hold without effect).  ``places``: the decimals of sources, bonus
    and penalty in the file (a score has its standard's precision)."""
    path = Path(path)
    kind = identify(path)
    if kind == "zip":
        got = _read_xlsx(path)
    elif kind == "text" and path.suffix.lower() == ".json":
        got = _read_json(path)
    else:
        _fail(
            path,
            "not an exported ledger: give the .xlsx or .json file of dingji ledger export",
            "不是导出的台账：请提供 dingji ledger export 生成的 .xlsx 或 .json 文件",
        )
    got["file"], got["sha256"] = str(path), sha256_file(path)
    return got


def _check(row, scale, problems, place_of) -> None:
    """The row's numbers, grade and rules against its standard; ``place_of(field)`` places a problem."""
    held = (*row["_reasons"], *row["_idle"])
    for field, en, zh in scale.check_numbers(row["sources"], row["bonus"], row["penalty"]) + scale.check(
        row["score"], row["grade"], held
    ):
        problems.append(Problem(place_of(field), Text(f"{row['org']}：{zh}", f"{row['org']}: {en}")))


def _same_scales(scales, file) -> dict:
    """``{domain name: Scale}`` from ``[(name, place key, Scale)]``; two different scales under one
    domain name are a problem (a row could not tell which is its own)."""
    out, problems = {}, []
    for name, key, scale in scales:
        if name in out and out[name] != scale:
            problems.append(
                Problem(
                    Place(file=file, key=key),
                    Text(
                        f"台账中有两个评分标准都名为“{name}”，而等次或分数线不同",
                        f"two standards of the ledger are both named {name}, with different grades",
                    ),
                )
            )
        out.setdefault(name, scale)
    if problems:
        _raise(problems)
    return out


# --- xlsx ----------------------------------------------------------------------------------


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
    file = str(path)
    props = _properties(path)
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

    wb = _guard(file, "the workbook cannot be read", "无法读取工作簿", CalamineWorkbook.from_path, file)
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


# --- JSON ----------------------------------------------------------------------------------

_YEAR = jsondoc.Shape(
    ("a year (four digits)", "四位数的年份"),
    lambda v: isinstance(v, int) and not isinstance(v, bool) and 1000 <= v <= 9999,
)
_STANDARD = obj(
    {
        "domain": TEXT,
        "name": TEXT,
        "id": TEXT,
        "version": TEXT,
        "total": NUMBER,
        "precision": WHOLE,
        "grades": list_of(obj({"name": TEXT, "min": NUMBER})),
        "vetoes": list_of(obj({"name": TEXT, "grade": TEXT})),
    },
    {"sha256": TEXT},
)
_FILE = obj({}, {"domain": TEXT, "file": TEXT, "sha256": TEXT})
_RESULT = obj(
    {
        "org": TEXT,
        "name": TEXT,
        "domain": TEXT,
        "score": NUMBER,
        "grade": TEXT,
        "vetoes": list_of(obj({"name": TEXT}, {"changed_grade": BOOL})),
        "service_oriented": BOOL,
        "sources": map_of(NUMBER),
        "bonus": NUMBER,
        "penalty": NUMBER,
    }
)
_HISTORY = obj({"org": TEXT}, {"grade": maybe(TEXT), "move": maybe(TEXT)})
#: what merge reads of a ledger's JSON document (other members are left alone)
LEDGER = obj(
    {
        "schema_version": one_of(1),
        "year": _YEAR,
        "manifest": obj({"standards": list_of(_STANDARD)}, {"files": list_of(_FILE)}),
        "results": list_of(_RESULT),
    },
    {
        "title": TEXT,
        "workspace": obj({}, {"name": TEXT}),
        "sources": map_of(TEXT),
        "history": list_of(_HISTORY),
        "summary": obj({}),
    },
)


def _read_json(path) -> dict:
    file = str(path)

    def shape(doc) -> list[Problem]:
        if not isinstance(doc, dict) or "schema_version" not in doc or "results" not in doc:
            return [
                Problem(
                    Place(file=file),
                    Text(
                        "不是 dingji 导出的台账（应有 schema_version 1、year、results）",
                        "not a ledger exported by dingji (schema_version 1, year, results)",
                    ),
                )
            ]
        m = doc.get("manifest")
        standards = m.get("standards") if isinstance(m, dict) else None
        if (
            isinstance(standards, list)
            and standards
            and all(isinstance(s, dict) and "grades" not in s for s in standards)
        ):
            return [Problem(Place(file=file, key="manifest.standards"), *OLD)]
        return LEDGER.problems(doc, place=lambda p: Place(file=file, key=p or "$"), limit=SHOWN)

    try:
        doc = jsondoc.load(path, shape)
    except InputError as exc:
        _raise(exc.problems)
    problems = []
    found = []
    for k, s in enumerate(doc["manifest"]["standards"]):
        scale, bad = ledger_scale.build(
            s["name"],
            s["total"],
            s["precision"],
            [(g["name"], g["min"]) for g in s["grades"]],
            [(v["name"], v["grade"]) for v in s["vetoes"]],
        )
        at = f"manifest.standards[{k}]"
        problems += [Problem(Place(file=file, key=f"{at}.{part}"), Text(zh, en)) for part, en, zh in bad]
        if scale is not None:
            found.append((scale.name, at, scale))
    if problems:
        _raise(problems)
    scales = _same_scales(found, file)
    names = doc.get("sources") or {}
    history = {h["org"]: h for h in doc.get("history") or []}
    rows = []
    for i, res in enumerate(doc["results"]):
        org, at = res["org"], f"results[{i}]"
        h = history.get(org, {})
        reasons = tuple(v["name"] for v in res["vetoes"] if v.get("changed_grade", True))
        idle = tuple(v["name"] for v in res["vetoes"] if not v.get("changed_grade", True))
        ids = {names.get(k, k): k for k in res["sources"]}
        row = {
            "org": org,
            "name": res["name"],
            "domain": res["domain"],
            "sources": {names.get(k, k): float(v) for k, v in res["sources"].items()},
            "bonus": float(res["bonus"]),
            "penalty": float(res["penalty"]),
            "score": float(res["score"]),
            "grade": res["grade"],
            "vetoes": _reasons_text(reasons, idle),
            "service": res["service_oriented"],
            "previous": h.get("grade") or "",
            "move": h.get("move") or "",
            "place": Place(file=file, key=at),
            "_reasons": reasons,
            "_idle": idle,
        }
        rows.append(row)
        scale = scales.get(row["domain"])
        if scale is None:
            problems.append(
                Problem(
                    Place(file=file, key=f"{at}.domain"),
                    Text(
                        f"{org}：manifest 中没有领域“{row['domain']}”的评分标准",
                        f"{org}: the manifest has no standard for the domain {row['domain']!r}",
                    ),
                )
            )
            continue

        def place_of(field, at=at, ids=ids):
            if field.startswith("sources."):
                return Place(file=file, key=jsondoc.join(f"{at}.sources", ids.get(field[8:], field[8:])))
            return Place(file=file, key=f"{at}.{field}")

        _check(row, scale, problems, place_of)
    if problems:
        _raise(problems)
    manifest = [
        (f"dingji.standard.{s['domain']}", f"{s['id']} {s['version']} sha256:{s.get('sha256', '')}")
        for s in doc["manifest"]["standards"]
    ]
    manifest += [
        (f"dingji.file.{i}", f"{x.get('domain')} sha256:{x.get('sha256')} {x.get('file')}")
        for i, x in enumerate(doc["manifest"].get("files", []), 1)
    ]
    sources = list(dict.fromkeys(n for r in rows for n in r["sources"]))
    return {
        "year": doc["year"],
        "unit": (doc.get("workspace") or {}).get("name", ""),
        "title": doc.get("title", ""),
        "manifest": manifest,
        "sources": sources,
        "standards": scales,
        "places": PLACES["json"],
        "rows": rows,
    }


def _reasons_text(reasons, idle) -> str:
    """A 否决原因 cell as the xlsx export writes it (core/rules.py: rules_text, in Chinese)."""
    text = "；".join(reasons)
    return text + (f"（另成立但未改变等次：{'；'.join(idle)}）" if idle else "")
