"""The ``visit_assignments`` table (schema 7): who is to visit which organization by when
(人员分工), one row per organization and year, replaced when it is assigned again; an
audit row in ``imports`` (kind ``visit_assignments``) per imported file set."""

from __future__ import annotations

import json

from dingji.core.visit_form import ASSIGN_KIND
from dingji.store.base import now, record_import

_UPSERT = (
    "INSERT OR REPLACE INTO visit_assignments (year, org, visitors, due, note, import_id, at) VALUES (?,?,?,?,?,?,?)"
)


def assign(store, year: int, rows, infos: list | None = None) -> int | None:
    """Assign ``rows`` (``[(org, data)]``, data: visitors, due, note) in one transaction, with an
    audit row when they come from files (``infos``); returns that row's id (None otherwise)."""
    at = now()
    with store.transaction() as db:
        import_id = None
        if infos is not None:
            import_id = record_import(db, year, ASSIGN_KIND, json.dumps(infos, ensure_ascii=False), len(rows), at)
        db.executemany(_UPSERT, [(year, org, d["visitors"], d["due"], d.get("note"), import_id, at) for org, d in rows])
    return import_id


def assignments(store, year: int) -> list[dict]:
    """The assignments of ``year`` by organization: org, visitors, due, note, the organization's
    name, roster domain and secretary, and ``visited``: the day of its first visit that year (or None)."""
    rows = store.db.execute(
        "SELECT a.org, a.visitors, a.due, a.note, o.name, o.domain, o.secretary,"
        " (SELECT min(v.date) FROM visits v WHERE v.year = a.year AND v.org = a.org)"
        " FROM visit_assignments a LEFT JOIN organizations o ON o.org = a.org WHERE a.year=? ORDER BY a.org",
        (year,),
    )
    keys = ("org", "visitors", "due", "note", "name", "domain", "secretary", "visited")
    return [dict(zip(keys, r)) for r in rows]
