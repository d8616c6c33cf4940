"""The built-in trackers without files: record checking and metrics by hand.

三亮三比三评 (sanliang), one organization t-01 whose roster counts 5 members; records of 4:
  张三  亮 是是是, 评 好/好/好            → complete, 群众评议 好
  李四  亮 是是否, 评 好/好/较好          → not complete (亮承诺 否), 群众评议 较好
  王五  period 2026上半年: 亮 是是是, 评 —/—/—
        period 2026下半年: 亮 否否否, 评 好/较好/一般   → complete over the year; last 群众评议 一般
  赵六  亮 是是是, 评 好/好/(none)        → not complete; never rated by the masses
  completion = 2 (张三, 王五) ÷ 5 (the roster's count, larger than the 4 with records) = 0.4
  rating     = 2 (张三 好, 李四 较好; 王五's last is 一般, 赵六 has none) ÷ 5 = 0.4
  with denominator = "records": completion 2 ÷ 4 = 0.5, rating 2 ÷ 4 = 0.5

党员"一创三联" (yichuang), year 2026, t-02 with 3 members (roster 3), target 12:
  甲  创 已完成; visits 5 (2026-05-01), 4 (2026-06-01), 3 (2026-07-01)   → complete, 12 visits
  乙  创 已完成; visits 2 (2026-03-01), 0 (—), 1 (2026-04-01)             → link 2 inactive, 3 visits
  丙  创 进行中; visits 3 (2026-02-01), 3 (2025-12-01), 3 (2026-01-01)    → not done, 9 visits
  completion = 1 ÷ 3 = 1/3;  visits = (24 ÷ 3) ÷ 12 = 8 ÷ 12 = 2/3 (exact fractions, never cut to 0.3333)
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

import dingji
from dingji.core.errors import Place
from dingji.core.inputs import Organization
from dingji.core.records import RecordBatch, check_records, compute_metrics, org_records, parse_date
from dingji.core.tracker import OrgRecords, Record, config_problems
from dingji.trackers.sanliang import SANLIANG
from dingji.trackers.yichuang import YICHUANG

ROSTER = {
    "t-01": Organization("t-01", "窗口一", "service_window", members=5),
    "t-02": Organization("t-02", "某村", "village", members=3),
}
SHOW_ALL = {"show_standard": "是", "show_identity": "是", "show_pledge": "是", "pledge": "微笑服务"}


def sanliang_rows():
    return [
        {
            "org": "t-01",
            "member": "张三",
            **SHOW_ALL,
            "review_leader": "好",
            "review_peer": "好",
            "review_public": "好",
        },
        {
            "org": "t-01",
            "member": "李四",
            **SHOW_ALL,
            "show_pledge": "否",
            "pledge": "",
            "review_leader": "好",
            "review_peer": "好",
            "review_public": "较好",
        },
        {"org": "t-01", "member": "王五", "period": "2026上半年", **SHOW_ALL},
        {
            "org": "t-01",
            "member": "王五",
            "period": "2026下半年",
            "show_standard": "否",
            "show_identity": "否",
            "show_pledge": "否",
            "review_leader": "好",
            "review_peer": "较好",
            "review_public": "一般",
        },
        {"org": "t-01", "member": "赵六", **SHOW_ALL, "review_leader": "好", "review_peer": "好"},
    ]


def batch(rows, file="r.csv"):
    return RecordBatch(
        file, [(n, r) for n, r in enumerate(rows, 2)], lambda line, fid: Place(file=file, line=line, column=fid)
    )


def metrics(tracker, rows, config=None, year=2026):
    records = check_records(tracker, config or {}, [batch(rows)], ROSTER, year)
    per_org = org_records(tracker, config or {}, records, ROSTER, year)
    return compute_metrics(tracker, per_org)


def test_sanliang_metrics_by_hand():
    got = metrics(SANLIANG, sanliang_rows())["t-01"]
    assert got["completion"].value == D("0.4") and got["rating"].value == D("0.4")
    assert got["completion"].zh == "5名党员（按组织名单；台账记录4名）中2名完成三亮三评"
    assert got["completion"].inputs == {"members": 5, "with_records": 4, "done": 2}
    assert got["rating"].zh == "5名党员（按组织名单；台账记录4名）中2名群众评议为好或较好"


def test_sanliang_counts_only_members_with_records_when_configured():
    got = metrics(SANLIANG, sanliang_rows(), {"denominator": "records"})["t-01"]
    assert (got["completion"].value, got["rating"].value) == (D("0.5"), D("0.5"))
    assert got["completion"].zh == "4名党员中2名完成三亮三评"
    assert got["completion"].en == "2 of 4 members did all three 亮 and received all three 评"


def test_sanliang_blank_period_is_the_year():
    records = check_records(SANLIANG, {}, [batch(sanliang_rows()[:1])], ROSTER, 2026)
    assert records[0].period == "2026" and records[0].member == "张三"
    assert records[0].data["show_pledge"] is True


def yichuang_rows():
    def member(name, status, *links):
        row = {
            "org": "t-02",
            "member": name,
            "create_kind": "先锋岗",
            "create_item": "护林先锋岗",
            "create_status": status,
        }
        for i, (visits, last) in enumerate(links, 1):
            row.update({f"link{i}": f"联系户{i}", f"link{i}_visits": visits, f"link{i}_last": last})
        return row

    return [
        member("甲", "已完成", (5, "2026-05-01"), (4, "2026/6/1"), (3, "2026年7月1日")),
        member("乙", "已完成", (2, "2026-03-01"), (0, ""), (1, "2026-04-01")),
        member("丙", "进行中", (3, "2026-02-01"), (3, "2025-12-01"), (3, "20260101")),
    ]


def test_yichuang_metrics_by_hand():
    got = metrics(YICHUANG, yichuang_rows())["t-02"]
    assert got["completion"].value == Fraction(1, 3)
    assert got["completion"].zh == "3名党员中1名一创已完成且三联均有本年走访"
    assert got["visits"].value == Fraction(2, 3)
    assert got["visits"].inputs == {"members": 3, "with_records": 3, "visits": 24, "target": 12}
    assert got["visits"].zh == "3名党员共走访24次，人均8次，目标每人12次"


def test_yichuang_target_and_links_are_configurable():
    # target 6: 8 per member ÷ 6 → capped at 1
    assert metrics(YICHUANG, yichuang_rows(), {"target": 6})["t-02"]["visits"].value == D(1)
    two = {"links": ["困难户", "服务项目"]}
    assert [f.label for f in YICHUANG.schema(two)][4:] == [
        "联系困难户",
        "困难户走访次数",
        "困难户最近走访",
        "联系服务项目",
        "服务项目走访次数",
        "服务项目最近走访",
    ]
    rows = [{k: v for k, v in r.items() if not k.startswith("link3")} for r in yichuang_rows()]
    got = metrics(YICHUANG, rows, two)["t-02"]
    # two links: 甲 complete; 乙's link 2 has no visit; 丙 not done → 1 ÷ 3
    # visits (5+4) + (2+0) + (3+3) = 17; 17 ÷ 3 ÷ 12 = 17/36 (0.47222…, kept exact)
    assert got["completion"].value == Fraction(1, 3) and got["completion"].zh.endswith("二联均有本年走访")
    assert got["visits"].value == Fraction(17, 36)


def test_every_bad_record_is_reported_with_its_place():
    rows = sanliang_rows()
    rows[0] = {**rows[0], "org": "t-99"}  # line 2: unknown organization
    rows[1] = {**rows[1], "member": " "}  # line 3: missing required member
    rows[2] = {**rows[2], "pledge_due": "2026-02-30"}  # line 4: bad date
    rows[3] = {**rows[3], "review_public": "优"}  # line 5: not one of the ratings
    rows[4] = {**rows[4], "show_identity": "也许", "show_pledge": "是", "pledge": ""}  # line 6: yes/no
    rows.append({**sanliang_rows()[2]})  # line 7: repeats line 4's key... (line 4 is bad)
    rows.append({**sanliang_rows()[2]})  # line 8: repeats line 7
    rows.append({"org": "t-01", "member": "钱七", **SHOW_ALL, "pledge": ""})  # line 9: pledge text required
    with pytest.raises(
        dingji.InputError, match=r"^r\.csv, column org, line 2: unknown organization 't-99' \(not in the roster\)\n"
    ) as exc:
        check_records(SANLIANG, {}, [batch(rows)], ROSTER, 2026)
    got = [(p.place.line, p.place.column, p.message) for p in exc.value.problems]
    assert got == [
        (2, "org", "unknown organization 't-99' (not in the roster)"),
        (3, "member", "党员姓名 is required"),
        (4, "pledge_due", "完成时限: '2026-02-30' is not a date (write it as 2026-03-01)"),
        (5, "review_public", "群众评议: '优' is not one of 好, 较好, 一般, 差"),
        (6, "show_identity", "亮身份: '也许' is not yes/no (yes/no, 是/否, true/false, 1/0)"),
        (8, None, "t-01 member 王五, period 2026上半年: a repeated record (first at r.csv, line 7)"),
        (9, "pledge", "the commitment's text is required when 亮承诺 is yes"),
    ]
    zh = [p.message_zh for p in exc.value.problems]
    assert zh[0] == "组织 't-99' 不在组织名单中" and zh[1] == "党员姓名未填写（必填）"
    assert "记录重复" in zh[5]


def test_an_empty_roster_and_an_empty_file_are_errors():
    with pytest.raises(
        dingji.InputError, match=r"^r\.csv: the roster is empty: import it first \(dingji roster import\)$"
    ) as exc:
        check_records(SANLIANG, {}, [batch(sanliang_rows()[:1])], {}, 2026)
    assert "the roster is empty" in exc.value.problems[0].message
    with pytest.raises(dingji.InputError, match=r"^r\.csv: no records in the file\(s\): nothing to import$") as exc:
        check_records(SANLIANG, {}, [batch([])], ROSTER, 2026)
    assert exc.value.problems[0].message_zh == "文件中没有任何记录：无可导入"


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2026-03-01", "2026-03-01"),
        ("2026/3/1", "2026-03-01"),
        ("2026.3.1", "2026-03-01"),
        ("2026年3月1日", "2026-03-01"),
        ("20260301", "2026-03-01"),
        (" 2026-12-31 ", "2026-12-31"),
    ],
)
def test_dates_in_the_forms_people_write(raw, iso):
    assert parse_date(raw) == (iso, None)


def test_configuration_problems_name_their_key():
    assert config_problems(YICHUANG, {"target": 12, "links": ["甲", "乙"]}) == []
    keys = [
        k for k, _, _ in config_problems(YICHUANG, {"target": "12", "links": [], "colour": "red", "denominator": "all"})
    ]
    assert keys == ["target", "links", "colour", "denominator"]


def test_labels_are_configurable():
    fields = SANLIANG.schema({"labels": {"show_standard": "亮职责"}, "name": "三亮三比三评（窗口）"})
    assert fields[2].label == "亮职责" and SANLIANG.label({"name": "三亮三比三评（窗口）"}) == "三亮三比三评（窗口）"


def test_a_metric_outside_0_to_1_is_refused():
    bad = dingji.Tracker(
        "bad",
        "坏台账",
        {"m": dingji.TrackerMetric("m", "1.5", lambda g: dingji.MetricValue(D("1.5"), "", ""))},
        fields=(dingji.Field("member", "党员", required=True),),
    )
    group = OrgRecords("t-01", [Record("t-01", {"member": "甲"}, "甲")])
    with pytest.raises(
        dingji.DingjiError,
        match=r"^key bad\.m: tracker bad: metric m of t-01 gave MetricValue\(value=Decimal\('1\.5'\)"
        r".*, not a MetricValue 0\.\.1$",
    ):
        compute_metrics(bad, {"t-01": group})


def test_tracker_info_still_declares_a_tracker_without_records():
    info = dingji.TrackerInfo("grid", "网格走访台账", {"coverage": "share of households visited"})
    assert isinstance(info, dingji.Tracker) and not info.keeps_records
    assert info.metrics["coverage"].description == "share of households visited"
