"""What every module of the store shares: its error and its clock."""

from __future__ import annotations

from datetime import UTC, datetime

from dingji.core.errors import DingjiError


class StoreError(DingjiError):
    pass


def now() -> str:
    """The time of a change, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_import(db, year: int, kind: str, files: str, rows: int, at: str | None = None) -> int:
    """The audit row of an import (or a removal) of records of ``kind``: when, the files (their
    JSON text, as the caller writes it) and how many rows; its id."""
    return db.execute(
        "INSERT INTO imports (at, year, kind, files, rows) VALUES (?,?,?,?,?)", (at or now(), year, kind, files, rows)
    ).lastrowid


def import_number(db, import_id: int) -> int:
    """The number of an import among those of its kind and year (第 1 次导入, 第 2 次 …)."""
    db = getattr(db, "db", db)  # a Store, or a connection inside a transaction
    return db.execute(
        "SELECT count(*) FROM imports o JOIN imports i ON i.id=? WHERE o.year = i.year"
        " AND o.kind = i.kind AND o.id <= i.id",
        (import_id,),
    ).fetchone()[0]
