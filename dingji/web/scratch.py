"""A scratch folder for one request's uploaded files: ``<ws>/.dingji/uploads/<random>/``, made
when the request needs it and removed, with everything in it, when the request is done.

Nothing there is part of the workspace (no standards folder, store or input reads it); it is
inside the workspace so that the upload stays on the disk the workspace is on.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

UPLOADS = Path(".dingji") / "uploads"
_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


class TooLarge(Exception):
    """An uploaded file over its limit (``limit`` bytes)."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


@contextmanager
def folder(ws) -> Iterator[Path]:
    """A new folder of a random name under ``<ws>/.dingji/uploads/`` (the system's temporary folder
    when the workspace cannot be written), removed afterwards."""
    base = ws.root / UPLOADS
    try:
        base.mkdir(parents=True, exist_ok=True)
        made = Path(tempfile.mkdtemp(prefix="up-", dir=base))
    except OSError:  # a read-only workspace is still read and checked against
        made = Path(tempfile.mkdtemp(prefix="dingji-up-"))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def file_name(given: str | None, default: str = "upload") -> str:
    """The base name of an uploaded file as a safe file name (no folder, no character a file
    system refuses), at most 100 characters."""
    base = PurePosixPath((given or "").replace("\\", "/")).name
    return _BAD.sub("_", base).strip(" .")[:100] or default


def save(upload, into: Path, limit: int, default: str = "upload") -> Path:
    """``upload`` (a Starlette ``UploadFile``) written into ``into`` under its own base name;
    :class:`TooLarge` when it holds more than ``limit`` bytes (then nothing is written)."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    path = into / file_name(upload.filename, default)
    path.write_bytes(data)
    return path
