"""Issue 13, objections (异议) during the publicity period: who raised what about which organization
and when, the decision and the reply; a grade changed by an objection goes through the amendment
(``evaluate --amend``), which the objection names; the ledger's 异议处理 sheet.

The township is ledger_support's, its notice issued from 2026-01-05 for 5 days (to 2026-01-09):
  sq-01 93.0 好; sq-02 96.0 by score, veto petition → 较差; sq-03 67.0 一般; sq-04 96.4 好.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)
from ledger_support import sheets


@pytest.fixture
def ws(tmp_path, copy_township) -> Path:
    root = copy_township(tmp_path / "测试乡", previous=None)
    ok(["-w", root, "notice", "--from", "2026-01-05", "-o", tmp_path / "公示.html"])
    return root


def table(root: Path, name: str) -> list[tuple]:
    with closing(sqlite3.connect(root / "dingji.sqlite")) as db:
        return db.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()


def listed(root: Path, *more) -> list[dict]:
    return json.loads(ok(["-w", root, "objection", "list", "--format", "json", *more]).stdout)["objections"]


def raise_one(root: Path, org="sq-02", day="2026-01-06", **kw) -> str:
    args = ["-w", root, "objection", "add", org, "--on", day, "--by", kw.get("by", "张某")]
    args += ["--content", kw.get("content", "群访事件不属实，不应一票否决"), "--how", "电话"]
    return ok(args)


def test_an_objection_is_recorded_with_who_what_and_when(ws):
    got = raise_one(ws)
    assert got.stdout.strip() == "已记录异议 1：sq-02，张某 于 2026-01-06 提出（待处理）"
    assert got.stderr == ""  # within the period: nothing more to say
    [o] = listed(ws)
    assert (o["number"], o["org"], o["name"], o["grade"], o["received"], o["raised_by"], o["channel"]) == (
        1,
        "sq-02",
        "+1",
        "较差",
        "2026-01-06",
        "张某",
        "电话",
    )
    assert (o["content"], o["result"], o["result_name"], o["amendment"]) == (
        "群访事件不属实，不应一票否决",
        "open",
        "待处理",
        None,
    )


def test_an_objection_outside_the_period_is_recorded_and_said_so(ws):
    # the period is 2026-01-05 to 2026-01-09 (5 days, both ends included)
    got = raise_one(ws, day="2026-01-10")
    assert "提示：提出日期 2026-01-10 不在公示期（2026-01-05 至 2026-01-09）内；已照实记录" in got.stderr
    assert len(listed(ws)) == 1


def test_a_wrong_objection_names_every_problem_at_its_option_and_stores_nothing(ws):
    before = table(ws, "objections")
    got = fails(["-w", ws, "objection", "add", "sq-02", "--on", "2026-01-06", "--by", " ", "--content", ""])
    assert "--by" in got.stderr and "--content" in got.stderr and "提出人" in got.stderr
    assert "不在组织名单中" in fails(["-w", ws, "objection", "add", "sq-99", "--by", "张某", "--content", "x"]).stderr
    raise_one(ws)
    again = fails(
        [
            "-w",
            ws,
            "objection",
            "add",
            "sq-02",
            "--on",
            "2026-01-06",
            "--by",
            "张某",
            "--content",
            "群访事件不属实，不应一票否决",
        ]
    )
    assert "这件异议已有记录（异议 1）" in again.stderr
    assert len(table(ws, "objections")) == len(before) + 1


def test_an_objection_about_an_organization_not_in_the_notice_is_refused(tmp_path, copy_township):
    root = copy_township(tmp_path / "测试乡", previous=None)
    write(root / "名单.csv", "组织编号,组织名称,领域\nsq-09,北街社区党支部,社区\n")
    ok(["-w", root, "roster", "import", root / "名单.csv"])  # added to the roster, not graded
    got = fails(["-w", root, "objection", "add", "sq-09", "--by", "张某", "--content", "x"])
    assert "sq-09 在 2025 年没有定级结果，公示中没有它" in got.stderr


def test_a_decision_needs_its_words_and_a_reply_its_day(ws):
    raise_one(ws)
    got = fails(["-w", ws, "objection", "decide", "1", "--result", "不成立", "--on", "2026-01-07"])
    assert "处理结果为不成立，须填处理意见" in got.stderr
    assert (
        "2025 年没有异议编号 9"
        in fails(["-w", ws, "objection", "decide", "9", "--result", "成立", "--decision", "x"]).stderr
    )
    early = fails(["-w", ws, "objection", "decide", "1", "--result", "不成立", "--decision", "x", "--on", "2026-01-01"])
    assert "处理日期 2026-01-01 早于提出日期 2026-01-06" in early.stderr
    done = ok(
        [
            "-w",
            ws,
            "objection",
            "decide",
            "1",
            "--result",
            "rejected",
            "--decision",
            "经核实，群访事件属实，维持原定级",
            "--reply",
            "已当面答复本人",
            "--on",
            "2026-01-08",
        ]
    )
    assert done.stdout.strip() == "已记录异议 1 的处理结果：不成立（2026-01-08）"
    [o] = listed(ws)
    assert (o["result"], o["decision"], o["decided_on"], o["reply"], o["replied_on"]) == (
        "rejected",
        "经核实，群访事件属实，维持原定级",
        "2026-01-08",
        "已当面答复本人",
        "2026-01-08",  # the reply's day: the decision's when not given
    )
    assert listed(ws, "--open") == []


def test_a_grade_changed_by_an_objection_goes_through_the_amendment_which_the_objection_names(ws):
    raise_one(ws)
    ok(
        [
            "-w",
            ws,
            "objection",
            "decide",
            "1",
            "--result",
            "成立",
            "--decision",
            "经核实群访事件不属实",
            "--on",
            "2026-01-08",
        ]
    )
    # the corrected scores: sq-02 had no petition; 96.0 → 好 (it was 较差 by the veto)
    fixed = write(
        ws / "更正.csv",
        (ws / "scores.csv").read_text(encoding="utf-8-sig").replace("sq-02,veto,petition,是", "sq-02,veto,petition,否"),
    )
    refused = fails(["-w", ws, "evaluate", "mini", fixed, "--objection", "1"])
    assert "--objection" in refused.stderr and "--amend" in refused.stderr
    got = ok(["-w", ws, "evaluate", "mini", fixed, "--amend", "--objection", "1"])
    assert "  sq-02 +1: 较差 → 好" in got.stderr.splitlines()
    assert "此次更正答复了异议 1" in got.stderr
    [amendment] = table(ws, "amendments")
    assert amendment[4] == "采纳异议 1（sq-02）：群访事件不属实，不应一票否决"  # the reason, from the objection
    [o] = listed(ws)
    assert (o["amendment"], o["amendment_text"], o["grade"]) == (amendment[0], "更正 1：较差 → 好", "好")


def test_a_rejected_objection_or_another_domains_answers_no_correction(ws):
    raise_one(ws)
    ok(["-w", ws, "objection", "decide", "1", "--result", "不成立", "--decision", "维持", "--on", "2026-01-08"])
    got = fails(
        [
            "-w",
            ws,
            "evaluate",
            "mini",
            ws / "scores.csv",
            "--amend",
            "--reason",
            "x",
            "--objection",
            "1",
            "--objection",
            "7",
        ]
    )
    assert "异议 1 的处理结果为不成立，不能据此更正" in got.stderr and "没有异议编号 7" in got.stderr
    assert table(ws, "amendments") == []


def test_objections_import_adds_and_updates_or_names_every_problem(ws):
    raise_one(ws)
    good = write(
        ws / "异议.csv",
        "异议编号,组织编号,提出日期,提出人,方式,异议内容,处理结果,处理意见,处理日期,答复情况,答复日期\n"
        "1,sq-02,2026-01-06,张某,电话,群访事件不属实，不应一票否决,不成立,维持原定级,2026-01-08,已电话答复,2026-01-09\n"
        ",sq-03,2026-01-07,南街居民李某,书面,三会一课扣分过重,,,,,\n",
    )
    got = ok(["-w", ws, "objection", "import", good])
    assert got.stdout.strip() == "已导入 2025 年异议：新增 1 件，更新 1 件（2 个组织，第 1 次导入）"
    first, second = listed(ws)
    assert (first["result"], first["replied_on"], second["org"], second["result"]) == (
        "rejected",
        "2026-01-09",
        "sq-03",
        "open",
    )
    before = table(ws, "objections")
    bad = write(
        ws / "坏.csv",
        "异议编号,组织编号,提出日期,提出人,异议内容,处理结果,处理意见,处理日期,答复情况,答复日期\n"
        "5,sq-02,2026-01-06,张某,x,,,,,\n"
        ",sq-01,2026-01-06,王某,y,成立,,,,\n"
        ",sq-01,2026-01-06,王某,z,待处理,,,已答复,\n"
        ",sq-04,2026-02-30,王某,w,驳回,,,,\n",
    )
    said = fails(["-w", ws, "objection", "import", bad]).stderr
    assert "第 2 行" in said and "本年度没有异议编号 5" in said
    assert "第 3 行" in said and "须填处理意见" in said and "须填处理日期" in said
    assert "第 4 行" in said and "须填答复日期" in said
    assert "第 5 行" in said and "不是有效日期" in said and "'驳回' 不是可选值" in said
    assert table(ws, "objections") == before


def test_the_ledger_has_an_objection_sheet(ws, tmp_path):
    raise_one(ws)
    raise_one(ws, org="sq-03", by="李某", content="三会一课扣分过重")
    ok(["-w", ws, "objection", "decide", "2", "--result", "不成立", "--decision", "扣分有据", "--on", "2026-01-08"])
    ok(["-w", ws, "ledger", "export", "-o", tmp_path / "台账.xlsx", "--as-of", "2026-01-10"])
    book = sheets(tmp_path / "台账.xlsx")
    names = list(book)
    assert names.index("走访台账") < names.index("异议处理") < names.index("整改台账")
    rows = book["异议处理"]
    assert rows[0][0] == "测试乡2025年基层党组织分类定级台账·异议处理"
    assert rows[1][0] == "公示期 2026年1月5日 至 2026年1月9日；收到异议 2 件：待处理 1，成立 0，部分成立 0，不成立 1"
    assert rows[2][:11] == [
        "异议编号",
        "编号",
        "党组织名称",
        "领域",
        "等次",
        "提出日期",
        "提出人",
        "方式",
        "联系方式",
        "异议内容",
        "处理结果",
    ]
    assert [r[:2] + r[9:12] for r in rows[3:]] == [
        [1.0, "sq-02", "群访事件不属实，不应一票否决", "待处理", ""],
        [2.0, "sq-03", "三会一课扣分过重", "不成立", "扣分有据"],
    ]
    ok(["-w", ws, "ledger", "export", "--format", "json", "-o", tmp_path / "台账.json"])
    doc = json.loads((tmp_path / "台账.json").read_text(encoding="utf-8"))
    assert [o["number"] for o in doc["objections"]] == [1, 2] and doc["objections"][1]["result"] == "rejected"


def test_objections_speak_english(ws):
    got = raise_one(ws)
    en = ok(["-w", ws, "--lang", "en", "objection", "list"])
    assert "Raised by" in en.stdout and "open" in en.stdout
    assert en.stderr.strip() == (
        "2025: Publicity period 2026-01-05 to 2026-01-09; objections received: 1 (open 1, upheld 0, partly upheld 0, rejected 0)"
    )
    assert got.stdout  # recorded in Chinese by default
    bad = fails(["-w", ws, "--lang", "en", "objection", "decide", "1", "--result", "upheld"])
    assert "needs the decision" in bad.stderr
