"""Issue 13, "the notice (公示) publishes what the plan names": per organization the self-assessment,
the 评议 (each survey's satisfaction with its valid votes), the superior's score, the combined score
and grade, 服务型; a summary of the standard; the contact from ``dingji.toml``; the notice's date and
period stored with the round and used by every output; HTML and xlsx with the same content.

Each test here failed before its fix.  The township is ledger_support's (MINI: sources self 0.4
and superior 0.6, no survey):
  sq-01  self 96, superior 91  → 93.0 好
  sq-02  self 90, superior 100 → 96.0 好 by score, veto petition → 较差
  sq-03  self 70, superior 65  → 67.0 一般
  sq-04  self 100, superior 94 → 96.4 好
The demo township (岩樟乡) has surveys; its numbers are worked out at each test.
"""

from __future__ import annotations

import html as htmllib
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from ledger_support import HOSTILE, sheets

CONTACT = '\n[notice]\ndays = 5\noffice = "乡党委组织办"\nphone = "0731-5551234"\naddress = "岩樟乡人民政府二楼"\n'


@pytest.fixture
def township(tmp_path, copy_township) -> Path:
    return copy_township(tmp_path / "测试乡", previous=None)


def with_contact(root: Path) -> Path:
    config = root / "dingji.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n[notice]\ndays = 5                 # 公示期（天）\n", CONTACT), encoding="utf-8")
    assert "0731-5551234" in config.read_text(encoding="utf-8")
    return root


def cells(text: str) -> list[str]:
    return [htmllib.unescape(re.sub(r"<br>", "\n", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", text, re.S)]


def page_parts(text: str) -> dict:
    """The notice page's parts, as text: title, lead, period, the grades table (header, rows),
    total, objection, signature, and the appendix (header, rows)."""
    tables = re.findall(r"<table[^>]*>(.*?)</table>", text, re.S)

    def table(t):
        head = cells(re.search(r"<thead>(.*?)</thead>", t, re.S).group(1))
        rows = [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", t, re.S).group(1))]
        return head, rows

    def para(cls):
        got = re.search(rf'<p class="{cls}">(.*?)</p>', text, re.S)
        return htmllib.unescape(got.group(1).replace("<br>", "\n")) if got else None

    return {
        "title": htmllib.unescape(re.search(r"<h1>(.*?)</h1>", text).group(1)),
        "lead": para("lead"),
        "period": para("period"),
        "grades": table(tables[0]),
        "total": para("total"),
        "objection": para("objection"),
        "sign": para("sign"),
        "appendix": table(tables[1]) if len(tables) > 1 else None,
    }


def rounds(root: Path) -> list[tuple]:
    with closing(sqlite3.connect(root / "dingji.sqlite")) as db:
        return db.execute("SELECT domain, published_at IS NOT NULL, notice_from, notice_days FROM rounds").fetchall()


# --- what each organization's line says ----------------------------------------------------------------------------


def test_each_line_has_the_source_scores_the_combined_score_and_the_grade(township, tmp_path):
    out = tmp_path / "公示.html"
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "-o", out])
    got = page_parts(out.read_text(encoding="utf-8"))
    head, rows = got["grades"]
    # MINI has no survey: no column for one
    assert head == ["序号", "组织名称", "领域", "自查自评", "上级党组织评定", "综合得分", "定级结果", "服务型党组织"]
    assert rows == [
        ["1", HOSTILE["sq-01"], "社区", "96.00", "91.00", "93.0", "好", ""],
        ["2", "+1", "社区", "90.00", "100.00", "96.0", "较差", ""],  # the veto decides the grade
        ["3", "-2", "社区", "70.00", "65.00", "67.0", "一般", ""],
        ["4", "@a", "社区", "100.00", "94.00", "96.4", "好", ""],
    ]


@pytest.fixture(scope="module")
def demo_notice(tmp_path_factory, demo_template) -> dict:
    """The demo's notice issued again (a copy), as HTML and xlsx."""
    import shutil

    root = Path(shutil.copytree(demo_template, tmp_path_factory.mktemp("demo-notice") / "岩樟乡"))
    ok(["--workspace", root, "notice", "--from", "2026-12-02", "-o", root.parent / "公示.html"])
    ok(["--workspace", root, "notice", "-o", root.parent / "公示.xlsx"])
    return {
        "root": root,
        "html": (root.parent / "公示.html").read_text(encoding="utf-8"),
        "xlsx": sheets(root.parent / "公示.xlsx"),
    }


def test_each_survey_is_shown_with_its_satisfaction_and_valid_votes(demo_notice):
    head, rows = page_parts(demo_notice["html"])["grades"]
    assert head == [
        "序号",
        "组织名称",
        "领域",
        "自查自评",
        "党员群众评议",
        "满意度（有效票）",
        "上级党组织评定",
        "综合得分",
        "定级结果",
        "服务型党组织",
    ]
    by_name = {r[1]: r for r in rows}
    # 岩樟村 (cun-01): 满意 27, 基本满意 28, 不满意 5 (不了解 3 left out): 60 valid votes;
    # satisfaction (27 + 28) / 60 = 91.67% → 91.7%; 评议 100 × (27 + 0.8×28) / 60 = 4940 / 60 = 82.33;
    # self 100.00, superior 90.50 → 0.2×100 + 0.3×82.333 + 0.5×90.5 = 20 + 24.7 + 45.25 = 89.95 → 90.0 好
    assert by_name["岩樟村党支部"][3:] == ["100.00", "82.33", "91.7%（有效票 60）", "90.50", "90.0", "好", ""]
    # 岩樟供电所 (ck-02), a window unit with two surveys: members 满意 36, 基本满意 9, 不满意 1 (不了解 4
    # left out) → 46 valid, 45 / 46 = 97.83% → 97.8%; clients 满意 57, 基本满意 14, 不满意 3 → 74 valid,
    # 71 / 74 = 95.95% → 95.9% (0.959459…)
    assert by_name["岩樟供电所党支部"][5] == "党员群众 97.8%（有效票 46）\n服务对象 95.9%（有效票 74）"


def test_the_xlsx_notice_has_the_same_lines_as_the_page(demo_notice):
    got = page_parts(demo_notice["html"])
    sheet = demo_notice["xlsx"]["公示"]
    head, rows = got["grades"]
    at = sheet.index(head)
    body = sheet[at + 1 : at + 1 + len(rows)]

    def shown(v, fmt):
        return v if isinstance(v, str) else fmt.format(v)

    fmts = ["{:.0f}", None, None, "{:.2f}", "{:.2f}", None, "{:.2f}", "{:.1f}", None, None]
    assert [[shown(v, f) if f else v for v, f in zip(r, fmts)] for r in body] == rows


# --- the words around the table -----------------------------------------------------------------------------------


def test_the_objection_sentence_gives_the_office_phone_and_address_of_dingji_toml(township, tmp_path):
    with_contact(township)
    out = tmp_path / "公示.html"
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "-o", out])
    got = page_parts(out.read_text(encoding="utf-8"))
    assert got["objection"] == (
        "公示期间，如对公示结果有异议，请以书面、电话或当面等方式向乡党委组织办反映。"
        "联系电话：0731-5551234；地址：岩樟乡人民政府二楼。以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。"
    )
    en = tmp_path / "notice.html"
    ok(["--workspace", township, "notice", "-o", en, "--lang", "en"])
    said = page_parts(en.read_text(encoding="utf-8"))["objection"]
    assert "乡党委组织办" in said and "telephone 0731-5551234" in said and "address 岩樟乡人民政府二楼" in said


def test_without_a_contact_the_notice_names_the_party_committee_and_the_command_says_what_to_set(township, tmp_path):
    out = tmp_path / "公示.html"
    got = ok(["--workspace", township, "notice", "--from", "2026-01-05", "-o", out])
    objection = page_parts(out.read_text(encoding="utf-8"))["objection"]
    assert objection.startswith("公示期间，如对公示结果有异议，请以书面、电话或当面等方式向测试乡党委反映。")
    assert "联系电话" not in objection
    assert "[notice]" in got.stderr and "phone" in got.stderr and "address" in got.stderr


def test_the_xlsx_notice_has_the_preamble_the_objection_sentence_and_the_signature(township, tmp_path):
    with_contact(township)
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "-o", tmp_path / "公示.html"])
    ok(["--workspace", township, "notice", "-o", tmp_path / "公示.xlsx"])
    page = page_parts((tmp_path / "公示.html").read_text(encoding="utf-8"))
    sheet = sheets(tmp_path / "公示.xlsx")["公示"]
    texts = [c for r in sheet for c in r if isinstance(c, str) and c]
    for part in ("title", "lead", "period", "total", "objection"):
        assert page[part] in texts, part
    signer, day = page["sign"].split("\n")
    assert (signer, day) == ("中共测试乡委员会", "2026年1月5日")
    assert texts[-2:] == [signer, day]
    # the total counts the grades: 好 2 (sq-01, sq-04), 较好 0, 一般 1 (sq-03), 较差 1 (sq-02)
    assert page["total"] == "共 4 个党组织：好 2 个，较好 0 个，一般 1 个，较差 1 个。"


def test_the_notice_summarizes_the_standard_in_an_appendix(demo_notice):
    head, rows = page_parts(demo_notice["html"])["appendix"]
    assert head == ["领域", "评分标准", "评分项目及分值", "评价构成", "等次", "一票否决和等次限定"]
    village = next(r for r in rows if r[0] == "农村")
    # the village standard's seven categories add up to 100
    assert village[2].startswith("班子建设 ") and village[2].endswith("（共 100 分）")
    parts = re.findall(r"(\S+) (\d+) 分", village[2].split("（共")[0])
    assert len(parts) == 7 and sum(int(p) for _, p in parts) == 100
    assert village[3] == "自查自评 20%\n党员群众评议 30%\n上级党组织评定 50%"
    assert village[4] == "好 ≥90 分\n较好 80～89.9 分\n一般 60～79.9 分\n较差 <60 分"  # scores to 1 decimal
    assert "党员群众和服务对象满意度低于50%" in village[5]
    sheet = demo_notice["xlsx"]["评分标准摘要"]  # the xlsx notice's second sheet: the same table
    at = sheet.index(head)
    assert sheet[at + 1 : at + 1 + len(rows)] == rows


# --- the notice's date and period: stored with the round, used by every output -------------------------------------


def test_the_ledger_notice_sheet_takes_the_notice_date_not_today(township, tmp_path):
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "--days", "7", "-o", tmp_path / "公示.html"])
    ok(["--workspace", township, "ledger", "export", "-o", tmp_path / "台账.xlsx"])
    sheet = sheets(tmp_path / "台账.xlsx")["公示"]
    texts = [c for r in sheet for c in r if isinstance(c, str)]
    assert "公示期：2026年1月5日 至 2026年1月11日（共 7 天）" in texts  # 7 days, both ends included
    assert "2026年1月5日" in texts  # the signature's date


def test_the_ledger_refuses_another_notice_date_once_the_notice_is_issued(township, tmp_path):
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "-o", tmp_path / "公示.html"])
    got = fails(["--workspace", township, "ledger", "export", "--from", "2026-02-01", "-o", tmp_path / "台账.xlsx"])
    assert "2026-01-05" in got.stderr and "dingji notice --from" in got.stderr
    assert not (tmp_path / "台账.xlsx").exists()
    ok(["--workspace", township, "ledger", "export", "--from", "2026-01-05", "-o", tmp_path / "台账.xlsx"])


def test_the_workspace_remembers_the_notice(township, tmp_path):
    ok(["--workspace", township, "notice", "--from", "2026-01-05", "--days", "7", "-o", tmp_path / "公示.html"])
    assert rounds(township) == [("mini", 1, "2026-01-05", 7)]
    # the same notice as a sheet, later, without --from: the notice issued, not one dated today
    got = ok(["--workspace", township, "notice", "-o", tmp_path / "公示.xlsx"])
    assert "2026年1月5日 至 2026年1月11日" in got.stdout and "今天" not in got.stderr
    assert rounds(township) == [("mini", 1, "2026-01-05", 7)]
    texts = [c for r in sheets(tmp_path / "公示.xlsx")["公示"] for c in r if isinstance(c, str)]
    assert "公示期：2026年1月5日 至 2026年1月11日（共 7 天）" in texts


# --- dingji.toml ---------------------------------------------------------------------------------------------------


def test_init_documents_the_notice_contact_and_a_wrong_one_is_named(tmp_path):
    ok(["init", tmp_path / "ws", "--name", "岩樟乡", "--year", "2026"])
    text = (tmp_path / "ws" / "dingji.toml").read_text(encoding="utf-8")
    for key in ("office", "phone", "address", "signer"):
        assert re.search(rf"^# {key} = ", text, re.M), key
    (tmp_path / "ws" / "dingji.toml").write_text(text.replace("days = 5", "days = 5\nphone = 5551234"), "utf-8")
    got = fails(["--workspace", tmp_path / "ws", "roster", "list"])
    assert "notice.phone" in got.stderr
