"""Reading exported ledgers back (for ``dingji ledger merge``): the xlsx workbook with
python-calamine, or the JSON document.

An xlsx ledger is identified by its ``dingji.*`` document properties (year, unit, and each
standard's scale, grades and rules: :mod:`.ledger_scale`), read from ``docProps/custom.xml``
with defusedxml after the archive is checked (:mod:`dingji.io.filesafety`); its rows come from the
分类定级台账 sheet and its continuation sheets.  A JSON ledger is loaded with
:func:`dingji.io.jsondoc.load` (no NaN, no huge numbers, bounded nesting) and its shape
checked before use.  Each row's grade is checked against its score, its standard's
thresholds and the rules it names.  Every problem names the file, and the sheet, row and
column, or the JSON path; all of a file's problems are reported at once.

Reading is split by concern: the xlsx workbook (:mod:`.ledger_xlsx`), the JSON document
(:mod:`.ledger_json`), and the checks both share (:mod:`.ledger_check`).
"""

from __future__ import annotations

from pathlib import Path

from dingji.io.filesafety import identify
from dingji.report.ledger_check import OLD, PLACES, SHOWN, _fail
from dingji.report.ledger_json import LEDGER, _read_json
from dingji.report.ledger_xlsx import FIELDS, MOVES, YES, _read_xlsx

__all__ = ["FIELDS", "LEDGER", "MOVES", "OLD", "PLACES", "SHOWN", "YES", "read_ledger"]


def read_ledger(path) -> dict:
    """``{file, sha256, year, unit, title, manifest: [(item, content)], sources: [names],
    standards: {domain name: Scale}, places, rows: [dict]}``; each row has ``org, name, domain,
    sources {name: value}, bonus, penalty, score, grade, vetoes, service, previous, move, place``
    and, for comparing and checking, ``_reasons`` (the rules that changed the grade) and
    ``_idle`` (those that hold without effect).  ``places``: the decimals of sources, bonus
    and penalty in the file (a score has its standard's precision)."""
    from dingji.io.hashing import read_bytes

    path = Path(path)
    kind = identify(path)
    if kind == "zip" or (kind == "text" and path.suffix.lower() == ".json"):
        try:
            data, (sha, _) = read_bytes(path)  # read once: checked, parsed and hashed from memory
        except OSError as exc:
            _fail(path, f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")
    if kind == "zip":
        got = _read_xlsx(path, data)
    elif kind == "text" and path.suffix.lower() == ".json":
        got = _read_json(path, data)
    else:
        _fail(
            path,
            "not an exported ledger: give the .xlsx or .json file of dingji ledger export",
            "不是导出的台账：请提供 dingji ledger export 生成的 .xlsx 或 .json 文件",
        )
    got["file"], got["sha256"] = str(path), sha
    return got
