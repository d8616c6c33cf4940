"""先进典型 in the store, as tracker-like records: no table of their own (no migration).

An exemplar is a ``tracker_records`` row (``tracker`` = ``exemplars``: org, member, period =
the day commended, the fields as JSON) under an ``imports`` row of kind ``exemplars``, the
audit row of the change: one per ``dingji exemplar add`` and per import (when, the files with
their sha256, the number of records).  Its number (典型编号, ``no`` in the JSON) counts the
year's exemplars as they were added (the audit rows' sum, so a number is never given twice,
a removed one's included), not the table's row id, which tracker records share.  Unlike a tracker's, an import adds to the year's
exemplars instead of replacing them; a removal deletes the record and leaves an audit row
(``rows`` 0, ``files`` naming what was removed).  Only rows under imports of this kind are
read, so a tracker a plugin named ``exemplars`` could not mix in.
"""

from __future__ import annotations

import json

from dingji.core.exemplar_form import KIND
from dingji.store.base import record_import

_SELECT = (
    "SELECT t.id, t.org, t.member, t.data, t.import_id FROM tracker_records t"
    " JOIN imports i ON i.id = t.import_id WHERE i.kind = ? AND t.year = ?"
)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def stored(store, year: int, org: str | None = None) -> list[dict]:
    """The exemplars of ``year`` (of one organization), in the order recorded: ``id``, ``org`` and
    the fields (``member`` absent for an organization)."""
    sql, args = _SELECT, [KIND, year]
    if org is not None:
        sql += " AND t.org = ?"
        args.append(org)
    out = []
    for rid, o, _member, data, _import in store.db.execute(sql + " ORDER BY t.id", args):
        data = json.loads(data)
        out.append({"id": data.pop("no", rid), "org": o, **data})  # (a record written without one: its row id)
    return out


def keys(store, year: int) -> dict[tuple, int]:
    """``{(org, member or None, title): its number}`` of ``year``: what a new exemplar must not repeat."""
    return {(x["org"], x.get("member"), x["title"]): x["id"] for x in stored(store, year)}


def add(store, year: int, rows, infos: list) -> tuple[int, int]:
    """Add ``rows`` (``[(org, data, place)]``) with their audit row, in one transaction:
    ``(import id, the first one's number)``."""
    with store.transaction() as db:
        (before,) = db.execute(
            "SELECT coalesce(sum(rows), 0) FROM imports WHERE kind=? AND year=?", (KIND, year)
        ).fetchone()
        import_id = record_import(db, year, KIND, _dumps(infos), len(rows))
        db.executemany(
            "INSERT INTO tracker_records (import_id, year, tracker, org, member, period, data) VALUES (?,?,?,?,?,?,?)",
            [
                (import_id, year, KIND, org, data.get("member"), data.get("date"), _dumps({"no": before + n, **data}))
                for n, (org, data, _) in enumerate(rows, 1)
            ],
        )
    return import_id, before + 1


def remove(store, year: int, number: int) -> dict | None:
    """Delete exemplar ``number`` of ``year`` and record the removal; what was removed, or None."""
    with store.transaction() as db:
        got = db.execute(
            _SELECT + " AND coalesce(json_extract(t.data, '$.no'), t.id) = ?", (KIND, year, number)
        ).fetchone()
        if got is None:
            return None
        rid, org, _member, data, _ = got
        data = json.loads(data)
        removed = {"id": data.pop("no", rid), "org": org, **data}
        db.execute("DELETE FROM tracker_records WHERE id = ?", (rid,))
        record_import(db, year, KIND, _dumps([{"removed": removed}]), 0)
    return removed
