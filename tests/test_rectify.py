"""``dingji rectify``: tasks, their progress and history, overdue as of a day, filing (备案),
drafts from the points lost, imports (CSV with BOM, xlsx edited with openpyxl), bad input,
and the 整改台账 and 汇总 of the ledger.

ledger_support's township with secretaries in its roster; its 2025 grades, by hand:
sq-01 93.0 好, sq-02 96.0 → 较差 (petition veto), sq-03 67.0 一般, sq-04 96.4 好.
Points lost (weights self 0.4, superior 0.6), by hand:
  sq-03 work:     0.4 × (40 − 20) + 0.6 × (40 − 25) = 8 + 9 = 17
        meetings: 0.4 × (60 − 50) + 0.6 × (60 − 40) = 4 + 12 = 16
  sq-02 the petition veto first; work: 0.4 × (40 − 30) = 4; meetings 0
"""

from __future__ import annotations

import json
import sqlite3

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
HEAD = "组织编号,任务编号,存在问题,整改措施,责任人,开始日期,完成时限,公开承诺,进度,完成日期,销号日期\n"


@pytest.fixture
def ws(tmp_path, copy_township):
    return copy_township(tmp_path / "乡", roster=ROSTER)


def r(root, *args, **kw):
    return ok(["--workspace", root, "rectify", *args], **kw)


def tasks(root) -> list[tuple]:
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        return db.execute(
            "SELECT id, org, problem, owner, start, deadline, status, done_on, closed_on FROM rectify_tasks ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def history(root, task: int) -> list[tuple]:
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        return db.execute(
            "SELECT status, on_date, how FROM rectify_events WHERE task_id=? ORDER BY id", (task,)
        ).fetchall()
    finally:
        db.close()


def test_a_task_goes_from_not_started_to_closed_and_keeps_its_history(ws):
    out = r(
        ws,
        "add",
        "sq-03",
        "--problem",
        "三会一课不规范",
        "--measures",
        "制定学习计划",
        "--deadline",
        "2025-06-30",
        "--pledge",
        "6月底前整改到位",
    )
    assert (
        out.stdout.strip() == "已添加整改任务 1：sq-03 三会一课不规范（责任人 张明华，完成时限 2025-06-30）"
    )  # the secretary
    r(ws, "start", "1", "--on", "2025-05-10")
    r(ws, "done", "1", "--on", "2025-06-20")
    out = r(ws, "done", "1", "--accept", "--on", "2025-07-05")
    assert out.stdout.strip() == "已将任务 1 标为已验收销号（2025-07-05）"
    assert tasks(ws) == [
        (1, "sq-03", "三会一课不规范", "张明华", "2025-05-10", "2025-06-30", "closed", "2025-06-20", "2025-07-05")
    ]
    assert [h[:2] for h in history(ws, 1)][1:] == [
        ("doing", "2025-05-10"),
        ("done", "2025-06-20"),
        ("closed", "2025-07-05"),
    ]
    assert history(ws, 1)[0][0] == "todo" and [h[2] for h in history(ws, 1)] == ["add", "doing", "done", "closed"]
    doc = json.loads(r(ws, "list", "--format", "json", "--as-of", "2025-12-31").stdout)
    assert doc["tasks"][0]["status_name"] == "已验收销号" and doc["tasks"][0]["overdue_days"] == 0


def test_overdue_as_of_a_day_in_the_list_the_ledger_and_its_summary(ws, tmp_path):
    r(ws, "add", "sq-03", "--problem", "甲", "--measures", "m", "--deadline", "2025-06-30")
    r(
        ws,
        "add",
        "sq-02",
        "--problem",
        "乙",
        "--measures",
        "m",
        "--deadline",
        "2025-07-10",
        "--start",
        "2025-05-01",
        "--status",
        "进行中",
    )
    r(ws, "add", "sq-02", "--problem", "丙", "--measures", "m", "--deadline", "2025-07-01")
    r(ws, "done", "3", "--on", "2025-06-28")
    out = r(ws, "list", "--overdue", "--as-of", "2025-07-15")
    lines = out.stdout.splitlines()[2:]
    # 2025-07-15 − 2025-06-30 = 15 days; − 2025-07-10 = 5 days; task 3 was done in time
    assert [line.split()[0] for line in lines] == ["1", "2"]
    assert "逾期 15 天" in lines[0] and "逾期 5 天" in lines[1] and "须备案" in lines[1]
    assert (
        out.stderr.strip()
        == "2025 年整改任务 3 项：未启动 1，进行中 1，已完成 1，已验收销号 0；截至 2025-07-15 逾期 2 项"
    )
    assert r(ws, "list", "--overdue", "--as-of", "2025-06-30").stdout == ""  # due today is not overdue yet
    ok(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.xlsx", "--as-of", "2025-07-15"])
    book = sheets(tmp_path / "l.xlsx")
    sheet = book["整改台账"]
    assert sheet[1][0] == (
        "截至 2025-07-15：整改任务 3 项（未启动 1，进行中 1，已完成 1，已验收销号 0）；逾期未完成 2 项；"
        "巩固先进 0 项，推动一般 1 项，整顿后进 2 项；需上级统筹解决 0 项"
    )
    # task 1 (甲, sq-03 一般) first: 推动一般 before 整顿后进 (issue 13), then by organization and task
    assert sheet[4][:6] == [1.0, "sq-03", "-2", "推动一般", "社区", "一般"] and sheet[4][18:] == ["逾期 15 天", ""]
    assert sheet[5] == [
        2.0,  # the task number (乙 was added second), as `dingji rectify done 2` takes it
        "sq-02",
        "+1",
        "整顿后进",
        "社区",
        "较差",
        "",
        "乙",
        "",
        "m",
        "李秀英",
        "2025-05-01",
        "2025-07-10",
        "",
        "",
        "进行中",
        "",
        "",
        "逾期 5 天",
        "须备案",
    ]
    assert sheet[6][15:] == ["已完成", "2025-06-28", "", "", "须备案"]
    summary = [[c for c in row if c != ""] for row in book["汇总"]]
    at = summary.index(["九、逾期未完成的整改任务（截至 2025-07-15，2 项）"])
    assert summary[at + 2] == ["-2", "sq-03", "2025-06-30", 15.0, "张明华", "未启动", "甲"]
    assert summary[at + 3] == ["+1", "sq-02", "2025-07-10", 5.0, "李秀英", "进行中", "乙"]
    at = summary.index(["八、整改任务（截至 2025-07-15）"])
    assert summary[at + 2 : at + 7] == [
        ["未启动", 1.0, 1.0],
        ["进行中", 1.0, 1.0],
        ["已完成", 1.0],
        ["已验收销号", 0.0],
        ["合计", 3.0, 2.0],
    ]


def test_plans_of_the_lowest_grade_are_flagged_and_their_filing_recorded(ws, tmp_path):
    out = r(ws, "list", "--filing")
    assert out.stdout.splitlines()[2].split() == ["sq-02", "+1", "社区", "较差", "未制定整改任务", "未备案"]
    # a plan is its tasks: none yet, nothing to file
    err = fails(["--workspace", ws, "rectify", "filed", "sq-02", "--on", "2025-05-10"]).stderr
    assert "sq-02 在 2025 年没有整改任务：请先制定整改方案" in err
    r(ws, "add", "sq-02", "--problem", "群访", "--measures", "m", "--deadline", "2025-09-30")
    r(ws, "filed", "sq-02", "--on", "2025-05-10")
    assert r(ws, "list", "--filing").stdout.splitlines()[2].split()[-1] == "2025-05-10"
    ok(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.xlsx", "--as-of", "2025-07-15"])
    assert sheets(tmp_path / "l.xlsx")["整改台账"][4][-1] == "已备案 2025-05-10"
    fails(["--workspace", ws, "rectify", "filed", "sq-99"])
    # only the lowest grade's plans are filed: sq-01 is not 较差
    r(ws, "add", "sq-01", "--problem", "阵地", "--measures", "m", "--deadline", "2025-09-30")
    err = fails(["--workspace", ws, "rectify", "filed", "sq-01"]).stderr
    assert "只有定级为最低等次（较差）的党组织，整改方案才须报市委组织部备案" in err


def test_import_adds_new_rows_and_updates_tasks_by_number_or_by_problem(ws, tmp_path):
    import openpyxl

    path = write(
        ws / "整改.csv",
        HEAD + "sq-03,,三会一课不规范,制定学习计划,张明华,2025-05-01,2025-06-30,6月底前整改到位,,,\n"
        "sq-01,,阵地设施陈旧,更新设施,王建国,,2025-08-31,,进行中,,\n",
    )
    out = r(ws, "import", path)
    assert out.stdout.strip() == "已导入 2025 年整改任务：新增 2 项，更新 0 项（2 个组织，第 1 次导入）"
    again = r(ws, "import", path)  # the same rows again: matched by organization and problem
    assert "新增 0 项，更新 2 项" in again.stdout and len(tasks(ws)) == 2
    r(ws, "template", "-o", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = wb["整改台账"]
    head = [c.value for c in sheet[1]]
    row = next(i for i in range(3, 5) if sheet.cell(i, 1).value == "sq-03")
    assert sheet.cell(row, head.index("task") + 1).value == 1
    sheet.cell(row, head.index("status") + 1).value = "已完成"
    sheet.cell(row, head.index("done_on") + 1).value = "2025-06-25"
    wb.save(tmp_path / "t.xlsx")
    out = r(ws, "import", tmp_path / "t.xlsx")
    assert "新增 0 项，更新 2 项" in out.stdout
    assert tasks(ws)[0][6:8] == ("done", "2025-06-25")
    assert [h[:2] for h in history(ws, 1)] == [("todo", "2025-05-01"), ("done", "2025-06-25")]
    assert [h[0] for h in history(ws, 2)] == ["doing"]  # unchanged: no event


def test_bad_input_lists_every_problem_with_its_place_and_stores_nothing(ws):
    r(ws, "add", "sq-01", "--problem", "甲", "--measures", "m", "--deadline", "2025-06-30")
    before = tasks(ws)
    path = write(
        ws / "坏.csv",
        HEAD + "sq-09,,问题,措施,张三,,2025-06-30,,,,\n"  # 2: unknown org
        "sq-03,,问题,措施,张三,,2025-13-01,,,,\n"  # 3: bad date
        "sq-03,,问题二,措施,张三,,2025-06-30,,完成了,,\n"  # 4: unknown status
        "sq-03,,问题三,措施,张三,2025-07-01,2025-06-30,,,,\n"  # 5: deadline before start
        "sq-04,,重复,措施,张三,,2025-06-30,,,,\n"  # 6: good
        "sq-04,,重复,措施,李四,,2025-07-30,,,,\n"  # 7: repeats line 6
        "sq-03,9,问题四,措施,张三,,2025-06-30,,,,\n"  # 8: no task 9
        "sq-03,1,问题五,措施,张三,,2025-06-30,,,,\n"  # 9: task 1 is sq-01's
        "sq-03,,问题六,措施,张三,,2025-06-30,,已完成,,\n"  # 10: done without a date
        "sq-03,,,措施,,,2025-06-30,,,,\n",
    )  # 11: problem, owner blank
    err = fails(["--workspace", ws, "rectify", "import", path]).stderr
    expected = [
        "列 组织编号，第 2 行: 组织 'sq-09' 不在组织名单中",
        "列 完成时限，第 3 行: 完成时限：'2025-13-01' 不是有效日期",
        "列 进度，第 4 行: 进度：'完成了' 不是可选值（未启动、进行中、已完成、已验收销号）之一",
        "列 完成时限，第 5 行: 完成时限 2025-06-30 早于开始日期 2025-07-01",
        "第 7 行: sq-04 存在问题 重复：记录重复（首次出现于 ",
        "列 任务编号，第 8 行: 本年度没有任务编号 9",
        "列 任务编号，第 9 行: 任务 1 属于 sq-01，不是 sq-03",
        "列 完成日期，第 10 行: 进度为已完成，须填完成日期",
        "列 存在问题，第 11 行: 存在问题未填写（必填）",
        "列 责任人，第 11 行: 责任人未填写（必填）",
    ]
    for text in expected:
        assert text in err, text
    assert err.splitlines()[0] == f"发现 {len(expected)} 个问题，未写入任何内容："
    assert tasks(ws) == before
    bad = fails(
        [
            "--workspace",
            ws,
            "rectify",
            "add",
            "sq-03",
            "--problem",
            "p",
            "--measures",
            "m",
            "--deadline",
            "2025-03-01",
            "--start",
            "2025-04-01",
        ]
    ).stderr
    assert "键 --deadline: 完成时限 2025-03-01 早于开始日期 2025-04-01" in bad
    assert (
        "未启动、进行中"
        in fails(
            [
                "--workspace",
                ws,
                "rectify",
                "add",
                "sq-03",
                "--problem",
                "p",
                "--measures",
                "m",
                "--deadline",
                "2025-09-01",
                "--status",
                "完成了",
            ],
            code=2,
        ).stderr
    )
    assert "2025 年没有任务编号 7" in fails(["--workspace", ws, "rectify", "done", "7"]).stderr
    r(ws, "done", "1", "--on", "2025-06-20")
    late = fails(["--workspace", ws, "rectify", "done", "1", "--accept", "--on", "2025-06-01"]).stderr
    assert "键 1 --on: 销号日期 2025-06-01 早于完成日期 2025-06-20" in late
    assert tasks(ws)[0][6:9] == ("done", "2025-06-20", None)


def test_suggest_drafts_problems_from_the_points_lost_and_the_veto(ws, tmp_path):
    import openpyxl

    out = r(ws, "suggest", "sq-03", "sq-02")
    rows = [line.split() for line in out.stdout.splitlines()[2:]]
    assert (
        rows[0][:5] == ["sq-03", "-2", "17", "自己找", "工作实绩：失分"]
        and "（自查自评 20/40，上级党组织评定 25/40）" in out.stdout
    )
    assert rows[1][:3] == ["sq-03", "-2", "16"]
    assert rows[2][:4] == ["sq-02", "+1", "上级点", "近一年有严重群访事件（一票否决，定为较差）"]
    assert rows[3][:3] == ["sq-02", "+1", "4"]
    r(ws, "suggest", "--grade", "较差", "-o", tmp_path / "草稿.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "草稿.xlsx")
    sheet = wb["整改台账"]
    assert [sheet.cell(i, 1).value for i in (3, 4)] == ["sq-02", "sq-02"] and sheet.cell(5, 1).value is None
    for i in (
        3,
        4,
    ):  # columns: 组织编号, 任务编号, 组织名称, 存在问题, 问题来源, 整改要求, 整改措施, 责任人, 开始日期, 完成时限
        assert sheet.cell(i, 8).value == "李秀英"  # the secretary as owner
        sheet.cell(i, 7).value, sheet.cell(i, 10).value = "召开专题会议，逐项整改", "2025-09-30"
    wb.save(tmp_path / "草稿.xlsx")
    assert "新增 2 项" in r(ws, "import", tmp_path / "草稿.xlsx").stdout
    assert [t[1] for t in tasks(ws)] == ["sq-02", "sq-02"]
    assert "组织 sq-99 不在组织名单中" in fails(["--workspace", ws, "rectify", "suggest", "sq-99"]).stderr


def test_status_lists_every_organization_graded_low_without_a_plan(ws):
    import json

    def listed():
        got = json.loads(ok(["--workspace", ws, "status", "--as-of", "2025-07-01", "--format", "json"]).stdout)
        return [(x["org"], x["grade"]) for x in got["outstanding"]["no_plan"]]

    # see the module docstring: sq-02 较差 (veto), sq-03 一般; sq-01 and sq-04 are 好
    assert listed() == [("sq-02", "较差"), ("sq-03", "一般")]
    text = ok(["--workspace", ws, "status", "--as-of", "2025-07-01"]).stdout
    assert "定级为一般、较差但没有整改方案的组织：2 个" in text
    r(ws, "add", "sq-02", "--problem", "群访", "--measures", "m", "--deadline", "2025-09-30")
    assert listed() == [("sq-03", "一般")]
