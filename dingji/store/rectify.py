"""The rectification tables (schema 3): ``rectify_tasks``, their status history in
``rectify_events``, and the filing (备案) of plans in ``rectify_filings``."""

from __future__ import annotations

import json

from dingji.core.rectify_form import BY_NAME, COLUMNS, EDITABLE, KIND, STATUSES
from dingji.store.base import now, record_import


def stored(store, year: int, org: str | None = None) -> list[dict]:
    """The tasks of ``year`` (of one organization) as dicts, by organization then id, with the
    organization's roster name and domain (``org_name``, ``org_domain``)."""
    sql = (
        f"SELECT {', '.join('t.' + c for c in COLUMNS)}, o.name, o.domain FROM rectify_tasks t"
        " LEFT JOIN organizations o ON o.org = t.org WHERE t.year=?"
    )
    args: list = [year]
    if org:
        sql += " AND t.org=?"
        args.append(org)
    keys = (*COLUMNS, "org_name", "org_domain")
    out = [dict(zip(keys, r)) for r in store.db.execute(sql + " ORDER BY t.org, t.id", args)]
    for t in out:  # 需上级统筹解决: stored 1 or 0, read as yes or no (None: not said)
        t["superior"] = None if t["superior"] is None else bool(t["superior"])
    return out


def _event(db, task_id, status, on, at, how, import_id=None):
    db.execute(
        "INSERT INTO rectify_events (task_id, status, on_date, at, how, import_id) VALUES (?,?,?,?,?,?)",
        (task_id, status, on, at, how, import_id),
    )


def _on(status, data, today):
    return {
        "todo": data.get("start"),
        "doing": data.get("start"),
        "done": data.get("done_on"),
        "closed": data.get("closed_on"),
    }[status] or today


def _write(db, year, org, data, old, at, how, import_id=None) -> int:
    """Insert or update one task from checked ``data``; a change of status is an event."""
    status = BY_NAME[data["status"]] if data.get("status") else (old or {}).get("status", "todo")
    values = {k: data.get(k) for k in EDITABLE} | {"status": status}
    today = at[:10]
    if old is None:
        cols = ("year", "org", *EDITABLE, "created_at", "updated_at")
        task = db.execute(
            f"INSERT INTO rectify_tasks ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            (year, org, *values.values(), at, at),
        ).lastrowid
        _event(db, task, status, _on(status, values, today), at, how, import_id)
        return task
    db.execute(
        f"UPDATE rectify_tasks SET {', '.join(f'{k}=?' for k in EDITABLE)}, updated_at=? WHERE id=?",
        (*values.values(), at, old["id"]),
    )
    if status != old["status"]:
        _event(db, old["id"], status, _on(status, values, today), at, how, import_id)
    return old["id"]


def add_task(store, year: int, org: str, data: dict) -> int:
    """One new task from checked ``data``, in its own transaction; its number."""
    with store.transaction() as db:
        return _write(db, year, org, data, None, now(), "add")


def import_tasks(store, year: int, infos: list, rows, find) -> tuple[int, int, int]:
    """Add or update (``find(data, org)``: the stored task a row updates) every row, with an audit
    row, in one transaction: ``(import id, added, updated)``."""
    at, added, updated = now(), 0, 0
    with store.transaction() as db:
        import_id = record_import(db, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows), at)
        for org, data, _ in rows:
            old = find(data, org)
            _write(db, year, org, data, old, at, "import", import_id)
            added, updated = added + (old is None), updated + (old is not None)
    return import_id, added, updated


def edit_task(store, year: int, old: dict, data: dict, changes: dict, how: str = "edit") -> str:
    """Replace task ``old``'s values by checked ``data`` (its status kept) and record ``changes``
    ({field: [before, after]}) in ``rectify_changes``, in one transaction; the time of the change."""
    at = now()
    with store.transaction() as db:
        _write(db, year, old["org"], {k: v for k, v in data.items() if k != "status"}, old, at, how)
        db.execute(
            "INSERT INTO rectify_changes (task_id, at, how, changes) VALUES (?,?,?,?)",
            (old["id"], at, how, json.dumps(changes, ensure_ascii=False)),
        )
    return at


def task_changes(store, task_id: int) -> list[dict]:
    """The edits of a task, oldest first: ``at``, ``how``, ``changes`` {field: [before, after]}."""
    rows = store.db.execute("SELECT at, how, changes FROM rectify_changes WHERE task_id=? ORDER BY id", (task_id,))
    return [{"at": at, "how": how, "changes": json.loads(c)} for at, how, c in rows]


def set_status(store, year: int, changes, status: str) -> None:
    """``changes``: ``[(old task, new values)]``, written in one transaction as events ``status``."""
    at = now()
    with store.transaction() as db:
        for old, new in changes:
            _write(db, year, old["org"], {**new, "status": STATUSES[status][0]}, old, at, status)


def file_plan(store, year: int, org: str, on: str, note: str | None = None) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO rectify_filings (year, org, filed_on, note, at) VALUES (?,?,?,?,?)",
            (year, org, on, note, now()),
        )


def filings(store, year: int) -> dict[str, str]:
    """``{org: the day its plan was filed}``."""
    return dict(store.db.execute("SELECT org, filed_on FROM rectify_filings WHERE year=?", (year,)))


def filing_notes(store, year: int) -> dict[str, str]:
    """``{org: what was written when its plan was filed (文号)}``, for those with a note."""
    return dict(
        store.db.execute("SELECT org, note FROM rectify_filings WHERE year=? AND coalesce(note, '') <> ''", (year,))
    )


def events(store, task_id: int) -> list[dict]:
    cols = ("status", "on_date", "at", "how")
    return [
        dict(zip(cols, r))
        for r in store.db.execute(
            "SELECT status, on_date, at, how FROM rectify_events WHERE task_id=? ORDER BY id", (task_id,)
        )
    ]
