"""The desk's rounds page (issue 12; cli.md "Rounds, publication, and nothing changed silently"):
every domain's rounds, the notice that publishes them, the next round (复评).

MINI (cli_support) graded from its SCORES: sq-01 93.0 好, sq-02 96.0 较差 (veto), sq-03 67.0 一般.
The demo township (岩樟乡) is graded and its notice issued: every domain is in round 1, published.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from cli_support import BOM, SCORES
from web_support import client, post, store_digest


@pytest.fixture
def ws(copy_workspace, tmp_path) -> Path:
    return copy_workspace(tmp_path / "ws")


def rounds_of(root: Path) -> list[tuple]:
    """The rounds of the workspace's year (the demo graded 2025 too, as last year)."""
    with sqlite3.connect(root / "dingji.sqlite") as db:
        return db.execute(
            "SELECT domain, number, name, published_at IS NOT NULL, notice_from, notice_days, notice_stale"
            " FROM rounds WHERE year = (SELECT max(year) FROM rounds) ORDER BY domain, number"
        ).fetchall()


def grade(c, domain: str, data: bytes, name: str, reason: str | None = None):
    """Upload ``data`` to be checked, then store it (with ``reason`` when the round is published)."""
    preview = post(c, f"/grade/{domain}/check", files={"files": (name, data, "text/csv")})
    assert preview.status_code == 200, preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    return post(c, f"/grade/{domain}/store", {"token": token, **({"reason": reason} if reason else {})})


def graded(ws) -> Path:
    c = client(ws)
    assert grade(c, "mini", (BOM + SCORES).encode(), "评分.csv").status_code == 200
    return ws


@pytest.mark.slow  # the demo township (made once per session)
def test_the_rounds_page_shows_every_domains_round_and_its_notice(demo_copy):
    c = client(demo_copy)
    before = store_digest(demo_copy)
    page = c.get("/rounds")
    assert page.status_code == 200
    assert '<a href="/rounds" aria-current="page">轮次与公示</a>' in page.text
    body = page.text.split('id="rounds"')[1].split("</table>")[0]
    assert re.findall(r'<a href="/grade/(\w+)">', body) == [
        "village",
        "soe",
        "private",
        "institution",
        "service_window",
    ]
    assert body.count("<td>初定</td>") == 5 and "未公示" not in body
    assert body.count("开始下一轮（复评）") == 5  # each round is published: each may be followed
    assert "各领域的当前轮次均已公示" in page.text
    assert store_digest(demo_copy) == before


@pytest.mark.slow  # the demo township (made once per session)
def test_the_next_round_is_started_once_and_graded_without_a_reason(demo_copy):
    c = client(demo_copy)
    before = store_digest(demo_copy)
    asked = post(c, "/rounds/start", {"domain": "village", "after": "1"})  # the button asks first
    assert asked.status_code == 200 and "开始 农村 的下一轮（复评）？" in asked.text and "不能撤销" in asked.text
    assert 'name="confirm" value="yes"' in asked.text
    assert store_digest(demo_copy) == before  # nothing started yet
    started = post(c, "/rounds/start", {"domain": "village", "after": "1", "confirm": "yes"})
    assert started.status_code == 200, started.text
    assert "已开始 农村 第 2 轮（复评）" in started.text
    assert [r[:4] for r in rounds_of(demo_copy) if r[0] == "village"] == [
        ("village", 1, "初定", 1),
        ("village", 2, "复评", 0),
    ]

    before = store_digest(demo_copy)
    twice = post(c, "/rounds/start", {"domain": "village", "after": "1", "confirm": "yes"})  # the form sent again
    assert twice.status_code == 400 and "农村已经是第 2 轮（复评），未再开始新的一轮" in twice.text
    assert store_digest(demo_copy) == before

    data = (demo_copy / "inputs" / "农村评分.csv").read_bytes()
    preview = post(c, "/grade/village/check", files={"files": ("农村评分.csv", data, "text/csv")})
    assert preview.status_code == 200
    assert "保存到本年度第 2 轮（复评）" in preview.text and 'name="reason"' not in preview.text
    assert "与上次定级相比，等次没有变化" in preview.text  # the same scores as round 1
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    done = post(c, "/grade/village/store", {"token": token})
    assert done.status_code == 200 and "第 2 轮（复评）" in done.text and "已记录为更正" not in done.text
    assert "第 2 轮（复评）" in c.get("/grade").text


@pytest.mark.slow  # the demo township (made once per session)
def test_a_round_started_but_not_graded_is_not_published_by_the_notice(demo_copy):
    c = client(demo_copy)
    post(c, "/rounds/start", {"domain": "soe", "after": "1", "confirm": "yes"})
    got = post(c, "/rounds/publish", {"notice_from": "2026-12-03", "days": "5", "format": "html"}, page="/rounds")
    assert got.status_code == 200, got.text
    soe = [r[:4] for r in rounds_of(demo_copy) if r[0] == "soe"]
    assert soe == [("soe", 1, "初定", 1), ("soe", 2, "复评", 0)]  # round 2: nothing graded, nothing published


def test_a_round_is_followed_only_once_published(ws):
    c = client(graded(ws))
    before = store_digest(ws)
    for data, said in (
        ({"domain": "mini", "after": "1"}, "尚未公示"),  # graded, no notice yet
        ({"domain": "village", "after": ""}, "尚未定级"),  # never graded
        ({"domain": "nope", "after": "1"}, "没有这个领域"),
    ):
        got = post(c, "/rounds/start", data)
        assert got.status_code == 400 and said in got.text, got.text
        assert '<div class="error-summary"' in got.text
    assert store_digest(ws) == before


def test_the_notice_form_shows_each_mistake_at_its_field_and_publishes_nothing(ws):
    c = client(graded(ws))
    before, files = store_digest(ws), sorted(p.name for p in ws.iterdir())
    got = post(c, "/rounds/publish", {"notice_from": "2025-02-30", "days": "0", "format": "html"})
    assert got.status_code == 400 and "<title>错误：" in got.text
    assert '<a href="#notice_from">公示起始日期应为 年-月-日' in got.text
    assert '<a href="#days">公示天数应为 1～365 的整数' in got.text
    assert 'id="notice_from-error"' in got.text and 'id="days-error"' in got.text
    assert 'value="2025-02-30"' in got.text  # what was typed stays in the form
    assert store_digest(ws) == before and sorted(p.name for p in ws.iterdir()) == files


def test_nothing_graded_is_nothing_to_publish(ws):
    c = client(ws)
    before = store_digest(ws)
    got = post(c, "/rounds/publish", {"notice_from": "2025-12-01", "days": "5"})
    assert got.status_code == 400 and "本年度尚未定级，没有可公示的结果" in got.text
    assert store_digest(ws) == before


def test_the_notice_publishes_the_rounds_and_an_amendment_asks_for_it_again(ws):
    c = client(graded(ws))
    got = post(c, "/rounds/publish", {"notice_from": "2025-12-01", "days": "7", "format": "xlsx"})
    assert got.status_code == 200 and "已发布公示（3 个组织" in got.text, got.text
    assert (ws / "测试乡2025年分类定级结果公示.xlsx").is_file()
    assert rounds_of(ws) == [("mini", 1, "初定", 1, "2025-12-01", 7, 0)]
    assert "2025-12-01 起，7 天" in c.get("/rounds").text

    changed = SCORES.replace("sq-03,self,work,20", "sq-03,self,work,40")  # sq-03: 0.4×90 + 0.6×65 = 75.0 → 一般
    assert grade(c, "mini", (BOM + changed).encode(), "评分.csv", reason="补录工作实绩").status_code == 200
    assert rounds_of(ws)[0][-1] == 1  # the notice is out of date
    page = c.get("/rounds").text
    assert "更正后已过期，须重新公示" in page and "补录工作实绩" in page and "等次没有变化" in page
    assert "社区 第 1 轮（初定）（重新公示）" in page  # what issuing the notice now does

    again = post(c, "/rounds/publish", {"notice_from": "2025-12-10", "days": "5", "format": "html"})
    assert again.status_code == 200
    assert rounds_of(ws) == [("mini", 1, "初定", 1, "2025-12-10", 5, 0)]


@pytest.mark.slow  # the demo township (made once per session)
def test_a_rounds_post_without_its_csrf_token_is_refused_and_changes_nothing(demo_copy):
    c = client(demo_copy)
    c.get("/rounds")
    before, files = store_digest(demo_copy), sorted(p.name for p in demo_copy.iterdir())
    assert c.post("/rounds/start", data={"domain": "village", "after": "1"}).status_code == 403
    assert c.post("/rounds/publish", data={"notice_from": "2026-12-01", "days": "5"}).status_code == 403
    assert store_digest(demo_copy) == before and sorted(p.name for p in demo_copy.iterdir()) == files


@pytest.mark.slow  # the demo township (made once per session)
def test_the_rounds_page_in_english(demo_copy):
    c = client(demo_copy)
    assert post(c, "/lang", {"lang": "en", "next": "/rounds"}).status_code == 303
    page = c.get("/rounds").text
    assert "Rounds and the notice" in page and "<td>first grading</td>" in page and "Start the next round" in page
