"""Tracker metrics for ``evaluate``: which values records supply, and their words.

For each indicator of a standard that names a tracker's metric (``tracker = "sanliang"``,
``metric = "completion"``) and each organization of the standard's domain that has records
of that tracker in the year, the metric computed from the records (with the
``[trackers.<id>]`` configuration and the roster's 党员数) is supplied to
:func:`dingji.core.inputs.collect`, where it takes precedence over what the scores hold:
a ``tracker`` indicator's ``tracker`` row, or, for a score or rate indicator that names a
metric (see :mod:`dingji.core.feeds`), what every ``indicators`` source entered.  An
organization without records keeps its entered values; with neither, the value is missing
(an error, never 0).
"""

from __future__ import annotations

import attrs

from dingji.core.feeds import fed_value, feed_of
from dingji.core.model import TRACKER
from dingji.core.records import compute_metrics, org_records, settings  # noqa: F401 - settings: callers' name
from dingji.store.tracking import active_import, load_records, snapshot


def tracker_indicators(standard) -> list[tuple[str, str, str]]:
    """``(indicator id, tracker id, metric)`` of every indicator naming a tracker's metric."""
    return [(ind.id, *feed_of(ind)) for ind in standard.indicators if feed_of(ind)]


def fed_keys(standard) -> dict[str, list[tuple[tuple[str, str], str, object]]]:
    """Per indicator naming a metric, the ``((source, item), input kind, points)`` the metric takes the
    place of: the shared ``tracker`` key of a ``tracker`` indicator, else the one input of every
    ``indicators`` source."""
    out = {}
    sources = [s.id for s in standard.sources if s.kind == "indicators"]
    for ind, scorer in standard.scorers:
        if not feed_of(ind):
            continue
        inp = scorer.inputs[0]
        where = [TRACKER] if inp.shared else sources
        out[ind.id] = [((src, inp.key), inp.kind, ind.points) for src in where]
    return out


def note(tracker, config, metric: str, mv) -> tuple[str, str]:
    """The words before the arithmetic: "活动台账 三亮三比三评 · 完成率：12名党员中10名完成三亮三评"
    (the metric by its Chinese name; by its id in English)."""
    name, m = tracker.label(config), tracker.metrics[metric]
    return f"活动台账 {name} · {m.title('zh')}：{mv.zh}", f"tracker {name} · {m.title('en')}: {mv.en}"


@attrs.define
class Supply:
    """What records supply to one evaluate run."""

    values: dict = attrs.field(factory=dict)  # {org: {(source, item): Decimal or Ratio}}
    notes: dict = attrs.field(factory=dict)  # {org: {(TRACKER, indicator): (zh, en)}}
    kinds: dict = attrs.field(factory=dict)  # {(source, item): input kind} of the values supplied
    files: list = attrs.field(factory=list)  # the imports' files, for the run's audit row
    rows: list = attrs.field(factory=list)  # (org, tracker, indicator, data) kept with the run
    imports: dict = attrs.field(factory=dict)  # tracker id -> import id

    def also(self, year: int, standard_id: str):
        return snapshot(year, standard_id, self.imports, self.rows)


def supply(registry, standard, store, year: int, table=None, roster=None, config_file=None) -> Supply:
    """The tracker values of ``standard``'s organizations that records give in ``year``."""
    out = Supply()
    wanted = tracker_indicators(standard)
    if store is None or year is None or not wanted:
        return out
    keys = fed_keys(standard)
    roster = store.roster() if roster is None else roster
    orgs = {o.id for o in roster.values() if o.domain in (standard.id, standard.domain)}
    by_tracker: dict[str, list] = {}
    for ind, tid, metric in wanted:
        by_tracker.setdefault(tid, []).append((ind, metric))
    for tid, items in by_tracker.items():
        tracker = registry.trackers.get(tid)
        if tracker is None or not tracker.keeps_records:
            continue
        got = active_import(store, tid, year)
        if got is None:
            continue
        config = settings(tracker, table, config_file)
        per_org = org_records(tracker, config, load_records(store, tid, year), roster, year, orgs)
        if not per_org:
            continue
        out.imports[tid] = got["id"]
        out.files += [{**f, "tracker": tid, "import": got["id"]} for f in got["files"]]
        metrics = compute_metrics(tracker, per_org, {m for _, m in items})
        for org, values in metrics.items():
            for ind, metric in items:
                mv = values[metric]
                for key, kind, points in keys[ind]:
                    out.values.setdefault(org, {})[key] = fed_value(kind, mv.value, points)
                    out.kinds[key] = kind
                zh, en = note(tracker, config, metric, mv)
                out.notes.setdefault(org, {})[(TRACKER, ind)] = (zh, en)
                out.rows.append(
                    (
                        org,
                        tid,
                        ind,
                        {"metric": metric, "value": str(mv.value), "inputs": dict(mv.inputs), "zh": zh, "en": en},
                    )
                )
    return out
