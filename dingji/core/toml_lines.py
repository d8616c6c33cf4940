"""Find the line of a key in a TOML text, so standard errors can name it; and say why a text
is not TOML when a Chinese input method's quotation marks are the reason.

``tomllib`` gives no positions for values; this scanner follows table headers
(``[scale]``, ``[[category]]``, ``[[category.indicator]]``) and counts
array-of-tables entries, which is all a standard file uses.
"""

from __future__ import annotations

import re

from dingji.core.errors import Place, Problem
from dingji.core.text import Text

_ARRAY = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


class LineIndex:
    """Maps ``(table path, key)`` to a 1-based line number.

    A table path is a tuple such as ``("scale",)``, ``("category", 0)`` or
    ``("category", 0, "indicator", 2)``; the empty tuple is the top level.
    """

    def __init__(self, text: str):
        self._keys: dict[tuple, int] = {}
        self._tables: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}
        path: tuple = ()
        for number, line in enumerate(text.splitlines(), start=1):
            m = _ARRAY.match(line)
            if m:
                path = self._array_path(m.group(1).split("."), counts, path)
                self._tables.setdefault(path, number)
                continue
            m = _TABLE.match(line)
            if m:
                path = tuple(m.group(1).split("."))
                self._tables.setdefault(path, number)
                continue
            m = _KEY.match(line)
            if m:
                self._keys.setdefault((path, m.group(1)), number)

    @staticmethod
    def _array_path(names, counts, current):
        # parent arrays keep the index of their current entry
        prefix: tuple = ()
        for depth, name in enumerate(names):
            if depth < len(names) - 1:
                idx = None
                if len(current) >= len(prefix) + 2 and current[len(prefix)] == name:
                    idx = current[len(prefix) + 1]
                prefix = prefix + (name, idx if idx is not None else 0)
            else:
                count_key = prefix + (name,)
                i = counts.get(count_key, 0)
                counts[count_key] = i + 1
                return prefix + (name, i)
        return prefix

    def line(self, path: tuple = (), key: str | None = None) -> int | None:
        """The line of ``key`` in table ``path``, else of the table's header."""
        if key is not None:
            n = self._keys.get((tuple(path), key))
            if n is not None:
                return n
        return self._tables.get(tuple(path))


#: What a TOML scanner skips (strings, comments) and what it looks for: a quotation mark of
#: Chinese text (an input method's “ ” ‘ ’, or the full-width ＂ ＇) outside any string.
_SCAN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|([“”‘’＂＇])')
_PAIRS = {"“": "“…”", "”": "“…”", "‘": "‘…’", "’": "‘…’", "＂": "＂…＂", "＇": "＇…＇"}


def chinese_quotes(text: str) -> dict[int, str]:
    """``{line: "“…”"}``: each line that quotes a value with Chinese quotation marks (outside
    any string in straight quotes, where they are text), with the marks it uses."""
    out: dict[int, str] = {}
    for m in _SCAN.finditer(text):
        if m.group(1):
            out.setdefault(text.count("\n", 0, m.start()) + 1, _PAIRS[m.group(1)])
    return out


def toml_problems(text: str, exc: Exception, file: str | None) -> list[Problem]:
    """The problems of a text ``tomllib`` refused with ``exc``: each line quoting with Chinese
    quotation marks, said so (TOML needs straight quotes), and the parser's own message when
    it stopped before the first of them."""
    m = re.search(r"line (\d+)", str(exc))
    line = int(m.group(1)) if m else None
    quoted = chinese_quotes(text)
    out = []
    if not quoted or line is None or line < min(quoted):
        out.append(Problem(Place(file=file, line=line), Text(f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}")))
    for at, marks in quoted.items():
        out.append(
            Problem(
                Place(file=file, line=at),
                Text(
                    f'不是有效的 TOML：这一行用了中文引号 {marks}；TOML 的文本要用英文直引号 "…"（如 name = "工作实绩"）',
                    f"not valid TOML: this line quotes a text with Chinese quotation marks {marks}; "
                    'TOML needs straight quotes "…" (name = "工作实绩")',
                ),
            )
        )
    return out
