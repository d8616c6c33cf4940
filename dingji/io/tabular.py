"""The long-form score CSV (``org,source,item,value``), UTF-8 with or without BOM."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import Batch, Organization
from dingji.core.text import Text

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


def _first_bad_line(path) -> int | None:
    """The 1-based line of the first bytes that are not UTF-8 (the decoder reads ahead, so ask the bytes)."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _not_utf8(file, line=None):
    if line is None:
        line = _first_bad_line(file)
    return Problem(
        Place(file=file, line=line),
        Text(
            "不是 UTF-8 文本（请另存为 UTF-8 编码的 CSV；Excel 中选“CSV UTF-8”）",
            "not UTF-8 text (save the CSV as UTF-8; Excel: 'CSV UTF-8')",
        ),
    )


def read_text(path: Path, digest: list | None = None) -> str:
    """A (small) CSV file's whole text, or an InputError saying what the file really is; ``digest``,
    if given, gets the ``(sha256, bytes)`` of what was read."""
    from dingji.io.hashing import read_bytes

    path = Path(path)
    _sniff(path)
    data, got = read_bytes(path)
    if digest is not None:
        digest.append(got)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([_not_utf8(str(path), data[: exc.start].count(b"\n") + 1)]) from None


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
    """A :class:`Batch` of the rows of a long-form score CSV, streamed (memory stays flat), read
    once: the file's sha256 is taken from the bytes as the rows are read (``batch.digest()``)."""
    from dingji.io.hashing import open_text

    path = Path(path)
    file = str(path)
    _sniff(path)
    f, raw = open_text(path)
    reader = csv.reader(f)
    try:
        header = next(checked_rows(reader, file), None)
    except UnicodeDecodeError:
        f.close()
        raise InputError([_not_utf8(file)]) from None
    except BaseException:
        f.close()
        raise
    names = [h.strip().lower() for h in header or []]
    missing = [h for h in LONG_HEADER if h not in names]
    if missing:
        f.close()
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
    columns = tuple(names.index(h) for h in LONG_HEADER)

    def again():  # the rows once more, from a new reading (to name the first of two conflicting entries)
        g = open(path, encoding="utf-8-sig", newline="")
        fresh = csv.reader(g)
        next(fresh, None)
        return _long_rows(g, fresh, file, len(names), columns, [])

    batch = Batch(file, None, lambda line: Place(file=file, line=line), reread=again, digest=raw.digest)
    object.__setattr__(batch, "rows", _long_rows(f, reader, file, len(names), columns, batch.problems))
    return batch


def _long_rows(f, reader, file: str, width: int, columns, problems):
    """``(org, source, item, value, line)`` of each row after the header (the reader's of the open
    file ``f``, closed at the end); a row of the wrong width, a line that is not UTF-8 or not CSV is
    a problem (the reading stops at the last two).  One generator, no other between the rows and
    the core: each layer costs a tenth of a second per million rows."""
    io_, is_, ii, iv = columns
    try:
        for row in reader:
            if len(row) != width:
                if not any(x.strip() for x in row):
                    continue  # blank line
                problems.append(
                    Problem(
                        Place(file=file, line=reader.line_num),
                        Text(f"应有 {width} 个字段，实有 {len(row)} 个", f"expected {width} fields, found {len(row)}"),
                    )
                )
                continue
            yield row[io_], row[is_], row[ii], row[iv], reader.line_num  # collect() strips
    except UnicodeDecodeError:
        problems.append(_not_utf8(file))
    except csv.Error as exc:
        problems.append(csv_problem(file, reader.line_num, exc))
    finally:
        f.close()


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


def write_long_template(std, roster, path):
    """The long CSV with one blank value per (organization, source, item)."""
    from dingji.core.inputs import spec_for

    spec = spec_for(std)
    keys = list(spec.required) + [k for k in spec.accepts if k not in set(spec.required)]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(LONG_HEADER))
        for org in roster or [None]:
            for source, item in keys:
                w.writerow([org.id if org else "", source, item, ""])
