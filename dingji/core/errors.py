"""One family of user-facing errors, each problem with its place.

A problem is a value, not an exception: readers and validators collect every
problem they find, then raise one :class:`DingjiError` holding all of them, so a
user sees every mistake of a file at once.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Place:
    """Where a problem is: any of file, sheet, row, column, line, key."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.key:
            parts.append(f"key {self.key}")
        return ", ".join(parts)

    def describe(self, lang: str = "zh") -> str:
        if lang == "en":
            return str(self)
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列 {self.column}")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.key:
            parts.append(f"键 {self.key}")
        return "，".join(parts)


@attrs.frozen
class Problem:
    """One thing wrong with the user's data or standard.

    ``message`` is English; ``message_zh`` is the Chinese text shown by default.
    """

    place: Place
    message: str
    message_zh: str | None = None

    def describe(self, lang: str = "zh") -> str:
        text = self.message if lang == "en" or not self.message_zh else self.message_zh
        where = self.place.describe(lang)
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.describe("en")


class DingjiError(Exception):
    """A user's data or standard is wrong; carries every problem found."""

    def __init__(self, problems, summary: str | None = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        self.summary = summary
        super().__init__(self.describe("en"))

    def describe(self, lang: str = "zh") -> str:
        lines = [p.describe(lang) for p in self.problems]
        if self.summary:
            lines.insert(0, self.summary)
        return "\n".join(lines)


class StandardError(DingjiError):
    """A standard file does not load."""


class InputError(DingjiError):
    """Score, roster or record input is wrong."""

