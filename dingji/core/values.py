"""Turning entered values (text from CSV, cells from a workbook) into exact numbers.

Each parser returns ``(value, None)`` or ``(None, (english, chinese))``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dingji.core.numbers import Ratio

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
        # a spreadsheet cell holds the nearest double: =4.1-0.1 is 3.9999999999999996, which
        # Excel shows, keeps and compares as 4.  Taken at Excel's 15 significant digits, then exactly.
        d = Decimal(format(raw, ".15g"))
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


def parse_number(raw, lo=None, hi=None):
    d = to_decimal(raw)
    if d is None:
        return None, (f"{show(raw)} is not a number", f"{show(raw)} 不是数值")
    if (lo is not None and d < lo) or (hi is not None and d > hi):
        return None, (f"{d} is out of range {lo}..{hi}", f"{d} 超出范围 {lo}～{hi}")
    return d, None


#: The largest count (of occurrences, answers, members) taken as real: beyond it a
#: typing slip such as 1e9999999 would overflow or take minutes, never count.
MAX_COUNT = Decimal(10) ** 9

#: Rates are kept to this many decimal places (0.01%), half up, so that a spreadsheet's
#: =1/3 (0.3333333333333333) grades as the 33.33% the explanation shows.
RATE_PLACES = Decimal("0.0001")


def show(raw, limit: int = 60) -> str:
    """A value as quoted in a message, cut to ``limit`` characters."""
    text = repr(raw)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_count(raw):
    d = to_decimal(raw)
    if d is None:
        return None, (f"{show(raw)} is not a number of occurrences", f"{show(raw)} 不是次数")
    if d < 0 or d > MAX_COUNT or d != d.to_integral_value():
        return None, (
            f"{show(raw)} must be a whole number from 0 to {MAX_COUNT:,.0f}",
            f"{show(raw)} 应为 0 到 {MAX_COUNT:,.0f} 之间的整数",
        )
    return d.quantize(ONE), None


#: A rate written as a fraction of whole numbers (43/56): how the store keeps a value computed
#: from counts, taken exactly (never cut to RATE_PLACES).
FRACTION = re.compile(r"^\s*(\d{1,18})\s*/\s*(\d{1,18})\s*$")


def parse_fraction(raw):
    """``43/56`` as the exact Ratio, or None when ``raw`` is not such a text."""
    m = FRACTION.match(raw) if isinstance(raw, str) else None
    if m is None or int(m.group(2)) == 0:
        return None
    return Ratio(int(m.group(1)), int(m.group(2)))


def parse_rate(raw):
    exact = parse_fraction(raw)
    if exact is not None:
        if exact > 1:
            return None, (f"{show(raw)} is out of range 0..1 (0%..100%)", f"{show(raw)} 超出范围 0～1（0%～100%）")
        return exact, None
    pct = isinstance(raw, str) and raw.strip().endswith(("%", "％"))
    d = to_decimal(raw.strip()[:-1] if pct else raw)
    if d is None:
        return None, (
            f"{show(raw)} is not a rate (0..1, a percentage like 85% or a fraction like 43/56)",
            f"{show(raw)} 不是比率（0～1，或如 85% 的百分数、43/56 的分数）",
        )
    if pct:
        d = d / 100
    if d < 0 or d > 1:
        return None, (f"{show(raw)} is out of range 0..1 (0%..100%)", f"{show(raw)} 超出范围 0～1（0%～100%）")
    d = d.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return (d.normalize() if d else ZERO), None


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
    return None, (
        f"{show(raw)} is not yes/no (yes/no, 是/否, true/false, 1/0)",
        f"{show(raw)} 不是 是/否（可填 是/否、yes/no、true/false、1/0）",
    )


def parse_score(raw, maximum=None):
    """A score 0..maximum; a fraction of whole numbers (5/4) exactly, as the store keeps a score a
    tracker's metric gave (a score indicator fed by a metric: 5/12 × 3 points)."""
    exact = parse_fraction(raw)
    if exact is None:
        return parse_number(raw, ZERO, maximum)
    if maximum is not None and exact > maximum:
        return None, (f"{show(raw)} is out of range 0..{maximum}", f"{show(raw)} 超出范围 0～{maximum}")
    return exact, None


def parse(kind: str, raw, maximum=None):
    """Parse ``raw`` as an input of ``kind`` (see :data:`dingji.core.model.INPUT_KINDS`)."""
    if kind == "score":
        return parse_score(raw, maximum)
    if kind == "count":
        return parse_count(raw)
    if kind == "rate":
        return parse_rate(raw)
    if kind == "yesno":
        return parse_yesno(raw)
    raise ValueError(f"unknown input kind {kind!r}")
