"""The ledger's sheet of one activity tracker: per organization its members, metrics, records.

Columns: 编号, 组织名称, 领域, 党员数 (the metrics' denominator), 记录数, one column per
metric (a share, headed by the metric's name: 完成率), 计算依据 (the metrics' inputs in words), then the tracker's fields in
schema order.  An organization's first row carries its summary and its first record;
its other records follow with the id and name repeated (so that a filter on either
keeps the whole organization).  Rows are made while the sheet is written, one
organization's records in memory at a time.  A tracker that keeps no records (a bare
``TrackerInfo``) gets the headers only: its values are in the scores.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP

from dingji.core.numbers import dec, quantum
from dingji.core.records import compute_metrics, org_records, settings
from dingji.core.tracker import METRIC_PLACES
from dingji.report.sheet import LedgerSheet
from dingji.store.tracking import iter_records_by_org

HEAD = {
    "zh": ("编号", "组织名称", "领域", "党员数", "记录数", "计算依据"),
    "en": ("Org", "Name", "Domain", "Members", "Records", "Inputs"),
}


def _shown(value) -> float:
    """A metric as the sheet shows it: 4 decimals (1 of 6 → 0.1667); grading used it exactly."""
    return float(dec(value).quantize(quantum(METRIC_PLACES), rounding=ROUND_HALF_UP))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def tracker_sheet(ledger, tracker, table=None, order: int = 300):
    """The :class:`dingji.LedgerSheet` of ``tracker`` for ``ledger``'s year (``table``: the
    ``[trackers]`` settings of dingji.toml)."""
    en = getattr(ledger, "lang", "zh") == "en"
    head = HEAD["en" if en else "zh"]
    config = settings(tracker, table)
    name = tracker.label(config)
    fields = tracker.schema(config) if tracker.keeps_records else ()
    lang = "en" if en else "zh"
    metrics = list(tracker.metrics)
    titles = {m: tracker.metrics[m].title(lang) for m in metrics}  # 完成率 (Chinese), completion (English)
    headers = [*head[:5], *titles.values(), head[5], *[(f.label_en or f.id) if en else f.label for f in fields]]
    formats = [None] * 5 + ["0.00%"] * len(metrics) + ["wrap"] + [None] * len(fields)
    notes = tuple(f"{m.title(lang)}{': ' if en else '：'}{m.describe(lang)}" for m in tracker.metrics.values())
    domains = {}
    for std in ledger.registry.standards.values():
        domains.setdefault(std.id, std.domain)
        domains.setdefault(std.domain, std.domain)
    if not tracker.keeps_records:
        return LedgerSheet(
            name[:31], headers, (), title=f"{ledger.title}·{name}", notes=notes, formats=formats, order=order
        )

    def rows():
        roster = ledger.store.roster()
        for org, records in iter_records_by_org(ledger.store, tracker.id, ledger.year):
            group = org_records(tracker, config, records, roster, ledger.year)[org]
            got = compute_metrics(tracker, {org: group})[org]
            entry = roster.get(org)
            org_name = entry.name if entry else ""
            summary = [
                domains.get(entry.domain, entry.domain) if entry else "",
                group.denominator,
                len(records),
                *[_shown(got[m].value) for m in metrics],
                ("; " if en else "；").join(
                    f"{titles[m]}{': ' if en else '：'}{got[m].en if en else got[m].zh}" for m in metrics
                ),
            ]
            for i, r in enumerate(records):
                own = [_cell(r.data.get(f.id)) for f in fields]
                yield [org, org_name, *(summary if i == 0 else [""] * len(summary)), *own]

    return LedgerSheet(
        name[:31], headers, rows, title=f"{ledger.title}·{name}", notes=notes, formats=formats, order=order
    )
