"""What every module of the store shares: its error and its clock."""

from __future__ import annotations

from datetime import UTC, datetime

from dingji.core.errors import DingjiError


class StoreError(DingjiError):
    pass


def now() -> str:
    """The time of a change, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def import_number(db, import_id: int) -> int:
    """The number of an import among those of its kind and year (第 1 次导入, 第 2 次 …)."""
    db = getattr(db, "db", db)  # a Store, or a connection inside a transaction
    return db.execute(
        "SELECT count(*) FROM imports o JOIN imports i ON i.id=? WHERE o.year = i.year"
        " AND o.kind = i.kind AND o.id <= i.id",
        (import_id,),
    ).fetchone()[0]
