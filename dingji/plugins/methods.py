"""The built-in scoring methods: score, deduct, check, ratio, tiers, tracker.

Each is a :class:`dingji.Method` registered through ``dingji_register_methods``,
the same hook a third-party plugin uses.  Rules (standard-format.md, step 1):

- ``score``: the number the rater entered, 0..points.
- ``deduct``: points − per × occurrences; with ``deductions``, points − Σ(item
  points × its occurrences); never below 0 (扣完为止).
- ``check``: yes = full points; with ``items``, the sum of the items met.
- ``ratio``: a rate 0..1 × points.
- ``tiers``: the points of the first tier whose ``min`` the rate reaches, else 0.
- ``tracker``: an activity tracker's metric 0..1 × points, the same for every source.

``ratio``, ``tiers`` and ``tracker`` live in :mod:`.rate_methods`; what the methods share in
:mod:`.method_checks`.
"""

from __future__ import annotations

from decimal import Decimal

from dingji import hookimpl
from dingji.core.model import Input, Method, Scorer
from dingji.core.numbers import fmt
from dingji.plugins.method_checks import ONE, ZERO, _is_num, _items  # noqa: F401 - ONE re-exported
from dingji.plugins.rate_methods import _ratio, _tiers, _tiers_check, _tracker, _tracker_check

# --- score ------------------------------------------------------------------


def _score(ind):
    def explain(values, got, lang):
        return f"entered {fmt(values[0])} → {fmt(got)}" if lang == "en" else f"评分 {fmt(values[0])} → {fmt(got)} 分"

    return Scorer((Input(ind.id, "score", ind.name, ind.points),), lambda v: v, explain)


# --- deduct -----------------------------------------------------------------


def _deduct_check(ind, context):
    has_per, has_items = "per" in ind.options, "deductions" in ind.options
    if has_per == has_items:
        return [
            (
                "per",
                "a deduct indicator needs either 'per' (points per occurrence) or 'deductions'",
                "扣分指标需要 'per'（每次扣分）或 'deductions'（扣分项）二者之一",
            )
        ]
    if has_per:
        per = ind.options["per"]
        if not _is_num(per) or per <= 0:
            return [
                ("per", f"'per' must be a number greater than 0, got {per!r}", f"'per' 应为大于 0 的数值，实为 {per!r}")
            ]
        return []
    return _items(ind, "deductions", "deduction", "扣分项", must_sum=False)


def _deduct(ind):
    unit = ind.unit or "次"
    if "per" in ind.options:
        per = Decimal(ind.options["per"])
        points = ind.points

        def explain(values, got, lang):
            n = values[0]
            if not n:
                return f"no shortfall → {fmt(got)}" if lang == "en" else f"无缺项 → 得 {fmt(got)} 分"
            if lang == "en":
                return f"{fmt(n)} occurrence(s) × {fmt(per)} = −{fmt(n * per)} → {fmt(got)}"
            return f"缺{fmt(n)}{unit} × 每{unit}{fmt(per)}分 = 扣{fmt(n * per)}分 → 得 {fmt(got)} 分"

        return Scorer((Input(ind.id, "count", ind.name),), lambda n: points - per * n, explain)
    items = [(d["id"], d["name"], Decimal(d["points"])) for d in ind.options["deductions"]]
    points = ind.points

    weights = [p for _, _, p in items]

    def compute(*counts):
        left = points
        for p, n in zip(weights, counts):
            if n:
                left -= p * n
        return left

    def explain(values, got, lang):
        parts = [(name, n, p) for (_, name, p), n in zip(items, values) if n]
        if not parts:
            return f"no deductions → {fmt(got)}" if lang == "en" else f"无扣分项 → 得 {fmt(got)} 分"
        if lang == "en":
            text = "; ".join(f"{name} {fmt(n)} × {fmt(p)} = −{fmt(n * p)}" for name, n, p in parts)
        else:
            text = "；".join(f"{name} {fmt(n)}次 × {fmt(p)}分 = 扣{fmt(n * p)}分" for name, n, p in parts)
        floor = sum(n * p for _, n, p in parts) > points
        tail = (" (floored at 0)" if lang == "en" else "（扣完为止）") if floor else ""
        return f"{text}{tail} → {fmt(got)}" if lang == "en" else f"{text}{tail} → 得 {fmt(got)} 分"

    inputs = [Input(f"{ind.id}.{i}", "count", name) for i, name, _ in items]
    return Scorer(inputs, compute, explain)


# --- check ------------------------------------------------------------------


def _check_check(ind, context):
    if "items" in ind.options:
        return _items(ind, "items", "check item", "检查项", must_sum=True)
    return []


def _check(ind):
    points = ind.points
    if "items" not in ind.options:

        def explain(values, got, lang):
            if lang == "en":
                return f"{'met' if values[0] else 'not met'} → {fmt(got)}"
            return f"{'达到' if values[0] else '未达到'} → {fmt(got)} 分"

        return Scorer((Input(ind.id, "yesno", ind.name),), lambda ok: points if ok else ZERO, explain)
    items = [(c["id"], c["name"], Decimal(c["points"])) for c in ind.options["items"]]

    weights = [p for _, _, p in items]

    def compute(*oks):
        got = ZERO
        for p, ok in zip(weights, oks):
            if ok:
                got += p
        return got

    def explain(values, got, lang):
        met = [f"{name} +{fmt(p)}" for (_, name, p), ok in zip(items, values) if ok]
        miss = [name for (_, name, _), ok in zip(items, values) if not ok]
        if lang == "en":
            return f"met: {', '.join(met) or 'none'}; not met: {', '.join(miss) or 'none'} → {fmt(got)}"
        return f"达到：{'、'.join(met) or '无'}；未达到：{'、'.join(miss) or '无'} → {fmt(got)} 分"

    return Scorer([Input(f"{ind.id}.{i}", "yesno", name) for i, name, _ in items], compute, explain)


METHODS = (
    Method("score", "the rater gives 0..points", _score),
    Method(
        "deduct",
        "points − per × occurrences, or minus named deductions; never below 0",
        _deduct,
        _deduct_check,
        keys={"per", "deductions"},
    ),
    Method("check", "yes/no for full points, or the sum of the items met", _check, _check_check, keys={"items"}),
    Method("ratio", "a rate 0..1 × points", _ratio),
    Method("tiers", "the points of the first tier whose min the rate reaches", _tiers, _tiers_check, keys={"tiers"}),
    Method(
        "tracker", "an activity tracker's metric 0..1 × points", _tracker, _tracker_check, keys={"tracker", "metric"}
    ),
)


@hookimpl
def dingji_register_methods(register):
    for method in METHODS:
        register(method)
