"""``dingji notice``: the 公示 list with its publicity period, as a self-contained printable
HTML page (rendered here in headless Chromium where installed) and as an xlsx sheet."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from ledger_support import HOSTILE, sheets

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@pytest.fixture(scope="module")
def township(tmp_path_factory, copy_township) -> Path:
    return copy_township(tmp_path_factory.mktemp("notice") / "测试乡", previous=None)


@pytest.fixture(scope="module")
def page(township) -> Path:
    out = township.parent / "公示.html"
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "--days", "7", "-o", out])
    return out


def test_the_page_lists_every_organization_with_the_period(page):
    html = page.read_text(encoding="utf-8")
    assert "<h1>测试乡2025年基层党组织分类定级结果公示</h1>" in html
    assert "公示期：2026年1月5日 至 2026年1月11日（共 7 天）" in html  # 7 days, both ends included
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(<td.*?)</tr>", html)]
    assert rows[:4] == [  # then the appendix's row
        ["1", "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)", "社区", "96.00", "91.00", "93.0", "好", ""],
        ["2", "+1", "社区", "90.00", "100.00", "96.0", "较差", ""],
        ["3", "-2", "社区", "70.00", "65.00", "67.0", "一般", ""],
        ["4", "@a", "社区", "100.00", "94.00", "96.4", "好", ""],
    ]
    assert "中共测试乡委员会<br>2026年1月5日" in html


def test_the_page_is_self_contained_and_a4(page):
    html = page.read_text(encoding="utf-8")
    assert "@page { size: A4" in html and '<meta charset="utf-8">' in html
    for outside in ("<script", "<link", "src=", "href=", "url(", "@import"):
        assert outside not in html


def test_days_come_from_the_workspace_and_the_sheet_from_xlsx(township, tmp_path):
    config = township / "dingji.toml"
    text = config.read_text(encoding="utf-8")
    try:
        config.write_text(text.replace("days = 5", "days = 3"), encoding="utf-8")
        ok(["--workspace", township, "notice", "--from", "2026-02-27", "-o", tmp_path / "n.xlsx"])
    finally:
        config.write_text(text, encoding="utf-8")
    book = sheets(tmp_path / "n.xlsx")
    assert list(book) == ["公示", "评分标准摘要"]
    rows = book["公示"]
    assert rows[0][0] == "测试乡2025年基层党组织分类定级结果公示"
    assert rows[1][0].startswith("根据基层党组织分类定级工作安排")
    assert rows[2][0] == "公示期：2026年2月27日 至 2026年3月1日（共 3 天）"  # 2026 is not a leap year
    assert rows[3] == ["序号", "组织名称", "领域", "自查自评", "上级党组织评定", "综合得分", "定级结果", "服务型党组织"]
    assert [r[1] for r in rows[4:8]] == list(HOSTILE.values())


def test_bad_notice_requests(township):
    assert "未知的格式" in fails(["--workspace", township, "notice", "-o", "n.pdf"], code=2).stderr
    fails(["--workspace", township, "notice", "--from", "5 January"], code=2)
    fails(["--workspace", township, "notice", "--days", "0"], code=2)


def non_white_share(png: bytes) -> float:
    """The share of pixels that are not (near) white, decoding the PNG by hand (8-bit RGB/RGBA)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6), header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, dark = bytearray(stride), 0
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        dark += sum(1 for x in range(0, stride, bpp) if min(line[x : x + 3]) < 200)
        prev = line
    return dark / (width * height)


@pytest.mark.external
@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
)
def test_the_page_renders_in_headless_chromium(page, tmp_path):
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [
            *flags,
            f"--user-data-dir={tmp_path / 'profile-1'}",
            f"--screenshot={shot}",
            "--window-size=480,360",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
    )
    assert shot.is_file(), proc.stderr.decode("utf-8", "replace")
    share = non_white_share(shot.read_bytes())
    assert 0.005 < share < 0.6, f"{share:.1%} of the screenshot is not white"
    dom = subprocess.run(
        [*flags, f"--user-data-dir={tmp_path / 'profile-2'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        timeout=90,
    ).stdout.decode("utf-8")
    assert "测试乡2025年基层党组织分类定级结果公示" in dom
    for name in ("+1", "-2", "@a", '=HYPERLINK("http://x","y")'):
        assert f"<td>{name}</td>" in dom
