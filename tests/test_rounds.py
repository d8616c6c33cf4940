"""Rounds of the grading year, publication, amendments (issue 10): a published grade stays put.

The workspace is cli_support's MINI township graded from SCORES (see its docstring):
sq-01 93.0 好, sq-02 96.0 → 较差 (petition veto), sq-03 67.0 一般.

REGRADED changes two entries:
  sq-01 superior meetings 2 → 7:  superior = 35 + (60 − 7×2) = 81
        combined = 0.4×96 + 0.6×81 = 38.4 + 48.6 = 87.0 → 较好 (was 好)
  sq-03 self work 20 → 40:        self = 40 + 50 = 90
        combined = 0.4×90 + 0.6×65 = 36 + 39 = 75.0 → 一般 (unchanged)
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from cli_support import (
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    snapshot,
    write,
)

REGRADED = SCORES.replace("sq-01,superior,meetings,2", "sq-01,superior,meetings,7").replace(
    "sq-03,self,work,20", "sq-03,self,work,40"
)


def graded(tmp_path):
    root = make_workspace(tmp_path / "乡")
    ok(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])
    return root


def evaluate(root, text, *extra, code=0):
    path = write(root / "again.csv", text)
    args = ["--workspace", root, "evaluate", "mini", path, *extra]
    return ok(args) if code == 0 else fails(args, code=code)


def rows(root, sql):
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_grading_again_before_the_notice_says_what_changed(tmp_path):
    root = graded(tmp_path)
    err = evaluate(root, REGRADED).stderr
    assert "已保存 3 个组织的定级结果（mini，2025 年，第 1 轮·初定，第 2 次定级）" in err
    assert "与上次定级相比，1 个组织的等次有变化：\n  sq-01 东街社区党支部: 好 → 较好" in err
    en = evaluate(root, SCORES, "--lang", "en").stderr
    assert "round 1 · first grading, grading 3" in en
    assert "1 grade changed since the last grading:\n  sq-01 东街社区党支部: 较好 → 好" in en


def test_the_change_list_names_twenty_and_counts_the_rest(tmp_path):
    from dingji.services.rounds import change_lines

    changes = [{"org": f"o{i:02}", "name": "支部", "old": "好", "new": "较好"} for i in range(23)]
    lines = change_lines(changes)
    assert lines[0] == "与上次定级相比，23 个组织的等次有变化："
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "  ……另有 3 个"


def test_after_the_notice_the_round_is_published_and_grading_it_is_refused(tmp_path):
    root = graded(tmp_path)
    ok(["--workspace", root, "notice", "--from", "2025-04-20", "-o", tmp_path / "公示.html"])
    before = snapshot(root)
    err = evaluate(root, REGRADED, code=1).stderr
    assert "2025 年 mini 第 1 轮（初定）的结果已于 2025-04-20 公示，不再改动" in err
    assert "--amend --reason" in err and "dingji round start mini" in err
    assert snapshot(root) == before  # nothing stored
    # a dry run still grades, and stores nothing
    assert "试运行：未保存任何结果" in evaluate(root, REGRADED, "--dry-run").stderr
    assert snapshot(root) == before


def test_an_amendment_needs_a_reason_is_recorded_and_dates_the_notice(tmp_path):
    root = graded(tmp_path)
    assert "--amend 用于更正已公示的结果" in evaluate(root, REGRADED, "--amend", "--reason", "x", code=1).stderr
    ok(["--workspace", root, "notice", "--from", "2025-04-20", "-o", tmp_path / "公示.html"])
    assert "更正须说明理由" in evaluate(root, REGRADED, "--amend", code=1).stderr
    assert "更正须说明理由" in evaluate(root, REGRADED, "--amend", "--reason", "  ", code=1).stderr
    err = evaluate(root, REGRADED, "--amend", "--reason", "上级评定三会一课次数录错").stderr
    assert "sq-01 东街社区党支部: 好 → 较好" in err and "公示已过期，请重新公示" in err
    ((reason, changes),) = rows(root, "SELECT reason, changes FROM amendments")
    assert reason == "上级评定三会一课次数录错"
    assert json.loads(changes) == [
        {"org": "sq-01", "name": "东街社区党支部", "old": "好", "new": "较好", "old_score": "93.0", "new_score": "87.0"}
    ]
    listed = ok(["--workspace", root, "round", "list"]).stdout.splitlines()[2].split()
    # domain, round, name, opened (today), the notice's first day, amendments, the notice's state
    assert listed[:3] + listed[4:] == ["社区", "1", "初定", "2025-04-20", "1", "已过期，须重新公示"]
    status = ok(["--workspace", root, "status", "--as-of", "2025-05-01"]).stdout
    assert "定级轮次：社区 第 1 轮（初定，更正后未重新公示）" in status
    ok(["--workspace", root, "notice", "--from", "2025-05-02", "-o", tmp_path / "公示2.html"])
    assert ok(["--workspace", root, "round", "list"]).stdout.splitlines()[2].split()[-1] == "有效"


def test_the_next_round_keeps_the_published_one_and_shows_the_move(tmp_path):
    root = graded(tmp_path)
    assert "尚未公示" in fails(["--workspace", root, "round", "start", "mini"]).stderr
    ok(["--workspace", root, "notice", "--from", "2025-04-20", "-o", tmp_path / "公示.html"])
    out = ok(["--workspace", root, "round", "start", "mini"]).stdout
    assert "已开始 2025 年 mini 第 2 轮（复评）" in out
    err = evaluate(root, REGRADED).stderr
    assert "第 2 轮·复评，第 2 次定级" in err
    explained = ok(["--workspace", root, "explain", "sq-01"]).stdout
    assert "本年度各轮：初定 好 93.0 → 复评 较好 87.0（未公示）" in explained
    ok(["--workspace", root, "ledger", "export", "-o", tmp_path / "l.xlsx"])
    from ledger_support import sheets

    main = sheets(tmp_path / "l.xlsx")["分类定级台账"]
    assert main[1][-1] == "本年各轮"
    by_org = {r[0]: r[-1] for r in main[2:]}
    assert by_org == {
        "sq-01": "初定 好 → 复评 较好（降）",
        "sq-02": "初定 较差 → 复评 较差（平）",
        "sq-03": "初定 一般 → 复评 一般（平）",
    }


def test_runs_are_numbered_per_domain_and_year(tmp_path):
    root = graded(tmp_path)
    assert "第 2 次定级" in evaluate(root, SCORES).stderr
    again = evaluate(root, SCORES, "--year", "2024").stderr
    assert "2024 年，第 1 轮·初定，第 1 次定级" in again
    assert rows(root, "SELECT year, domain, seq FROM runs ORDER BY id") == [
        (2025, "mini", 1),
        (2025, "mini", 2),
        (2024, "mini", 1),
    ]


@pytest.mark.slow  # the demo township (made once per session)
def test_amending_with_the_very_grades_published_stores_nothing_and_keeps_the_notice(demo_copy):
    from cli_support import run
    from web_support import store_digest

    before = store_digest(demo_copy)
    got = run(
        ["evaluate", "village", "inputs/农村评分.csv", "--amend", "--reason", "再保存一次"], cwd=demo_copy, timeout=120
    )
    assert got.returncode == 1, got.stderr
    assert "与已公示的完全相同：没有需要更正的内容，未保存，公示仍然有效" in got.stderr
    assert store_digest(demo_copy) == before
