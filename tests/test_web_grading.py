"""The desk's grading pages (issue 12), as an officer uses them: the template downloaded through
the desk, filled with openpyxl (a real workbook), uploaded with a mistake, fixed, stored,
graded again, published, amended.

The workspace is cli_support's MINI (3 organizations of 社区, year 2025).  By hand, from its
docstring: sq-01  self 38 + (60 − 1×2) = 96, superior 35 + (60 − 2×2) = 91,
                  0.4×96 + 0.6×91 = 38.4 + 54.6 = 93.0 → 好
           sq-02  0.4×90 + 0.6×100 = 96.0 → 好 by score, veto petition 是 → 较差
           sq-03  self 20 + (60 − 5×2) = 70, superior 25 + (60 − 10×2) = 65,
                  0.4×70 + 0.6×65 = 28 + 39 = 67.0 → 一般
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cli_support import BOM, SCORES
from web_support import client, post, store_digest

#: (work, meetings) per organization, per sheet of MINI's template; the veto sheet's 是/否
SHEETS = {
    "自查自评": {"sq-01": (38, 1), "sq-02": (30, 0), "sq-03": (20, 5)},
    "上级党组织评定": {"sq-01": (35, 2), "sq-02": (40, 0), "sq-03": (25, 10)},
}
VETO = {"sq-01": "否", "sq-02": "是", "sq-03": "否"}


@pytest.fixture
def ws(copy_workspace, tmp_path) -> Path:
    return copy_workspace(tmp_path / "ws")


def template(c) -> openpyxl.Workbook:
    got = c.get("/grade/mini/template.xlsx")
    assert got.status_code == 200, got.text
    assert "attachment" in got.headers["content-disposition"]
    return openpyxl.load_workbook(io.BytesIO(got.content))


def fill(wb, changes: dict | None = None) -> openpyxl.Workbook:
    """Fill the template as SHEETS and VETO say; ``changes``: {(sheet, cell): value} after that."""
    for sheet, rows in SHEETS.items():
        ws = wb[sheet]
        for r in range(3, ws.max_row + 1):
            org = ws.cell(r, 1).value
            if org in rows:
                ws.cell(r, 3).value, ws.cell(r, 4).value = rows[org]
    veto = wb["否决事项"]
    for r in range(3, veto.max_row + 1):
        if veto.cell(r, 1).value in VETO:
            veto.cell(r, 3).value = VETO[veto.cell(r, 1).value]
    for (sheet, cell), value in (changes or {}).items():
        wb[sheet][cell] = value
    return wb


def xlsx(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(c, data: bytes, name: str = "社区评分.xlsx", domain: str = "mini"):
    return post(c, f"/grade/{domain}/check", files={"files": (name, data, "application/octet-stream")})


def token_of(page) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def scratch(root: Path) -> list[str]:
    folder = root / ".dingji" / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def stored(root: Path, sql: str, args=()) -> list[tuple]:
    with sqlite3.connect(root / "dingji.sqlite") as db:
        return db.execute(sql, args).fetchall()


def grades(root: Path) -> dict[str, tuple[str, str]]:
    return {org: (score, grade) for org, score, grade in stored(root, "SELECT org, score, grade FROM results")}


def test_the_template_is_downloaded_with_the_roster_filled_in_and_nothing_changes(ws):
    c = client(ws)
    before, files = store_digest(ws), sorted(p.name for p in ws.rglob("*"))
    wb = template(c)
    assert [wb["自查自评"].cell(r, 1).value for r in (3, 4, 5)] == ["sq-01", "sq-02", "sq-03"]
    assert wb["自查自评"]["A1"].value.startswith("dingji:org:mini")
    csv = c.get("/grade/mini/template.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "sq-03,superior,meetings," in csv.content.decode("utf-8-sig")
    for path in ("/grade", "/grade/mini", "/rounds"):
        assert c.get(path).status_code == 200
    assert c.get("/grade/nope").status_code == 404
    assert c.get("/grade/mini/template.pdf").status_code == 404
    assert store_digest(ws) == before
    assert sorted(p.name for p in ws.rglob("*")) == files  # a GET writes nothing into the workspace


def test_the_grade_page_lists_every_domain_in_the_registrys_order(ws):
    page = client(ws).get("/grade")
    assert page.status_code == 200
    names = re.findall(r'<a href="/grade/([a-z_]+)">', page.text)
    assert names == ["village", "soe", "private", "institution", "service_window", "mini"]
    row = re.search(r'href="/grade/mini">.*?</tr>', page.text, re.S).group()
    assert ">3<" in row and "尚未定级" in row  # 3 organizations in the roster, none graded
    assert '<a href="/grade"' in page.text  # the menu's 定级


def test_the_menu_keeps_the_desks_order_overview_grade_rounds(ws):
    nav = client(ws).get("/").text.split("<nav")[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links.index("/") < links.index("/grade") < links.index("/rounds")  # PAGES' order, not its reverse


def test_an_officer_grades_from_the_template_sees_the_mistake_at_its_cell_fixes_and_stores(ws):
    c = client(ws)
    wb = fill(template(c), {("自查自评", "C5"): "二十"})  # sq-03's 工作实绩 typed in words
    before = store_digest(ws)

    bad = upload(c, xlsx(wb))
    assert bad.status_code == 400
    assert "<title>错误：" in bad.text and "存在以下问题" in bad.text
    summary = re.search(r'<li id="problem-1"><a href="#([^"]+)">(.*?)</a></li>', bad.text, re.S)
    assert summary, bad.text
    target, said = summary.groups()
    assert "社区评分.xlsx" in said and "工作表 自查自评" in said and "第 5 行" in said and "列 C (工作实绩)" in said
    assert "&#39;二十&#39; 不是数值" in said
    assert ".dingji" not in bad.text  # the scratch path never shows, only the file's own name
    cell = re.search(rf'<td class="bad" id="{target}">(.*?)</td>', bad.text)
    assert cell and cell.group(1) == "二十"  # the link leads to the bad cell, marked
    assert "工作实绩\n(40分·直接评分)" in bad.text  # the header row above it
    assert store_digest(ws) == before and scratch(ws) == []  # nothing stored, nothing kept

    wb["自查自评"]["C5"] = 20
    preview = upload(c, xlsx(wb))
    assert preview.status_code == 200, preview.text
    assert "检查通过" in preview.text and "以下结果尚未保存" in preview.text
    counts = re.findall(r'<td class="num">(\d+)</td>', preview.text.split('class="counts"')[1].split("</table>")[0])
    assert counts == ["1", "0", "1", "1", "3"]  # 好 1, 较好 0, 一般 1, 较差 1, 3 in all
    for org, score, grade in (("sq-01", "93.0", "好"), ("sq-02", "96.0", "较差"), ("sq-03", "67.0", "一般")):
        assert re.search(
            rf"<td>{org}</td>.*?<td class=\"num\">{score}</td><td class=\"g-\w+\">{grade}</td>", preview.text, re.S
        )
    assert "这是第一次定级" in preview.text
    assert store_digest(ws) == before and len(scratch(ws)) == 1  # checked, still not stored

    done = post(c, "/grade/mini/store", {"token": token_of(preview)})
    assert done.status_code == 200, done.text
    assert "已保存" in done.text and "第 1 轮（初定）" in done.text and "第 1 次定级" in done.text
    assert grades(ws) == {"sq-01": ("93.0", "好"), "sq-02": ("96.0", "较差"), "sq-03": ("67.0", "一般")}
    assert stored(ws, "SELECT domain, number, name, published_at FROM rounds") == [("mini", 1, "初定", None)]
    assert scratch(ws) == []  # the stored upload is deleted

    # sq-01's superior 落实三会一课 missed 7 times, not 2: superior = 35 + (60 − 7×2) = 81,
    # 0.4×96 + 0.6×81 = 38.4 + 48.6 = 87.0 → 较好 (was 好)
    fill(wb, {("上级党组织评定", "D3"): 7})
    again = upload(c, xlsx(wb))
    assert again.status_code == 200
    assert "保存后，与上次定级相比，<strong>1</strong> 个组织的等次将有变化" in again.text
    change = re.search(r"<td>sq-01</td><td>东街社区党支部</td>(.*?)</tr>", again.text, re.S).group(1)
    assert re.search(r">好</td>.*→.*>较好</td>.*>93\.0<.*>87\.0<", change, re.S)
    done = post(c, "/grade/mini/store", {"token": token_of(again)})
    assert done.status_code == 200
    assert "第 2 次定级" in done.text and "<strong>1</strong> 个组织的等次有变化" in done.text
    assert grades(ws)["sq-01"] == ("87.0", "较好")
    assert stored(ws, "SELECT number FROM rounds") == [(1,)]  # before the notice: the same round, replaced


def test_after_the_notice_grading_again_needs_a_reason_and_is_an_amendment(ws):
    c = client(ws)
    wb = fill(template(c))
    assert post(c, "/grade/mini/store", {"token": token_of(upload(c, xlsx(wb)))}).status_code == 200
    issued = post(c, "/rounds/publish", {"notice_from": "2025-12-01", "days": "5", "format": "html"})
    assert issued.status_code == 200 and "已发布公示" in issued.text
    assert (ws / "测试乡2025年分类定级结果公示.html").is_file()  # where dingji notice puts it: the workspace's folder

    fill(wb, {("上级党组织评定", "D3"): 7})  # sq-01 好 → 较好, as above
    preview = upload(c, xlsx(wb))
    assert preview.status_code == 200
    assert "已于 2025-12-01 公示" in preview.text and "保存即为更正" in preview.text
    assert '<textarea id="reason" name="reason"' in preview.text
    before = store_digest(ws)

    refused = post(c, "/grade/mini/store", {"token": token_of(preview), "reason": "  "})
    assert refused.status_code == 400
    assert re.search(
        r'<li id="problem-1"><a href="#reason">本轮结果已公示：保存即为更正，请填写更正理由</a>', refused.text
    )
    assert 'class="error-message" id="reason-error"' in refused.text  # said again at the field
    assert store_digest(ws) == before and len(scratch(ws)) == 1  # nothing stored; the upload waits

    done = post(c, "/grade/mini/store", {"token": token_of(refused), "reason": "复核发现录入错误"})
    assert done.status_code == 200, done.text
    assert "已记录为更正" in done.text and "复核发现录入错误" in done.text and "须重新公示" in done.text
    assert grades(ws)["sq-01"] == ("87.0", "较好")
    ((reason, changes),) = stored(ws, "SELECT reason, changes FROM amendments")
    assert reason == "复核发现录入错误" and '"org": "sq-01"' in changes and '"new": "较好"' in changes
    assert stored(ws, "SELECT number, notice_stale FROM rounds") == [(1, 1)]
    rounds = c.get("/rounds").text
    assert "复核发现录入错误" in rounds and "更正后已过期，须重新公示" in rounds
    assert "sq-01 东街社区党支部 好 → 较好" in rounds


def test_a_long_csv_with_a_bom_is_graded_and_its_mistakes_shown_at_their_lines(ws):
    c = client(ws)
    text = SCORES.replace("sq-03,self,work,20", "sq-03,self,work,二十")  # line 11
    before = store_digest(ws)
    bad = upload(c, (BOM + text).encode("utf-8"), "评分.csv")
    assert bad.status_code == 400
    target = re.search(r'<li id="problem-1"><a href="#([^"]+)">.*?评分.csv，第 11 行', bad.text, re.S).group(1)
    row = re.search(rf'<tr id="{target}">(.*?)</tr>', bad.text, re.S).group(1)
    assert "<td>sq-03</td><td>self</td><td>work</td><td>二十</td>" in row
    assert '<th scope="col">org</th>' in bad.text  # the header line above it
    assert store_digest(ws) == before and scratch(ws) == []

    preview = upload(c, (BOM + SCORES).encode("utf-8"), "评分.csv")
    assert preview.status_code == 200, preview.text
    assert post(c, "/grade/mini/store", {"token": token_of(preview)}).status_code == 200
    assert grades(ws) == {"sq-01": ("93.0", "好"), "sq-02": ("96.0", "较差"), "sq-03": ("67.0", "一般")}


def test_a_csv_saved_by_chinese_excel_is_read_and_the_page_says_how(ws):
    """Chinese Excel saves CSV as GBK: read as GB18030, and the preview says so."""
    c = client(ws)
    lines = SCORES.splitlines()  # with the template's 组织名称 column, which the reader passes over
    text = "\n".join([lines[0] + ",组织名称", *(line + ",东街社区党支部" for line in lines[1:])]) + "\n"
    preview = upload(c, text.encode("gb18030"), "评分.csv")
    assert preview.status_code == 200, preview.text
    assert "已按 GB18030（GBK）编码读取 评分.csv" in preview.text
    assert post(c, "/grade/mini/store", {"token": token_of(preview)}).status_code == 200
    assert grades(ws)["sq-01"] == ("93.0", "好")


def test_files_are_graded_together_stored_once_and_the_run_names_the_officers_files(ws):
    c = client(ws)
    head, *lines = SCORES.splitlines(keepends=True)
    east_west = head + "".join(line for line in lines if not line.startswith("sq-03"))
    south = BOM + head + "".join(line for line in lines if line.startswith("sq-03"))
    files = [
        ("files", ("东街 西街.csv", east_west.encode(), "text/csv")),
        ("files", ("南街.csv", south.encode(), "text/csv")),
    ]
    preview = post(c, "/grade/mini/check", files=files)
    assert preview.status_code == 200 and "东街 西街.csv、南街.csv，共 3 个组织" in preview.text
    token = token_of(preview)
    assert post(c, "/grade/mini/store", {"token": token}).status_code == 200
    (names,) = stored(ws, "SELECT files FROM runs")
    assert [f["file"] for f in json.loads(names[0])] == ["东街_西街.csv", "南街.csv"]  # made safe, still theirs
    before = store_digest(ws)
    again = post(c, "/grade/mini/store", {"token": token})  # the same form sent twice
    assert again.status_code == 400 and "这次上传已经保存过" in again.text
    assert store_digest(ws) == before


def test_an_upload_being_stored_is_not_stored_twice(ws):
    from dingji.web import uploads

    c = client(ws)
    token = token_of(upload(c, xlsx(fill(template(c)))))
    taken = uploads.claim(uploads.load(ws, "mini", token))  # as a first click does, while it grades
    before = store_digest(ws)
    second = post(c, "/grade/mini/store", {"token": token})
    assert second.status_code == 400 and store_digest(ws) == before
    uploads.release(taken)  # had the first failed: the upload waits again
    assert post(c, "/grade/mini/store", {"token": token}).status_code == 200
    assert scratch(ws) == []


@pytest.mark.parametrize(
    "given, saved",
    [
        ("社区评分.xlsx", "社区评分.xlsx"),
        ("C:\\Users\\干部\\评分（修改）.XLSX", "评分（修改）.xlsx"),
        ("../../dingji.toml", "dingji.toml"),
        ("CON.csv", "_CON.csv"),
        (".hidden", "hidden"),
        ("a b;c.x<y", "a_b_c_x_y"),
    ],
)
def test_an_uploads_name_never_makes_a_path(given, saved):
    from dingji.web.uploads import SAVED, given_name, safe_name

    assert safe_name(given_name(given)) == saved
    assert SAVED.fullmatch(f"1/{saved}")


def _bomb(size: int) -> bytes:
    """An xlsx-shaped zip whose sheet inflates ``size`` bytes at more than 200:1 (as test_filesafety's)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(size >> 20):
                f.write(b"<c/>" * (1 << 18))
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, data, said",
    [
        ("炸弹.xlsx", _bomb(16 << 20), "属于“压缩炸弹”特征"),
        ("评分.xlsx", ("org,source,item,value\n" + "sq-01,self,work,38\n").encode(), "CSV"),
        ("评分.pdf", b"%PDF-1.4", "无法读取 .pdf 文件"),
    ],
    ids=["zip-bomb", "csv-named-xlsx", "pdf"],
)
def test_a_hostile_or_wrong_file_is_refused_with_its_message_and_nothing_kept(ws, name, data, said):
    c = client(ws)
    before = store_digest(ws)
    got = upload(c, data, name)
    assert got.status_code == 400
    problem = re.search(r'<li id="problem-1"><a href="#files">(.*?)</a></li>', got.text, re.S).group(1)
    assert problem.startswith(f'<span class="place">{name}</span>') and said in problem
    assert 'class="error-message"' in got.text  # said again at the upload field
    assert store_digest(ws) == before and scratch(ws) == []


def test_no_file_chosen_is_a_problem_at_the_field(ws):
    c = client(ws)
    got = post(c, "/grade/mini/check", files={"files": ("", b"", "application/octet-stream")})
    assert got.status_code == 400 and '<a href="#files">请选择要上传的文件' in got.text


def test_an_upload_over_the_limit_is_refused_413_and_nothing_is_stored(ws):
    c = client(ws, limit=10_000)
    before = store_digest(ws)
    got = upload(c, b"x" * 20_000, "big.xlsx")
    assert got.status_code == 413 and "上传的文件太大" in got.text
    assert store_digest(ws) == before and scratch(ws) == []


def test_a_post_without_its_csrf_token_is_refused_403_and_nothing_is_stored(ws):
    c = client(ws)
    wb = fill(template(c))
    preview = upload(c, xlsx(wb))
    before, waiting = store_digest(ws), scratch(ws)
    files = {"files": ("a.xlsx", xlsx(wb), "application/octet-stream")}
    assert c.post("/grade/mini/check", files=files).status_code == 403
    assert c.post("/grade/mini/store", data={"token": token_of(preview)}).status_code == 403
    wrong = c.post("/grade/mini/store", data={"token": token_of(preview), "csrftoken": "forged"})
    assert wrong.status_code == 403 and "CSRF" in wrong.text
    assert store_digest(ws) == before and scratch(ws) == waiting


@pytest.mark.parametrize("token", ["", "../../dingji", "A" * 24, "A" * 25, "a/b", None])
def test_the_store_step_takes_only_a_token_naming_a_waiting_upload(ws, token):
    c = client(ws)
    (ws / ".dingji" / "uploads" / ("B" * 24)).mkdir(parents=True)  # a folder with no upload in it
    before = store_digest(ws)
    got = post(c, "/grade/mini/store", {} if token is None else {"token": token})
    assert got.status_code == 400 and "这次上传已经保存过" in got.text
    assert store_digest(ws) == before


def test_an_upload_for_one_domain_cannot_be_stored_into_another(ws):
    c = client(ws)
    preview = upload(c, xlsx(fill(template(c))))
    before = store_digest(ws)
    got = post(c, "/grade/village/store", {"token": token_of(preview)})
    assert got.status_code == 400 and store_digest(ws) == before


def test_uploads_not_stored_within_a_day_are_deleted_on_the_next_upload(ws):
    c = client(ws)
    base = ws / ".dingji" / "uploads"
    old, fresh = base / ("o" * 24), base / ("f" * 24)
    for folder in (old, fresh):
        folder.mkdir(parents=True)
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    upload(c, b"not a workbook", "x.xlsx")
    assert scratch(ws) == ["f" * 24]


def test_in_english_the_problem_is_said_with_its_sheet_row_and_column(ws):
    c = client(ws)
    wb = fill(template(c), {("自查自评", "C5"): "二十"})  # the Chinese template, uploaded from the English desk
    assert post(c, "/lang", {"lang": "en", "next": "/grade/mini"}).status_code == 303
    bad = upload(c, xlsx(wb))
    assert bad.status_code == 400 and "<title>Error:" in bad.text and "There is a problem" in bad.text
    assert "社区评分.xlsx, sheet 自查自评, row 5, column C (工作实绩)" in bad.text
    assert "is not a number" in bad.text


@pytest.mark.slow  # the demo township (made once per session)
def test_an_untouched_template_says_it_looks_unfilled_and_lists_a_bounded_number(demo_copy):
    c = client(demo_copy)
    empty = c.get("/grade/village/template.xlsx").content
    got = post(c, "/grade/village/check", files={"files": ("农村评分.xlsx", empty, "application/octet-stream")})
    assert got.status_code == 400
    assert "看起来模板还没有填好" in got.text
    assert 0 < got.text.count('<li id="problem-') <= 100
