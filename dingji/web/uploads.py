"""Uploads waiting to be stored: one private scratch folder in the workspace per upload.

An upload is saved to ``<workspace>/.dingji/uploads/<token>/<n>/<name>``: ``<n>`` numbers
the files, ``<name>`` is the client's file name made safe (:func:`safe_name`: no folders, no
characters but letters, digits, ``-_()``, a plain suffix, no device names), so that the
stored run names the officer's file (the ledger lists it with its sha256), and the suffix
chooses the reader as on the command line.  ``upload.json`` records the domain and each
file's name as the officer's computer gave it, to show.  The
token (:func:`secrets.token_urlsafe`, 24 characters of ``A-Z a-z 0-9 - _``) is all the
store step takes, checked strictly: a token of that form naming a folder that is there.
While one is being stored its folder is ``<token>.storing`` (:func:`claim`), so that the
same form sent twice stores it once.  A stored upload is deleted; the others after a day
(:func:`clean`, on each upload).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path, PureWindowsPath

import attrs

from dingji.core.errors import DingjiError, Place, Problem, visible
from dingji.core.text import Text

SCRATCH = Path(".dingji", "uploads")
MANIFEST = "upload.json"
TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")
CLAIMED = ".storing"
SAVED = re.compile(r"[0-9]{1,2}/[\w()（）-]{1,80}(\.[a-z0-9]{1,10})?")
#: names Windows gives to devices, whatever their suffix
DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
#: uploads not stored within a day are deleted
MAX_AGE = 24 * 3600


@attrs.frozen
class Upload:
    """Files uploaded for ``domain``, saved in ``folder``: ``(path, name as given)`` each."""

    token: str
    folder: Path
    domain: str
    files: tuple[tuple[Path, str], ...]

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.files]

    def names(self) -> dict[str, str]:
        """``{saved path: name as given}``, to say the officer's names instead of the scratch paths."""
        return {str(path): name for path, name in self.files}


def scratch(root) -> Path:
    return Path(root) / SCRATCH


def given_name(filename) -> str:
    """The last part of a client's file name (Windows and POSIX paths alike), to show only."""
    name = PureWindowsPath(str(filename or "")).name.strip()
    return visible(name)[:200] or "upload"


def suffix_of(name: str) -> str:
    """The file's suffix in lower case when it is a plain one (``.xlsx``), else nothing."""
    suffix = PureWindowsPath(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ""


def safe_name(name: str) -> str:
    """``name`` as a file name of the scratch folder: its plain suffix kept (lower case), the rest
    letters, digits and ``-_()`` only (any other run of characters becomes ``_``), at most 80."""
    raw, suffix = PureWindowsPath(name).suffix, suffix_of(name)
    stem = name[: -len(raw)] if raw and suffix else name
    stem = re.sub(r"[^\w()（）-]+", "_", stem).strip("_")[:80] or "upload"
    return ("_" + stem if stem.upper() in DEVICES else stem) + suffix


def save(root, domain: str, uploads) -> Upload:
    """Save ``uploads`` (starlette UploadFile objects) into a new scratch folder; uploads older
    than a day are deleted first.  A file system failure is a DingjiError (nothing is kept)."""
    clean(root)
    token = secrets.token_urlsafe(18)
    folder = scratch(root) / token
    files = []
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
        for number, upload in enumerate(uploads, 1):
            name = given_name(upload.filename)
            path = folder / str(number) / safe_name(name)
            path.parent.mkdir()
            upload.file.seek(0)
            with open(path, "xb") as out:
                shutil.copyfileobj(upload.file, out, 1 << 20)
            files.append((path, name))
        manifest = {"domain": domain, "files": [[f"{p.parent.name}/{p.name}", name] for p, name in files]}
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        why = exc.strerror or str(exc)
        raise DingjiError(
            [Problem(Place(), Text(f"无法保存上传的文件：{why}", f"the upload could not be saved: {why}"))]
        ) from None
    return Upload(token, folder, domain, tuple(files))


def load(root, domain: str, token) -> Upload | None:
    """The upload ``token`` names for ``domain``; None for anything else (a token of another
    form, a folder that is gone, stored or deleted, or made for another domain)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    folder = scratch(root) / token
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("domain") != domain:
            return None
        files = []
        for saved, name in manifest["files"]:
            if not (isinstance(saved, str) and SAVED.fullmatch(saved)):
                return None
            path = folder / saved
            if path.is_symlink() or path.parent.is_symlink() or not path.is_file():
                return None
            files.append((path, str(name)))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Upload(token, folder, domain, tuple(files)) if files else None


def claim(upload: Upload) -> Upload | None:
    """Take ``upload`` for storing, so that a second request with its token (a double click)
    finds it gone: its folder renamed to ``<token>.storing`` (atomic); None when another has it."""
    folder = upload.folder.with_name(upload.token + CLAIMED)
    try:
        upload.folder.rename(folder)
    except OSError:
        return None
    return _moved(upload, folder)


def release(claimed: Upload) -> Upload:
    """Give a claimed upload back (it was not stored): its folder named by its token again."""
    folder = claimed.folder.with_name(claimed.token)
    claimed.folder.rename(folder)
    return _moved(claimed, folder)


def _moved(upload: Upload, folder: Path) -> Upload:
    files = tuple((folder / p.relative_to(upload.folder), name) for p, name in upload.files)
    return attrs.evolve(upload, folder=folder, files=files)


def remove(upload: Upload) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)


def clean(root, max_age: float = MAX_AGE) -> None:
    """Delete the scratch folders older than ``max_age`` seconds."""
    base = scratch(root)
    if not base.is_dir():
        return
    now = time.time()
    for folder in base.iterdir():
        try:
            if (
                TOKEN.fullmatch(folder.name)
                and not folder.is_symlink()
                and folder.is_dir()
                and now - folder.stat().st_mtime > max_age
            ):
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
