"""``dingji demo`` keeps activity records: 三亮三比三评 for the 窗口单位, 一创三联 for the villages,
and their tracker indicators come from the records (see dingji/demo/tracks.py); 对标创标, 主题党日 and
区域化党建 besides, none of them changing a grade (see dingji/demo/campaign.py)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from cli_support import (
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from dingji.report.results import load_results
from dingji.services.workspace import open_workspace

#: the first of these tests pays for the session's demo (a whole township graded, several seconds)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(demo_template):
    """conftest's demo, shared read-only: these tests only read it."""
    out = (demo_template / "stdout.txt").read_text(encoding="utf-8")
    assert "三亮三比三评：" in out and "党员“一创三联”：" in out
    return demo_template


def test_the_demo_imports_both_trackers_records(demo):
    db = sqlite3.connect(demo / "dingji.sqlite")
    try:
        got = db.execute("SELECT kind, active FROM imports WHERE kind LIKE 'tracker:%' ORDER BY kind").fetchall()
        orgs = dict(
            db.execute(
                "SELECT tracker, count(DISTINCT org) FROM tracker_records"
                " WHERE import_id IN (SELECT id FROM imports WHERE kind LIKE 'tracker:%') GROUP BY tracker"
            )
        )
    finally:
        db.close()
    assert got == [
        ("tracker:duibiao", 1),
        ("tracker:quyu", 1),
        ("tracker:sanliang", 1),
        ("tracker:yichuang", 1),
        ("tracker:zhutiri", 1),
    ]
    assert orgs["sanliang"] == 6 and orgs["yichuang"] == 16  # every 窗口单位 and every village
    # 对标创标: window units and institutions; 主题党日: institutions and state-owned enterprises (no
    # village or 非公 enterprise, whose 主题党日 indicators would take it); 区域化党建: 6 pairs, 9 organizations
    assert (orgs["duibiao"], orgs["zhutiri"], orgs["quyu"]) == (6 + 8, 8 + 3, 9)
    assert (demo / "inputs" / "三亮三比三评台账.csv").read_bytes().startswith(b"\xef\xbb\xbf\xe7\xbb\x84")


def test_the_special_cases_still_hold_with_the_records(demo):
    ws = open_workspace(demo)
    store = ws.store()
    try:
        results = {r.org: r for r in load_results(store, ws.registry(), ws.year, notes=True)}
    finally:
        store.close()
    assert results["cun-01"].exact == Decimal("89.95") and results["cun-01"].grade == "好"
    assert results["ck-01"].service_oriented
    text = ok(["--workspace", demo, "explain", "cun-01"]).stdout
    assert "活动台账 党员“一创三联” · 完成率：22名党员中22名一创已完成且三联均有本年走访 → 1 × 6 分 = 6 分" in text
    text = ok(["--workspace", demo, "explain", "ck-01"]).stdout
    assert "36名党员中35名完成三亮三评 → 35/36 × 10 分 = 9.7222 分" in text and "服务型基层党组织：是" in text
    # 岩樟信用社 keeps records of 46 of its 50 members: the roster's count is the denominator
    report = ok(["--workspace", demo, "track", "sanliang", "report"]).stdout
    assert "50名党员（按组织名单；台账记录46名）" in report
