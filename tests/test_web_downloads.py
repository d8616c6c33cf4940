"""The desk's downloads (``/ledger``): the combined ledger as xlsx, a zip of CSVs and JSON, the
notice as HTML and xlsx, each opened and checked against the store and against what the
services write for the commands; Chinese names in ``filename*`` (RFC 5987); nothing left in
the temporary folder; no GET changing the store, and no notice download publishing a round."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from urllib.parse import quote

import openpyxl
import pytest

from dingji.core.explain import SCHEMA_VERSION
from dingji.services.ledger import export_ledger
from dingji.services.workspace import open_workspace
from web_support import TODAY, client, store_digest

DOWNLOADS = [
    "/ledger/download.xlsx",
    "/ledger/download.csv.zip",
    "/ledger/download.json",
    "/ledger/notice.html",
    "/ledger/notice.xlsx",
]


@pytest.fixture
def temp(tmp_path, monkeypatch):
    """Every temporary folder of the test in one place, to see that none is left."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def results(root) -> dict:
    ws = open_workspace(root)
    with ws.store() as store:
        return {r.org: r for r in store.result_rows(2026)}


def named(response) -> str:
    return response.headers["content-disposition"]


def test_every_download_changes_nothing_and_leaves_no_temporary_file(demo_template, temp):
    before = store_digest(demo_template)
    c = client(demo_template)
    page = c.get("/ledger")
    assert page.status_code == 200
    for path in DOWNLOADS:
        assert f'href="{path}"' in page.text
        got = c.get(path)
        assert got.status_code == 200, path
        assert got.headers["cache-control"] == "no-store"
        how = "inline" if path.endswith("notice.html") else "attachment"  # the notice page opens to be read
        assert named(got).startswith(f'{how}; filename="dingji-')
    assert store_digest(demo_template) == before
    assert list(temp.iterdir()) == []
    assert c.get("/ledger/download.pdf").status_code == 404


def test_the_workbook_is_the_commands_ledger(demo_template, temp, tmp_path):
    got = client(demo_template).get("/ledger/download.xlsx")
    ws = open_workspace(demo_template)
    title = ws.ledger_title(2026)
    assert named(got).endswith(f"filename*=UTF-8''{quote(title + '.xlsx', safe='')}")
    book = openpyxl.load_workbook(io.BytesIO(got.content), read_only=True)
    export_ledger(ws, ws.registry(), year=2026, output=tmp_path / "cli.xlsx", as_of=TODAY)  # the notice issued
    want = openpyxl.load_workbook(tmp_path / "cli.xlsx", read_only=True)
    assert book.sheetnames == want.sheetnames
    assert book.sheetnames[:2] == ["汇总", "分类定级台账"] and book.sheetnames[-2:] == ["公示", "评分标准摘要"]
    main = list(book["分类定级台账"].iter_rows(values_only=True))
    assert main == list(want["分类定级台账"].iter_rows(values_only=True))
    heads = main[1]
    stored = results(demo_template)
    rows = {r[0]: r for r in main[2:] if r[0] in stored}
    assert set(rows) == set(stored)
    for org, r in stored.items():  # a known cell: each organization's grade
        assert rows[org][heads.index("等次")] == r.grade


def test_the_csv_zip_holds_one_file_per_sheet(demo_template, temp):
    got = client(demo_template).get("/ledger/download.csv.zip")
    assert got.headers["content-type"] == "application/zip"
    title = open_workspace(demo_template).ledger_title(2026)
    assert named(got).endswith(quote(f"{title}-csv.zip", safe=""))
    with zipfile.ZipFile(io.BytesIO(got.content)) as z:
        names = z.namelist()
        assert all(n.startswith(title + "/") and n.endswith(".csv") for n in names)
        assert {n.split("/", 1)[1] for n in names} >= {
            "汇总.csv",
            "分类定级台账.csv",
            "走访台账.csv",
            "整改台账.csv",
            "公示.csv",
        }
        main = list(csv.reader(io.StringIO(z.read(f"{title}/分类定级台账.csv").decode("utf-8-sig"))))
    stored = results(demo_template)
    grade = main[0].index("等次")  # a CSV starts with its header
    assert {r[0]: r[grade] for r in main[1:] if r and r[0] in stored} == {o: r.grade for o, r in stored.items()}


def test_the_json_has_its_schema_version_and_every_result(demo_template, temp):
    got = client(demo_template).get("/ledger/download.json")
    doc = json.loads(got.content)
    assert doc["schema_version"] == SCHEMA_VERSION and doc["year"] == 2026
    assert {r["org"]: r["grade"] for r in doc["results"]} == {o: r.grade for o, r in results(demo_template).items()}


def test_the_notice_issued_is_rendered_with_its_dates(demo_template, temp):
    with closing(sqlite3.connect(demo_template / "dingji.sqlite")) as db:
        start, days = db.execute("SELECT notice_from, notice_days FROM rounds WHERE year=2026").fetchone()
    c = client(demo_template)
    assert f"已公示：{start} 起 {days} 天" in c.get("/ledger").text
    got = c.get("/ledger/notice.html")
    name = open_workspace(demo_template).name + "2026年分类定级结果公示.html"
    assert named(got).endswith(f"filename*=UTF-8''{quote(name, safe='')}")
    text = got.content.decode("utf-8")
    for r in results(demo_template).values():
        assert r.name in text
    y, m, d = start.split("-")
    assert f"{int(y)}年{int(m)}月{int(d)}日" in text
    sheet = openpyxl.load_workbook(io.BytesIO(c.get("/ledger/notice.xlsx").content), read_only=True)
    assert sheet.sheetnames == ["公示", "评分标准摘要"]


def test_a_notice_not_yet_published_is_a_draft_and_stays_unpublished(demo_copy, temp):
    with closing(sqlite3.connect(demo_copy / "dingji.sqlite")) as db:
        db.execute("UPDATE rounds SET published_at=NULL, notice_from=NULL, notice_days=NULL WHERE year=2026")
        db.commit()
    before = store_digest(demo_copy)
    c = client(demo_copy)
    assert "尚未公示" in c.get("/ledger").text
    for path in ["/ledger/notice.html", "/ledger/notice.xlsx"]:
        got = c.get(path)
        assert got.status_code == 200
        assert quote("（未公示草稿）", safe="") in named(got)
    assert store_digest(demo_copy) == before  # no round published by a GET
    assert list(temp.iterdir()) == []


def test_without_results_the_page_says_so(tmp_path, temp):
    from cli_support import ok

    ok(["init", tmp_path / "w", "--name", "空乡", "--year", "2026"])
    c = client(tmp_path / "w")
    text = c.get("/ledger").text
    assert "尚未定级" in text and "/ledger/download.xlsx" not in text
    got = c.get("/ledger/download.xlsx")
    assert got.status_code == 400 and "dingji evaluate" in got.text
    assert list(temp.iterdir()) == []
