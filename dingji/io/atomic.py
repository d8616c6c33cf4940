"""Write outputs to a temporary file beside the target, renamed only when complete.

Temporary names carry the writing process's id (``.台账.xlsx.4242.k2j1.tmp``), so that the
next write of the same target removes what a killed process left behind (a process that
no longer runs, and a file over a minute old), and never what a live one is writing.
:func:`scratch_folder` gives a library that writes its own temporary files (openpyxl's
write-only mode) a folder beside the target instead of the system's temp folder, removed
with the write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from dingji.core.text import Text

#: A temporary file of a process that no longer runs is stale after this many seconds.
STALE_AFTER = 60


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale(target) -> list[Path]:
    """Remove the temporary files and folders that killed writes of ``target`` left beside it."""
    target = Path(target)
    removed = []
    try:
        candidates = list(target.parent.glob(f".{target.name}.*"))
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        parts = path.name[len(target.name) + 2 :].split(".")
        if len(parts) < 3 or parts[-1] not in ("tmp", "d") or not parts[0].isdigit():
            continue  # not of our naming
        try:
            if int(parts[0]) == os.getpid() or _alive(int(parts[0])) or now - path.stat().st_mtime < STALE_AFTER:
                continue
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


@contextmanager
def atomic_path(target):
    """Yield a temporary path in the target's folder; on success it replaces the target.

    An exception (or an interrupt) leaves any existing target untouched and
    removes the temporary file.
    """
    from dingji.core.errors import DingjiError, Place, Problem

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DingjiError(
            [
                Problem(
                    Place(file=str(target)),
                    Text(f"无法在此写入：{exc.strerror or exc}", f"cannot write here: {exc.strerror or exc}"),
                )
            ]
        ) from None
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.chmod(tmp, file_mode())  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextmanager
def scratch_folder(target):
    """A folder beside ``target`` made the process's temp folder while the block runs (for
    libraries that write their own temporary files), removed afterwards whatever happens."""
    target = Path(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".d", dir=target.parent))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def file_mode() -> int:
    """0666 less the process umask, as open() would give."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def sha256_file(path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
