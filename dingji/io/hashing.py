"""Input files read once: their sha256 (kept with a run, so that a ledger can name the very files it
came from) is taken from the bytes the parser reads, not from a second reading of the file.

:class:`HashingFile` is a binary file that hashes what passes through it, for text read as a
stream (the long CSV); :func:`read_bytes` reads a file whole and hashes it (a workbook, which
the zip checks and calamine read from memory).  A :class:`dingji.core.inputs.Batch` carries
``digest()``; a reader that gives none has its file hashed afterwards.
"""

from __future__ import annotations

import hashlib
import io


class HashingFile(io.RawIOBase):
    """The bytes of ``path``, hashed as they are read.  :meth:`digest` is ``(sha256, bytes)`` once the
    file has been read to its end, None before (the file was not read whole: a caller hashes it)."""

    def __init__(self, path):
        self._f = open(path, "rb", buffering=0)
        self._hash = hashlib.sha256()
        self.size = 0
        self._end = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self._f.readinto(b)
        if n:
            self._hash.update(memoryview(b)[:n])
            self.size += n
        elif n == 0:
            self._end = True
        return n

    def close(self) -> None:
        self._f.close()
        super().close()

    def digest(self) -> tuple[str, int] | None:
        return (self._hash.hexdigest(), self.size) if self._end else None


def read_bytes(path) -> tuple[bytes, tuple[str, int]]:
    """A whole file and its ``(sha256, bytes)``."""
    with open(path, "rb") as f:
        data = f.read()
    return data, (hashlib.sha256(data).hexdigest(), len(data))
