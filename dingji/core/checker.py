"""Collecting the problems of a standard file, each with its file, line and key.

The typed getters report a problem and return None when a value is unusable, so
validation goes on and every problem of a file is reported at once.  A table of an
array is named by its id, not its index: the key ``category[venue].indicator[signs].points``,
and a problem of a category or an indicator starts with its id and name
(``category venue (阵地建设): ...``); only a table without a usable id is counted
(``category[#2]``, from 1).
"""

from __future__ import annotations

import re
from decimal import Decimal

from dingji.core.errors import Place, Problem
from dingji.core.text import Text
from dingji.core.toml_lines import LineIndex

ID_RE = re.compile(r"^[A-Za-z0-9_\-]+$")


#: No number of a standard (points, caps, minimums, deductions) is larger: the scale's total is at
#: most this too, so every sum a standard makes stays small enough to render.
MAX_NUMBER = 100_000


class Checker:
    """Collects problems with the file, line and key of each."""

    def __init__(self, file: str | None, text: str, data: dict | None = None):
        self.file = file
        self.lines = LineIndex(text)
        self.data = data or {}
        self.problems: list[Problem] = []

    def err(self, path: tuple, key: str | None, en: str, zh: str, about: bool = True) -> None:
        """A problem at ``key`` of the table at ``path``; with ``about`` (the default) a problem
        of a category or indicator names it first.  A problem about several tables (a sum over
        the categories, reported at the first) passes ``about=False``."""
        line = self.lines.line(path, key)
        tables = _tables(self.data, path)
        shown = _show_path(tables, key)
        if about and tables and tables[-1][0] in SUBJECTS:
            name, _, row = tables[-1]
            en_word, zh_word = SUBJECTS[name]
            en, zh = (
                f"{en_word} {_subject(row, tables[-1][1], 'en')}: {en}",
                f"{zh_word} {_subject(row, tables[-1][1], 'zh')}：{zh}",
            )
        self.problems.append(Problem(Place(file=self.file, line=line, key=shown), Text(zh, en)))

    # typed getters: each reports a problem and returns None when the value is unusable
    def text(self, table, path, key, required=True):
        v = table.get(key)
        if v is None:
            if required:
                self.err(path, key, f"'{key}' is required (a text)", f"缺少 '{key}'（文本）")
            return None
        if not isinstance(v, str) or (required and not v.strip()):
            self.err(path, key, f"'{key}' must be a non-empty text, got {v!r}", f"'{key}' 应为非空文本，实为 {v!r}")
            return None
        return v

    def ident(self, table, path, key="id"):
        v = self.text(table, path, key)
        if v is not None and not ID_RE.match(v):
            self.err(
                path,
                key,
                f"'{key}' must use letters, digits, '_' or '-', got {v!r}",
                f"'{key}' 只能由字母、数字、'_' 或 '-' 组成，实为 {v!r}",
            )
            return None
        return v

    def number(self, table, path, key, required=True, lo=None, hi=None, positive=False):
        v = table.get(key)
        if v is None:
            if required:
                self.err(path, key, f"'{key}' is required (a number)", f"缺少 '{key}'（数值）")
            return None
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            self.err(path, key, f"'{key}' must be a number, got {v!r}", f"'{key}' 应为数值，实为 {v!r}")
            return None
        d = Decimal(v)
        if d.is_finite() and abs(d) > MAX_NUMBER:  # 1e400 points or a cap of 1e30 loads, then no sum renders
            self.err(
                path,
                key,
                f"'{key}' is too large to be part of a standard: {v} (at most {MAX_NUMBER:,})",
                f"'{key}' 过大，不可能是评分标准中的数：{v}（不超过 {MAX_NUMBER:,}）",
            )
            return None
        if not d.is_finite() or (lo is not None and d < lo) or (hi is not None and d > hi) or (positive and d <= 0):
            rng = _range_text(lo, hi, positive)
            self.err(path, key, f"'{key}' must be {rng[0]}, got {v}", f"'{key}' 应{rng[1]}，实为 {v}")
            return None
        return d

    def boolean(self, table, path, key, default):
        v = table.get(key, default)
        if not isinstance(v, bool):
            self.err(path, key, f"'{key}' must be true or false, got {v!r}", f"'{key}' 应为 true 或 false，实为 {v!r}")
            return default
        return v

    def table_list(self, data, path, key):
        v = data.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            self.err(path, key, f"'{key}' must be a list of tables ([[{key}]])", f"'{key}' 应为表数组（[[{key}]]）")
            return []
        return v

    def unknown_keys(self, table, path, allowed, what):
        for k in table:
            if k not in allowed:
                self.err(
                    path,
                    k,
                    f"unknown key '{k}' in {what}; expected one of {', '.join(sorted(allowed))}",
                    f"{what} 中有未知的键 '{k}'，可用的键：{', '.join(sorted(allowed))}",
                )

    def unique(self, ids, path_of, what):
        seen = set()
        for i, ident in ids:
            if not isinstance(ident, str):  # missing or mistyped: reported by ident()
                continue
            if ident in seen:
                self.err(path_of(i), "id", f"duplicate {what} id {ident!r}", f"{what} 的 id {ident!r} 重复")
            seen.add(ident)


def terms(pairs) -> str:
    """The terms of a sum, each named: ``team 40 + service 65``."""
    return " + ".join(f"{ident} {value}" for ident, value in pairs)


def _range_text(lo, hi, positive):
    if positive and hi is not None:
        return f"greater than 0 and at most {hi}", f"大于 0 且不超过 {hi}"
    if positive:
        return "greater than 0", "大于 0"
    if lo is not None and hi is not None:
        return f"between {lo} and {hi}", f"在 {lo} 到 {hi} 之间"
    if lo is not None:
        return f"at least {lo}", f"不小于 {lo}"
    return f"at most {hi}", f"不超过 {hi}"


#: The tables whose problems name them first: (english, chinese) words.
SUBJECTS = {"category": ("category", "类别"), "indicator": ("indicator", "指标")}
#: The key that identifies a table of each array (grades are known by their names).
_IDENTITY = {"grade": "name"}


def _tables(data, path: tuple) -> list[tuple]:
    """The steps of ``path`` as ``(name, label, row)``: ``("category", "venue", {...})`` for a
    table of an array (``label`` its id, or ``#2`` without a usable one), ``(name, None, None)``
    for a plain table."""
    out, i, here = [], 0, data
    while i < len(path):
        name = path[i]
        table = here.get(name) if isinstance(here, dict) else None
        if i + 1 < len(path) and isinstance(path[i + 1], int):
            index = path[i + 1]
            row = table[index] if isinstance(table, list) and index < len(table) else None
            row = row if isinstance(row, dict) else {}
            ident = row.get(_IDENTITY.get(name, "id"))
            usable = isinstance(ident, str) and ident.strip() and not any(ch in ident for ch in "[].\n")
            out.append((name, ident if usable else f"#{index + 1}", row))
            here, i = row, i + 2
        else:
            out.append((name, None, None))
            here, i = table, i + 1
    return out


def _subject(row: dict, label: str, lang: str) -> str:
    """``venue (阵地建设)``: the id and the name of a table, as far as it has them."""
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        return label
    return f"{label} ({name})" if lang == "en" else f"{label}（{name}）"


def _show_path(tables: list[tuple], key: str | None) -> str:
    # ("category", 0, "indicator", 2) -> category[team].indicator[secretary]; category[#1] without an id
    text = ".".join(name if label is None else f"{name}[{label}]" for name, label, _ in tables)
    if key:
        text = f"{text}.{key}" if text else key
    return text
