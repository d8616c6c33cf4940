"""Reading an exported ledger's JSON document back (for ``dingji ledger merge``): loaded with
:func:`dingji.io.jsondoc.load` (no NaN, no huge numbers, bounded nesting), its shape checked
(:data:`LEDGER`) before use, and each row checked (:mod:`.ledger_check`).
"""

from __future__ import annotations

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text
from dingji.io import jsondoc
from dingji.io.jsondoc import BOOL, NUMBER, TEXT, WHOLE, list_of, map_of, maybe, obj, one_of
from dingji.report import ledger_scale
from dingji.report.ledger_check import OLD, PLACES, SHOWN, _check, _raise, _same_scales

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


def _read_json(path, data: bytes | None = None) -> dict:
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
        doc = jsondoc.load(path, shape, data, skip=frozenset({"indicators"}))  # every point: not merged
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
        "domains": {s["domain"]: s["name"] for s in doc["manifest"]["standards"]},
        "sources": sources,
        "standards": scales,
        "places": PLACES["json"],
        "rows": rows,
    }


def _reasons_text(reasons, idle) -> str:
    """A 否决原因 cell as the xlsx export writes it (core/rules.py: rules_text, in Chinese)."""
    text = "；".join(reasons)
    return text + (f"（另成立但未改变等次：{'；'.join(idle)}）" if idle else "")
