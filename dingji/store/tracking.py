"""Tracker records in the workspace store (schema 2's ``imports`` and ``tracker_records``).

- An import of a tracker's records for a year is one ``imports`` row of kind
  ``tracker:<id>`` (when, the files with their sha256, the number of records) and its
  ``tracker_records`` rows (org, member, period, the checked fields as JSON).  A new
  import replaces that tracker and year's records in one transaction: the old rows
  are deleted, the old audit row kept with ``active = 0`` and ``replaced_by``.
- The metrics an ``evaluate`` run used are kept with it (schema 4's ``run_metrics``), so
  that ``explain`` tells the counts exactly as graded even after the records are imported
  again: a row per organization and tracker indicator (source ``tracker``, item = the
  indicator id; the tracker and the import its records came from; metric, value, inputs
  as JSON, and the words in Chinese and English).  They are written in the run's own
  transaction and removed with its results when the domain's next run replaces it.
"""

from __future__ import annotations

import json

from dingji.core.model import TRACKER
from dingji.core.tracker import Record
from dingji.store.base import record_import

TRACKER_KIND = "tracker:{}"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def import_records(store, tracker_id: str, year: int, files: list[dict], records: list[Record]) -> tuple[int, int]:
    """Replace ``tracker_id``'s records of ``year`` by ``records``; returns (import id, records replaced)."""
    kind = TRACKER_KIND.format(tracker_id)
    rows = [(year, tracker_id, r.org, r.member, r.period, _dumps(dict(r.data))) for r in records]
    with store.transaction() as db:
        old = [r[0] for r in db.execute("SELECT id FROM imports WHERE year=? AND kind=? AND active=1", (year, kind))]
        new = record_import(db, year, kind, _dumps(files), len(rows))
        replaced = 0
        for old_id in old:
            replaced += db.execute("DELETE FROM tracker_records WHERE import_id=?", (old_id,)).rowcount
            db.execute("UPDATE imports SET active=0, replaced_by=? WHERE id=?", (new, old_id))
        db.executemany(
            f"INSERT INTO tracker_records (import_id, year, tracker, org, member, period, data)"
            f" VALUES ({new},?,?,?,?,?,?)",
            rows,
        )
    return new, replaced


def active_import(store, tracker_id: str, year: int) -> dict | None:
    """The active import of a tracker's records for ``year``: id, at, files, rows."""
    got = store.db.execute(
        "SELECT id, at, files, rows FROM imports WHERE year=? AND kind=? AND active=1 ORDER BY id DESC LIMIT 1",
        (year, TRACKER_KIND.format(tracker_id)),
    ).fetchone()
    if got is None:
        return None
    return {"id": got[0], "at": got[1], "files": json.loads(got[2]), "rows": got[3]}


def imports(store, year: int | None = None) -> list[dict]:
    """Every tracker import (active or replaced), oldest first."""
    sql = "SELECT id, at, year, kind, files, rows, active, replaced_by FROM imports WHERE kind LIKE 'tracker:%'"
    args: list = []
    if year is not None:
        sql += " AND year=?"
        args.append(year)
    cols = ("id", "at", "year", "kind", "files", "rows", "active", "replaced_by")
    out = []
    for row in store.db.execute(sql + " ORDER BY id", args):
        d = dict(zip(cols, row))
        d["tracker"] = d.pop("kind").split(":", 1)[1]
        d["files"] = json.loads(d["files"])
        out.append(d)
    return out


def load_records(store, tracker_id: str, year: int, org: str | None = None) -> list[Record]:
    """The active records of a tracker and year (of one organization), in import order."""
    got = active_import(store, tracker_id, year)
    if got is None:
        return []
    sql = "SELECT org, member, period, data FROM tracker_records WHERE import_id=?"
    args: list = [got["id"]]
    if org is not None:
        sql += " AND org=?"
        args.append(org)
    return [Record(o, json.loads(d), m, p) for o, m, p, d in store.db.execute(sql + " ORDER BY id", args)]


def iter_records_by_org(store, tracker_id: str, year: int):
    """``(org, [Record])`` of the active records, by organization id (one organization in memory at a time)."""
    from itertools import groupby

    got = active_import(store, tracker_id, year)
    if got is None:
        return
    rows = store.db.execute(
        "SELECT org, member, period, data FROM tracker_records WHERE import_id=? ORDER BY org, id", (got["id"],)
    )
    for org, group in groupby(rows, key=lambda r: r[0]):
        yield org, [Record(o, json.loads(d), m, p) for o, m, p, d in group]


def snapshot(year: int, standard_id: str, used: dict, rows: list[tuple]):
    """The ``also`` callback of ``Store.save_run``: keep the metrics this run used.
    ``used`` maps tracker id -> import id; ``rows`` are ``(org, tracker, indicator, data)``
    with ``data`` = {metric, value, inputs, zh, en}.  (``year`` and ``standard_id`` are the
    run's own, kept in its ``runs`` row.)"""

    def write(db, run_id: int) -> None:
        if not rows:
            return
        db.executemany(
            "INSERT INTO run_metrics (run_id, org, source, item, tracker, import_id, metric, value, inputs,"
            " zh, en) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    run_id,
                    org,
                    TRACKER,
                    indicator,
                    tracker,
                    used.get(tracker),
                    d["metric"],
                    str(d["value"]),
                    _dumps(d["inputs"]),
                    d["zh"],
                    d["en"],
                )
                for org, tracker, indicator, d in rows
            ],
        )

    return write


def run_notes(store, run_id: int, org: str) -> dict:
    """The explanation notes of ``org``'s supplied values in a run: ``{(source, item): (zh, en)}``."""
    return {
        (source, item): (zh, en)
        for source, item, zh, en in store.db.execute(
            "SELECT source, item, zh, en FROM run_metrics WHERE run_id=? AND org=?", (run_id, org)
        )
    }
