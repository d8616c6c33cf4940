"""Exact decimal helpers: one half-up rounding, and plain display of numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

ZERO, ONE = Decimal(0), Decimal(1)

#: Enough digits that sums, products and the one division of a combined score are exact
#: wherever the result is a finite decimal (and decide half-up rounding correctly otherwise).
EXACT = Context(prec=60)


def quantum(precision: int) -> Decimal:
    return Decimal(1).scaleb(-precision)


def round_half_up(x: Decimal, precision: int) -> Decimal:
    """四舍五入: 89.95 -> 90.0 at precision 1 (Python's round() would give 89.9 or 90.0 by luck)."""
    return x.quantize(quantum(precision), rounding=ROUND_HALF_UP)


def fmt(x: Decimal | int | None, places: int = 4) -> str:
    """A number for people: at most ``places`` decimals (half up), no trailing zeros, no exponent."""
    if x is None:
        return "—"
    d = Decimal(x).quantize(quantum(places), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_exact(x: Decimal, places: int = 6) -> str:
    """An exact value for an explanation: in full up to ``places`` decimals, else cut
    (never rounded, so it cannot suggest the other side of a half-up boundary) with "…"."""
    d = Decimal(x)
    cut = d.quantize(quantum(places), rounding="ROUND_DOWN")
    text = format(cut, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if cut == d else text + "…"


def fmt_fixed(x: Decimal, precision: int) -> str:
    """A rounded score shown with exactly ``precision`` decimals (90.0)."""
    return format(round_half_up(Decimal(x), precision), "f")


def pct(x: Decimal | None, places: int = 1) -> str:
    if x is None:
        return "—"
    return fmt(x * 100, places) + "%"


def as_json_number(x: Decimal | None, places: int = 4):
    """A JSON-ready number (int when whole) from a Decimal, rounded half up for display."""
    if x is None:
        return None
    d = Decimal(x).quantize(quantum(places), rounding=ROUND_HALF_UP)
    if d == d.to_integral_value():
        return int(d)
    return float(d)
