"""Know what a file is before parsing it, and refuse archives that would unpack too far.

Readers of untrusted spreadsheets call :func:`check_xlsx` first: it identifies the
file by its first bytes (a renamed ``.xls``, a CSV named ``.xlsx``, a web page
saved as ``.xls`` ...) and, for a zip archive, checks the central directory's
declared member count and sizes, then inflates every member once in bounded
chunks to prove the declarations true (a zip may lie about its sizes; neither
openpyxl nor calamine bounds decompression).  Text readers can call
:func:`require_text`.  Every failure is an :class:`InputError` naming the file,
in English and Chinese; no exception of zipfile or zlib escapes.

Identifying a file by its first bytes lives in :mod:`dingji.io.filekind` (its names are
importable from here too); this module checks zip archives.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from dingji.core.errors import InputError
from dingji.io.filekind import (
    _HEAD,
    _TEXT_BYTES,
    EMPTY_ZIP_MAGIC,
    OLE2_MAGIC,
    ZIP_MAGIC,
    _fail,
    _not_xlsx,
    _ole2_encrypted,
    _problem,
    identify,
    read_head,
    require_text,
    sniff,
)
from dingji.io.sheet_extent import Extent, check_extent

__all__ = [
    "EMPTY_ZIP_MAGIC",
    "MAX_MEMBERS",
    "MAX_MEMBER_UNCOMPRESSED",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "OLE2_MAGIC",
    "RATIO_FLOOR",
    "VERIFY_INFLATE",
    "ZIP_MAGIC",
    "_HEAD",
    "_TEXT_BYTES",
    "_ole2_encrypted",
    "check_xlsx",
    "check_zip",
    "identify",
    "read_head",
    "require_text",
    "sniff",
]


#: An archive with more members than this is refused (a workbook has a few dozen).
MAX_MEMBERS = 10_000
#: The declared uncompressed size of all members together (a 30,000-row template is ~60 MB).
MAX_TOTAL_UNCOMPRESSED = 1 << 30  # 1 GiB
#: The declared uncompressed size of any one member (one sheet's XML).
MAX_MEMBER_UNCOMPRESSED = 512 << 20  # 512 MiB
#: Members larger than RATIO_FLOOR may not inflate more than MAX_RATIO times their
#: compressed size; real sheet XML stays well below (measured ~10-40:1), bombs go ~1000:1.
MAX_RATIO = 200
RATIO_FLOOR = 4 << 20  # 4 MiB
#: Inflate members to prove their declared sizes true before a parser sees them.
VERIFY_INFLATE = True

_CHUNK = 1 << 20


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB"


# --- zip archives ------------------------------------------------------------


def _declared_count(f, size: int) -> int | None:
    """The member count in the end-of-central-directory record, read before zipfile parses anything."""
    tail = min(size, 22 + 0xFFFF)
    f.seek(size - tail)
    data = f.read(tail)
    at = data.rfind(EMPTY_ZIP_MAGIC)
    if at < 0 or len(data) - at < 22:
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    if count == 0xFFFF and at >= 20 and data[at - 20 : at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, at - 20 + 8)[0]
        f.seek(offset)
        rec = f.read(56)
        if rec[:4] == b"PK\x06\x06" and len(rec) == 56:
            count = struct.unpack_from("<Q", rec, 32)[0]
    return count


def _damaged(path, detail: str, detail_zh: str | None = None) -> InputError:
    return InputError(
        [
            _problem(
                path,
                f"the workbook is damaged or incomplete (an interrupted copy or download?): {detail}",
                f"工作簿已损坏或不完整（复制或下载中断？）：{detail_zh or detail}",
            )
        ]
    )


def check_zip(path, *, verify: bool = VERIFY_INFLATE, sheets: bool = False, data: bytes | None = None) -> list[str]:
    """Check a zip archive before any parser opens it; return its member names.

    Refuses (InputError): no readable central directory (truncated), more than
    :data:`MAX_MEMBERS` members, encrypted members or unknown compression, a
    declared size over :data:`MAX_MEMBER_UNCOMPRESSED` / :data:`MAX_TOTAL_UNCOMPRESSED`,
    a ratio over :data:`MAX_RATIO` for members over :data:`RATIO_FLOOR`; with
    ``verify``, a member that inflates to other than its declared size, or
    fails its CRC, or whose compressed data is corrupt; with ``sheets`` (an xlsx), a
    worksheet whose cells reach too far (:mod:`dingji.io.sheet_extent`).  ``data``: the file's
    bytes, already read (``path`` then only names it).
    """
    try:
        f = open(path, "rb") if data is None else io.BytesIO(data)
    except OSError as exc:
        _fail(path, f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")
    with f:
        size = f.seek(0, 2)
        count = _declared_count(f, size)
        if count is None:
            raise _damaged(path, "the zip directory at its end is missing", "文件末尾缺少 zip 目录")
        if count > MAX_MEMBERS:
            _fail(
                path,
                f"refused: the archive declares {count:,} members (more than {MAX_MEMBERS:,}); "
                "a workbook has a few dozen",
                f"已拒绝：压缩包声明有 {count:,} 个成员（超过 {MAX_MEMBERS:,} 个），正常工作簿只有几十个",
            )
        f.seek(0)
        try:
            infos = zipfile.ZipFile(f).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error) as exc:
            raise _damaged(path, str(exc)) from None
        if len(infos) > MAX_MEMBERS:
            _fail(
                path,
                f"refused: the archive has {len(infos):,} members (more than {MAX_MEMBERS:,})",
                f"已拒绝：压缩包有 {len(infos):,} 个成员（超过 {MAX_MEMBERS:,} 个）",
            )
        total = 0
        for info in infos:
            name = info.filename
            if info.flag_bits & 0x1:
                _fail(
                    path,
                    "the workbook is password-protected (encrypted zip members): remove the password and save again",
                    "工作簿已加密（压缩包成员加了密码）：请取消密码后重新保存",
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                _fail(
                    path,
                    f"member {name} uses compression method {info.compress_type}, which no workbook uses",
                    f"成员 {name} 使用了工作簿不会使用的压缩方式 {info.compress_type}",
                )
            if info.file_size > MAX_MEMBER_UNCOMPRESSED:
                _fail(
                    path,
                    f"refused: member {name} would unpack to {_mib(info.file_size)} "
                    f"(more than {_mib(MAX_MEMBER_UNCOMPRESSED)})",
                    f"已拒绝：成员 {name} 解压后为 {_mib(info.file_size)}（超过 {_mib(MAX_MEMBER_UNCOMPRESSED)}）",
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                _fail(
                    path,
                    f"refused: member {name} would unpack {ratio:,.0f} times its size "
                    f"({_mib(info.file_size)}; more than {MAX_RATIO}:1), as a zip bomb does",
                    f"已拒绝：成员 {name} 解压后是压缩大小的 {ratio:,.0f} 倍（{_mib(info.file_size)}，"
                    f"超过 {MAX_RATIO}:1），属于“压缩炸弹”特征",
                )
            total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            _fail(
                path,
                f"refused: the archive would unpack to {_mib(total)} (more than {_mib(MAX_TOTAL_UNCOMPRESSED)})",
                f"已拒绝：压缩包解压后共 {_mib(total)}（超过 {_mib(MAX_TOTAL_UNCOMPRESSED)}）",
            )
        if verify:
            for info in infos:
                watch = Extent(info.filename) if sheets and _is_sheet(info.filename) else None
                _verify_member(path, f, size, info, watch)
                if watch is not None and (why := check_extent(watch)):
                    _fail(path, *why)
    return [i.filename for i in infos]


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _verify_member(path, f, size: int, info: zipfile.ZipInfo, watch=None) -> None:
    """Inflate one member from its raw bytes, never producing more than its declared size + 1 chunk."""
    name = info.filename
    f.seek(info.header_offset)
    local = f.read(30)
    if len(local) < 30 or local[:4] != ZIP_MAGIC:
        raise _damaged(path, f"member {name} has no local header", f"成员 {name} 缺少本地文件头")
    name_len, extra_len = struct.unpack_from("<HH", local, 26)
    start = info.header_offset + 30 + name_len + extra_len
    left = info.compress_size
    if start + left > size:
        raise _damaged(path, f"member {name} is cut short", f"成员 {name} 被截断")
    f.seek(start)
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    out = crc = 0
    limit = info.file_size
    try:
        while left:
            chunk = f.read(min(_CHUNK, left))
            if not chunk:
                raise _damaged(path, f"member {name} is cut short", f"成员 {name} 被截断")
            left -= len(chunk)
            if inflate is None:
                out += len(chunk)
                crc = zlib.crc32(chunk, crc)
                if watch is not None:
                    watch.feed(chunk)
                continue
            data = chunk
            while data:
                piece = inflate.decompress(data, _CHUNK)
                out += len(piece)
                if out > limit:
                    _fail(
                        path,
                        f"refused: member {name} inflates beyond the {limit:,} bytes it declares "
                        "(the file is damaged, or a zip bomb)",
                        f"已拒绝：成员 {name} 解压后超过其声明的 {limit:,} 字节（文件已损坏，或是“压缩炸弹”）",
                    )
                crc = zlib.crc32(piece, crc)
                if watch is not None:
                    watch.feed(piece)
                data = inflate.unconsumed_tail
                if inflate.eof:
                    break
        if inflate is not None and not inflate.eof:
            piece = inflate.flush()
            out += len(piece)
            crc = zlib.crc32(piece, crc)
            if watch is not None:
                watch.feed(piece)
            if not inflate.eof:
                raise _damaged(
                    path, f"member {name} ends before its compressed data does", f"成员 {name} 的压缩数据不完整"
                )
    except zlib.error as exc:
        raise _damaged(path, f"member {name}: {exc}", f"成员 {name} 的压缩数据有误：{exc}") from None
    if out != limit:
        raise _damaged(
            path,
            f"member {name} unpacks to {out:,} bytes, its directory says {limit:,}",
            f"成员 {name} 解压后为 {out:,} 字节，与目录所记的 {limit:,} 字节不符",
        )
    if crc != info.CRC:
        raise _damaged(path, f"member {name} fails its checksum (CRC)", f"成员 {name} 校验（CRC）失败")


def check_xlsx(path, data: bytes | None = None) -> list[str]:
    """Everything to know before parsing ``path`` as an xlsx workbook; returns the member names.

    An InputError says what the file really is when it is not an xlsx (a renamed
    .xls, a CSV, a web page, an .ods, a .docx, any other zip), or why the archive
    is refused (see :func:`check_zip`).  ``data``: the file's bytes, already read.
    """
    kind = identify(path) if data is None or not data.startswith(ZIP_MAGIC) else "zip"
    if kind != "zip":
        raise InputError([_not_xlsx(path, kind)])
    names = check_zip(path, sheets=True, data=data)
    members = set(names)
    if "xl/workbook.xml" in members or "xl/workbook.bin" in members:
        if "xl/workbook.bin" in members and "xl/workbook.xml" not in members:
            _fail(
                path,
                "this is a binary Excel workbook (.xlsb): save it as 'Excel Workbook (*.xlsx)'",
                "这是二进制 Excel 工作簿（.xlsb）：请另存为“Excel 工作簿（*.xlsx）”",
            )
        if Path(path).suffix.lower() == ".xls":  # read by its name, it would be taken for a 97-2003 file
            _fail(
                path,
                "this is an .xlsx workbook named .xls: rename it to .xlsx",
                "这是 .xlsx 工作簿，却以 .xls 为扩展名：请改名为 .xlsx 后再上传",
            )
        return names
    if "mimetype" in members and "content.xml" in members:
        _fail(
            path,
            "this is an OpenDocument spreadsheet (.ods) renamed: save it as .xlsx",
            "这是 OpenDocument 电子表格（.ods）改名而来：请另存为 .xlsx",
        )
    if "word/document.xml" in members:
        _fail(path, "this is a Word document (.docx), not a workbook", "这是 Word 文档（.docx），不是工作簿")
    _fail(
        path,
        "this zip archive is not an Excel workbook (it has no xl/workbook.xml)",
        "这个 zip 压缩文件不是 Excel 工作簿（没有 xl/workbook.xml）",
    )
