"""Step 4 of "What the numbers mean": the combined score of one organization.

``Σ weight × source score + min(bonus, cap) − min(penalty, cap)``, clamped to
``0..total`` and rounded half up once, at the end.  Weights ("1/3") and source
scores (a survey's ``total × weighted ÷ answered``, a tracker's 43/56 × points) may be
exact fractions: the terms are summed over the product of their denominators in
Decimal arithmetic that refuses to round (a step that would round falls back to
``fractions``), and divided once with 60 digits: exact wherever the result is a finite
decimal, and enough to decide the half-up rounding otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, Inexact
from fractions import Fraction
from typing import NamedTuple

from dingji.core.numbers import EXACT, ONE, ZERO, dec, exact, pair, round_half_up
from dingji.core.scoring_plan import plan_for

#: Decimal arithmetic that raises rather than rounds: its sums and products are exact.
_STRICT = Context(prec=60, traps=[Inexact])


class Combined(NamedTuple):
    bonus_raw: Decimal
    bonus: Decimal
    penalty_raw: Decimal
    penalty: Decimal
    unclamped: Decimal
    exact: Decimal
    score: Decimal


def combine(standard, bonus_items, penalty_items, values, sources: Mapping, weights=None) -> Combined:
    """The combined score from each source's exact score (``sources``: id -> Decimal or
    fraction); ``bonus_items`` and ``penalty_items`` are ``((source, item) key, points)``;
    ``weights``: the plan's (:attr:`~dingji.core.scoring_plan._Plan.weights`), when the caller has it."""
    bonus_raw = _counted(bonus_items, values)
    penalty_raw = _counted(penalty_items, values)
    bonus = _cap(bonus_raw, standard.bonus)
    penalty = _cap(penalty_raw, standard.penalty)
    if weights is None:
        weights = plan_for(standard).weights  # each weight as (numerator, denominator), once per standard
    unclamped = _weighted_sum([(w, sources[sid]) for sid, _, w in weights], bonus - penalty)
    total = standard.total
    clamped = ZERO if unclamped < ZERO else total if unclamped > total else unclamped
    return Combined(
        bonus_raw, bonus, penalty_raw, penalty, unclamped, clamped, round_half_up(clamped, standard.precision)
    )


def _weighted_sum(terms, plus: Decimal) -> Decimal:
    """``Σ weight × score + plus``, exactly, as a Decimal (60 digits where it does not end); each
    weight is given as its (numerator, denominator) (see :attr:`dingji.core.scoring_plan._Plan.weights`).
    Each term is a numerator over a whole denominator (1 for a Decimal); the numerators are
    summed over the product of the denominators and divided once."""
    try:
        parts, den = [], ONE
        for (wn, wd), v in terms:
            vn, vd = pair(v)
            d = _STRICT.multiply(wd, vd)
            parts.append((_STRICT.multiply(wn, vn), d))
            if d != ONE and _STRICT.remainder(den, d):
                den = _STRICT.multiply(den, d)
        num = _STRICT.multiply(plus, den)
        for n, d in parts:
            num = _STRICT.add(
                num, _STRICT.multiply(n, _STRICT.divide(den, d)) if d != ONE else _STRICT.multiply(n, den)
            )
        return num if den == ONE else EXACT.divide(num, den)
    except Inexact:  # more digits than 60: fractions are exact whatever the length
        total: Fraction = exact(plus)
        for (wn, wd), v in terms:
            total += Fraction(exact(wn), exact(wd)) * exact(v)
        return dec(total)


def _counted(items, values) -> Decimal:
    """Σ occurrences × points of the bonus or penalty items entered."""
    raw = ZERO
    for key, points in items:
        n = values.get(key)
        if n:
            raw += n * points
    return raw


def _cap(raw: Decimal, capped) -> Decimal:
    if capped is None or capped.cap is None:
        return raw
    return min(raw, capped.cap)
