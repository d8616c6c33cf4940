"""The ledger as CSV (one file per sheet) and as one JSON document: the built-in
``csv`` and ``json`` writers.

CSV files are UTF-8 with a BOM, so that Excel shows Chinese correctly; since Excel
also turns a CSV field starting with ``= + - @``, tab or CR into a formula, such a
text is written with a leading apostrophe (``'=…``), as OWASP advises.  The JSON
document keeps every text exactly; its keys are stable (see cli.md).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path

from dingji import hookimpl
from dingji.io.atomic import clean_stale, file_mode
from dingji.io.jsonout import write_document
from dingji.report.sheet import LedgerWriter

_FORMULA = tuple("=+-@\t\r")
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def csv_text(value):
    """A cell for a CSV that Excel opens: a text that would be a formula gets an apostrophe."""
    if value.__class__ is str and value.startswith(_FORMULA):
        return "'" + value
    return value


def sheet_rows(sheet):
    """The rows of one CSV file: a table's header (groups joined with ·) and rows, or a
    report's blocks one under another (heading, header, rows, a blank line)."""
    blocks = sheet.tables()
    for index, block in enumerate(blocks):
        if sheet.blocks and block.heading:
            yield [block.heading]
        if block.groups:
            yield [f"{g}·{h}" if g else h for g, h in zip(block.groups, block.headers)]
        elif block.headers:
            yield list(block.headers)
        for row in block.iter_rows():
            yield [csv_text(v) for v in row]
        if index < len(blocks) - 1:
            yield []


def csv_target(target) -> tuple[Path, str]:
    """(folder, file name prefix): ``-o`` names a folder (existing, or ending in /) or a prefix."""
    text = str(target)
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        return path, ""
    stem = path.stem if path.suffix.lower() == ".csv" else path.name
    return path.parent, f"{stem}-"


def write_csv(ledger, target):
    """One CSV per sheet; every file is complete before any existing one is replaced."""
    folder, prefix = csv_target(target)
    folder.mkdir(parents=True, exist_ok=True)
    pending, taken = [], set()
    try:
        for sheet in ledger.sheets():
            name = _FILE_BAD.sub("_", sheet.name).strip() or "sheet"
            base, k = name, 2
            while name.lower() in taken:
                name, k = f"{base} ({k})", k + 1
            taken.add(name.lower())
            final = folder / f"{prefix}{name}.csv"
            clean_stale(final)  # what a killed export of this file left behind
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
            os.close(fd)
            os.chmod(tmp, file_mode())
            pending.append((Path(tmp), final))
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(sheet_rows(sheet))
        for tmp, final in pending:
            os.replace(tmp, final)
    finally:
        for tmp, _ in pending:
            if tmp.exists():
                tmp.unlink()
    return [final for _, final in pending]


def write_json(ledger, path):
    """One document, streamed: the same text as ``json.dumps(doc, ensure_ascii=False, indent=2)``."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        write_document(f, ledger.json_items())
    return path


@hookimpl
def dingji_register_writers(register):
    register(
        LedgerWriter("csv", "", write_csv, "每个工作表一个 CSV 文件（UTF-8 带 BOM）/ one CSV per sheet", many=True)
    )
    register(LedgerWriter("json", ".json", write_json, "一个 JSON 文档 / one JSON document"))
