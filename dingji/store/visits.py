"""The ``visits`` table (schema 3): one row per visit of a year, with an audit row in
``imports`` (kind ``visits``) per imported file set; a visit edited afterwards keeps when
(``updated_at``) and, per edit, what changed in ``visit_changes`` (schema 6)."""

from __future__ import annotations

import json

from dingji.core.visit_form import FINDINGS, KIND
from dingji.store.base import now, record_import

_INSERT = "INSERT INTO visits (year, org, date, visitors, form, data, import_id, at) VALUES (?,?,?,?,?,?,?,?)"


def stored_keys(store, year: int) -> dict:
    """``{(org, date, visitors): visit id}`` of ``year``."""
    return {
        (o, d, v): i
        for i, o, d, v in store.db.execute("SELECT id, org, date, visitors FROM visits WHERE year=?", (year,))
    }


def _row(year: int, org: str, data: dict, import_id, at: str) -> tuple:
    findings = {k: data[k] for k in (*FINDINGS, "problems", "note") if k in data}
    return (
        year,
        org,
        data["date"],
        data["visitors"],
        data["form"],
        json.dumps(findings, ensure_ascii=False, separators=(",", ":")),
        import_id,
        at,
    )


def insert(store, year: int, org: str, data: dict) -> int:
    """One visit, in its own transaction; its id."""
    with store.transaction() as db:
        return db.execute(_INSERT, _row(year, org, data, None, now())).lastrowid


def import_rows(store, year: int, infos: list, rows, replace: bool = False) -> tuple[int, int]:
    """Add ``rows`` (``[(org, data, place)]``), or with ``replace`` replace the year's visits by
    them, with an audit row, in one transaction: ``(import id, visits removed)``."""
    at = now()
    with store.transaction() as db:
        import_id = record_import(db, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows), at)
        removed = 0
        if replace:  # the replaced visits go with their edits (the imports row says what replaced them)
            db.execute("DELETE FROM visit_changes WHERE visit_id IN (SELECT id FROM visits WHERE year=?)", (year,))
            removed = db.execute("DELETE FROM visits WHERE year=?", (year,)).rowcount
            db.execute(
                "UPDATE imports SET active=0, replaced_by=? WHERE year=? AND kind=? AND id<>?",
                (import_id, year, KIND, import_id),
            )
        db.executemany(_INSERT, [_row(year, org, data, import_id, at) for org, data, _ in rows])
    return import_id, removed


def visits(store, year: int, org: str | None = None) -> list[dict]:
    """The visits of ``year`` (of one organization), by organization then date."""
    sql = "SELECT id, org, date, visitors, form, data FROM visits WHERE year=?"
    args: list = [year]
    if org:
        sql += " AND org=?"
        args.append(org)
    out = []
    for vid, o, d, who, form, data in store.db.execute(sql + " ORDER BY org, date, id", args):
        out.append({"id": vid, "org": o, "date": d, "visitors": who, "form": form, **json.loads(data)})
    return out


def iter_named(store, year: int):
    """``(visit, the organization's name, its roster domain)`` of ``year``, streamed (for the ledger)."""
    rows = store.db.execute(
        "SELECT v.id, v.org, v.date, v.visitors, v.form, v.data, o.name, o.domain FROM visits v"
        " LEFT JOIN organizations o ON o.org = v.org WHERE v.year=? ORDER BY v.org, v.date, v.id",
        (year,),
    )
    for vid, o, d, who, form, data, name, domain in rows:
        yield {"id": vid, "org": o, "date": d, "visitors": who, "form": form, **json.loads(data)}, name, domain


def coverage(store, year: int, limit: int = 200) -> dict:
    """Counted in SQL (a city's roster stays on disk): ``per_domain`` [(roster domain, organizations,
    visited)], ``visits``, and the first ``limit`` organizations not visited (``missing``, of
    ``missing_count``)."""
    seen = "(SELECT DISTINCT org FROM visits WHERE year=?)"
    per = store.db.execute(
        f"SELECT o.domain, count(*), count(s.org) FROM organizations o LEFT JOIN {seen} s"
        " ON s.org = o.org GROUP BY o.domain ORDER BY min(o.org)",
        (year,),
    ).fetchall()
    missing = store.db.execute(
        f"SELECT org, name, domain FROM organizations WHERE org NOT IN {seen} ORDER BY org LIMIT ?", (year, limit)
    ).fetchall()
    n_missing = sum(total - got for _, total, got in per)
    visits_n = store.db.execute("SELECT count(*) FROM visits WHERE year=?", (year,)).fetchone()[0]
    return {"per_domain": per, "visits": visits_n, "missing": missing, "missing_count": n_missing}


def visited(store, year: int) -> dict[str, int]:
    """``{org: number of visits}`` of ``year``."""
    return dict(store.db.execute("SELECT org, count(*) FROM visits WHERE year=? GROUP BY org", (year,)))


# --- one page at a time, one visit, its edits (the desk) ---------------------------------------

_NAMED = (
    "SELECT v.id, v.org, v.date, v.visitors, v.form, v.data, v.updated_at, o.name FROM visits v"
    " LEFT JOIN organizations o ON o.org = v.org WHERE v.year=?"
)


def _named(row) -> dict:
    vid, o, d, who, form, data, updated, name = row
    out = {"id": vid, "org": o, "date": d, "visitors": who, "form": form, **json.loads(data)}
    out.update(updated_at=updated, name=name or "")
    return out


def page(store, year: int, offset: int, limit: int, org: str | None = None) -> list[dict]:
    """``limit`` visits of ``year`` (of one organization) from ``offset``, by organization then
    date, each with its organization's ``name`` and ``updated_at`` (None: never edited)."""
    sql, args = _NAMED, [year]
    if org:
        sql += " AND v.org=?"
        args.append(org)
    rows = store.db.execute(sql + " ORDER BY v.org, v.date, v.id LIMIT ? OFFSET ?", [*args, limit, offset])
    return [_named(r) for r in rows]


def count(store, year: int, org: str | None = None) -> int:
    sql, args = "SELECT count(*) FROM visits WHERE year=?", [year]
    if org:
        sql += " AND org=?"
        args.append(org)
    return store.db.execute(sql, args).fetchone()[0]


def one(store, year: int, visit_id: int) -> dict | None:
    """Visit ``visit_id`` of ``year`` as :func:`page` gives it, or None."""
    got = store.db.execute(_NAMED + " AND v.id=?", (year, visit_id)).fetchone()
    return _named(got) if got else None


_UNSEEN = "FROM organizations WHERE org NOT IN (SELECT DISTINCT org FROM visits WHERE year=?)"


def missing_page(store, year: int, offset: int, limit: int) -> list[tuple]:
    """``[(org, name, roster domain, secretary)]``: ``limit`` of the roster's organizations without a
    visit in ``year``, by id, from ``offset``."""
    sql = f"SELECT org, name, domain, secretary {_UNSEEN} ORDER BY org LIMIT ? OFFSET ?"
    return store.db.execute(sql, (year, limit, offset)).fetchall()


def missing_count(store, year: int) -> int:
    return store.db.execute(f"SELECT count(*) {_UNSEEN}", (year,)).fetchone()[0]


def update(store, visit_id: int, data: dict, changes: dict, how: str = "edit") -> str:
    """Replace the visit's values by checked ``data`` and record ``changes`` ({field: [before,
    after]}) in ``visit_changes``, in one transaction; returns the time of the change."""
    at = now()
    _, _, date, visitors, form, findings, _, _ = _row(0, "", data, None, at)
    with store.transaction() as db:
        db.execute(
            "UPDATE visits SET date=?, visitors=?, form=?, data=?, updated_at=? WHERE id=?",
            (date, visitors, form, findings, at, visit_id),
        )
        db.execute(
            "INSERT INTO visit_changes (visit_id, at, how, changes) VALUES (?,?,?,?)",
            (visit_id, at, how, json.dumps(changes, ensure_ascii=False)),
        )
    return at


def changes(store, visit_id: int) -> list[dict]:
    """The edits of a visit, oldest first: ``at``, ``how``, ``changes`` {field: [before, after]}."""
    rows = store.db.execute("SELECT at, how, changes FROM visit_changes WHERE visit_id=? ORDER BY id", (visit_id,))
    return [{"at": at, "how": how, "changes": json.loads(c)} for at, how, c in rows]
