"""What every module of the store shares: its error and its clock."""

from __future__ import annotations

from datetime import datetime, timezone

from dingji.core.errors import DingjiError


class StoreError(DingjiError):
    pass


def now() -> str:
    """The time of a change, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
