"""A score or rate indicator that names a tracker's metric (``tracker``/``metric`` beside
``method = "score"`` or ``"ratio"``): records, where kept, take the place of every source's
entered value; without records the entered values count, so a standard that adds the keys
grades a township without records exactly as before.

FED (a workspace standard, sources self 0.4 / superior 0.6): work (score, 70), theme (score,
10, zhutiri.months), attend (ratio, 20, zhutiri.attendance).  Roster: f-01 4 members, f-02 5,
f-03 3.

Without records (the scores alone):
  f-01  self 60 + 8 + 0.5×20 = 78;  superior 62 + 9 + 0.6×20 = 83;  0.4×78 + 0.6×83 = 31.2 + 49.8 = 81.0 较好
  f-02  self 50 + 10 + 20 = 80;     superior 55 + 10 + 20 = 85;     32 + 51 = 83.0 较好
  f-03  self 40 + 5 + 10 = 55;      superior 45 + 6 + 10 = 61;      22 + 36.6 = 58.6 较差
With 主题党日 records of 2026 (f-03 has none):
  f-01  4 theme days in Jan, Feb (twice), Mar; one more on 2025-12-30, not counted
        months 3/12 → theme 1/4 × 10 = 2.5 in both sources; attendance (4+3+4+2) ÷ (4 × 4) = 13/16 → 16.25
        self 60 + 2.5 + 16.25 = 78.75; superior 62 + 2.5 + 16.25 = 80.75
        0.4×78.75 + 0.6×80.75 = 31.5 + 48.45 = 79.95 → 80.0 较好 (rounded half up, once)
  f-02  7 theme days, one a month Jan–Jul, all 5 members each time
        months 7/12 → theme 35/6 = 5.8333…; attendance 35/35 = 1 → 20
        0.4×(70 + 35/6) + 0.6×(75 + 35/6) = 28 + 7/3 + 45 + 7/2 = 78.8333… → 78.8 一般
  f-03  58.6 较差, as before
  Replaced typed values: f-01 theme 8/9 and attend 0.5/0.6 (4), f-02 theme 10/10 (2); f-02's attend 1 is
  what the records give (no news): 6.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import dingji
from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)
from standard_text import preamble

FED = (
    preamble("fed", "社区主题党日小标准", "社区", "1.0")
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
  id = "theme"
  name = "主题党日活动"
  points = 10
  method = "score"
  tracker = "zhutiri"
  metric = "months"
  [[category.indicator]]
  id = "attend"
  name = "主题党日参加率"
  points = 20
  method = "ratio"
  tracker = "zhutiri"
  metric = "attendance"
"""
)
ROSTER = "org,name,domain,members\nf-01,东风社区党支部,fed,4\nf-02,西河社区党支部,fed,5\nf-03,南山社区党支部,fed,3\n"
SCORES = """\
org,source,item,value
f-01,self,work,60
f-01,self,theme,8
f-01,self,attend,0.5
f-01,superior,work,62
f-01,superior,theme,9
f-01,superior,attend,0.6
f-02,self,work,50
f-02,self,theme,10
f-02,self,attend,1
f-02,superior,work,55
f-02,superior,theme,10
f-02,superior,attend,1
f-03,self,work,40
f-03,self,theme,5
f-03,self,attend,0.5
f-03,superior,work,45
f-03,superior,theme,6
f-03,superior,attend,0.5
"""
HEAD = "组织编号,活动日期,主题,活动内容,活动地点,参加党员数,服务事项,服务群众人次,备注\n"
RECORDS = HEAD + "".join(
    [
        "f-01,2026-01-05,学习培训,学习新党章,党员活动室,4,,,\n",
        "f-01,2026-02-02,志愿服务,清扫街巷,社区,3,2,30,\n",
        "f-01,2026-02-20,组织生活,组织生活会,党员活动室,4,,,\n",
        "f-01,2026-03-02,民主议事,议定停车位改造,党员活动室,2,,,\n",
        "f-01,2025-12-30,学习培训,年终学习,党员活动室,4,,,\n",
        *[f"f-02,2026-{m:02d}-03,学习培训,第{m}月学习,活动室,5,,,\n" for m in range(1, 8)],
    ]
)


@pytest.fixture
def ws(tmp_path, copy_workspace):
    return copy_workspace(tmp_path / "ws", year=2026, standard=FED, roster=ROSTER)


def graded(stdout: str) -> dict:
    return {r["org"]: (r["score"], r["grade"]) for r in json.loads(stdout)["results"]}


def test_records_take_the_place_of_every_sources_entry_and_without_them_nothing_changes(ws):
    W = ["--workspace", ws]
    scores = write(ws / "scores.csv", SCORES)
    before = ok([*W, "evaluate", "fed", scores, "--format", "json", "--dry-run"]).stdout
    assert graded(before) == {"f-01": (81.0, "较好"), "f-02": (83.0, "较好"), "f-03": (58.6, "较差")}
    ok([*W, "track", "zhutiri", "import", write(ws / "主题党日.csv", RECORDS)])
    got = ok([*W, "evaluate", "fed", scores, "--format", "json"])
    assert graded(got.stdout) == {"f-01": (80.0, "较好"), "f-02": (78.8, "一般"), "f-03": (58.6, "较差")}
    assert "6 项填写的数值已由活动台账记录计算的数值替代（记录优先" in got.stderr
    assert "f-01 attend：填写 0.5，按记录 13/16" in got.stderr
    text = ok([*W, "explain", "f-02"]).stdout
    words = (
        "活动台账 主题党日 · 开展率：开展主题党日7次，覆盖7个月，目标12个月"
        "（评分数据中填写的 自查自评 10、上级党组织评定 10 未采用，以记录为准） → 7/12 × 10 分 = 5.8333 分"
    )
    assert f"自查自评：{words}" in text and f"上级党组织评定：{words}" in text
    assert "计算：0.4 × 75.8333… + 0.6 × 80.8333… = 78.833333…，四舍五入保留 1 位小数 → 78.8" in text
    text = ok([*W, "explain", "f-01", "--lang", "en"]).stdout
    assert (
        "tracker 主题党日 · attendance: 4 theme days, 4 members: 13 of 16 attendances (1 dated outside 2026, not"
        " counted) (the 0.5 (自查自评), 0.6 (上级党组织评定) typed in the scores were not used: records win)"
        " → rate 81.25% × 20 = 16.25"
    ) in text
    # f-03 keeps no records: its own entries, no words about a tracker
    assert "活动台账" not in ok([*W, "explain", "f-03"]).stdout


def test_a_standard_naming_a_metric_where_no_metric_can_go_is_refused_at_its_key(tmp_path):
    bad = FED.replace('method = "score"\n  tracker', 'method = "check"\n  tracker').replace(
        'metric = "attendance"', 'metric = "turnout"'
    )
    err = fails(["standards", "check", write(tmp_path / "bad.toml", bad, bom=False)]).stderr
    lines = [x.strip() for x in err.splitlines()]
    assert any(
        re.search(r"键 category\[all\]\.indicator\[theme\]\.tracker: .*计分方法 'check' 不能取活动台账的指标量", x)
        for x in lines
    ), err
    assert any(
        "键 category[all].indicator[attend].metric" in x and "活动台账 'zhutiri' 没有指标量 'turnout'" in x
        for x in lines
    ), err


def test_the_village_and_enterprise_theme_day_take_zhutiri_months(registry):
    for sid, method in (("village", "score"), ("private", "ratio")):
        ind = registry.standard(sid).indicator("theme_day")
        assert (ind.method, ind.options["tracker"], ind.options["metric"]) == (method, "zhutiri", "months")


@pytest.mark.slow
def test_without_records_the_demo_grades_as_it_did_before_the_keys(demo_copy):
    """The demo keeps no 主题党日 records of a village or a 非公 enterprise (its institutions and state-owned
    enterprises keep some): these grade exactly as under the standards without the two keys (a workspace copy
    of each, the keys taken out, shadows the built-in)."""
    W = ["--workspace", demo_copy]
    now = {}
    for sid, name in (("village", "农村"), ("private", "非公有制企业")):
        csv = demo_copy / "inputs" / f"{name}评分.csv"
        now[sid] = json.loads(ok([*W, "evaluate", sid, csv, "--format", "json", "--dry-run"]).stdout)["results"]
        text = (Path(dingji.__file__).parent / "standards" / f"{sid}.toml").read_text(encoding="utf-8")
        old = re.sub(r'\n  tracker = "zhutiri"\n  metric = "months"', "", text)
        assert old != text
        write(demo_copy / "standards" / f"{sid}.toml", old, bom=False)
    for sid, name in (("village", "农村"), ("private", "非公有制企业")):
        csv = demo_copy / "inputs" / f"{name}评分.csv"
        then = json.loads(ok([*W, "evaluate", sid, csv, "--format", "json", "--dry-run"]).stdout)["results"]
        strip = [{k: v for k, v in r.items() if k != "standard"} for r in then]
        assert strip == [{k: v for k, v in r.items() if k != "standard"} for r in now[sid]] and len(strip) >= 5


@pytest.mark.slow
def test_a_demo_village_with_records_is_graded_from_them_in_the_next_round(demo_copy):
    """龙潭村 (cun-03) entered 主题党日活动 2.5 (self) and 2.0 (superior), graded 75.4 一般:
    self 77.99, survey 91.8181…, superior 64.48; 0.2×77.99 + 0.3×91.8181… + 0.5×64.48 = 75.383454… → 75.4.
    Records of 11 theme days, January to November: months 11/12 → 11/12 × 3 = 2.75 in both sources:
    self 77.99 − 2.5 + 2.75 = 78.24; superior 64.48 − 2.0 + 2.75 = 65.23;
    0.2×78.24 + 0.3×91.8181… + 0.5×65.23 = 15.648 + 27.545454… + 32.615 = 75.808454… → 75.8 一般."""
    W = ["--workspace", demo_copy]
    rows = "".join(f"cun-03,2026-{m:02d}-05,学习培训,第{m}次主题党日,村部,20,1,15,\n" for m in range(1, 12))
    mine = write(demo_copy / "龙潭村主题党日.csv", HEAD + rows)  # beside the demo's own (an import replaces the year's)
    ok([*W, "track", "zhutiri", "import", demo_copy / "inputs" / "主题党日台账.csv", mine])
    ok([*W, "round", "start", "village"])
    got = ok([*W, "evaluate", "village", demo_copy / "inputs" / "农村评分.csv", "--format", "json"])
    scores = {r["org"]: r["score"] for r in json.loads(got.stdout)["results"]}
    assert scores["cun-03"] == 75.8 and "与上次定级相比，等次没有变化" in got.stderr
    text = ok([*W, "explain", "cun-03"]).stdout
    assert "上级党组织评定：活动台账 主题党日 · 开展率：开展主题党日11次，覆盖11个月，目标12个月" in text
    assert "→ 11/12 × 3 分 = 2.75 分" in text and "复评" in text


def test_a_tiers_indicator_takes_the_metric_as_its_rate(tmp_path, copy_workspace):
    """FED with 主题党日参加率 as tiers (≥ 0.8: 20, ≥ 0.5: 10): f-01's attendance 13/16 = 0.8125 reaches 0.8 → 20:
    self 60 + 2.5 + 20 = 82.5; superior 62 + 2.5 + 20 = 84.5; 0.4×82.5 + 0.6×84.5 = 33 + 50.7 = 83.7 较好."""
    tiers = FED.replace(
        'method = "ratio"', 'method = "tiers"\n  tiers = [{ min = 0.8, points = 20 }, { min = 0.5, points = 10 }]'
    )
    ws = copy_workspace(tmp_path / "tiers", year=2026, standard=tiers, roster=ROSTER)
    W = ["--workspace", ws]
    ok([*W, "track", "zhutiri", "import", write(ws / "主题党日.csv", RECORDS)])
    got = graded(ok([*W, "evaluate", "fed", write(ws / "scores.csv", SCORES), "--format", "json"]).stdout)
    assert got["f-01"] == (83.7, "较好")
    assert "比率 81.25% 达到 ≥80% 档 → 20 分" in ok([*W, "explain", "f-01"]).stdout
