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
"""

from __future__ import annotations

from decimal import Decimal

from dingji import hookimpl
from dingji.core.model import Input, Method, Scorer
from dingji.core.numbers import fmt, fmt_value, pct

ONE, ZERO = Decimal(1), Decimal(0)


def _is_num(v):
    """A finite number from the TOML file (nan and inf parse as Decimals too)."""
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool) and Decimal(v).is_finite()


def _items(ind, key, what_en, what_zh, must_sum):
    """Check a list of {id, name, points}; return problems."""
    problems = []
    items = ind.options.get(key)
    if not isinstance(items, list) or not items:
        return [
            (
                key,
                f"'{key}' must be a non-empty list of {{id, name, points}}",
                f"'{key}' 应为非空的 {{id, name, points}} 列表",
            )
        ]
    ids = set()
    total = ZERO
    parts = []
    for i, it in enumerate(items, 1):
        if (
            not isinstance(it, dict)
            or not isinstance(it.get("id"), str)
            or not isinstance(it.get("name"), str)
            or not _is_num(it.get("points"))
            or it["points"] <= 0
        ):
            problems.append(
                (
                    key,
                    f"{what_en} {i} needs id, name and points > 0, got {it!r}",
                    f"第 {i} 个{what_zh}需要 id、name 和大于 0 的 points，实为 {it!r}",
                )
            )
            continue
        extra = set(it) - {"id", "name", "points"}
        if extra:
            problems.append(
                (
                    key,
                    f"{what_en} {it['id']!r} has unknown keys {sorted(extra)}",
                    f"{what_zh} {it['id']!r} 有未知的键 {sorted(extra)}",
                )
            )
        if it["id"] in ids:
            problems.append((key, f"duplicate {what_en} id {it['id']!r}", f"{what_zh} id {it['id']!r} 重复"))
        ids.add(it["id"])
        total += Decimal(it["points"])
        parts.append(f"{it['id']} {it['points']}")
    if must_sum and not problems and total != ind.points:
        shown = " + ".join(parts)
        problems.append(
            (
                key,
                f"{what_en} points add up to {total} ({shown}), the indicator has {ind.points}",
                f"{what_zh}分值之和为 {total}（{shown}），与指标分值 {ind.points} 不符",
            )
        )
    return problems


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
    trackers = context.get("trackers", {})
    tid, metric = ind.options.get("tracker"), ind.options.get("metric")
    if not isinstance(tid, str) or tid not in trackers:
        return [
            (
                "tracker",
                f"unknown tracker {tid!r}; known: {', '.join(sorted(trackers)) or 'none'}",
                f"未知的活动台账 {tid!r}；可用：{'、'.join(sorted(trackers)) or '无'}",
            )
        ]
    if not isinstance(metric, str) or metric not in trackers[tid]:
        return [
            (
                "metric",
                f"tracker {tid!r} has no metric {metric!r}; it has {', '.join(sorted(trackers[tid]))}",
                f"活动台账 {tid!r} 没有指标量 {metric!r}；可用：{'、'.join(sorted(trackers[tid]))}",
            )
        ]
    return []


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
