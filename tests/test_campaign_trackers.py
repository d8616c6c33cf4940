"""The campaign's other activities as built-in trackers: 对标创标 (duibiao), 主题党日 (zhutiri) and
区域化党建 (quyu).  Metrics by hand first (no files), then the real command on real files.

主题党日, z-01 (roster 6 members), year 2026:
  2026-01-09 学习培训, 5 present;  2026-01-23 志愿服务, 4 present, 3 services, 40 served;
  2026-03-06 组织生活, 6 present;  2025-11-07 学习培训, 6 present, 1 service (outside 2026: not counted)
  months     = 2 months (Jan, Mar) ÷ 12 = 1/6
  attendance = (5 + 4 + 6) ÷ (3 activities × 6 members) = 15/18 = 5/6
  services   = 3 ÷ 12 = 1/4
  z-02's roster gives no 党员数: attendance 0, and the words say why.
对标创标, d-01: targets 已达标, 进行中, 已达标 → met 2/3; with statuses 未启动/推进中/已完成 configured,
  the last one (已完成) is what counts.
区域化党建, q-01 (target 4): partner A: 2026-03-01 and 2026-06-01 (and 2025-10-01, not this year); partner B:
  the pairing alone → activities 2 ÷ 4 = 1/2; active_pairs 1 (A) ÷ 2 = 1/2.

CAMP (a workspace standard; sources self 0.4 / superior 0.6): work (score 60), duibiao (tracker
duibiao.met, 20), quyu (tracker quyu.activities, 20).  Roster c-01 10 members, c-02 8.
  c-01 records: 4 targets, 3 已达标 → 3/4 × 20 = 15; joint activities with c-02 on 3 days of 2026 → 3/4 × 20 = 15
       self 50 + 15 + 15 = 80; superior 55 + 30 = 85; 0.4×80 + 0.6×85 = 32 + 51 = 83.0 较好
  c-02 no records of its own: the scores' 0.5 and 0.25 → 10 and 5
       self 45 + 15 = 60; superior 50 + 15 = 65; 0.4×60 + 0.6×65 = 24 + 39 = 63.0 一般
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)
from dingji.core.errors import InputError, Place
from dingji.core.inputs import Organization
from dingji.core.records import RecordBatch, check_records, compute_metrics, org_records
from dingji.trackers.duibiao import DUIBIAO
from dingji.trackers.quyu import QUYU, pair_rows
from dingji.trackers.zhutiri import ZHUTIRI
from standard_text import preamble

ROSTER = {
    "z-01": Organization("z-01", "东风村党支部", "village", members=6),
    "z-02": Organization("z-02", "西河村党支部", "village"),
    "d-01": Organization("d-01", "供电所党支部", "service_window", members=9),
    "q-01": Organization("q-01", "便民服务中心党支部", "service_window", members=12),
    "q-02": Organization("q-02", "石门村党支部", "village", members=20),
}


def metrics(tracker, rows, config=None):
    batch = RecordBatch("r.csv", list(enumerate(rows, 2)), lambda line, fid: Place(file="r.csv", line=line, column=fid))
    records = check_records(tracker, config or {}, [batch], ROSTER, 2026)
    return compute_metrics(tracker, org_records(tracker, config or {}, records, ROSTER, 2026))


def theme_day(org, date, theme, present, services="", served=""):
    return {"org": org, "date": date, "theme": theme, "content": f"{theme}活动", "attended": present,
            "services": services, "served": served}  # fmt: skip


def test_zhutiri_metrics_by_hand():
    got = metrics(
        ZHUTIRI,
        [
            theme_day("z-01", "2026-01-09", "学习培训", 5),
            theme_day("z-01", "2026-01-23", "志愿服务", 4, 3, 40),
            theme_day("z-01", "2026-03-06", "组织生活", 6),
            theme_day("z-01", "2025-11-07", "学习培训", 6, 1),
            theme_day("z-02", "2026-02-06", "民主议事", 7),
        ],
    )
    z1 = got["z-01"]
    assert (z1["months"].value, z1["attendance"].value, z1["services"].value) == (
        Fraction(1, 6),
        Fraction(5, 6),
        Fraction(1, 4),
    )
    assert z1["months"].zh == "开展主题党日3次，覆盖2个月，目标12个月（另有1次不在2026年，未计入）"
    assert z1["attendance"].zh == "3次主题党日、6名党员应到18人次，实到15人次（另有1次不在2026年，未计入）"
    assert z1["services"].en == "3 services done for 40 people, of a target of 12 (1 dated outside 2026, not counted)"
    z2 = got["z-02"]["attendance"]
    assert z2.value == 0 and z2.zh == "组织名单未填党员数，参加率无法计算，记为0（1次活动共7人次参加）"


def test_duibiao_met_by_hand_and_its_statuses_configurable():
    def target(name, status):
        return {"org": "d-01", "benchmark": "县级示范 石门社区党支部", "target": name, "status": status}

    rows = [target("活动室标准化", "已达标"), target("台账规范", "进行中"), target("满意率95%", "已达标")]
    got = metrics(DUIBIAO, rows)["d-01"]["met"]
    assert got.value == Fraction(2, 3) and got.zh == "对标县级示范 石门社区党支部，设定目标3项，已达标2项"
    config = {"statuses": ["未启动", "推进中", "已完成"]}
    rows = [target("活动室标准化", "已完成"), target("台账规范", "推进中")]
    assert metrics(DUIBIAO, rows, config)["d-01"]["met"].value == Fraction(1, 2)


def test_quyu_metrics_and_pairs_by_hand():
    def act(org, partner, date="", content="", result=""):
        return {"org": org, "partner": partner, "date": date, "content": content, "result": result}

    rows = [
        act("q-01", "A单位", "2026-03-01", "联合主题党日"),
        act("q-01", "A单位", "2026-06-01", "义诊"),
        act("q-01", "A单位", "2025-10-01", "去年的活动"),
        act("q-01", "B单位"),
    ]
    got = metrics(QUYU, rows)["q-01"]
    assert (got["activities"].value, got["active_pairs"].value) == (Fraction(1, 2), Fraction(1, 2))
    assert got["activities"].zh == "与2个单位结对（A单位、B单位），开展共建活动2次，目标4次"
    # each side names the other, by id or by name: one pair, what each did
    records = check_records(
        QUYU,
        {},
        [
            RecordBatch(
                "r.csv",
                list(
                    enumerate(
                        [
                            act("q-01", "q-02", "2026-04-02", "帮村里整理党建台账", "台账规范"),
                            act("q-02", "便民服务中心党支部", "2026-05-06", "带村民到中心办事"),
                        ],
                        2,
                    )
                ),
                lambda line, fid: Place(line=line),
            )
        ],
        ROSTER,
        2026,
    )
    (pair,) = pair_rows(records, ROSTER, 2026)
    assert (pair["a"], pair["b"], pair["activities"]) == ("q-01", "q-02", 2)
    assert pair["a_did"] == ["2026-04-02 帮村里整理党建台账（台账规范）"] and pair["b_did"] == [
        "2026-05-06 带村民到中心办事"
    ]


def test_a_joint_activity_needs_its_date_and_what_it_was():
    with pytest.raises(InputError) as err:
        metrics(QUYU, [{"org": "q-01", "partner": "A单位", "date": "2026-03-01"}])
    (problem,) = err.value.problems
    assert problem.place == Place(file="r.csv", line=2, column="content")
    assert "共建活动须同时填写活动日期和活动内容" in problem.text.zh


# --- the command line --------------------------------------------------------------------------------------------

CAMP = (
    preamble("camp", "社区小标准", "社区", "1.0")
    + """\
[[category]]
id = "all"
name = "基本工作"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 60
  method = "score"
  [[category.indicator]]
  id = "duibiao"
  name = "对标创标"
  points = 20
  method = "tracker"
  tracker = "duibiao"
  metric = "met"
  [[category.indicator]]
  id = "quyu"
  name = "区域化党建"
  points = 20
  method = "tracker"
  tracker = "quyu"
  metric = "activities"
"""
)
CAMP_ROSTER = "org,name,domain,members\nc-01,东街社区党支部,camp,10\nc-02,西街社区党支部,camp,8\n"
CAMP_SCORES = """\
org,source,item,value
c-01,self,work,50
c-01,superior,work,55
c-02,self,work,45
c-02,superior,work,50
c-02,tracker,duibiao,0.5
c-02,tracker,quyu,0.25
"""
DUIBIAO_CSV = """\
组织编号,标杆,创标类型,目标,措施,责任人,完成时限,进展,检查日期,备注
c-01,市级示范 南街社区党支部,提标,活动室标准化,改造活动室,王书记,2026-06-30,已达标,2026-07-01,
c-01,市级示范 南街社区党支部,提标,三会一课记录规范,每月检查,李委员,2026-09-30,已达标,2026-10-08,
c-01,市级示范 南街社区党支部,提标,党员志愿服务全覆盖,,,2026-10-31,已达标,,
c-01,市级示范 南街社区党支部,提标,群众满意率95%,,,2026-12-31,进行中,,
"""
QUYU_CSV = """\
组织编号,结对单位,结对形式,结对时间,活动日期,共建活动,成效,受益群众人次,备注
c-01,c-02,结对共建,2025-03-01,2026-03-05,联合主题党日：清理河道,清理河道2公里,120,
c-01,c-02,结对共建,2025-03-01,2026-06-11,义诊进社区,义诊80人,80,
c-01,西街社区党支部,结对共建,2025-03-01,2026-09-17,共办邻里节,,300,
c-01,县供电公司党支部,共驻共建,2026-01-10,,,,,
"""


@pytest.fixture
def ws(tmp_path, copy_workspace):
    return copy_workspace(tmp_path / "ws", year=2026, standard=CAMP, roster=CAMP_ROSTER)


def test_track_list_shows_all_five_and_each_has_its_template(ws):
    W = ["--workspace", ws]
    out = ok([*W, "track", "list"]).stdout
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["duibiao", "quyu", "sanliang", "yichuang", "zhutiri"]
    assert "对标创标" in out and "区域化党建" in out and "主题党日" in out and "months" in out
    import openpyxl

    for tid, name, ids in (
        ("duibiao", "对标创标", ["benchmark", "kind", "target", "measures", "owner", "due", "status"]),
        ("zhutiri", "主题党日", ["date", "theme", "content", "place", "attended", "services", "served"]),
        ("quyu", "区域化党建", ["partner", "kind", "since", "date", "content", "result", "served"]),
    ):
        ok([*W, "track", tid, "template", "-o", ws / f"{tid}.xlsx"])
        wb = openpyxl.load_workbook(ws / f"{tid}.xlsx")
        assert wb.sheetnames == [name, "填表说明", "组织名单"]
        assert [c.value for c in wb[name][1]][: len(ids) + 1] == [f"dingji:tracker:{tid}", *ids]
    ok([*W, "track", "zhutiri", "template", "--format", "csv", "-o", ws / "z.csv"])
    assert (ws / "z.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "组织编号,活动日期,主题,活动内容,活动地点,参加党员数,服务事项,服务群众人次,备注"
    )


def test_records_feed_tracker_indicators_and_the_ledger_lists_the_pairs(ws):
    W = ["--workspace", ws]
    ok([*W, "track", "duibiao", "import", write(ws / "对标.csv", DUIBIAO_CSV)])
    out = ok([*W, "track", "quyu", "import", write(ws / "区域.csv", QUYU_CSV)]).stdout
    assert "已导入区域化党建 2026 年记录 4 条（1 个组织" in out
    report = json.loads(ok([*W, "track", "duibiao", "report", "--format", "json"]).stdout)
    (c1,) = report["organizations"]
    assert c1["metrics"]["met"] == {
        "value": 0.75,
        "inputs": {"targets": 4, "met": 3, "benchmarks": 1},
        "text": "对标市级示范 南街社区党支部，设定目标4项，已达标3项",
    }
    doc = json.loads(ok([*W, "evaluate", "camp", write(ws / "s.csv", CAMP_SCORES), "--format", "json"]).stdout)
    assert {r["org"]: (r["score"], r["grade"]) for r in doc["results"]} == {
        "c-01": (83.0, "较好"),
        "c-02": (63.0, "一般"),
    }
    text = ok([*W, "explain", "c-01"]).stdout
    assert (
        "活动台账 区域化党建 · 共建活动率：与2个单位结对（西街社区党支部、县供电公司党支部），开展共建活动3次，目标4次"
        " → 0.75 × 20 分 = 15 分"
    ) in text
    # the pairs, each once: c-02 named by id and by name is one partner
    pairs = ok([*W, "track", "quyu", "pairs"]).stdout.splitlines()
    assert pairs[0].split() == [
        "结对一方",
        "结对另一方",
        "结对形式",
        "活动次数",
        "一方开展的活动",
        "另一方开展的活动",
    ]
    assert pairs[2].split()[:4] == ["东街社区党支部（c-01）", "西街社区党支部（c-02）", "结对共建", "3"]
    assert pairs[3].split() == ["东街社区党支部（c-01）", "县供电公司党支部", "共驻共建", "0"]
    assert ok([*W, "track", "quyu", "pairs", "--lang", "en"]).stdout.startswith("One side")
    ok([*W, "ledger", "export", "--format", "csv", "-o", f"{ws / '台账'}/"])
    names = sorted(p.name for p in (ws / "台账").iterdir())
    assert {"对标创标.csv", "主题党日.csv", "区域化党建.csv", "结对共建.csv"} <= set(names)
    with open(ws / "台账" / "结对共建.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    at = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[at + 1] == [
        "1",
        "东街社区党支部（c-01）",
        "西街社区党支部（c-02）",
        "结对共建",
        "2025-03-01",
        "3",
        "2026-03-05 联合主题党日：清理河道（清理河道2公里）；2026-06-11 义诊进社区（义诊80人）；2026-09-17 共办邻里节",
        "",
    ]
    assert rows[at + 2][1:6] == ["东街社区党支部（c-01）", "县供电公司党支部", "共驻共建", "2026-01-10", "0"]


def test_bad_records_are_listed_with_their_places_and_nothing_is_stored(ws):
    W = ["--workspace", ws]
    bad = DUIBIAO_CSV.replace(",已达标,2026-07-01", ",完成了,2026-07-01").replace("2026-09-30", "2026-09-31")
    err = fails([*W, "track", "duibiao", "import", write(ws / "bad.csv", bad)]).stderr
    assert "bad.csv，列 进展，第 2 行: 进展：'完成了' 不是可选值（未开始、进行中、已达标）之一" in err
    assert "bad.csv，列 完成时限，第 3 行: 完成时限：'2026-09-31' 不是有效日期" in err
    bad = QUYU_CSV.replace(",2026-06-11,义诊进社区,", ",2026-06-11,,")
    err = fails([*W, "track", "quyu", "import", write(ws / "bad2.csv", bad), "--lang", "en"]).stderr
    assert "line 3" in err and "a joint activity needs both its date and what it was" in err
    assert "没有" in ok([*W, "track", "quyu", "report"]).stderr  # nothing was stored
