"""Know what a file is before parsing it: :func:`sniff` tells a file's kind by its first bytes
(a zip archive, an old .xls, a password-protected workbook, a web page, text, binary ...),
:func:`identify` reads and sniffs a path, and :func:`require_text` refuses what is not text.
Every failure is an :class:`InputError` naming the file, in English and Chinese.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HEAD = 4096
_TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})


def _problem(path, en: str, zh: str) -> Problem:
    return Problem(Place(file=str(path)), Text(zh, en))


def _fail(path, en: str, zh: str):
    raise InputError([_problem(path, en, zh)])


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is.

    One of ``zip``, ``ole2``, ``empty``, ``html``, ``text`` (UTF-16 with BOM, or
    no control bytes and decodable as UTF-8 or GB18030) or ``binary``.
    """
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if body.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"<meta")):
        return "html"
    if head.translate(None, _TEXT_BYTES):  # NUL and other control bytes: not text
        return "binary"
    for enc in ("utf-8", "gb18030"):
        try:
            # a multi-byte character may be cut at the end of the sample: an incremental decoder
            # keeps those bytes back instead of failing (cutting bytes off could split another one)
            codecs.getincrementaldecoder(enc)().decode(head, final=len(head) < _HEAD)
            return "text"
        except UnicodeDecodeError:
            continue
    return "binary"


def read_head(path, size: int = _HEAD) -> bytes:
    """The first bytes of a file; an InputError when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except FileNotFoundError:
        _fail(path, "file not found", "文件不存在")
    except IsADirectoryError:
        _fail(path, "this is a folder, not a file", "这是文件夹，不是文件")
    except OSError as exc:
        _fail(path, f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")


def identify(path) -> str:
    """:func:`sniff` of the file at ``path`` (``ole2-encrypted`` for a password-protected workbook)."""
    kind = sniff(read_head(path))
    if kind == "ole2" and _ole2_encrypted(path):
        return "ole2-encrypted"
    return kind


def _ole2_encrypted(path) -> bool:
    """An Excel file with an open password is an OLE2 container holding an ``EncryptedPackage``."""
    needle = "EncryptedPackage".encode("utf-16-le")
    try:
        with open(path, "rb") as f:
            data = f.read(64 << 20)
    except OSError:
        return False
    return needle in data


def _not_xlsx(path, kind: str) -> Problem:
    suffix = Path(path).suffix.lower() or "xlsx"
    if kind == "ole2":
        return _problem(
            path,
            "this is an old Excel 97-2003 (.xls) workbook, which dingji does not read: open it in Excel or "
            "WPS and save it as 'Excel Workbook (*.xlsx)'",
            "这是旧版 Excel 97-2003（.xls）工作簿，dingji 不读取这种格式：请用 Excel 或 WPS 打开，"
            "另存为“Excel 工作簿（*.xlsx）”",
        )
    if kind == "ole2-encrypted":
        return _problem(
            path,
            "the workbook is password-protected: remove the password (File > Info > Protect "
            "Workbook) and save it again",
            "工作簿设置了打开密码：请取消密码（文件 > 信息 > 保护工作簿）后重新保存",
        )
    if kind == "text":
        return _problem(
            path,
            f"this is a text (CSV) file named {suffix}: rename it to .csv, or open it in Excel and save it as .xlsx",
            f"这是文本（CSV）文件，却以 {suffix} 为扩展名：请改名为 .csv，或用 Excel 打开后另存为 .xlsx",
        )
    if kind == "html":
        return _problem(
            path,
            f"this is a web page (HTML/XML) saved with the name {suffix}, not a workbook: "
            "open it in Excel and save it as .xlsx",
            f"这是以 {suffix} 命名的网页（HTML/XML）文件，不是工作簿：请用 Excel 打开后另存为 .xlsx",
        )
    if kind == "empty":
        return _problem(path, "the file is empty (0 bytes)", "文件是空的（0 字节）")
    return _problem(
        path,
        f"this is not an Excel workbook ({suffix}): its first bytes match no spreadsheet format",
        f"这不是 Excel 工作簿（{suffix}）：文件开头不符合任何电子表格格式",
    )


def require_text(path) -> None:
    """For text readers (CSV): an InputError saying what the file is when it is not text."""
    kind = identify(path)
    if kind in ("text", "empty"):
        return
    what = {
        "zip": ("an Excel workbook (xlsx) or another zip archive", "Excel 工作簿（xlsx）或其他 zip 压缩文件"),
        "ole2": ("an old Excel .xls workbook", "旧版 Excel .xls 工作簿"),
        "ole2-encrypted": ("a password-protected Excel workbook", "设置了密码的 Excel 工作簿"),
        "html": ("a web page (HTML/XML)", "网页（HTML/XML）文件"),
        "binary": ("a binary file", "二进制文件"),
    }[kind]
    _fail(path, f"this is {what[0]}, not a CSV text file", f"这是{what[1]}，不是 CSV 文本文件")
