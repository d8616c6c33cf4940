"""Find the line of a key in a TOML text, so standard errors can name it.

``tomllib`` gives no positions for values; this scanner follows table headers
(``[scale]``, ``[[category]]``, ``[[category.indicator]]``) and counts
array-of-tables entries, which is all a standard file uses.
"""

from __future__ import annotations

import re

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
