"""Issue 13, "problems from three places": problems found on visits reach ``rectify suggest`` beside
the points lost, and each draft says where its problem came from (自己找 / 群众提 / 上级点); tasks
carry 整改要求 and 需上级统筹解决 (the ledger lists those separately); rectification is grouped as
巩固先进 (好), 推动一般 (较好, 一般), 整顿后进 (较差); visits are assigned before they happen
(人员分工) and ``visit list --missing`` and ``status`` show assigned, done and overdue.

Each test here failed before its fix.  ledger_support's township with secretaries; 2025, by hand
(weights self 0.4, superior 0.6):
  sq-01 好   self 38/40 + 58/60, superior 35/40 + 56/60:  work 0.4×2 + 0.6×5 = 3.8, meetings 0.4×2 + 0.6×4 = 3.2
  sq-02 较差 (petition veto; a fact the superior found); work 0.4×10 = 4 (the self-assessment's own)
  sq-03 一般 work 0.4×20 + 0.6×15 = 17, meetings 0.4×10 + 0.6×20 = 16 (both found by the self-assessment too)
  sq-04 好   self full (100); superior 36/40 + 58/60: work 0.6×4 = 2.4, meetings 0.6×2 = 1.2 (the superior's alone)
"""

from __future__ import annotations

import json

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)
from ledger_support import HOSTILE, sheets

ROSTER = "组织编号,组织名称,领域,书记\n" + "".join(
    f'{org},"{name.replace(chr(34), chr(34) * 2)}",社区,{sec}\n'
    for (org, name), sec in zip(HOSTILE.items(), ["王建国", "李秀英", "张明华", "刘海燕"], strict=True)
)


@pytest.fixture
def ws(tmp_path, copy_township):
    return copy_township(tmp_path / "乡", roster=ROSTER)


def run(root, *args):
    return ok(["--workspace", root, *args])


def drafts(root, *args) -> list[dict]:
    """The drafts of ``rectify suggest`` as written to a CSV template (every column)."""
    import csv

    out = root.parent / "草稿.csv"
    run(root, "rectify", "suggest", *args, "-o", out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if any(r)]


# --- where each problem came from ----------------------------------------------------------------------------------


def test_each_draft_says_where_its_problem_came_from(ws):
    got = [(d["组织编号"], d["问题来源"], d["存在问题"][:5]) for d in drafts(ws, "sq-02", "sq-03", "sq-04")]
    assert got == [
        ("sq-02", "上级点", "近一年有严"),  # a veto the superior found
        ("sq-02", "自己找", "工作实绩："),  # points the self-assessment lost itself
        ("sq-03", "自己找", "工作实绩："),
        ("sq-03", "自己找", "落实三会一"),
        ("sq-04", "上级点", "工作实绩："),  # self-assessed full marks: only the superior lost these
        ("sq-04", "上级点", "落实三会一"),
    ]
    table = run(ws, "rectify", "suggest", "sq-04").stdout.splitlines()
    assert table[0].split()[:4] == ["编号", "组织名称", "失分", "来源"]
    assert table[2].split()[:4] == ["sq-04", "@a", "2.4", "上级点"]


def test_a_survey_below_full_marks_is_a_problem_the_masses_raised(demo_template, tmp_path):
    import csv

    out = tmp_path / "d.csv"
    ok(["--workspace", demo_template, "rectify", "suggest", "cun-03", "--top", "50", "-o", out])
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    survey = [r for r in rows if r["存在问题"].startswith("党员群众评议得")]
    assert len(survey) == 1 and survey[0]["问题来源"] == "群众提"


def test_problems_found_on_visits_reach_suggest(ws):
    run(ws, "visit", "add", "sq-01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看", "--team", "否")
    run(ws, "visit", "add", "sq-01", "--date", "2025-03-20", "--by", "李委员", "--form", "入户走访")
    run(ws, "visit", "add", "sq-04", "--date", "2025-03-05", "--by", "王书记", "--form", "座谈了解")
    run(
        ws, "visit", "add", "sq-01", "--date", "2025-04-01", "--by", "王书记", "--form", "座谈了解",
        "--problems", "党员活动室未挂牌", "--masses", "不满意",
    )  # fmt: skip
    got = [(d["问题来源"], d["存在问题"]) for d in drafts(ws, "sq-01") if d["问题来源"] != "自己找"]
    assert got == [
        ("上级点", "走访发现（2025-03-02，王书记）：班子是否健全：否"),
        ("上级点", "走访发现（2025-04-01，王书记）：党员活动室未挂牌"),
        ("群众提", "走访中群众表示不满意（2025-04-01，王书记）"),
    ]  # the visit of 2025-03-20 found nothing; sq-01's losses (3.8, 3.2) come first, 自己找
    # --visits: every organization whose visits found a problem (sq-01 only: sq-04's found none)
    assert {d["组织编号"] for d in drafts(ws, "--visits")} == {"sq-01"}


# --- 整改要求 and 需上级统筹解决 -----------------------------------------------------------------------------------


def test_a_task_has_its_requirement_and_may_need_the_superior(ws, tmp_path):
    run(
        ws, "rectify", "add", "sq-03", "--problem", "党员活动室面积不足", "--measures", "申请改扩建",
        "--requirement", "活动室不少于 60 平方米", "--superior", "是", "--origin", "上级点", "--deadline", "2025-10-31",
    )  # fmt: skip
    run(
        ws,
        "rectify",
        "add",
        "sq-03",
        "--problem",
        "三会一课不规范",
        "--measures",
        "制定计划",
        "--deadline",
        "2025-06-30",
    )
    [first, second] = json.loads(run(ws, "rectify", "list", "--format", "json").stdout)["tasks"]
    assert (first["requirement"], first["superior"], first["origin"]) == ("活动室不少于 60 平方米", True, "上级点")
    assert (second["requirement"], second["superior"], second["origin"]) == (None, None, None)
    task = [
        "--workspace",
        ws,
        "rectify",
        "add",
        "sq-03",
        "--problem",
        "x",
        "--measures",
        "y",
        "--deadline",
        "2025-06-30",
    ]
    assert "--superior" in fails([*task, "--superior", "也许"], code=2).stderr
    assert "--origin" in fails([*task, "--origin", "别人说"], code=2).stderr
    run(ws, "ledger", "export", "-o", tmp_path / "台账.xlsx", "--as-of", "2025-07-01")
    book = sheets(tmp_path / "台账.xlsx")
    head = book["整改台账"][3]
    for column in ("分类", "问题来源", "整改要求", "需上级统筹解决"):
        assert column in head, column
    assert book["上级统筹事项"][0][0].endswith("·需上级统筹解决的整改事项")
    listed = book["上级统筹事项"][3:]
    assert [(r[1], r[4], r[5]) for r in listed] == [("sq-03", "党员活动室面积不足", "活动室不少于 60 平方米")]


def test_the_import_reads_origin_requirement_and_superior_and_names_bad_values(ws):
    good = write(
        ws / "整改.csv",
        "组织编号,存在问题,问题来源,整改要求,整改措施,责任人,需上级统筹解决,完成时限\n"
        "sq-03,道路不通,群众提,年底前通车,协调交通部门,张明华,是,2025-12-31\n"
        "sq-01,制度未上墙,自己找,,制度上墙,王建国,否,2025-06-30\n",
    )
    run(ws, "rectify", "import", good)
    got = json.loads(run(ws, "rectify", "list", "--format", "json").stdout)["tasks"]
    assert [(t["org"], t["origin"], t["requirement"], t["superior"]) for t in got] == [
        ("sq-01", "自己找", None, False),
        ("sq-03", "群众提", "年底前通车", True),
    ]
    bad = write(
        ws / "坏.csv",
        "组织编号,存在问题,问题来源,整改措施,责任人,需上级统筹解决,完成时限\nsq-03,x,别人说,y,张明华,也许,2025-12-31\n",
    )
    said = fails(["--workspace", ws, "rectify", "import", bad]).stderr
    assert "'别人说' 不是可选值（自己找、群众提、上级点）之一" in said and "第 2 行" in said and "也许" in said


# --- 巩固先进、推动一般、整顿后进 ---------------------------------------------------------------------------------------


def test_rectification_is_grouped_by_the_grades_class(ws, tmp_path):
    for org in ("sq-02", "sq-03", "sq-01"):
        run(ws, "rectify", "add", org, "--problem", f"{org} 的问题", "--measures", "m", "--deadline", "2025-06-30")
    out = run(ws, "rectify", "list", "--as-of", "2025-07-01").stdout
    heads = [line for line in out.splitlines() if line.startswith(("巩固先进", "推动一般", "整顿后进"))]
    assert heads == [
        "巩固先进（好）：1 项",
        "推动一般（较好、一般）：1 项",
        "整顿后进（较差）：1 项",
    ]
    assert out.index("sq-01 的问题") < out.index("sq-03 的问题") < out.index("sq-02 的问题")
    got = json.loads(run(ws, "rectify", "list", "--format", "json").stdout)["tasks"]
    assert [(t["org"], t["class"], t["class_name"]) for t in got] == [
        ("sq-01", "advanced", "巩固先进"),
        ("sq-03", "middle", "推动一般"),
        ("sq-02", "backward", "整顿后进"),
    ]
    status = run(ws, "status", "--as-of", "2025-07-01").stdout
    assert "整改任务：巩固先进 1 项（逾期 1），推动一般 1 项（逾期 1），整顿后进 1 项（逾期 1）" in status
    facts = json.loads(run(ws, "status", "--as-of", "2025-07-01", "--format", "json").stdout)
    assert facts["rectification"] == {
        "advanced": {"tasks": 1, "overdue": 1},
        "middle": {"tasks": 1, "overdue": 1},
        "backward": {"tasks": 1, "overdue": 1},
    }
    run(ws, "ledger", "export", "-o", tmp_path / "台账.xlsx", "--as-of", "2025-07-01")
    rows = sheets(tmp_path / "台账.xlsx")["整改台账"]
    head = rows[3]
    at = head.index("分类")
    assert [(r[1], r[at]) for r in rows[4:]] == [("sq-01", "巩固先进"), ("sq-03", "推动一般"), ("sq-02", "整顿后进")]


# --- visits assigned before they happen ----------------------------------------------------------------------------


def test_visits_are_assigned_and_missing_shows_assigned_done_and_overdue(ws):
    got = run(ws, "visit", "assign", "sq-01", "sq-02", "--by", "王书记", "--due", "2025-03-31")
    assert got.stdout.strip() == "已分工：sq-01、sq-02 由 王书记 于 2025-03-31 前走访"
    run(ws, "visit", "assign", "sq-03", "--by", "李委员", "--due", "2025-05-31")
    run(ws, "visit", "add", "sq-01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看")
    missing = run(ws, "visit", "list", "--missing", "--as-of", "2025-04-15")
    lines = missing.stdout.splitlines()
    assert lines[0].split() == ["编号", "组织名称", "领域", "书记", "走访人", "完成时限", "状态"]
    assert [line.split()[0] for line in lines[2:]] == ["sq-02", "sq-03", "sq-04"]
    assert lines[2].split()[-5:] == ["王书记", "2025-03-31", "逾期", "15", "天"]  # 2025-03-31 → 2025-04-15
    assert lines[3].split()[-3:] == ["李委员", "2025-05-31", "未到期"]
    assert lines[4].split()[-1] == "未分工"
    assert "已分工 3 个：已走访 1，逾期未走访 1，未到期 1；未分工且未走访 1 个" in missing.stderr
    assigned = json.loads(run(ws, "visit", "list", "--assigned", "--as-of", "2025-04-15", "--format", "json").stdout)
    assert [(a["org"], a["state"], a["visited"]) for a in assigned["assigned"]] == [
        ("sq-01", "done", "2025-03-02"),
        ("sq-02", "overdue", None),
        ("sq-03", "pending", None),
    ]
    status = json.loads(run(ws, "status", "--as-of", "2025-04-15", "--format", "json").stdout)
    assert status["visits_plan"] == {"assigned": 3, "done": 1, "overdue": 1, "pending": 1, "unassigned": 1}
    assert [x["org"] for x in status["outstanding"]["visits_overdue"]] == ["sq-02"]
    text = run(ws, "status", "--as-of", "2025-04-15").stdout
    assert "逾期未走访的分工：1 个（+1：王书记，2025-03-31）" in text


def test_assignments_are_imported_from_a_file_and_a_bad_one_names_every_problem(ws):
    good = write(
        ws / "分工.csv",
        "组织编号,走访人,完成时限,备注\nsq-01,王书记,2025-03-31,\nsq-02,李委员,2025-04-30,带上组织委员\n",
    )
    assert "已导入 2 项走访分工" in run(ws, "visit", "assign", "--file", good).stdout
    again = write(ws / "改.csv", "组织编号,走访人,完成时限\nsq-02,王书记,2025-05-15\n")
    run(ws, "visit", "assign", "--file", again)  # assigned again: replaced
    got = json.loads(run(ws, "visit", "list", "--assigned", "--as-of", "2025-04-01", "--format", "json").stdout)
    assert [(a["org"], a["visitors"], a["due"]) for a in got["assigned"]] == [
        ("sq-01", "王书记", "2025-03-31"),
        ("sq-02", "王书记", "2025-05-15"),
    ]
    bad = write(
        ws / "坏.csv",
        "组织编号,走访人,完成时限\nsq-99,王书记,2025-03-31\nsq-03,,2025-13-01\nsq-04,李,2025-04-01\nsq-04,王,2025-04-02\n",
    )
    said = fails(["--workspace", ws, "visit", "assign", "--file", bad]).stderr
    assert "sq-99" in said and "走访人" in said and "2025-13-01" in said and "重复" in said
    assert "给出组织编号或 --file" in fails(["--workspace", ws, "visit", "assign", "--by", "王"], code=2).stderr


def test_the_desks_task_form_takes_origin_requirement_and_superior(demo_copy):
    from dingji.services.rectify import stored
    from dingji.services.workspace import open_workspace
    from web_support import client, post

    c = client(demo_copy)
    form = c.get("/rectify/new").text
    for field in ("origin", "requirement", "superior"):
        assert f'name="{field}"' in form, field
    values = {"org": "cun-03", "problem": "活动室漏雨", "measures": "维修", "deadline": "2026-12-31"}
    values |= {"origin": "上级点", "requirement": "汛期前完成维修", "superior": "是"}
    assert post(c, "/rectify/new", values, page="/rectify/new").status_code == 303
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        [task] = [t for t in stored(store, 2026, "cun-03") if t["problem"] == "活动室漏雨"]
    assert (task["origin"], task["requirement"], task["superior"]) == ("上级点", "汛期前完成维修", True)
