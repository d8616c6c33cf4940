"""Indicators an activity tracker's metric feeds: ``tracker = "…"`` and ``metric = "…"``.

A ``tracker`` indicator takes its value from the tracker alone (the metric of an
organization's records, else the scores' ``tracker`` row).  Any other indicator whose one
input is a score or a rate (``score``, ``ratio``, ``tiers`` and plugins' methods of that
shape) may name a tracker's metric too: where an organization has records of that tracker
in the year, the metric takes the place of what each source entered (a rate: the metric; a
score: the metric × the indicator's points); without records, the entered values count, as
they did before the keys were added.  So a standard can take a tracker's metric without
changing a grade of a township that keeps no such records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The keys naming a tracker's metric, on a ``tracker`` indicator or any score or rate indicator.
FEED_KEYS = frozenset({"tracker", "metric"})
#: The input kinds a fed (non-``tracker``) indicator may have: its one input's.
FED_KINDS = ("score", "rate")


def feed_of(indicator) -> tuple[str, str] | None:
    """``(tracker id, metric)`` an indicator names, or None."""
    o = indicator.options
    if "tracker" in o and "metric" in o:
        return o["tracker"], o["metric"]
    return None


def feed_problems(options: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(key, english, chinese)`` when ``tracker`` is not a loaded tracker or ``metric`` not one of its metrics
    (``context["trackers"]``: {tracker id: its metric names})."""
    trackers = context.get("trackers", {})
    tid, metric = options.get("tracker"), options.get("metric")
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


def shape_problem(method: str, scorer) -> tuple[str, str, str] | None:
    """``(key, english, chinese)`` when a non-``tracker`` indicator naming a tracker's metric does
    not have the one score or rate input the metric can take the place of."""
    inputs = list(scorer.inputs)
    if len(inputs) == 1 and inputs[0].kind in FED_KINDS and not inputs[0].shared:
        return None
    return (
        "tracker",
        f"method {method!r} cannot take a tracker's metric: only an indicator whose one input is a score or a rate"
        ' (score, ratio, tiers) can; or use method = "tracker"',
        f"计分方法 {method!r} 不能取活动台账的指标量：只有唯一输入为评分或比率的指标（score、ratio、tiers）可以；"
        '或改用 method = "tracker"',
    )


def fed_value(kind: str, metric, points):
    """What a metric (0..1, exact) stands for in an input of ``kind``: a rate is the metric, a score
    the metric × the indicator's points."""
    return metric * points if kind == "score" else metric
