"""What ``dingji track`` does, as library calls: templates, imports and reports of tracker records."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.numbers import as_json_number
from dingji.core.records import check_records, compute_metrics, org_records, settings
from dingji.core.text import Text
from dingji.io.atomic import atomic_path
from dingji.io.records import read_checked
from dingji.store.base import import_number
from dingji.store.tracking import active_import, import_records, load_records

#: The formats of a tracker's record template.
TEMPLATE_FORMATS = ("xlsx", "csv")


def tracker_settings(tracker, ws=None) -> dict:
    """The tracker's settings: its defaults with the workspace's ``[trackers.<id>]`` (if any) over them."""
    return settings(tracker, ws.trackers if ws else None, str(ws.config_path) if ws else None)


def overview(registry, ws=None, lang: str = "zh") -> list[dict]:
    """Every registered tracker: ``id``, ``name`` (as the workspace calls it), ``records`` of the
    workspace's year (a number; None for a tracker that keeps none), ``metrics`` (each described,
    by id) and ``titles`` (what each is called in ``lang``)."""
    out = []
    with ws.store() if ws is not None else nullcontext() as store:
        for tid, tracker in sorted(registry.trackers.items()):
            config = tracker_settings(tracker, ws)
            records = None
            if tracker.keeps_records:
                got = active_import(store, tid, ws.year) if store is not None else None
                records = got["rows"] if got else 0
            out.append(
                {
                    "id": tid,
                    "name": tracker.label(config),
                    "records": records,
                    "metrics": {m.name: m.describe(lang) for m in tracker.metrics.values()},
                    "titles": {m.name: m.title(lang) for m in tracker.metrics.values()},  # 完成率
                }
            )
    return out


def records_tracker(registry, tracker_id: str):
    """A registered tracker that keeps records; a DingjiError otherwise."""
    tracker = registry.trackers.get(tracker_id)
    if tracker is None:
        known = ", ".join(sorted(registry.trackers)) or "none"
        raise DingjiError(
            [
                Problem(
                    Place(key=tracker_id),
                    Text(
                        f"没有活动台账 {tracker_id!r}；可用：{known}", f"unknown tracker {tracker_id!r}; known: {known}"
                    ),
                )
            ]
        )
    if not tracker.keeps_records:
        raise DingjiError(
            [
                Problem(
                    Place(key=tracker_id),
                    Text(
                        f"活动台账 {tracker_id} 不保存记录：其数值在评分数据的 tracker 行中填写",
                        f"tracker {tracker_id} keeps no records: enter its values as tracker rows of the scores",
                    ),
                )
            ]
        )
    return tracker


def write_template(tracker, config, roster, path, fmt: str = "xlsx", lang: str = "zh") -> Path:
    """The record template (xlsx workbook or CSV header), written atomically."""
    from dingji.io import records as tracker_io

    fields = tracker.schema(config)
    with atomic_path(path) as tmp:
        if fmt == "csv":
            tracker_io.write_csv_template(tracker, fields, tmp, lang)
        else:
            tracker_io.write_xlsx_template(tracker, config, fields, roster, tmp, lang)
    return Path(path)


def write_records_template(tracker, ws=None, output=None, fmt: str = "xlsx", lang: str = "zh") -> Path:
    """The record template of ``tracker`` with the workspace's settings and roster (if any);
    default file ``<tracker id>-records.xlsx`` (or .csv)."""
    roster = {}
    if ws is not None:
        with ws.store() as store:
            roster = store.roster()
    path = Path(output or f"{tracker.id}-records.{fmt}")
    return write_template(tracker, tracker_settings(tracker, ws), roster, path, fmt, lang)


def read_files(tracker, config, files, roster, year):
    """Checked records of every file, and the files' names, sizes and sha256; an InputError
    with every problem of every file."""
    return read_checked(
        tracker, tracker.schema(config), files, lambda batches: check_records(tracker, config, batches, roster, year)
    )


def import_files(tracker, config, store, files, year: int) -> dict:
    """Read, check and store (replacing that tracker and year's records) in one transaction."""
    roster = store.roster()
    records, infos = read_files(tracker, config, files, roster, year)
    import_id, replaced = import_records(store, tracker.id, year, infos, records)
    return {
        "import": import_id,
        "number": import_number(store, import_id),
        "records": len(records),
        "replaced": replaced,
        "organizations": len({r.org for r in records}),
    }


def report(tracker, config, store, year: int, org: str | None = None) -> list[dict]:
    """Per organization with records: name, domain, members, records, and each metric with its inputs."""
    roster = store.roster()
    records = load_records(store, tracker.id, year, org)
    per_org = org_records(tracker, config, records, roster, year)
    metrics = compute_metrics(tracker, per_org)
    out = []
    for o in sorted(per_org):
        group = per_org[o]
        entry = roster.get(o)
        out.append(
            {
                "org": o,
                "name": entry.name if entry else "",
                "domain": entry.domain if entry else "",
                "members": group.denominator,
                "with_records": len(group.members),
                "records": len(group.records),
                "metrics": metrics[o],
            }
        )
    return out


def report_document(tracker, config, year: int, rows: list[dict], lang: str = "zh") -> dict:
    """The rows of :func:`report` as one JSON-ready document (``dingji track ID report --format json``)."""
    en = lang == "en"
    return {
        "tracker": tracker.id,
        "name": tracker.label(config),
        "year": year,
        "organizations": [
            {
                **{k: r[k] for k in ("org", "name", "domain", "members", "with_records", "records")},
                "metrics": {
                    m: {"value": as_json_number(v.value), "inputs": dict(v.inputs), "text": v.en if en else v.zh}
                    for m, v in r["metrics"].items()
                },
            }
            for r in rows
        ],
    }
