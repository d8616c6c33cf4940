"""The ``objections`` table (schema 7): objections raised against the notice of a year, their
decision and reply, the amendment they caused, with an audit row in ``imports`` (kind
``objections``) per imported file set."""

from __future__ import annotations

import json

from dingji.core.objection_form import BY_NAME, EDITABLE, KIND
from dingji.store.base import now, record_import

COLUMNS = ("id", "year", "org", *EDITABLE, "amendment_id", "created_at", "updated_at")


def stored(store, year: int, org: str | None = None, objection: int | None = None) -> list[dict]:
    """The objections of ``year`` (of one organization; the one numbered ``objection``), by id, with
    the organization's roster name and domain (``org_name``, ``org_domain``)."""
    sql = (
        f"SELECT {', '.join('x.' + c for c in COLUMNS)}, o.name, o.domain FROM objections x"
        " LEFT JOIN organizations o ON o.org = x.org WHERE x.year=?"
    )
    args: list = [year]
    if org:
        sql += " AND x.org=?"
        args.append(org)
    if objection is not None:
        sql += " AND x.id=?"
        args.append(objection)
    keys = (*COLUMNS, "org_name", "org_domain")
    return [dict(zip(keys, r)) for r in store.db.execute(sql + " ORDER BY x.id", args)]


def _values(data: dict, old: dict | None) -> dict:
    values = {k: data.get(k) for k in EDITABLE}
    values["result"] = BY_NAME[data["result"]] if data.get("result") else (old or {}).get("result", "open")
    return values


def _write(db, year: int, org: str, data: dict, old: dict | None, at: str, import_id=None) -> int:
    values = _values(data, old)
    if old is None:
        cols = ("year", "org", *EDITABLE, "import_id", "created_at", "updated_at")
        return db.execute(
            f"INSERT INTO objections ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            (year, org, *values.values(), import_id, at, at),
        ).lastrowid
    db.execute(
        f"UPDATE objections SET {', '.join(f'{k}=?' for k in EDITABLE)}, updated_at=? WHERE id=?",
        (*values.values(), at, old["id"]),
    )
    return old["id"]


def add(store, year: int, org: str, data: dict) -> int:
    """One new objection from checked ``data``, in its own transaction; its number."""
    with store.transaction() as db:
        return _write(db, year, org, data, None, now())


def update(store, year: int, old: dict, data: dict) -> None:
    """Objection ``old`` changed to checked ``data`` (every editable field)."""
    with store.transaction() as db:
        _write(db, year, old["org"], data, old, now())


def import_rows(store, year: int, infos: list, rows, find) -> tuple[int, int, int]:
    """Add or update (``find(data, org)``: the stored objection a row updates) every row, with an
    audit row, in one transaction: ``(import id, added, updated)``."""
    at, added, updated = now(), 0, 0
    with store.transaction() as db:
        import_id = record_import(db, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows), at)
        for org, data, _ in rows:
            old = find(data, org)
            _write(db, year, org, data, old, at, import_id)
            added, updated = added + (old is None), updated + (old is not None)
    return import_id, added, updated


def link(db, objections, amendment_id: int) -> None:
    """The objections (numbers) name the amendment they caused (inside its transaction)."""
    db = getattr(db, "db", db)
    for number in objections:
        db.execute("UPDATE objections SET amendment_id=?, updated_at=? WHERE id=?", (amendment_id, now(), number))


def counts(store, year: int) -> dict[str, int]:
    """``{result id: objections}`` of ``year``."""
    return dict(store.db.execute("SELECT result, count(*) FROM objections WHERE year=? GROUP BY result", (year,)))
