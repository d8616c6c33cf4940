"""A third tracker, written as an outside plugin would be, proves the extension point end
to end: template → import → a graded ``tracker`` indicator of a custom standard →
explanation → ledger sheet.

``dingji-sanhui`` (三会一课 attendance, member by member; dingji's own 主题党日 tracker, zhutiri,
counts activities) is "installed" the way pip leaves a package: its module beside a
``dingji_sanhui-0.1.dist-info`` folder whose entry_points.txt names it in the group ``dingji``.
Its only hook is ``dingji_register_trackers``.  The standard that uses it is a TOML file in
the workspace's standards folder (no code).

MEETINGS: sources self 0.4, superior 0.6; work (score, 70), sanhui (tracker
sanhui.attendance, 30).  Roster: dr-01 4 members, dr-02 3, dr-03 5.

Records: dr-01 on 2026-03-06 甲 乙 丙 present, 丁 absent; on 2026-04-03 all four present
         → attendance 7 ÷ (2 days × 4) = 0.875
         dr-02 on 2026-03-06 A present, B absent → 1 ÷ (1 × 3, the roster's count) = 1/3, exactly
         (shown with 4 decimals, 0.3333, in reports and the ledger)
Grades:  dr-01 self 60 + 0.875×30 = 86.25; superior 65 + 26.25 = 91.25
               0.4×86.25 + 0.6×91.25 = 34.5 + 54.75 = 89.25 → 89.3 → 较好
         dr-02 (entered 0.9 replaced) self 50 + 1/3×30 = 60; superior 55 + 10 = 65
               0.4×60 + 0.6×65 = 24 + 39 = 63 → 63.0 → 一般
         dr-03 no records, entered 0.5: self 40 + 15 = 55; superior 45 + 15 = 60 → 22 + 36 = 58.0 → 较差
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import textwrap

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    write,
)
from standard_text import preamble

PLUGIN = '''
"""dingji-sanhui: 三会一课 attendance (dates, members present, share attending)."""

import dingji
from dingji import hookimpl

KINDS = ("党员大会", "支委会", "党小组会", "党课")
FIELDS = (dingji.Field("date", "活动日期", "date", True, label_en="date"),
          dingji.Field("kind", "会议类型", "choice", True, KINDS, "kind"),
          dingji.Field("member", "党员姓名", "text", True, label_en="member"),
          dingji.Field("present", "出席", "yesno", True, label_en="present"))


def attendance(group):
    days = len({r.data["date"] for r in group.records})
    present = sum(1 for r in group.records if r.data["present"])
    expected = days * group.denominator
    zh, en = group.members_text()
    return dingji.MetricValue(group.share(present, expected),
                              f"{days}次会议、{zh}应到{expected}人次，实到{present}人次",
                              f"{days} meetings, {en}: {present} of {expected} attendances",
                              {"days": days, "expected": expected, "present": present})


def days(group):
    n, target = len({r.data["date"] for r in group.records}), group.config["days"]
    return dingji.MetricValue(group.share(n, target), f"召开会议{n}次，目标{target}次",
                              f"{n} meetings of {target}", {"days": n, "target": target})


SANHUI = dingji.Tracker(
    "sanhui", "三会一课",
    {"attendance": dingji.TrackerMetric("attendance", "attendances ÷ (meetings × members)", attendance),
     "days": dingji.TrackerMetric("days", "meetings ÷ the yearly target, capped at 1", days)},
    fields=FIELDS, member_field="member", period_field="date", unique=("date", "member"),
    defaults={"days": 12}, description="三会一课的签到")


@hookimpl
def dingji_register_trackers(register):
    register(SANHUI)
    register(dingji.TrackerInfo("checkin", "签到台账", {"share": "share of members who signed in"}))
'''

MEETINGS = (
    preamble("meetings", "社区三会一课考评", "社区", "1.0", precision=None)
    + """\
[[category]]
id = "all"
name = "组织生活"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 70
  method = "score"
  [[category.indicator]]
  id = "sanhui"
  name = "三会一课出席率"
  points = 30
  method = "tracker"
  tracker = "sanhui"
  metric = "attendance"
"""
)

ROSTER = (
    "org,name,domain,members\n"
    "dr-01,东风社区党支部,meetings,4\n"
    "dr-02,西河社区党支部,meetings,3\n"
    "dr-03,南山社区党支部,meetings,5\n"
)
SCORES = """\
org,source,item,value
dr-01,self,work,60
dr-01,superior,work,65
dr-02,self,work,50
dr-02,superior,work,55
dr-02,tracker,sanhui,0.9
dr-03,self,work,40
dr-03,superior,work,45
dr-03,tracker,sanhui,0.5
"""
D1, D2 = dt.date(2026, 3, 6), dt.date(2026, 4, 3)
RECORDS = [
    ("dr-01", D1, "党课", "甲", "是"),
    ("dr-01", D1, "党课", "乙", "是"),
    ("dr-01", D1, "党课", "丙", "是"),
    ("dr-01", D1, "党课", "丁", "否"),
    ("dr-01", D2, "党员大会", "甲", "是"),
    ("dr-01", D2, "党员大会", "乙", "是"),
    ("dr-01", D2, "党员大会", "丙", "是"),
    ("dr-01", D2, "党员大会", "丁", "是"),
    ("dr-02", D1, "支委会", "A", "是"),
    ("dr-02", D1, "支委会", "B", "否"),
]


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """dingji-sanhui on sys.path with its distribution metadata, forgotten afterwards."""
    site = tmp_path / "site"
    info = site / "dingji_sanhui-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dingji-sanhui\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[dingji]\nsanhui = dingji_sanhui\n", encoding="utf-8")
    (site / "dingji_sanhui.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("dingji_sanhui", None)


@pytest.fixture
def ws(installed, tmp_path):
    root = make_workspace(tmp_path / "ws", year=2026, standard=None, roster=None)
    write(root / "standards" / "meetings.toml", MEETINGS, bom=False)
    ok(["--workspace", root, "roster", "import", write(root / "roster.csv", ROSTER)])
    return root


def test_hook_dingji_register_trackers(installed):
    from dingji.registry import Registry

    reg = Registry()
    assert reg.broken == [] and reg.origins["sanhui"] == "dingji-sanhui 0.1"
    sanhui = reg.trackers["sanhui"]
    assert sanhui.keeps_records and list(sanhui.metrics) == ["attendance", "days"]
    assert [f.id for f in sanhui.schema()] == ["date", "kind", "member", "present"]
    # the built-ins come through the same hook
    assert {"sanliang", "yichuang", "sanhui"} <= set(reg.trackers)
    # a plugin registering something that is not a Tracker is reported and skipped
    bad = type(sys)("dingji_bad_tracker")
    from dingji import hookimpl

    bad.dingji_register_trackers = hookimpl(lambda register: register({"id": "x"}))
    with pytest.warns(Warning):
        reg2 = Registry(entry_points=False, plugins=[bad])
    assert "x" not in reg2.trackers and "not dingji.Tracker" in reg2.broken[0][1]


def test_the_plugin_tracker_end_to_end(ws):
    W = ["--workspace", ws]
    assert "sanhui" in ok([*W, "track", "list"]).stdout
    # template → filled in (as in Excel) → import
    path = ws / "三会一课.xlsx"
    ok([*W, "track", "sanhui", "template", "-o", path])
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet = wb["三会一课"]
    assert [c.value for c in sheet[1]] == ["dingji:tracker:sanhui", "date", "kind", "member", "present"]
    assert '"党员大会,支委会,党小组会,党课"' in {dv.formula1 for dv in sheet.data_validations.dataValidation}
    for r, row in enumerate(RECORDS, 3):
        for c, value in enumerate(row, 1):
            sheet.cell(row=r, column=c, value=value)
    wb.save(path)
    assert "已导入三会一课 2026 年记录 10 条（2 个组织" in ok([*W, "track", "sanhui", "import", path]).stdout
    report = json.loads(ok([*W, "track", "sanhui", "report", "--format", "json"]).stdout)
    assert [(o["org"], o["metrics"]["attendance"]["value"]) for o in report["organizations"]] == [
        ("dr-01", 0.875),
        ("dr-02", 0.3333),
    ]
    # a graded tracker indicator of the workspace's own standard
    write(ws / "scores.csv", SCORES)
    doc = json.loads(ok([*W, "evaluate", "meetings", ws / "scores.csv", "--format", "json"]).stdout)
    assert {r["org"]: (r["score"], r["grade"]) for r in doc["results"]} == {
        "dr-01": (89.3, "较好"),
        "dr-02": (63.0, "一般"),
        "dr-03": (58.0, "较差"),
    }
    text = ok([*W, "explain", "dr-01"]).stdout
    assert (
        "自查自评：活动台账 三会一课 · attendance：2次会议、4名党员应到8人次，实到7人次 → 0.875 × 30 分 = 26.25 分"
        in text
    )
    assert (
        "1次会议、3名党员（按组织名单；台账记录2名）应到3人次，实到1人次（评分数据中填写的 0.9 未采用，以记录为准）"
        " → 1/3 × 30 分 = 10 分"
    ) in ok([*W, "explain", "dr-02"]).stdout
    # the ledger: one sheet per tracker, per organization its members, metrics and records
    ok([*W, "ledger", "export", "--format", "csv", "-o", f"{ws / '台账'}/"])
    with open(ws / "台账" / "三会一课.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "编号")
    head, body = rows[at], rows[at + 1 :]
    assert head == [
        "编号",
        "组织名称",
        "领域",
        "党员数",
        "记录数",
        "attendance",
        "days",
        "计算依据",
        "活动日期",
        "会议类型",
        "党员姓名",
        "出席",
    ]
    assert body[0][:7] == ["dr-01", "东风社区党支部", "社区", "4", "8", "0.875", "0.1667"]
    assert body[0][8:] == ["2026-03-06", "党课", "甲", "是"]
    assert body[1][:5] == ["dr-01", "东风社区党支部", "", "", ""] and body[1][10:] == ["乙", "是"]
    assert body[8][:5] == ["dr-02", "西河社区党支部", "社区", "3", "2"] and len(body) == 10
    # a tracker declared without records (dingji.TrackerInfo): its sheet has the headers only
    with open(ws / "台账" / "签到台账.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    assert rows[-1] == ["编号", "组织名称", "领域", "党员数", "记录数", "share", "计算依据"]
    err = fails([*W, "track", "checkin", "import", ws / "scores.csv"]).stderr
    assert "活动台账 checkin 不保存记录" in err


def test_a_record_of_the_plugin_with_a_bad_date_and_kind(ws):
    write(ws / "r.csv", "组织编号,活动日期,会议类型,党员姓名,出席\ndr-01,2026-02-30,读书会,甲,是\n")
    err = fails(["--workspace", ws, "track", "sanhui", "import", ws / "r.csv"]).stderr
    assert (
        "活动日期：'2026-02-30' 不是有效日期" in err
        and "会议类型：'读书会' 不是可选值（党员大会、支委会、党小组会、党课）之一" in err
    )
