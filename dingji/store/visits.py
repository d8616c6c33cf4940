"""The ``visits`` table (schema 3): one row per visit of a year, with an audit row in
``imports`` (kind ``visits``) per imported file set."""

from __future__ import annotations

import json

from dingji.core.visit_form import FINDINGS, KIND
from dingji.store.base import now

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
        import_id = db.execute(
            "INSERT INTO imports (at, year, kind, files, rows) VALUES (?,?,?,?,?)",
            (at, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows)),
        ).lastrowid
        removed = 0
        if replace:
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
