"""A data sheet of a template whose hidden key row (row 1) was deleted, cleared or overwritten.

Such a sheet cannot be read (the key row says which ``source:item`` each column holds), and
without this check it would be passed over as a sheet of the user's own, every organization then
lacking its values, a problem each.  It is known by its name, its headers or what is left of its
keys, against the template of the standard (both languages); it is said once, and the values it
held are not also said to be missing (:attr:`dingji.core.inputs.Batch.unread`).
"""

from __future__ import annotations

from itertools import islice

from dingji.core.errors import Place, Problem
from dingji.core.model import Standard
from dingji.core.records import text as cell_text
from dingji.core.text import Text
from dingji.io.xlsx.layout import key_text, layout


def _first_line(value) -> str:
    return cell_text(value).split("\n")[0].strip()


def lost_key_rows(file: str, standard: Standard, unmarked, read: set) -> tuple[list[Problem], set]:
    """Problems for the sheets of ``unmarked`` (``(name, rows)``, rows from the first non-blank)
    that are the standard's data sheets without their key row, and the ``(source, item)`` they
    held; a sheet whose values were all read from another sheet is not one of them."""
    specs = layout(standard, "zh") + layout(standard, "en")
    problems, unread = [], set()
    for name, rows in unmarked:
        texts = {_first_line(v) for row in islice(rows, 2) for v in row if v is not None and v != ""}
        named = [s for s in specs if s.title == name.strip()]
        headed = [
            s
            for s in specs
            if s.columns
            and (
                2 * sum(_first_line(c.header) in texts for c in s.columns) >= len(s.columns)
                or any(key_text(c.source, c.item) in texts for c in s.columns)
            )
        ]
        keys = {(c.source, c.item) for s in (named or headed) for c in s.columns} - read
        if not keys:
            continue  # a sheet of the user's own, or a copy of one that was read
        unread |= keys
        problems.append(
            Problem(
                Place(file=file, sheet=name, row=1),
                Text(
                    "隐藏的编号行被删除或改动：无法识别各列，本工作表未读取；"
                    f"请用 dingji template {standard.id} 重新生成模板，把数据复制进去",
                    "the hidden key row was deleted or changed: the columns cannot be recognised, so this sheet "
                    f"was not read; make a new template with dingji template {standard.id} and copy the data into it",
                ),
            )
        )
    return problems, unread
