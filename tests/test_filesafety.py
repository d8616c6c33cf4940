"""Identifying files by their first bytes, and refusing hostile zip archives before parsing."""

from __future__ import annotations

import struct
import time
import zipfile

import pytest

import dingji
from dingji.core.errors import InputError
from dingji.io import filesafety
from dingji.io.filesafety import check_xlsx, check_zip, identify, require_text, sniff
from dingji.io.xlsx.read import read_roster_xlsx, read_template
from dingji.io.xlsx.template import write_template


@pytest.fixture(scope="module")
def village():
    return dingji.get_standard("village")


@pytest.fixture
def template(tmp_path, village):
    return write_template(village, [dingji.Organization("cun-01", "一村", "village")], tmp_path / "t.xlsx")


@pytest.fixture
def no_parser(monkeypatch):
    """Fail the test if calamine is ever asked to open a file."""
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)


def one_problem(exc_info, path):
    problems = exc_info.value.problems
    assert len(problems) == 1, exc_info.value.describe("en")
    p = problems[0]
    assert p.place.file == str(path)
    assert p.message and p.message_zh
    return p


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "ole2"),
        (b"", "empty"),
        ("org,name,domain\ncun-01,一村,village\n".encode(), "text"),
        ("\ufefforg,name\n".encode(), "text"),
        ("org,name\n一村\n".encode("gb18030"), "text"),
        (b"<html><body><table>", "html"),
        (b"\x00\x01\x02\xff\xfe\x00garbage", "binary"),
        (b"\x81\x30\x81\x30\x03\x04\x05gb18030-decodable but with control bytes", "binary"),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_a_real_template_passes(template):
    names = check_xlsx(template)
    assert "xl/workbook.xml" in names and any(n.startswith("xl/worksheets/") for n in names)


def test_random_bytes_named_xlsx(tmp_path, village, no_parser):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(
        InputError, match=r"this is not an Excel workbook \(\.xlsx\): its first bytes match no spreadsheet format"
    ) as exc:
        read_template(path, village)
    p = one_problem(exc, path)
    assert "not an Excel workbook" in p.message and "不是 Excel 工作簿" in p.message_zh


def test_csv_named_xlsx(tmp_path, village, no_parser):
    path = tmp_path / "scores.xlsx"
    path.write_text("org,source,item,value\ncun-01,self,secretary,5\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"this is a text \(CSV\) file named \.xlsx: rename it to \.csv, or open it in Excel"
    ) as exc:
        read_template(path, village)
    p = one_problem(exc, path)
    assert "CSV" in p.message and "CSV" in p.message_zh and ".csv" in p.message


def test_an_xlsx_named_xls_is_told_to_be_renamed(tmp_path):
    import openpyxl

    path = tmp_path / "评分.xls"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match=r"this is an \.xlsx workbook named \.xls: rename it") as exc:
        filesafety.check_xlsx(path)
    assert "请改名为 .xlsx" in one_problem(exc, path).message_zh


def test_renamed_xls(tmp_path, village, no_parser):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(filesafety.OLE2_MAGIC + bytes(2048))
    with pytest.raises(
        InputError, match=r"this is an old Excel 97-2003 \(\.xls\) workbook, which dingji does not read: open it"
    ) as exc:
        read_roster_xlsx(path)
    p = one_problem(exc, path)
    assert ".xls" in p.message and "另存为" in p.message_zh


def test_password_protected_workbook(tmp_path, no_parser):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(filesafety.OLE2_MAGIC + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    assert identify(path) == "ole2-encrypted"
    with pytest.raises(InputError, match=r"the workbook is password-protected: remove the password") as exc:
        read_roster_xlsx(path)
    assert "password" in one_problem(exc, path).message


def test_html_and_empty_files(tmp_path, no_parser):
    page = tmp_path / "export.xls"
    page.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(
        InputError, match=r"this is a web page \(HTML/XML\) saved with the name \.xls, not a workbook"
    ) as exc:
        read_roster_xlsx(page)
    assert "web page" in one_problem(exc, page).message
    with pytest.raises(InputError, match=r"empty\.xlsx: the file is empty \(0 bytes\)") as exc:
        read_roster_xlsx(empty)
    assert "empty" in one_problem(exc, empty).message


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.xlsx"
    with pytest.raises(InputError, match=r"nowhere\.xlsx: file not found$") as exc:
        check_xlsx(path)
    assert "not found" in one_problem(exc, path).message


def test_truncated_zip(tmp_path, template, village, no_parser):
    data = template.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        InputError, match=r"the workbook is damaged or incomplete .*: the zip directory at its end is missing"
    ) as exc:
        read_template(path, village)
    p = one_problem(exc, path)
    assert "damaged or incomplete" in p.message and "损坏" in p.message_zh


def _flip_member_byte(src, dst, member: str):
    """Copy a zip, corrupting one byte inside ``member``'s compressed data."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(member)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    dst.write_bytes(bytes(data))


def test_corrupt_member_is_one_clear_problem(tmp_path, template, no_parser):
    path = tmp_path / "bad.xlsx"
    _flip_member_byte(template, path, "xl/worksheets/sheet3.xml")
    with pytest.raises(
        InputError, match=r"refused: member xl/worksheets/sheet3\.xml inflates beyond the [\d,]+ bytes it declares"
    ) as exc:
        check_xlsx(path)
    p = one_problem(exc, path)
    assert "damaged" in p.message and "sheet3.xml" in p.message and "损坏" in p.message_zh


def _bomb(path, size: int, level: int = 1):
    """An xlsx-shaped zip whose sheet XML inflates to ``size`` bytes, written in 1 MiB steps."""
    chunk = b"<c/>" * (1 << 18)  # 1 MiB of the most compressible XML
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(size // len(chunk)):
                f.write(chunk)
    return path


@pytest.mark.slow  # compresses a member of over MAX_MEMBER_UNCOMPRESSED
def test_zip_bomb_over_the_size_bound_is_refused_before_parsing(tmp_path, village, no_parser):
    limit = filesafety.MAX_MEMBER_UNCOMPRESSED
    size = limit + (1 << 20)
    path = _bomb(tmp_path / "bomb.xlsx", size)
    assert path.stat().st_size < 4 << 20  # a few MB on disk
    start = time.perf_counter()
    with pytest.raises(
        InputError,
        match=rf"refused: member xl/worksheets/sheet1\.xml would unpack to {size >> 20} MiB "
        rf"\(more than {limit >> 20} MiB\)",
    ) as exc:
        read_template(path, village)
    assert time.perf_counter() - start < 1.0  # the directory is read, nothing is inflated
    p = one_problem(exc, path)
    assert "refused" in p.message and "sheet1.xml" in p.message and "已拒绝" in p.message_zh


def test_zip_bomb_by_ratio(tmp_path, no_parser):
    path = _bomb(tmp_path / "ratio.xlsx", 16 << 20, level=9)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > filesafety.MAX_RATIO * info.compress_size
    with pytest.raises(
        InputError,
        match=rf"refused: member xl/worksheets/sheet1\.xml would unpack [\d,]+ times its size "
        rf".*more than {filesafety.MAX_RATIO}:1\), as a zip bomb does",
    ) as exc:
        check_xlsx(path)
    assert "zip bomb" in one_problem(exc, path).message


def test_total_size_bound(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(4):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", bytes(300_000))
    monkeypatch.setattr(filesafety, "MAX_TOTAL_UNCOMPRESSED", 1_000_000)
    with pytest.raises(InputError, match=r"refused: the archive would unpack to 1 MiB \(more than 1 MiB\)") as exc:
        check_zip(path)
    assert "would unpack to" in one_problem(exc, path).message


def test_a_member_that_lies_about_its_size(tmp_path, no_parser):
    """The directory says 1,000 bytes; the data inflates to 3 MiB (under the ratio floor)."""
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<c/>" * (3 << 18))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.index(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02")) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    with pytest.raises(
        InputError, match=r"refused: member xl/worksheets/sheet1\.xml inflates beyond the 1,000 bytes it declares"
    ) as exc:
        check_xlsx(path)
    assert "beyond the 1,000 bytes it declares" in one_problem(exc, path).message


def test_too_many_members(tmp_path, no_parser):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(filesafety.MAX_MEMBERS + 1):
            zf.writestr(f"m{i}", b"")
    start = time.perf_counter()
    with pytest.raises(
        InputError,
        match=rf"refused: the archive declares {filesafety.MAX_MEMBERS + 1:,} members "
        rf"\(more than {filesafety.MAX_MEMBERS:,}\)",
    ) as exc:
        check_xlsx(path)
    assert time.perf_counter() - start < 1.0
    assert "members" in one_problem(exc, path).message


def test_zip_that_is_not_a_workbook(tmp_path, no_parser):
    docx, ods, other = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    for path, words, message in (
        (docx, "Word", r"this is a Word document \(\.docx\), not a workbook"),
        (ods, ".ods", r"this is an OpenDocument spreadsheet \(\.ods\) renamed: save it as \.xlsx"),
        (other, "not an Excel workbook", r"this zip archive is not an Excel workbook \(it has no xl/workbook\.xml\)"),
    ):
        with pytest.raises(InputError, match=message) as exc:
            check_xlsx(path)
        assert words in one_problem(exc, path).message


def test_require_text_for_csv_readers(tmp_path, template):
    csv = tmp_path / "a.csv"
    csv.write_text("org,name,domain\n", encoding="utf-8")
    require_text(csv)
    named_csv = tmp_path / "b.csv"
    named_csv.write_bytes(template.read_bytes())
    with pytest.raises(
        InputError, match=r"this is an Excel workbook \(xlsx\) or another zip archive, not a CSV text file"
    ) as exc:
        require_text(named_csv)
    assert "not a CSV" in one_problem(exc, named_csv).message
