"""``dingji track`` and tracker metrics in ``evaluate``/``explain``: real files, the real command.

WIN is a small 窗口单位 standard: sources self 0.4 and superior 0.6; indicators work
(score, 70) and sanliang (tracker sanliang.completion, 30); grades 好 90 / 较好 80 /
一般 60 / 较差 0.  The roster counts ck-01 4 members, ck-02 3, ck-03 none given.

RECORDS (三亮三比三评, 2025):
  ck-01  张三 亮 是是是, 评 好/好/好       complete, 群众评议 好
         李四 亮 是是是, 评 好/较好/较好   complete, 较好
         王五 亮 是是否, 评 好/好/一般     not complete (亮承诺 否)
         赵六 亮 是是是, 评 好/好/—        not complete (no 群众评议)
         completion 2 ÷ 4 = 0.5; rating 2 ÷ 4 = 0.5
  ck-02  钱七 亮 是是是, 评 好/好/好       completion 1 ÷ 3 (the roster's 3 > 1 with records) = 1/3, exactly
  ck-03  no records: its entered tracker value 0.8 counts

WIN_SCORES grade, with those records, as:
  ck-01  self 60 + 0.5 × 30 = 75; superior 65 + 15 = 80; 0.4×75 + 0.6×80 = 30 + 48 = 78.0 → 一般
  ck-02  (its entered 0.9 is replaced by the records' 1/3: 1/3 × 30 = 10, not 0.3333 × 30 = 9.999)
         self 62 + 10 = 72; superior 68 + 10 = 78
         0.4×72 + 0.6×78 = 28.8 + 46.8 = 75.6 → 75.6 → 一般
  ck-03  self 66 + 0.8 × 30 = 90; superior 70 + 24 = 94; 0.4×90 + 0.6×94 = 36 + 56.4 = 92.4 → 好
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    run,
    write,
)
from standard_text import preamble

WIN = (
    preamble("win", "窗口单位小标准", "窗口", "1.0")
    + """\
[[category]]
id = "all"
name = "基本工作"
points = 100
  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 70
  method = "score"
  [[category.indicator]]
  id = "sanliang"
  name = "开展三亮三比三评"
  points = 30
  method = "tracker"
  tracker = "sanliang"
  metric = "completion"
"""
)

ROSTER = """\
组织编号,组织名称,领域,党员数
ck-01,便民服务中心党支部,win,4
ck-02,供电所党支部,win,3
ck-03,信用社党支部,win,
"""

HEADER = (
    "组织编号,党员姓名,期间,亮标准,亮身份,亮承诺,承诺内容,完成时限,比技能,比作风,比业绩,领导点评,党员互评,群众评议\n"
)
RECORDS = (
    HEADER
    + """\
ck-01,张三,2025,是,是,是,微笑服务,2025-06-30,第一名,优秀,优秀,好,好,好
ck-01,李四,,是,是,是,限时办结,2025/9/30,第三名,良好,良好,好,较好,较好
ck-01,王五,2025,是,是,否,,,,,,好,好,一般
ck-01,赵六,2025,是,是,是,上门服务,2025年12月1日,,,,好,好,
ck-02,钱七,2025,是,是,是,零投诉,2025-03-01,第二名,优秀,优秀,好,好,好
"""
)

WIN_SCORES = """\
org,source,item,value
ck-01,self,work,60
ck-01,superior,work,65
ck-02,self,work,62
ck-02,superior,work,68
ck-02,tracker,sanliang,0.9
ck-03,self,work,66
ck-03,superior,work,70
ck-03,tracker,sanliang,0.8
"""


@pytest.fixture
def ws(tmp_path, copy_workspace):
    return copy_workspace(tmp_path / "ws", standard=WIN, roster=ROSTER)


def W(root):
    return ["--workspace", root]


def db_rows(root, sql):
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_track_list_names_the_builtins_and_their_metrics(ws):
    out = ok([*W(ws), "track", "list"]).stdout
    assert "sanliang" in out and "三亮三比三评" in out and "completion" in out
    assert "yichuang" in out and "党员“一创三联”" in out and "visits" in out
    err = fails([*W(ws), "track", "sanqiang", "report"], code=2).stderr
    assert "sanqiang" in err and "sanliang" in err


def test_xlsx_template_has_hidden_keys_validation_and_the_roster(ws):
    ok([*W(ws), "track", "sanliang", "template", "-o", ws / "三亮.xlsx"])
    import openpyxl

    wb = openpyxl.load_workbook(ws / "三亮.xlsx")
    assert wb.sheetnames == ["三亮三比三评", "填表说明", "组织名单"]
    sheet = wb["三亮三比三评"]
    assert sheet["A1"].value == "dingji:tracker:sanliang" and sheet.row_dimensions[1].hidden
    assert [c.value for c in sheet[1]][1:4] == ["member", "period", "show_standard"]
    assert sheet["A2"].value == "组织编号\n(必填)" and sheet["C2"].value == "期间"
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert '"好,较好,一般,差"' in lists and '"是,否"' in lists and "'组织名单'!$A$2:$A$4" in lists
    assert any(dv.type == "date" for dv in sheet.data_validations.dataValidation)
    assert [r[0].value for r in wb["组织名单"].iter_rows(min_row=2)] == ["ck-01", "ck-02", "ck-03"]
    help_text = " ".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    assert "好、较好、一般、差" in help_text and "完成率 三亮均已做到" in help_text


def test_csv_template_is_the_header_and_labels_follow_the_configuration(ws):
    config = ws / "dingji.toml"
    text = config.read_text(encoding="utf-8").replace(
        "[trackers.sanliang]\n", '[trackers.sanliang]\nlabels = { show_standard = "亮职责" }\n'
    )
    config.write_text(text, encoding="utf-8")
    ok([*W(ws), "track", "sanliang", "template", "--format", "csv", "-o", ws / "t.csv"])
    data = (ws / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig") == HEADER.replace("亮标准", "亮职责").replace(
        "\n", "\r\n"
    )
    # a file with the default label still imports
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025])


def test_bad_configuration_is_an_error_naming_its_key(ws):
    config = ws / "dingji.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[trackers.yichuang]\n", '[trackers.yichuang]\ntarget = "十二"\n'),
        encoding="utf-8",
    )
    err = fails([*W(ws), "track", "yichuang", "template"]).stderr
    assert "trackers.yichuang.target" in err


def fill_template(path, rows):
    """Fill a generated xlsx template with openpyxl, as a person would in Excel."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    for r, row in enumerate(rows, 3):
        for c, value in enumerate(row, 1):
            sheet.cell(row=r, column=c, value=value)
    wb.save(path)


XLSX_ROWS = [
    ["ck-01", "张三", 2025, "是", "是", "是", "微笑服务", dt.date(2025, 6, 30), "第一名", "", "", "好", "好", "好"],
    ["ck-01", "李四", None, "是", "是", "是", "限时办结", dt.datetime(2025, 9, 30), "", "", "", "好", "较好", "较好"],
    ["ck-01", "王五", None, "是", "是", "否", None, None, None, None, None, "好", "好", "一般"],
    ["ck-01", "赵六", None, "是", "是", "是", "上门服务", "2025-12-01", None, None, None, "好", "好", None],
    ["ck-02", "钱七", None, "是", "是", "是", "零投诉", dt.date(2025, 3, 1), None, None, None, "好", "好", "好"],
]


def test_xlsx_import_and_report_in_every_format(ws):
    path = ws / "三亮.xlsx"
    ok([*W(ws), "track", "sanliang", "template", "-o", path])
    fill_template(path, XLSX_ROWS)
    out = ok([*W(ws), "track", "sanliang", "import", path, "--year", 2025]).stdout
    assert "已导入三亮三比三评 2025 年记录 5 条（2 个组织" in out
    table = ok([*W(ws), "track", "sanliang", "report", "--year", 2025]).stdout
    assert "4名党员中2名完成三亮三评" in table and "3名党员（按组织名单；台账记录1名）中1名完成三亮三评" in table
    doc = json.loads(ok([*W(ws), "track", "sanliang", "report", "--year", 2025, "--format", "json"]).stdout)
    first = doc["organizations"][0]
    assert (doc["tracker"], doc["year"], first["org"], first["members"], first["records"]) == (
        "sanliang",
        2025,
        "ck-01",
        4,
        4,
    )
    assert first["metrics"]["completion"] == {
        "value": 0.5,
        "inputs": {"members": 4, "with_records": 4, "done": 2},
        "text": "4名党员中2名完成三亮三评",
    }
    assert doc["organizations"][1]["metrics"]["completion"]["value"] == 0.3333
    lines = ok(
        [*W(ws), "--lang", "en", "track", "sanliang", "report", "--year", 2025, "--format", "csv"]
    ).stdout.splitlines()
    assert lines[0] == "org,name,domain,members,with_records,records,completion,rating,completion_text,rating_text"
    assert lines[1].startswith("ck-01,便民服务中心党支部,win,4,4,4,0.5,0.5,2 of 4 members did all three 亮")
    stored = db_rows(ws, "SELECT data FROM tracker_records WHERE member='张三'")
    assert json.loads(stored[0][0])["pledge_due"] == "2025-06-30"


def test_csv_import_replaces_the_year_and_keeps_an_audit_row(ws):
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025])
    write(ws / "r2.csv", HEADER + "ck-01,张三,2025,是,是,是,微笑服务,2025-06-30,,,,好,好,好\n")
    out = ok([*W(ws), "track", "sanliang", "import", ws / "r2.csv", "--year", 2025]).stdout
    assert "替换了之前的 5 条" in out
    audit = db_rows(ws, "SELECT id, year, kind, files, rows, active, replaced_by FROM imports ORDER BY id")
    assert [(a[0], a[1], a[2], a[4], a[5], a[6]) for a in audit] == [
        (1, 2025, "tracker:sanliang", 5, 0, 2),
        (2, 2025, "tracker:sanliang", 1, 1, None),
    ]
    import hashlib

    assert json.loads(audit[1][3]) == [
        {
            "file": "r2.csv",
            "sha256": hashlib.sha256((ws / "r2.csv").read_bytes()).hexdigest(),
            "bytes": (ws / "r2.csv").stat().st_size,
        }
    ]
    assert db_rows(ws, "SELECT import_id, org, member, period FROM tracker_records") == [(2, "ck-01", "张三", "2025")]


BAD = (
    HEADER.rstrip("\n")
    + ",备注\n"
    + """\
ck-09,张三,2025,是,是,是,微笑服务,2025-06-30,,,,好,好,好,
ck-01,,2025,是,是,是,微笑服务,2025-06-30,,,,好,好,好,
ck-01,李四,2025,是,是,是,限时办结,2025-09-31,,,,好,好,好,
ck-01,王五,2025,是,是,否,,,,,,优,好,好,
ck-01,张三,2025,是,是,是,微笑服务,2025-06-30,,,,好,好,好,
ck-01,张三,2025,是,是,是,微笑服务,2025-06-30,,,,好,好,好,
"""
)


def test_bad_csv_records_exit_1_with_every_place_and_nothing_stored(ws):
    write(ws / "ok.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "ok.csv", "--year", 2025])
    before = db_rows(ws, "SELECT * FROM imports"), db_rows(ws, "SELECT * FROM tracker_records")
    write(ws / "bad.csv", BAD)
    err = fails([*W(ws), "track", "sanliang", "import", ws / "bad.csv", "--year", 2025]).stderr
    assert "发现 6 个问题，未写入任何内容" in err
    for text in (
        "bad.csv，列 备注，第 1 行: 未知的列 '备注'",
        "列 组织编号，第 2 行: 组织 'ck-09' 不在组织名单中",
        "列 党员姓名，第 3 行: 党员姓名未填写（必填）",
        "列 完成时限，第 4 行: 完成时限：'2025-09-31' 不是有效日期",
        "列 领导点评，第 5 行: 领导点评：'优' 不是可选值（好、较好、一般、差）之一",
        "第 7 行: ck-01 党员姓名 张三、期间 2025：记录重复（首次出现于",
    ):
        assert text in err, err
    assert (db_rows(ws, "SELECT * FROM imports"), db_rows(ws, "SELECT * FROM tracker_records")) == before


def test_bad_xlsx_records_name_sheet_row_and_column(ws):
    path = ws / "三亮.xlsx"
    ok([*W(ws), "track", "sanliang", "template", "-o", path])
    rows = [list(r) for r in XLSX_ROWS]
    rows[1][7] = "明年"  # row 4: a date that is not one
    rows[2][5] = "也许"  # row 5: not yes/no
    rows[4][0] = "ck-99"  # row 7: unknown organization
    fill_template(path, rows)
    err = fails([*W(ws), "--lang", "en", "track", "sanliang", "import", path, "--year", 2025]).stderr
    assert "3 problems found; nothing was written" in err
    assert "sheet 三亮三比三评, row 4, column H (完成时限): 完成时限: '明年' is not a date" in err
    assert "sheet 三亮三比三评, row 5, column F (亮承诺): 亮承诺: '也许' is not yes/no" in err
    assert "sheet 三亮三比三评, row 7, column A (组织编号): unknown organization 'ck-99'" in err
    assert db_rows(ws, "SELECT count(*) FROM tracker_records") == [(0,)]


def test_several_files_are_one_import_and_a_record_in_two_is_a_repeat(ws):
    lines = RECORDS.splitlines(keepends=True)
    write(ws / "a.csv", "".join(lines[:3]))
    write(ws / "b.csv", HEADER + "".join(lines[3:]))
    out = ok([*W(ws), "track", "sanliang", "import", ws / "a.csv", ws / "b.csv", "--year", 2025]).stdout
    assert "记录 5 条（2 个组织" in out
    assert [f["file"] for f in json.loads(db_rows(ws, "SELECT files FROM imports")[0][0])] == ["a.csv", "b.csv"]
    write(ws / "c.csv", HEADER + lines[1])  # 张三 again
    err = fails([*W(ws), "track", "sanliang", "import", ws / "a.csv", ws / "c.csv", "--year", 2025]).stderr
    assert "c.csv，第 2 行: ck-01 党员姓名 张三、期间 2025：记录重复（首次出现于 " in err and "a.csv，第 2 行）" in err


def test_a_file_missing_a_required_column_is_refused_once(ws):
    write(ws / "r.csv", "组织编号,党员姓名\nck-01,张三\n")
    err = fails([*W(ws), "track", "sanliang", "import", ws / "r.csv"]).stderr
    assert "缺少必填列：亮标准、亮身份、亮承诺" in err and err.count("第 2 行") == 0


def evaluate_win(ws, *extra):
    write(ws / "scores.csv", WIN_SCORES)
    return ok([*W(ws), "evaluate", "win", ws / "scores.csv", "--year", 2025, "--format", "json", *extra])


def test_evaluate_takes_the_records_metrics_and_explain_names_them(ws):
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025])
    got = {r["org"]: (r["score"], r["grade"]) for r in json.loads(evaluate_win(ws).stdout)["results"]}
    assert got == {"ck-01": (78.0, "一般"), "ck-02": (75.6, "一般"), "ck-03": (92.4, "好")}  # see the docstring
    text = ok([*W(ws), "explain", "ck-01", "--year", 2025]).stdout
    assert "自查自评：活动台账 三亮三比三评 · 完成率：4名党员中2名完成三亮三评 → 0.5 × 30 分 = 15 分" in text
    text = ok([*W(ws), "explain", "ck-02", "--year", 2025]).stdout
    # the 0.9 typed in the scores was replaced by the records' value: explain shows both
    assert (
        "3名党员（按组织名单；台账记录1名）中1名完成三亮三评（评分数据中填写的 0.9 未采用，以记录为准）"
        " → 1/3 × 30 分 = 10 分"
    ) in text
    en = ok([*W(ws), "--lang", "en", "explain", "ck-01", "--year", 2025]).stdout
    assert (
        "tracker 三亮三比三评 · completion: 2 of 4 members did all three 亮 and received all three 评 → 0.5 × 30 = 15"
        in en
    )
    # ck-03 has no records: its entered value, explained as before
    assert (
        "活动台账 sanliang.completion = 0.8 × 30 分 = 24 分" in ok([*W(ws), "explain", "ck-03", "--year", 2025]).stdout
    )
    # the run's audit row names the records' file beside the scores
    files = json.loads(db_rows(ws, "SELECT files FROM runs")[0][0])
    assert [f["file"] for f in files] == ["scores.csv", "r.csv"] and files[1]["tracker"] == "sanliang"


def test_the_explanation_keeps_the_counts_that_were_graded(ws):
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025])
    evaluate_win(ws)
    # new records: every ck-01 member complete.  The stored result and its words stay as graded …
    write(ws / "r2.csv", RECORDS.replace("是,是,否,,,", "是,是,是,承诺,,").replace(",好,好,\n", ",好,好,好\n"))
    ok([*W(ws), "track", "sanliang", "import", ws / "r2.csv", "--year", 2025])
    text = ok([*W(ws), "explain", "ck-01", "--year", 2025]).stdout
    assert "综合得分 78.0" in text and "4名党员中2名完成三亮三评 → 0.5" in text
    # … until the domain is graded again: 1 × 30 = 30; self 90, superior 95; 36 + 57 = 93.0 → 好
    got = {r["org"]: r["score"] for r in json.loads(evaluate_win(ws).stdout)["results"]}
    assert got["ck-01"] == 93.0
    assert "4名党员中4名完成三亮三评 → 1 × 30 分 = 30 分" in ok([*W(ws), "explain", "ck-01", "--year", 2025]).stdout
    # the metrics are kept with the run that used them (run_metrics); the replaced run's went with its results
    assert db_rows(ws, "SELECT DISTINCT r.active FROM run_metrics m JOIN runs r ON r.id = m.run_id") == [(1,)]


def test_without_records_or_an_entered_value_the_tracker_value_is_missing(ws):
    write(ws / "scores.csv", WIN_SCORES.replace("ck-03,tracker,sanliang,0.8\n", ""))
    err = fails([*W(ws), "evaluate", "win", ws / "scores.csv", "--year", 2025]).stderr
    assert "ck-01：缺少 tracker/sanliang" in err and "ck-03：缺少 tracker/sanliang" in err
    assert "缺失不按 0 分处理" in err
    # records of another year do not count for 2025
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2024])
    assert (
        "ck-01：缺少 tracker/sanliang" in fails([*W(ws), "evaluate", "win", ws / "scores.csv", "--year", 2025]).stderr
    )


def test_pledges_lists_the_commitments_a_tracker_command(ws):
    write(ws / "r.csv", RECORDS)
    ok([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025])
    out = ok([*W(ws), "track", "sanliang", "pledges", "--year", 2025, "--due-by", "2025/9/30"]).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "组织名称", "党员", "期间", "承诺内容", "完成时限"]
    assert [line.split()[4] for line in lines[2:]] == [
        "零投诉",
        "微笑服务",
        "限时办结",
    ]  # by deadline; 上门服务 is later
    fails([*W(ws), "track", "sanliang", "pledges", "--due-by", "明天"], code=2)


@pytest.mark.slow  # child processes
def test_a_child_process_imports_and_reports(ws, tmp_path):
    write(ws / "r.csv", RECORDS)
    proc = run([*W(ws), "track", "sanliang", "import", ws / "r.csv", "--year", 2025], cwd=tmp_path)
    assert proc.returncode == 0 and "已导入三亮三比三评 2025 年记录 5 条" in proc.stdout, proc.stderr
    proc = run([*W(ws), "track", "sanliang", "report", "--year", 2025, "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["organizations"][0]["metrics"]["rating"]["value"] == 0.5
