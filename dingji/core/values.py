"""Turning entered values (text from CSV, cells from a workbook) into exact numbers.

Each parser returns ``(value, None)`` or ``(None, (english, chinese))``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

YES = frozenset({"yes", "y", "true", "1", "是", "有", "√", "✓"})
NO = frozenset({"no", "n", "false", "0", "否", "无", "×", "✗"})
ONE, ZERO = Decimal(1), Decimal(0)


def to_decimal(raw) -> Decimal | None:
    """An exact Decimal from an int, a Decimal, a float cell or a text; None if not a number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # a spreadsheet cell: its shortest repr is what the user typed
        d = Decimal(repr(raw))
        return d if d.is_finite() else None
    if isinstance(raw, str):
        text = raw.strip()  # no thousands separators: "1,5" must not become 15
        if not text:
            return None
        try:
            d = Decimal(text)
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    return None


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_number(raw, lo=None, hi=None):
    d = to_decimal(raw)
    if d is None:
        return None, (f"{raw!r} is not a number", f"{raw!r} 不是数值")
    if (lo is not None and d < lo) or (hi is not None and d > hi):
        return None, (f"{d} is out of range {lo}..{hi}", f"{d} 超出范围 {lo}～{hi}")
    return d, None


def parse_count(raw):
    d = to_decimal(raw)
    if d is None:
        return None, (f"{raw!r} is not a number of occurrences", f"{raw!r} 不是次数")
    if d < 0 or d != d.to_integral_value():
        return None, (f"{d} must be a whole number 0 or more", f"{d} 应为不小于 0 的整数")
    return d, None


def parse_rate(raw):
    pct = isinstance(raw, str) and raw.strip().endswith(("%", "％"))
    d = to_decimal(raw.strip()[:-1] if pct else raw)
    if d is None:
        return None, (f"{raw!r} is not a rate (0..1 or a percentage like 85%)", f"{raw!r} 不是比率（0～1，或如 85% 的百分数）")
    if pct:
        d = d / 100
    if d < 0 or d > 1:
        return None, (f"{raw} is out of range 0..1 (0%..100%)", f"{raw} 超出范围 0～1（0%～100%）")
    return d, None


def parse_yesno(raw):
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, (int, float, Decimal)) and raw in (0, 1):
        return bool(raw), None
    if isinstance(raw, str):
        t = raw.strip().lower()
        if t in YES:
            return True, None
        if t in NO:
            return False, None
    return None, (f"{raw!r} is not yes/no (yes/no, 是/否, true/false, 1/0)",
                  f"{raw!r} 不是 是/否（可填 是/否、yes/no、true/false、1/0）")


def parse(kind: str, raw, maximum=None):
    """Parse ``raw`` as an input of ``kind`` (see :data:`dingji.core.model.INPUT_KINDS`)."""
    if kind == "score":
        return parse_number(raw, ZERO, maximum)
    if kind == "count":
        return parse_count(raw)
    if kind == "rate":
        return parse_rate(raw)
    if kind == "yesno":
        return parse_yesno(raw)
    raise ValueError(f"unknown input kind {kind!r}")
