"""The built-in scoring methods on a rate 0..1 (:mod:`.methods` registers them):

- ``ratio``: a rate 0..1 × points.
- ``tiers``: the points of the first tier whose ``min`` the rate reaches, else 0.
- ``tracker``: an activity tracker's metric 0..1 × points, the same for every source.
"""

from __future__ import annotations

from decimal import Decimal

from dingji.core.feeds import feed_problems
from dingji.core.model import Input, Scorer
from dingji.core.numbers import fmt, fmt_value, pct
from dingji.plugins.method_checks import ZERO, _is_num

# --- ratio ------------------------------------------------------------------


def _ratio(ind):
    points = ind.points

    def explain(values, got, lang):
        return (
            f"rate {pct(values[0], 2)} × {fmt(points)} = {fmt(got)}"
            if lang == "en"
            else f"比率 {pct(values[0], 2)} × {fmt(points)} 分 = {fmt(got)} 分"
        )

    return Scorer((Input(ind.id, "rate", ind.name),), lambda r: r * points, explain)


# --- tiers ------------------------------------------------------------------


def _tiers_check(ind, context):
    tiers = ind.options.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        return [("tiers", "'tiers' must be a non-empty list of {min, points}", "'tiers' 应为非空的 {min, points} 列表")]
    problems, last = [], None
    for i, t in enumerate(tiers, 1):
        if not isinstance(t, dict) or set(t) != {"min", "points"} or not _is_num(t["min"]) or not _is_num(t["points"]):
            problems.append(
                (
                    "tiers",
                    f"tier {i} must be {{min, points}} with numbers, got {t!r}",
                    f"第 {i} 档应为数值的 {{min, points}}，实为 {t!r}",
                )
            )
            continue
        if not 0 <= t["min"] <= 1:
            problems.append(
                (
                    "tiers",
                    f"tier {i} min must be a rate 0..1, got {t['min']}",
                    f"第 {i} 档的 min 应为 0～1 的比率，实为 {t['min']}",
                )
            )
        if not 0 <= t["points"] <= ind.points:
            problems.append(
                (
                    "tiers",
                    f"tier {i} points must be 0..{ind.points}, got {t['points']}",
                    f"第 {i} 档的分值应在 0～{ind.points} 之间，实为 {t['points']}",
                )
            )
        if last is not None and t["min"] >= last:
            problems.append(
                (
                    "tiers",
                    f"tiers' min must strictly decrease: {t['min']} after {last}",
                    f"各档 min 应严格递减：{last} 之后为 {t['min']}",
                )
            )
        last = t["min"]
    return problems


def _tiers(ind):
    tiers = [(Decimal(t["min"]), Decimal(t["points"])) for t in ind.options["tiers"]]

    def compute(rate):
        for lo, pts in tiers:
            if rate >= lo:
                return pts
        return ZERO

    def explain(values, got, lang):
        r = values[0]
        hit = next(((lo, p) for lo, p in tiers if r >= lo), None)
        if lang == "en":
            return (
                f"rate {pct(r, 2)} reaches the tier ≥{pct(hit[0], 2)} → {fmt(got)}"
                if hit
                else f"rate {pct(r, 2)} is below every tier → 0"
            )
        return (
            f"比率 {pct(r, 2)} 达到 ≥{pct(hit[0], 2)} 档 → {fmt(got)} 分"
            if hit
            else f"比率 {pct(r, 2)} 未达到任何档次 → 0 分"
        )

    return Scorer((Input(ind.id, "rate", ind.name),), compute, explain)


# --- tracker ----------------------------------------------------------------


def _tracker_check(ind, context):
    return feed_problems(ind.options, context)


def _tracker(ind):
    points = ind.points
    tid, metric = ind.options["tracker"], ind.options["metric"]

    # a value computed from records is exact (43 of 56 members: 43/56) and shown so
    def explain(values, got, lang):
        if lang == "en":
            return f"tracker {tid}.{metric} = {fmt_value(values[0])} × {fmt(points)} = {fmt(got)}"
        return f"活动台账 {tid}.{metric} = {fmt_value(values[0])} × {fmt(points)} 分 = {fmt(got)} 分"

    def explain_note(values, got, lang, note):  # note: "活动台账 三亮三比三评 · completion：12名党员中10名…"
        if lang == "en":
            return f"{note} → {fmt_value(values[0])} × {fmt(points)} = {fmt(got)}"
        return f"{note} → {fmt_value(values[0])} × {fmt(points)} 分 = {fmt(got)} 分"

    return Scorer((Input(ind.id, "rate", ind.name, shared=True),), lambda r: r * points, explain, explain_note)
