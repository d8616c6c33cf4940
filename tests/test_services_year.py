"""The grading year's use cases called directly, as a second face (the web desk) calls them:
plain arguments in, plain data out, no click.  Real workspaces, a real store, real files.

``dingji status`` says the configured ``[distribution] margin`` (it said 1 point whatever
the margin was).  cli_support's SCORES with sq-01's self ``work`` at 35:
  sq-01  self 35 + 58 = 93; superior 91 → 0.4×93 + 0.6×91 = 37.2 + 54.6 = 91.8 → 好, 1.8 above 90
so it is listed with a margin of 2 and not with 1 or 0.5.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_support import (
    SCORES,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    write,
)
from dingji.core.errors import DingjiError
from dingji.services.workspace import open_workspace

DAY = dt.date(2025, 7, 15)


def _graded_near(root, margin: str):
    """A workspace whose sq-01 is 1.8 points above the 好 line, with ``margin`` in dingji.toml."""
    make_workspace(root)
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write(f"\n[distribution]\nmargin = {margin}\n")
    scores = write(root / "s.csv", SCORES.replace("sq-01,self,work,38", "sq-01,self,work,35"))
    ok(["--workspace", root, "evaluate", "mini", scores])
    return root


@pytest.mark.parametrize("margin, listed", [("2", True), ("0.5", False), ("1", False)])
def test_status_states_the_configured_margin(tmp_path, margin, listed):
    root = _graded_near(tmp_path / "w", margin)
    text = ok(["--workspace", root, "status", "--as-of", "2025-07-15"]).stdout
    if listed:
        assert "距分数线 2 分以内、建议复核：东街社区党支部 91.8" in text
        en = ok(["--lang", "en", "--workspace", root, "status", "--as-of", "2025-07-15"]).stdout
        assert "Within 2 points of a grade line, for a second look: 东街社区党支部 91.8" in en
    else:
        assert "建议复核" not in text
    from dingji.services.status import status

    ws = open_workspace(root)
    with ws.store() as store:
        got = status(ws, store, ws.registry(), 2025, DAY)
    assert got["margin"] == float(margin) and isinstance(got["margin"], (int, float))
    assert [x["org"] for x in got["near"]] == (["sq-01"] if listed else [])
    doc = json.loads(ok(["--workspace", root, "status", "--as-of", "2025-07-15", "--format", "json"]).stdout)
    assert doc["margin"] == got["margin"]


# --- the ledger: export, merge, notice ---------------------------------------------------


@pytest.fixture(scope="module")
def township(tmp_path_factory):
    """ledger_support's township, graded in 2025 (and 2024); read only by the tests that share it."""
    from ledger_support import make_township

    return make_township(tmp_path_factory.mktemp("year") / "乡")


@pytest.fixture
def fresh(tmp_path):
    """A township of one's own, for the tests that record visits and tasks."""
    from ledger_support import make_township

    return make_township(tmp_path / "乡", previous=None)


def test_export_ledger_picks_the_writer_names_the_file_and_reports_the_steps(township, tmp_path):
    from dingji.services.ledger import export_ledger
    from ledger_support import SHEETS, TITLE, sheets

    ws = open_workspace(township)
    reg, asked = ws.registry(), []

    class Steps:
        def __init__(self, total):
            asked.append(total)

        def __enter__(self):
            return None  # no bar: the ledger is small

        def __exit__(self, *exc):
            asked.append("closed")

    got = export_ledger(ws, reg, output=tmp_path / "l.xlsx", as_of=DAY, progress=Steps)
    notice = got.pop("notice")  # no notice issued: one from today (issue 13)
    assert (notice["issued"], notice["today"]) == (None, True)
    assert got == {"path": tmp_path / "l.xlsx", "organizations": 4, "format": "xlsx", "broken": []}
    assert asked == [8, "closed"]  # every row twice
    assert list(sheets(tmp_path / "l.xlsx")) == SHEETS
    # no output: named by the title, in the current folder
    assert export_ledger(ws, reg, fmt="json")["path"] == f"{TITLE}.json"
    assert json.loads((tmp_path / f"{TITLE}.json").read_text(encoding="utf-8"))["year"] == 2025
    # the suffix names the format; csv is a prefix for one file per sheet
    csv = export_ledger(ws, reg, output=tmp_path / "台账.csv")
    assert csv["format"] == "csv" and [p.name for p in csv["path"]] == [f"台账-{s}.csv" for s in SHEETS]


def test_an_output_no_writer_makes_is_a_format_error_and_nothing_is_written(township, tmp_path):
    from dingji.services.ledger import FormatError, export_ledger, merge_ledgers, write_notice

    ws = open_workspace(township)
    reg = ws.registry()
    with pytest.raises(FormatError, match=r"unknown format pdf; known: xlsx, csv, json") as info:
        export_ledger(ws, reg, fmt="pdf", output=tmp_path / "l.pdf")
    assert (info.value.format, info.value.known) == ("pdf", ["xlsx", "csv", "json"])
    with pytest.raises(FormatError, match=r"unknown format \.pdf; known: \.html, \.xlsx"):
        write_notice(ws, reg, output=tmp_path / "n.pdf")
    with pytest.raises(FormatError, match=r"unknown format \.csv; known: \.xlsx, \.json"):
        merge_ledgers(reg, [tmp_path / "a.xlsx"], tmp_path / "m.csv")
    with pytest.raises(DingjiError, match=r"is a folder; give a file name"):
        (tmp_path / "dir.xlsx").mkdir()
        export_ledger(ws, reg, output=tmp_path / "dir.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.xlsx"]


def test_write_notice_and_merge_ledgers(township, tmp_path):
    from dingji.services.ledger import export_ledger, merge_ledgers, write_notice

    ws = open_workspace(township)
    reg = ws.registry()
    got = write_notice(ws, reg, notice_from=dt.date(2026, 1, 5), days=7)
    notice = got.pop("notice")  # issue 13: the notice's dates, and whether objections have a contact
    assert (notice["from"], notice["days"], notice["issued"], got.pop("reachable")) == (
        dt.date(2026, 1, 5),
        7,
        None,
        False,
    )
    assert got == {
        "path": "测试乡2025年分类定级结果公示.html",
        "organizations": 4,
        "period": "公示期：2026年1月5日 至 2026年1月11日（共 7 天）",
        "published": ["mini"],
    }
    assert got["period"] in Path(got["path"]).read_text(encoding="utf-8")
    en = write_notice(ws, reg, output=tmp_path / "n.htm", lang="en", notice_from=dt.date(2026, 1, 5))
    assert en["path"] == tmp_path / "n.htm" and "5 days" in en["period"]  # [notice] days of dingji.toml
    a, b = tmp_path / "a.xlsx", tmp_path / "a.json"
    export_ledger(ws, reg, output=a)
    export_ledger(ws, reg, output=b)
    said = []
    got = merge_ledgers(reg, [a, b], tmp_path / "县.json", ws=ws, warn=said.append)
    assert got == {"path": tmp_path / "县.json", "ledgers": 1, "organizations": 4}
    assert len(said) == 1 and "内容相同，只计一次" in said[0]  # the same township as xlsx and json
    doc = json.loads((tmp_path / "县.json").read_text(encoding="utf-8"))
    assert doc["title"] == "测试乡2025年基层党组织分类定级台账"  # the workspace's title of the ledgers' year
    assert merge_ledgers(reg, [b], tmp_path / "t.json", title="全县")["organizations"] == 4
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["title"] == "全县"


# --- visits and rectification --------------------------------------------------------------


def test_visits_rows_missing_tally_and_template(fresh, tmp_path):
    from dingji.services import visits

    ws = open_workspace(fresh)
    with ws.store() as store:
        assert visits.tally(store, 2025) == {"organizations": 4, "visited": 0, "visits": 0}
        vid = visits.add(store, 2025, "sq-02", {"date": "2025/3/2", "visitors": "王", "form": "实地查看", "team": "否"})
        visits.add(store, 2025, "sq-02", {"date": "2025-03-09", "visitors": "李", "form": "座谈了解"})
        [first, _] = visits.visit_rows(store, 2025)
        assert first["id"] == vid and first["org"] == "sq-02" and first["name"] == "+1"
        assert (first["date"], first["team"], first["setup"]) == ("2025-03-02", False, None)
        assert visits.visit_rows(store, 2025, "sq-01") == []
        missing = visits.missing_rows(store, ws.registry(), 2025)
        assert [(m["org"], m["domain"]) for m in missing] == [("sq-01", "社区"), ("sq-03", "社区"), ("sq-04", "社区")]
        assert visits.tally(store, 2025) == {"organizations": 4, "visited": 1, "visits": 2}
        got = visits.write_template(store, 2025, fmt="csv")
        with pytest.raises(DingjiError, match=r"sq-02 was visited on 2025-03-09 by 李 already"):
            visits.add(store, 2025, "sq-02", {"date": "2025-03-09", "visitors": "李", "form": "座谈了解"})
    assert got == {"path": Path("走访台账模板.csv"), "organizations": 3}
    lines = got["path"].read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("组织编号,组织名称,走访日期") and [x.split(",")[0] for x in lines[1:]] == [
        "sq-01",
        "sq-03",
        "sq-04",
    ]


def test_a_visit_edited_is_checked_as_when_added_and_every_edit_recorded(fresh):
    from dingji.services import visits

    ws = open_workspace(fresh)
    with ws.store() as store:
        a = visits.add(store, 2025, "sq-02", {"date": "2025-03-02", "visitors": "王", "form": "实地查看", "team": "否"})
        b = visits.add(store, 2025, "sq-02", {"date": "2025-03-09", "visitors": "李", "form": "座谈了解"})
        same = {"date": "2025-03-02", "visitors": "王", "form": "实地查看", "team": "否"}
        assert visits.edit(store, 2025, a, same) == {"changes": {}, "at": None}  # nothing changed, nothing written
        assert visits.visit(store, 2025, a)["updated_at"] is None and visits.changes(store, a) == []
        got = visits.edit(store, 2025, a, {**same, "team": "", "masses": "满意", "form": "座谈了解"})
        assert got["changes"] == {"form": ["实地查看", "座谈了解"], "team": [False, None], "masses": [None, "满意"]}
        now = visits.visit(store, 2025, a)
        assert (now["form"], now.get("team"), now["masses"], now["updated_at"]) == ("座谈了解", None, "满意", got["at"])
        assert visits.changes(store, a) == [{"at": got["at"], "how": "edit", "changes": got["changes"]}]
        # b's own values stay its own; a's values made b's are refused, at the date, and nothing is written
        assert visits.check(store, 2025, "sq-02", {"date": "2025-03-09", "visitors": "李", "form": "x"}, b) == []
        with pytest.raises(DingjiError, match=r"sq-02 was visited on 2025-03-02 by 王 already \(visit 1\)"):
            visits.edit(store, 2025, b, {"date": "2025-03-02", "visitors": "王", "form": "x"})
        [problem] = visits.check(store, 2025, "sq-02", {"date": "2025-03-02", "visitors": "王", "form": "x"}, b)
        assert problem.place.key == "--date"
        assert visits.visit(store, 2025, b)["date"] == "2025-03-09" and visits.changes(store, b) == []
        with pytest.raises(DingjiError, match="there is no visit 99 in 2025"):
            visits.edit(store, 2025, 99, same)
        # every problem at once, the organization's among them, each at the key asked for
        found = visits.check(store, 2025, "", {"date": "x", "visitors": "", "form": "f"}, places={"date": "date"})
        assert [p.place.key for p in found] == ["ORG", "date", None]


def test_visit_pages_are_read_in_sql(fresh):
    from dingji.services import visits

    ws = open_workspace(fresh)
    with ws.store() as store:
        for day in range(1, 8):
            visits.add(store, 2025, "sq-03", {"date": f"2025-03-0{day}", "visitors": "王", "form": "实地查看"})
        page = visits.visit_page(store, 2025, 2, per=3)
        assert (page["total"], page["page"], page["pages"]) == (7, 2, 3)
        assert [r["date"] for r in page["rows"]] == ["2025-03-04", "2025-03-05", "2025-03-06"]
        assert page["rows"][0]["name"] == "-2"
        assert visits.visit_page(store, 2025, 99, per=3)["page"] == 3  # kept within the pages
        missing = visits.missing_page(store, ws.registry(), 2025, 1, per=2)
        assert (missing["total"], missing["pages"], [m["org"] for m in missing["rows"]]) == (3, 2, ["sq-01", "sq-02"])


def test_a_notice_rendered_without_publishing_publishes_nothing(fresh, tmp_path):
    import sqlite3
    from contextlib import closing

    from dingji.services.ledger import published_notice, write_notice

    root = fresh
    ws = open_workspace(root)
    with ws.store() as store:
        assert published_notice(store, 2025) is None
    got = write_notice(ws, ws.registry(), output=tmp_path / "n.html", notice_from=dt.date(2026, 1, 5), publish=False)
    assert got["published"] == [] and "公示期：2026年1月5日" in (tmp_path / "n.html").read_text(encoding="utf-8")
    with closing(sqlite3.connect(root / "dingji.sqlite")) as db:
        assert db.execute("SELECT count(*) FROM rounds WHERE published_at IS NOT NULL").fetchone() == (0,)
    write_notice(ws, ws.registry(), output=tmp_path / "m.html", notice_from=dt.date(2026, 1, 5), days=7)
    with ws.store() as store:
        assert published_notice(store, 2025) == {"from": dt.date(2026, 1, 5), "days": 7}


def test_rectify_task_tally_template_and_drafts(fresh, tmp_path):
    from dingji.services import rectify, rectify_view

    ws = open_workspace(fresh)
    with ws.store() as store:
        tid = rectify.add(
            store,
            2025,
            "sq-03",
            {
                "problem": "甲",
                "measures": "m",
                "owner": "张",
                "deadline": "2025-06-30",
                "status": "doing",
                "start": "2025-05-01",
            },
        )
        assert rectify.task(store, 2025, tid)["status"] == "doing"  # a status by any of its names
        rectify.add(store, 2025, "sq-02", {"problem": "乙", "measures": "m", "owner": "李", "deadline": "2025-09-30"})
        with pytest.raises(DingjiError, match=r"there is no task 9 in 2025"):
            rectify.task(store, 2025, 9)
        assert rectify_view.tally(store, 2025, DAY) == {
            "tasks": 2,
            "by_status": {"todo": 1, "doing": 1, "done": 0, "closed": 0},
            "overdue": 1,
        }
        got = rectify.write_template(store, 2025, tmp_path / "t.xlsx")
        rows, empty = rectify_view.suggestions(ws, store, ws.registry(), 2025, ["sq-03"], [], 2)
        drafts = rectify.write_drafts(store, rows, tmp_path / "d.csv", "csv")
    assert got == {"path": tmp_path / "t.xlsx", "tasks": 2} and got["path"].stat().st_size > 0
    assert empty == [] and drafts == {"path": tmp_path / "d.csv", "problems": 2, "organizations": 1}
    assert (tmp_path / "d.csv").read_text(encoding="utf-8-sig").count("sq-03") == 2


def test_a_form_is_written_as_xlsx_or_csv_only(tmp_path):
    from dingji.core.visit_form import FORM
    from dingji.services.forms import write_form_template

    with pytest.raises(ValueError, match=r"a form is written as xlsx or csv, not 'pdf'"):
        write_form_template(FORM, [], {}, tmp_path / "x.pdf", "pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert write_form_template(FORM, [], {}, None, "csv") == Path("走访台账.csv")  # the form's name


# --- trackers ------------------------------------------------------------------------------

SANLIANG = (
    "组织编号,党员姓名,期间,亮标准,亮身份,亮承诺,承诺内容,完成时限,比技能,比作风,比业绩,领导点评,党员互评,群众评议\n"
    "sq-01,张三,2025,是,是,是,微笑服务,2025-06-30,第一名,优秀,优秀,好,好,好\n"
)


def test_trackers_overview_template_import_and_report_document(fresh, tmp_path):
    from dingji.registry import default_registry
    from dingji.services import tracking

    outside = {x["id"]: x for x in tracking.overview(default_registry())}
    assert outside["sanliang"]["records"] == 0 and set(outside["sanliang"]["metrics"]) == {"completion", "rating"}
    ws = open_workspace(fresh)
    reg = ws.registry()
    tracker = tracking.records_tracker(reg, "sanliang")
    path = tracking.write_records_template(tracker, ws, fmt="csv")
    assert path == Path("sanliang-records.csv") and path.read_text(encoding="utf-8-sig").startswith("组织编号,党员姓名")
    config = tracking.tracker_settings(tracker, ws)
    with ws.store() as store:
        got = tracking.import_files(tracker, config, store, [write(tmp_path / "r.csv", SANLIANG)], 2025)
        rows = tracking.report(tracker, config, store, 2025)
    assert (got["records"], got["organizations"]) == (1, 1)
    assert {x["id"]: x["records"] for x in tracking.overview(reg, ws)}["sanliang"] == 1
    doc = tracking.report_document(tracker, config, 2025, rows, "en")
    assert (doc["tracker"], doc["year"], [o["org"] for o in doc["organizations"]]) == ("sanliang", 2025, ["sq-01"])
    assert doc["organizations"][0]["metrics"]["completion"]["value"] == 1
    json.dumps(doc)  # JSON-ready
    with pytest.raises(DingjiError, match=r"unknown tracker 'nope'"):
        tracking.records_tracker(reg, "nope")
