"""The desk's organization pages (issue 12): ``/orgs``, ``/org/<id>`` and its 评分表 ``/org/<id>/print``.

Two workspaces: the demo township 岩樟乡 (read-only; 38 organizations, one round), and TOWN, built
here with the real commands: cli_support's MINI standard (self 0.4 + superior 0.6; work, a score
out of 40, and meetings, 60 less 2 per 次) and a roster of 300 organizations:

- ``sq-001`` … ``sq-240`` of MINI (the odd ones named by the domain's 领域 name 社区, the even ones
  by the standard's id ``mini``); ``sq-001`` … ``sq-200`` graded with work = i mod 41 and no meeting
  missed in both sources, so that each scores (i mod 41) + 60 exactly: 好 from 90 (i mod 41 ≥ 30),
  较好 from 80 (≥ 20), 一般 below; ``sq-201`` … ``sq-240`` added to the roster after grading;
- ``cun-01`` … ``cun-60`` of the village standard, added then too, none graded;
- ``sq-007`` is named ``<script>alert(1)</script>``.
"""

from __future__ import annotations

import html
import re
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from cli_support import MINI, ok, write
from web_support import client, post, store_digest

GRADED, MINI_ORGS, VILLAGES = 200, 240, 60
EVIL = "<script>alert(1)</script>"


def mini_id(i: int) -> str:
    return f"sq-{i:03}"


def grade_of(i: int) -> str:
    w = i % 41
    return "好" if w >= 30 else "较好" if w >= 20 else "一般"


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    root = tmp_path_factory.mktemp("town") / "测试乡"
    ok(["init", root, "--name", "测试乡", "--year", 2025])
    write(root / "standards" / "mini.toml", MINI, bom=False)
    head = "组织编号,组织名称,领域,书记,党员数\n"
    rows = []
    for i in range(1, MINI_ORGS + 1):
        name = EVIL if i == 7 else f"第{i}社区党支部"
        rows.append(f'{mini_id(i)},"{name}",{"社区" if i % 2 else "mini"},书记{i},{i % 30 + 3}\n')
    ok(["--workspace", root, "roster", "import", write(root / "名单.csv", head + "".join(rows[:GRADED]))])
    scores = ["org,source,item,value"]
    for i in range(1, GRADED + 1):
        for source in ("self", "superior"):
            scores += [f"{mini_id(i)},{source},work,{i % 41}", f"{mini_id(i)},{source},meetings,0"]
    ok(["--workspace", root, "evaluate", "mini", write(root / "scores.csv", "\n".join(scores) + "\n")])
    # added to the roster after grading: 40 more of MINI and the villages, none graded
    rows += [f"cun-{i:02},第{i}村党支部,village,村书记{i},20\n" for i in range(1, VILLAGES + 1)]
    ok(["--workspace", root, "roster", "import", write(root / "名单2.csv", head + "".join(rows[GRADED:]))])
    return root


class Tables(HTMLParser):
    """Every table of a page: ``[(its class, [[cell text, …] per body row])]``."""

    def __init__(self, page: str):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.cell: list[str] | None = None
        self.in_body = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[-1][1].append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def roster_rows(page: str) -> list[list[str]]:
    """The roster's rows (none when no organization matches)."""
    return next((rows for cls, rows in Tables(page).tables if cls == "roster"), [])


def text_of(page: str) -> str:
    """The page's text, tags removed, entities read, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def query(root, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(root / "dingji.sqlite")) as db:  # closed: no -wal file left in a template
        return db.execute(sql, args).fetchall()


def english(c):
    assert post(c, "/lang", {"lang": "en", "next": "/orgs"}).status_code == 303


# --- /orgs ----------------------------------------------------------------------------------------------------------


def test_the_roster_shows_every_organization_with_its_grade_and_score(demo_template):
    c = client(demo_template)
    page = c.get("/orgs")
    assert page.status_code == 200
    stored = {
        org: (grade, score)
        for org, grade, score in query(demo_template, "SELECT org, grade, score FROM results WHERE year=2026")
    }
    names = dict(query(demo_template, "SELECT org, name FROM organizations"))
    assert len(names) == 38 and "组织名单共 38 个" in text_of(page.text)
    rows = roster_rows(page.text)
    assert {r[0] for r in rows} == set(names)  # 38 on one page
    for org, name, _domain, grade, score, service in rows:
        assert name == names[org] and (grade, score) == stored[org]
        assert service in ("是", "否")
        assert f'href="/org/{org}"' in page.text
    by_org = {r[0]: r for r in rows}
    assert by_org["cun-01"][2] == "农村" and by_org["ck-01"][2] == "窗口单位和服务行业"
    assert by_org["ck-01"][5] == "是"  # the demo's 服务型 example
    # the standards' order: villages first, then 国有企业 …; by id inside a domain
    assert [r[0] for r in rows[:3]] == ["cun-01", "cun-02", "cun-03"]
    assert 'href="/orgs" aria-current="page"' in page.text and "第 1/1 页" in page.text


def test_the_roster_filters_by_domain_and_grade(demo_template):
    c = client(demo_template)
    page = c.get("/orgs", params={"domain": "village", "grade": "较好"})
    want = [
        r[0]
        for r in query(
            demo_template, "SELECT org FROM results WHERE year=2026 AND domain='village' AND grade='较好' ORDER BY org"
        )
    ]
    assert want and [r[0] for r in roster_rows(page.text)] == want
    assert f"符合条件的组织共 {len(want)} 个" in text_of(page.text)
    assert '<option value="village" selected>' in page.text and '<option value="较好" selected>' in page.text
    # a domain named by its 领域 name selects the same
    assert [r[0] for r in roster_rows(c.get("/orgs?domain=农村&grade=较好").text)] == want
    none = c.get("/orgs", params={"grade": "-"})  # the demo graded everyone
    assert "没有符合条件的组织" in none.text and "符合条件的组织共 0 个" in text_of(none.text)


def test_the_roster_pages_fifty_at_a_time(town, monkeypatch):
    from dingji.store.db import Store
    from dingji.store.results import ResultTables

    def whole_roster(self):
        raise AssertionError("a page loaded the whole roster")

    each = ResultTables.iter_result_rows

    def one_result(self, year, domain=None, org=None):
        assert org is not None, "a page read every result of the year"
        return each(self, year, domain, org)

    # every page reads only what it shows: never the whole roster, never every result
    monkeypatch.setattr(Store, "roster", whole_roster)
    monkeypatch.setattr(ResultTables, "iter_result_rows", one_result)
    assert client(town).get("/org/sq-100").status_code == client(town).get("/org/sq-100/print").status_code == 200
    c = client(town)
    total = MINI_ORGS + VILLAGES
    second = c.get("/orgs?page=2")
    assert second.status_code == 200
    assert f"组织名单共 {total} 个" in text_of(second.text) and "第 2/6 页" in second.text
    assert 'href="/orgs?page=1" rel="prev"' in second.text and 'href="/orgs?page=3" rel="next"' in second.text
    assert len(roster_rows(second.text)) == 50
    seen, path = [], "/orgs"
    while path:  # every page, by its next link: each organization once
        page = c.get(html.unescape(path)).text
        seen += [r[0] for r in roster_rows(page)]
        found = re.search(r'href="([^"]+)" rel="next"', page)
        path = found.group(1) if found else None
    assert sorted(seen) == sorted(
        [mini_id(i) for i in range(1, MINI_ORGS + 1)] + [f"cun-{i:02}" for i in range(1, VILLAGES + 1)]
    )
    assert len(seen) == total
    last = c.get("/orgs?page=6").text
    assert len(roster_rows(last)) == total - 250 and 'rel="next"' not in last
    assert "第 6/6 页" in c.get("/orgs?page=999").text  # past the end: the last page
    assert "第 1/6 页" in c.get("/orgs?page=abc").text
    assert "第 1/6 页" in c.get("/orgs?page=0").text


def test_the_filtered_roster_pages_too(town):
    c = client(town)
    # MINI's organizations, named 社区 or mini in the roster alike, by id: page 2 is the 51st to the 100th
    page = c.get("/orgs", params={"domain": "mini", "page": 2}).text
    assert [r[0] for r in roster_rows(page)] == [mini_id(i) for i in range(51, 101)]
    assert f"符合条件的组织共 {MINI_ORGS} 个" in text_of(page) and "第 2/5 页" in page
    assert 'href="/orgs?domain=mini&amp;page=3" rel="next"' in page
    row = roster_rows(page)[0]  # sq-051: work 10, so 70.0 一般
    assert row[3:5] == [grade_of(51), "70.0"] == ["一般", "70.0"]
    good = c.get("/orgs", params={"domain": "mini", "grade": "好"}).text
    want = [mini_id(i) for i in range(1, GRADED + 1) if grade_of(i) == "好"]
    assert f"符合条件的组织共 {len(want)} 个" in text_of(good)
    assert [r[0] for r in roster_rows(good)] == want[:50]
    ungraded = c.get("/orgs", params={"grade": "-", "page": 2}).text
    n = MINI_ORGS - GRADED + VILLAGES  # 40 + 60 without a result
    assert f"符合条件的组织共 {n} 个" in text_of(ungraded) and "第 2/2 页" in ungraded
    rows = roster_rows(ungraded)
    assert len(rows) == n - 50 and all(r[3] == "未定级" for r in rows)


def test_the_roster_in_english(demo_template):
    c = client(demo_template)
    english(c)
    page = c.get("/orgs").text
    assert "Page 1 of 1" in page and "first grading" in page and "Organizations on the roster: 38" in text_of(page)
    assert ">Organizations</a>" in page and "All domains" in page
    assert "组织名单共" not in page and "第 1/1 页" not in page


# --- /org/<id> ------------------------------------------------------------------------------------------------------


def explanation(root, org: str, lang: str = "zh"):
    from dingji.services.explain import explain
    from dingji.services.workspace import open_workspace

    ws = open_workspace(root)
    return explain(ws.registry(), ws, org, lang=lang)


@pytest.mark.parametrize("org", ["cun-02", "ck-01", "cun-01"])
def test_an_organization_shows_every_point_as_dingji_explain_does(demo_template, org):
    page = client(demo_template).get(f"/org/{org}")
    assert page.status_code == 200
    found = explanation(demo_template, org)
    for line in found.lines("zh"):  # every line of `dingji explain`, escaped as text
        assert escape(line.strip()) in page.text, line
    head, headers, rows = found.comparison  # last year beside this year
    for row in rows:
        for cell in row:
            assert escape(str(cell)) in page.text
    ((last_grade, last_score),) = query(
        demo_template, "SELECT grade, score FROM results WHERE year=2025 AND org=?", org
    )
    assert f"{last_grade}</span> {last_score}" in page.text
    r = found.result
    assert f'<div class="big">{r.grade}</div>' in page.text and f'<div class="big">{r.score}</div>' in page.text


def test_a_veto_that_changed_the_grade_is_named_as_the_reason(demo_template):
    page = client(demo_template).get("/org/cun-02").text
    r = explanation(demo_template, "cun-02").result
    assert r.grade == "较差" and r.score_grade == "较好"  # the demo's veto example
    (veto,) = r.reasons
    assert f"定为 较差 的原因：{veto.name}" in text_of(page)
    assert "等次（按得分为 较好）" in text_of(page)
    ((grade, score),) = query(demo_template, "SELECT grade, score FROM results WHERE year=2025 AND org='cun-02'")
    assert grade == "较好"  # 较好 last year, 较差 now: down
    assert f"上年（2025 年）： 较好 {score} → 较差（降）" in text_of(page)


def test_an_organization_lists_its_visits_and_tasks(demo_template):
    page = client(demo_template).get("/org/cun-02").text
    visits = query(demo_template, "SELECT date, visitors, form FROM visits WHERE year=2026 AND org='cun-02'")
    tasks = query(
        demo_template, "SELECT id, problem, owner, deadline FROM rectify_tasks WHERE year=2026 AND org='cun-02'"
    )
    assert visits and tasks
    assert f"走访（{len(visits)} 次）" in page and f"整改任务（{len(tasks)} 项）" in page
    for row in [*visits, *tasks]:
        for value in row:
            assert escape(str(value)) in page
    assert 'href="/visits?org=cun-02"' in page and 'href="/rectify?org=cun-02"' in page


def test_an_organization_in_english(demo_template):
    c = client(demo_template)
    english(c)
    page = c.get("/org/ck-01").text
    found = explanation(demo_template, "ck-01", "en")
    for line in found.lines("en"):
        assert escape(line.strip()) in page, line
    assert "Grade and score (2026)" in page and "Last year (2025): " in page and "Every point explained" in page
    assert "Visits (" in page and "The visit ledger" in page
    for zh in ("等次与得分", "每一分的来历", "走访台账", "（"):
        assert zh not in page.split('<main id="main"')[1].split("Every point explained")[0], zh


def test_an_organization_without_a_grade_says_so(town):
    c = client(town)
    page = c.get("/org/cun-05")
    assert page.status_code == 200
    assert "未定级" in page.text and "第5村党支部" in page.text and "/org/cun-05/print" not in page.text
    sheet = c.get("/org/cun-05/print")
    assert sheet.status_code == 404 and "没有评分表" in sheet.text


def test_an_unknown_organization_is_a_404_naming_the_closest_ids(demo_template):
    c = client(demo_template)
    for path in ("/org/cun-2", "/org/cun-2/print"):
        page = c.get(path)
        assert page.status_code == 404
        assert "组织 <strong>cun-2</strong> 不存在" in page.text
        assert '您是不是要找：<a href="/org/cun-02">cun-02</a>？' in page.text
    far = c.get("/org/nothing-like-it")
    assert far.status_code == 404 and "您是不是要找" not in far.text
    english(c)
    page = c.get("/org/CK-1")
    assert page.status_code == 404 and "does not exist" in page.text and 'href="/org/ck-01"' in page.text


def test_rounds_show_side_by_side_with_the_move(tmp_path):
    """cli_support's MINI township graded (sq-01 93.0 好, sq-02 96.0 → 较差 by the petition veto, sq-03 67.0 一般),
    published, then re-graded in round 2 (复评) with sq-01's superior meetings 2 → 7 (87.0 较好) and sq-03's self
    work 20 → 40 (75.0 一般), as test_rounds works them out."""
    from cli_support import SCORES, make_workspace

    root = make_workspace(tmp_path / "乡")
    ok(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])
    ok(["--workspace", root, "notice", "--from", "2025-04-20", "-o", tmp_path / "公示.html"])
    ok(["--workspace", root, "round", "start", "mini"])
    regraded = SCORES.replace("sq-01,superior,meetings,2", "sq-01,superior,meetings,7").replace(
        "sq-03,self,work,20", "sq-03,self,work,40"
    )
    ok(["--workspace", root, "evaluate", "mini", write(root / "again.csv", regraded)])
    c = client(root)
    page = c.get("/orgs").text
    assert "初定" in page and "复评" in page
    rows = {r[0]: r[3:7] for r in roster_rows(page)}
    assert rows == {
        "sq-01": ["好", "93.0", "较好", "87.0"],
        "sq-02": ["较差", "96.0", "较差", "96.0"],
        "sq-03": ["一般", "67.0", "一般", "75.0"],
    }
    assert [r[0] for r in roster_rows(c.get("/orgs?grade=较好").text)] == ["sq-01"]  # this round's grade
    assert [r[0] for r in roster_rows(c.get("/orgs?grade=好").text)] == []
    ((published,),) = query(root, "SELECT substr(published_at, 1, 10) FROM rounds WHERE number=1")
    tables = Tables(c.get("/org/sq-01").text).tables
    one = next(rows for cls, rows in tables if rows and rows[0][0].startswith("1 · "))
    assert one == [["1 · 初定", "好", "93.0", "", published], ["2 · 复评", "较好", "87.0", "降", "未公示"]]


# --- /org/<id>/print ------------------------------------------------------------------------------------------------


def test_the_score_sheet_has_every_indicator_per_source_and_signature_lines(demo_template):
    from dingji.core.numbers import fmt, fmt_exact

    page = client(demo_template).get("/org/cun-02/print")
    assert page.status_code == 200
    r = explanation(demo_template, "cun-02").result
    std = r.standard
    sheet = next(rows for cls, rows in Tables(page.text).tables if cls == "score-sheet")
    cols = [s for s in std.sources if s.kind == "indicators"]
    assert len(sheet) == len(std.indicators)
    for index, ((ind, _), row) in enumerate(zip(std.scorers, sheet)):
        assert row[-(2 + len(cols)) :] == [ind.name, fmt(ind.points), *(fmt(r.points[s.id][index]) for s in cols)]
    text = text_of(page.text)
    for s in cols:
        assert fmt_exact(r.sources[s.id], 4) in text
    assert f"综合得分 {r.score}" in text and "等次 较差 （按得分为 较好）" in text
    assert f"✗ {r.vetoes[0].name}（改变了等次）" in text
    assert "评定人：" in text and "审核人：" in text and "日期：" in text and "年 月 日" in text
    assert 'onclick="window.print()"' in page.text and ">打印</button>" in page.text
    assert '<body class="sheet-page">' in page.text


def test_the_score_sheet_counts_bonus_and_penalty_and_shows_the_arithmetic(demo_template):
    from dingji.core.numbers import fmt, fmt_exact

    text = text_of(client(demo_template).get("/org/cun-08/print").text)
    r = explanation(demo_template, "cun-08").result
    assert r.bonus and r.penalty  # the demo's 竹溪村: both
    values = r.assessment.values
    for capped, which in ((r.standard.bonus, "bonus"), (r.standard.penalty, "penalty")):
        for item in capped.items:
            n = values.get((which, item.id))
            if n:
                assert f"{item.name} {fmt(n)} × {fmt(item.points)} = {fmt(n * item.points)}" in text
    assert f"合计 {fmt(r.bonus)}（上限 {fmt(r.standard.bonus.cap)}）" in text
    terms = " + ".join(f"{s.weight} × {fmt_exact(r.sources[s.id], 4)}" for s in r.standard.sources)
    assert f"{terms} + {fmt(r.bonus)} − {fmt(r.penalty)} = {fmt_exact(r.unclamped)} → {r.score}" in text
    assert "无规则成立" in text


def test_the_score_sheet_in_english(demo_template):
    c = client(demo_template)
    english(c)
    page = c.get("/org/cun-02/print").text
    assert ">Print</button>" in page and "Graded by:" in page and "Checked by:" in page and "Date:" in page
    assert "Combined score" in page and "(changed the grade)" in page and "评定人" not in page


# --- the whole: escaping, GETs, the hook -----------------------------------------------------------------------------


def test_every_name_is_escaped(town):
    c = client(town)
    for path in ("/orgs?domain=mini", "/org/sq-007", "/org/sq-007/print"):
        page = c.get(path)
        assert page.status_code == 200, path
        assert EVIL not in page.text, path
        assert escape(EVIL) in page.text, path
    typed = "<img src=x onerror=alert(1)>"  # an id typed into the address: the 404 names it, escaped
    page = c.get("/org/" + typed)
    assert page.status_code == 404 and typed not in page.text and f"<strong>{escape(typed)}</strong>" in page.text


def test_gets_change_nothing(town, demo_copy):
    for root, paths in (
        (
            town,
            ["/orgs", "/orgs?page=3", "/orgs?grade=-", "/org/sq-001", "/org/sq-001/print", "/org/cun-01", "/org/nope"],
        ),
        (demo_copy, ["/orgs?domain=soe", "/org/cun-02", "/org/ck-01/print"]),
    ):
        before = store_digest(root)
        c = client(root)
        assert all(c.get(p).status_code in (200, 404) for p in paths)
        assert store_digest(root) == before


def test_hook_dingji_web_pages(demo_template):
    """The organization pages come through dingji_web_pages as a plugin's would; a plugin's pages follow the desk's."""
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from dingji import hookimpl
    from dingji.services.workspace import open_workspace
    from dingji.web.app import create_app

    class Extra:
        @hookimpl
        def dingji_web_pages(self, desk):
            desk.add_menu("/extra", "附加", "Extra")
            return [Route("/extra", lambda request: PlainTextResponse("extra"))]

    ws = open_workspace(demo_template)
    registry = ws.registry()
    registry.pm.register(Extra(), name="extra-pages")
    app = create_app(ws, registry)
    paths = [m[0] for m in app.state.desk.menu]
    assert paths[:2] == ["/", "/orgs"] and paths[-1] == "/extra"
    assert {"/orgs", "/org/{org}", "/org/{org}/print"} <= {getattr(r, "path", None) for r in app.routes}


# --- printed: one A4 page, in a real browser --------------------------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdfinfo") is None,
    reason="Chromium and pdfinfo are not installed (Debian: apt-get install chromium poppler-utils fonts-noto-cjk)",
)


@pytest.fixture
def served(demo_template):
    """The desk over the demo, served by uvicorn on a free loopback port (in a thread, for this test)."""
    import uvicorn

    from dingji.services.workspace import open_workspace
    from dingji.web.app import create_app
    from web_support import TODAY

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(open_workspace(demo_template), today=TODAY), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


def fullest(root) -> str:
    """The demo's organization with the most to print: the most indicators, then the most lines of
    rules, bonus and penalty."""
    from dingji.services.workspace import open_workspace

    standards = open_workspace(root).registry().standards
    rows = query(root, "SELECT org, domain, vetoes, bonus, penalty FROM results WHERE year=2026")

    def lines(r):
        return len(standards[r[1]].indicators), len([v for v in r[2].split(",") if v]) + (r[3] != "0") + (r[4] != "0")

    return max(rows, key=lambda r: (*lines(r), r[0]))[0]


def pages(pdf) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=30).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), re.search(r"^Page size:.*$", info, re.M).group(0)


@pytest.mark.external
@needs_chromium
def test_the_score_sheet_prints_on_one_a4_page(served, demo_template, tmp_path):
    org = fullest(demo_template)
    assert org == "cun-08"  # a village (20 indicators) with a bonus and a penalty
    pdf = tmp_path / "评分表.pdf"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            f"{served}/org/{org}/print",
        ],
        capture_output=True,
        timeout=120,
    )
    assert pdf.is_file(), proc.stderr.decode("utf-8", "replace")
    count, size = pages(pdf)
    assert count == 1 and "(A4)" in size, size
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30).stdout
    assert "评定人" in text and "审核人" in text and "竹溪村党支部" in text


@pytest.mark.external
@needs_chromium
@pytest.mark.skipif(
    CHROMEDRIVER is None, reason="chromedriver is not installed (Debian: apt-get install chromium-driver)"
)
def test_the_score_sheet_prints_on_one_a4_page_in_english(served, demo_template, tmp_path):
    """Switched to English in the browser (the language lives in the session), then printed on A4 paper."""
    pytest.importorskip("selenium")
    import base64

    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.print_page_options import PrintOptions
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'p'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(f"{served}/org/{fullest(demo_template)}/print")
        driver.find_element(By.CSS_SELECTOR, "header .tools button[lang=en]").click()
        WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException]).until(  # the page is replaced
            lambda d: d.find_element(By.CSS_SELECTOR, ".sheet-tools button").text == "Print"
        )
        printed = PrintOptions()
        printed.page_width, printed.page_height = 21.0, 29.7  # A4, in cm
        pdf = tmp_path / "sheet.pdf"
        pdf.write_bytes(base64.b64decode(driver.print_page(printed)))
    finally:
        driver.quit()
    count, size = pages(pdf)
    assert count == 1 and "(A4)" in size, size
