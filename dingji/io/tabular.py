"""The long-form score CSV (``org,source,item,value``) and the roster CSV: UTF-8 with or without
BOM, or GB18030 (:mod:`.csvtext`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Batch, Organization
from dingji.core.text import Text
from dingji.io import csvparts
from dingji.io.csvtext import CsvText

LONG_HEADER = ("org", "source", "item", "value")

_MAGIC = {
    b"PK\x03\x04": ("an xlsx/zip workbook", "xlsx/zip 工作簿"),
    b"\xd0\xcf\x11\xe0": ("an old .xls workbook", "旧版 .xls 工作簿"),
}


def _sniff(path: Path) -> None:
    """Refuse a workbook or other binary file named .csv, before reading it as text."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise InputError(
            [Problem(Place(file=str(path)), Text(f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}"))]
        ) from None
    for magic, (en, zh) in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(
                [
                    Problem(
                        Place(file=str(path)),
                        Text(f"这是{zh}，不是 CSV 文本文件", f"this is {en}, not a CSV text file"),
                    )
                ]
            )


def read_text(path: Path, digest: list | None = None) -> str:
    """A (small) CSV file's whole text, UTF-8 or GB18030 (:mod:`.csvtext`), or an InputError
    saying what the file really is; ``digest``, if given, gets the ``(sha256, bytes)`` of the file."""
    path = Path(path)
    _sniff(path)
    csv_text = CsvText(path)
    text = csv_text.read()
    if digest is not None:
        digest.append(csv_text.digest())  # taken from the bytes just read: no second reading
    return text


def csv_problem(file: str, line: int, exc: csv.Error) -> Problem:
    """A CSV the csv module cannot split, said so that a user can find and fix it."""
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        return Problem(
            Place(file=file, line=line),
            Text(
                f'某个字段超过 {limit:,} 个字符：多半是有一个引号（"）没有配对，其后的内容都被读成了一个字段',
                f'a field is longer than {limit:,} characters: most likely a quotation mark (") that is '
                "never closed, so that the rest of the file reads as one field",
            ),
        )
    return Problem(Place(file=file, line=line), Text(f"CSV 格式错误：{exc}", f"not valid CSV: {exc}"))


def checked_rows(reader, file: str):
    """The rows of a ``csv.reader``; a row it cannot split is an InputError naming the line."""
    try:
        yield from reader
    except csv.Error as exc:
        raise InputError([csv_problem(file, reader.line_num, exc)]) from None


def read_long_csv(path) -> Batch:
    """A :class:`Batch` of the rows of a long-form score CSV, streamed (memory stays flat)."""
    path = Path(path)
    file = str(path)
    _sniff(path)
    text = CsvText(path)
    with text.open() as f:
        reader = csv.reader(f)
        header = next(checked_rows(reader, file), None)
    names = [h.strip().lower() for h in header or []]
    missing = [h for h in LONG_HEADER if h not in names]
    if missing:
        raise InputError(
            [
                Problem(
                    Place(file=file, line=1),
                    Text(
                        f"表头应包含 {','.join(LONG_HEADER)} 四列；缺少 {'、'.join(missing)}"
                        f"（实为 {','.join(header or []) or '空文件'}）",
                        f"the header must name the columns {','.join(LONG_HEADER)}; missing {', '.join(missing)}"
                        f" (found {','.join(header or []) or 'an empty file'})",
                    ),
                )
            ]
        )
    io_, is_, ii, iv = (names.index(h) for h in LONG_HEADER)
    width = len(names)

    def rows(problems):
        with text.open() as f:
            reader = csv.reader(f)
            next(reader, None)
            line = 1
            try:
                for row in reader:
                    if len(row) != width:
                        line = reader.line_num
                        if not any(x.strip() for x in row):
                            continue  # blank line
                        problems.append(
                            Problem(
                                Place(file=file, line=line),
                                Text(
                                    f"应有 {width} 个字段，实有 {len(row)} 个",
                                    f"expected {width} fields, found {len(row)}",
                                ),
                            )
                        )
                        continue
                    yield row[io_], row[is_], row[ii], row[iv], reader.line_num  # collect() strips
            except InputError as exc:  # a byte that does not decode, further on
                problems.extend(exc.problems)
            except csv.Error as exc:
                problems.append(csv_problem(file, reader.line_num, exc))

    batch = Batch(
        file,
        None,
        lambda line: Place(file=file, line=line),
        reread=lambda: rows([]),
        locate_org=lambda line: Place(file=file, line=line, column=LONG_HEADER[0]),
        digest=text.digest,  # taken while the rows are read (None until they all are)
        parts=lambda shares: csvparts.parts(path, (io_, is_, ii, iv), width, shares),
    )
    object.__setattr__(batch, "rows", rows(batch.problems))
    return batch


ROSTER_ALIASES = {
    "org": ("org", "id", "组织编号", "编号"),
    "name": ("name", "组织名称", "名称", "党组织名称"),
    "domain": ("domain", "领域"),
    "parent": ("parent", "上级党组织", "上级"),
    "secretary": ("secretary", "书记"),
    "members": ("members", "党员数", "党员人数"),
}


def roster_from_rows(header, rows, place_of) -> list[Organization]:
    """Organizations from a header and rows (CSV or sheet); every problem at once.

    ``rows`` yields ``(where, cells)``; ``place_of(where, column)`` makes a Place.
    """
    names = [str(h or "").strip().lower() for h in header]
    col = {}
    for key, aliases in ROSTER_ALIASES.items():
        for a in aliases:
            if a.lower() in names:
                col[key] = names.index(a.lower())
                break
    missing = [k for k in ("org", "name", "domain") if k not in col]
    if missing:
        raise InputError(
            [
                Problem(
                    place_of(None, None),
                    Text(
                        f"组织名单表头需要 org、name、domain 三列；缺少 {'、'.join(missing)}",
                        f"the roster header needs org, name, domain; missing {', '.join(missing)}",
                    ),
                )
            ]
        )
    out, problems, seen = [], [], {}
    for where, cells in rows:

        def get(k, cells=cells):
            return (
                str(cells[col[k]]).strip()
                if col.get(k) is not None and col[k] < len(cells) and cells[col[k]] is not None
                else ""
            )

        if not any(str(c or "").strip() for c in cells):
            continue
        org, name, domain = get("org"), get("name"), get("domain")
        bad = [k for k, v in (("org", org), ("name", name), ("domain", domain)) if not v]
        for k in bad:
            problems.append(Problem(place_of(where, header[col[k]]), Text(f"{k} 未填写", f"{k} is empty")))
        if bad:
            continue
        if org in seen:
            problems.append(
                Problem(
                    place_of(where, header[col["org"]]),
                    Text(f"组织 {org!r} 重复出现", f"organization {org!r} appears twice"),
                )
            )
            continue
        members = get("members")
        count = None
        if members:
            from dingji.core.values import parse_count

            value, err = parse_count(members)
            if err is not None:
                problems.append(
                    Problem(
                        place_of(where, header[col["members"]]),
                        Text(f"党员数应为整数，实为 {members!r}", f"members must be a whole number, got {members!r}"),
                    )
                )
            else:
                count = int(value)
        seen[org] = True
        out.append(Organization(org, name, domain, get("parent") or None, get("secretary") or None, count))
    if problems:
        raise InputError(problems)
    return out


def read_roster_csv(path) -> list[Organization]:
    path = Path(path)
    file = str(path)
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    header = next(checked_rows(reader, file), [])

    def rows():
        for cells in checked_rows(reader, file):
            yield reader.line_num, cells

    return roster_from_rows(header, rows(), lambda line, column: Place(file=file, line=line or 1, column=column))
