"""One family of user-facing errors, each problem with its place.

A problem is a value, not an exception: readers and validators collect every
problem they find, then raise one :class:`DingjiError` holding all of them, so a
user sees every mistake of a file at once.
"""

from __future__ import annotations

import re

import attrs

from dingji.core.text import Text

#: C0 and C1 control characters (and DEL): shown escaped, so that text from a file (a header,
#: a sheet name) can never move the cursor, retitle or clear a terminal, or hide in a page.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\n``)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


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
        return self._text("en")

    def describe(self, lang: str = "zh") -> str:
        return self._text("en" if lang == "en" else "zh")

    def _text(self, lang: str) -> str:
        sep, *words = _PLACE_WORDS[lang]
        given = (self.sheet, self.row is not None, self.column, self.line is not None, self.key)
        parts = [str(self.file)] if self.file else []
        parts += [
            word.format(value)
            for word, shown, value in zip(words, given, (self.sheet, self.row, self.column, self.line, self.key))
            if shown
        ]
        return sep.join(parts)


#: How a place is written: the separator, then sheet, row, column, line and key.
_PLACE_WORDS = {
    "en": (", ", "sheet {}", "row {}", "column {}", "line {}", "key {}"),
    "zh": ("，", "工作表 {}", "第 {} 行", "列 {}", "第 {} 行", "键 {}"),
}


@attrs.frozen(init=False)
class Problem:
    """One thing wrong with the user's data or standard: where, and what, in both languages.

    ``Problem(place, Text(zh, en))``.  The form of dingji 0.1, ``Problem(place, english,
    chinese)``, is still accepted from plugins written against it.
    """

    place: Place
    text: Text

    def __init__(self, place: Place, text, zh: str | None = None):
        if not isinstance(text, Text):  # the 0.1 form: (place, english, chinese)
            text = Text(zh or str(text), str(text))
        self.__attrs_init__(place, text)

    @property
    def message(self) -> str:
        """The English text."""
        return self.text.en

    @property
    def message_zh(self) -> str:
        """The Chinese text (shown by default)."""
        return self.text.zh

    def describe(self, lang: str = "zh") -> str:
        where = self.place.describe(lang)
        text = self.text.say(lang)
        return visible(f"{where}: {text}" if where else text)

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


class Bounded(list):
    """A list that keeps its first ``limit`` items and counts the rest (``more``): a file with a
    stray cell in each of a million rows gives a thousand problems and a count, in constant memory."""

    def __init__(self, limit: int = 1000):
        super().__init__()
        self.limit, self.more = limit, 0

    def append(self, item) -> None:
        if len(self) < self.limit:
            super().append(item)
        else:
            self.more += 1

    def extend(self, items) -> None:
        for item in items:
            self.append(item)
        self.more += getattr(items, "more", 0)

    def summary(self, place: Place | None = None) -> Problem | None:
        """The problem that says how many more there were, or None."""
        if not self.more:
            return None
        return Problem(
            place or Place(),
            Text(
                f"……另有 {self.more:,} 个问题（只列出前 {self.limit:,} 个）",
                f"… and {self.more:,} more problems (the first {self.limit:,} are listed)",
            ),
        )
