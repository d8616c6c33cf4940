"""The long-form score CSV (``org,source,item,value``), UTF-8 with or without BOM."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Batch

LONG_HEADER = ("org", "source", "item", "value")

_MAGIC = {
    b"PK\x03\x04": ("an xlsx/zip workbook", "xlsx/zip 工作簿"),
    b"\xd0\xcf\x11\xe0": ("an old .xls workbook", "旧版 .xls 工作簿"),
}


def read_text(path: Path) -> str:
    """A CSV file's text, or an InputError saying what the file really is."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Place(file=str(path)), f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")]) from None
    for magic, (en, zh) in _MAGIC.items():
        if data.startswith(magic):
            raise InputError([Problem(Place(file=str(path)), f"this is {en}, not a CSV text file",
                                      f"这是{zh}，不是 CSV 文本文件")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(Place(file=str(path), line=line),
                                  "not UTF-8 text (save the CSV as UTF-8; Excel: 'CSV UTF-8')",
                                  "不是 UTF-8 文本（请另存为 UTF-8 编码的 CSV；Excel 中选“CSV UTF-8”）")]) from None


def read_long_csv(path) -> Batch:
    """A :class:`Batch` of the rows of a long-form score CSV."""
    path = Path(path)
    text = read_text(path)
    file = str(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    names = [h.strip().lower() for h in header or []]
    missing = [h for h in LONG_HEADER if h not in names]
    if missing:
        raise InputError([Problem(Place(file=file, line=1),
                                  f"the header must name the columns {','.join(LONG_HEADER)}; missing {', '.join(missing)}"
                                  f" (found {','.join(header or []) or 'an empty file'})",
                                  f"表头应包含 {','.join(LONG_HEADER)} 四列；缺少 {'、'.join(missing)}"
                                  f"（实为 {','.join(header or []) or '空文件'}）")])
    io_, is_, ii, iv = (names.index(h) for h in LONG_HEADER)
    width = len(names)
    batch = Batch(file, None, lambda line: Place(file=file, line=line))

    def rows():
        line = 1
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                if not any(x.strip() for x in row):
                    continue  # blank line
                batch.problems.append(Problem(Place(file=file, line=line),
                                              f"expected {width} fields, found {len(row)}",
                                              f"应有 {width} 个字段，实有 {len(row)} 个"))
                continue
            yield row[io_].strip(), row[is_].strip(), row[ii].strip(), row[iv], line
    object.__setattr__(batch, "rows", rows())
    return batch
