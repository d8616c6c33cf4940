"""Exact numbers: one half-up rounding, exact fractions that mix with Decimal, and plain
display of numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

ZERO, ONE = Decimal(0), Decimal(1)

#: Enough digits that sums, products and the one division of a combined score are exact
#: wherever the result is a finite decimal (and decide half-up rounding correctly otherwise).
EXACT = Context(prec=60)


class Ratio(Fraction):
    """An exact fraction that mixes with Decimal (a plain Fraction does not: ``Fraction(1, 3) *
    Decimal(6)`` raises).  A value computed from counts (43 of 56 members) and a weight written
    as a fraction (``"1/3"``) are Ratios, so that a scorer's ``rate * points`` stays exact:
    arithmetic with a Decimal or an int gives a Ratio, comparisons work both ways, ``str()`` is
    ``43/56`` (what the store keeps) and ``format()`` formats its decimal value."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return format(dec(self), spec)

    def __neg__(self):
        return Ratio(-self.numerator, self.denominator)

    def __pos__(self):
        return self

    def __abs__(self):
        return Ratio(abs(self.numerator), self.denominator)


def _exact_operand(x):
    """``x`` as an int or Fraction, or None when it is no finite rational number (a float)."""
    if isinstance(x, Decimal):
        return Fraction(x) if x.is_finite() else None
    if isinstance(x, (int, Fraction)):
        return x
    return None


def _mixing(name: str):
    base = getattr(Fraction, name)
    rbase = getattr(Fraction, name.replace("__", "__r", 1))

    def forward(a, b):
        other = _exact_operand(b)
        return base(a, b) if other is None else Ratio(base(a, other))

    def reverse(b, a):
        other = _exact_operand(a)
        return rbase(b, a) if other is None else Ratio(rbase(b, other))

    return forward, reverse


for _name in ("__add__", "__sub__", "__mul__", "__truediv__"):
    _fwd, _rev = _mixing(_name)
    setattr(Ratio, _name, _fwd)
    setattr(Ratio, _name.replace("__", "__r", 1), _rev)


_FRACTIONS = frozenset((Fraction, Ratio))  # known without an ABC check (isinstance of a Fraction is slow)


def pair(x) -> tuple[Decimal, Decimal]:
    """A Decimal as ``(x, 1)``, a fraction as its numerator and denominator (for sums over a
    common denominator: a source's weight, a term of the combined score)."""
    if x.__class__ is Decimal:
        return x, ONE
    if x.__class__ in _FRACTIONS or isinstance(x, Fraction):
        return Decimal(x.numerator), Decimal(x.denominator)
    return Decimal(x), ONE


def ratio(part, whole) -> Ratio:
    """``part / whole`` exactly (ints, Decimals or fractions)."""
    pn, pd = part.as_integer_ratio()
    wn, wd = whole.as_integer_ratio()
    return Ratio(pn * wd, pd * wn)


def as_ratio(x):
    """``x``, with a plain Fraction made a :class:`Ratio` (so that it mixes with Decimal)."""
    return Ratio(x) if isinstance(x, Fraction) and not isinstance(x, Ratio) else x


def dec(x) -> Decimal:
    """A Decimal for display and storage: a fraction to 60 significant digits (exact when it
    is a finite decimal, such as 1/4), a Decimal or int as it is."""
    if x.__class__ is Decimal or isinstance(x, Decimal):
        return x
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return Decimal(x.numerator)
        return EXACT.divide(Decimal(x.numerator), Decimal(x.denominator))
    return Decimal(x)


def exact(x) -> Fraction:
    """The exact value of an int, a Decimal or a fraction, for sums that must not lose a digit."""
    return x if isinstance(x, Fraction) else Fraction(x)


def quantum(precision: int) -> Decimal:
    got = _QUANTA.get(precision)
    if got is None:
        got = Decimal(1).scaleb(-precision)
        if len(_QUANTA) < 64:
            _QUANTA[precision] = got
    return got


_QUANTA: dict[int, Decimal] = {}


def round_half_up(x: Decimal, precision: int) -> Decimal:
    """四舍五入: 89.95 -> 90.0 at precision 1 (Python's round() would give 89.9 or 90.0 by luck)."""
    return x.quantize(quantum(precision), rounding=ROUND_HALF_UP)


def fmt(x: Decimal | int | None, places: int = 4) -> str:
    """A number for people: at most ``places`` decimals (half up), no trailing zeros, no exponent."""
    if x is None:
        return "—"
    d = dec(x).quantize(quantum(places), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(x, places: int = 4) -> str:
    """A value that may be an exact fraction: ``43/56`` when its decimals do not end within
    ``places`` (so that ``43/56 × 6 = 4.6071`` reads true where ``0.7679 × 6`` would not),
    else as :func:`fmt` (``0.875``)."""
    if isinstance(x, Fraction) and dec(x) != dec(x).quantize(quantum(places), rounding=ROUND_HALF_UP):
        return str(x)
    return fmt(x, places)


def fmt_exact(x: Decimal, places: int = 6) -> str:
    """An exact value for an explanation: in full up to ``places`` decimals, else cut
    (never rounded, so it cannot suggest the other side of a half-up boundary) with "…"."""
    d = dec(x)
    cut = d.quantize(quantum(places), rounding="ROUND_DOWN")
    text = format(cut, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if cut == d else text + "…"


def fmt_fixed(x: Decimal, precision: int) -> str:
    """A rounded score shown with exactly ``precision`` decimals (90.0)."""
    return format(round_half_up(dec(x), precision), "f")


def pct(x: Decimal | None, places: int = 1) -> str:
    if x is None:
        return "—"
    return fmt(x * 100, places) + "%"


def as_json_number(x: Decimal | None, places: int = 4):
    """A JSON-ready number (int when whole) from a Decimal, rounded half up for display."""
    if x is None:
        return None
    d = dec(x).quantize(quantum(places), rounding=ROUND_HALF_UP)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def fmt_weight(w) -> str:
    """A source weight as the standard writes it: ``1/3`` for a fraction, ``0.3`` for a decimal
    (in full, never rounded)."""
    if isinstance(w, Fraction):
        return str(w)
    text = format(Decimal(w), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
