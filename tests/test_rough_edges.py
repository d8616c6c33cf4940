"""Issue "What a township officer meets first": the rough edges of a first session with the
demo township, each met as a user meets it, in Chinese and in English.

Real workspaces (cli_support, ledger_support), the real command; each test failed before
its fix.  ``QS`` is cli_support's township with ids a typo is easily made of: qs-c01 …
qs-c03 graded as cli_support's SCORES grade sq-01 … sq-03 (93.0 好, 较差 by veto, 67.0 一般).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cli_support import (
    ROSTER,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    run,
    write,
)
from ledger_support import make_township

QS_ROSTER = ROSTER.replace("sq-0", "qs-c0")
QS_SCORES = SCORES.replace("sq-0", "qs-c0")


@pytest.fixture
def qs(tmp_path):
    root = make_workspace(tmp_path / "qs", roster=QS_ROSTER)
    ok(["-w", root, "evaluate", "mini", write(root / "scores.csv", QS_SCORES)])
    return root


# --- 4. an organization id that is not in the roster is named so, with the ids nearest it --------


def test_explain_a_typo_says_the_organization_does_not_exist_and_names_the_closest(qs):
    zh = fails(["-w", qs, "explain", "qs-c2"]).stderr
    assert zh.strip() == "错误：组织 qs-c2 不在组织名单中；您是不是要找 qs-c02？"
    assert "evaluate" not in zh
    en = fails(["-w", qs, "--lang", "en", "explain", "QS-C02x"]).stderr
    assert en.strip() == "Error: organization QS-C02x is not in the roster; did you mean qs-c02, qs-c01 or qs-c03?"
    far = fails(["-w", qs, "explain", "zz"]).stderr
    assert far.strip() == "错误：组织 zz 不在组织名单中（dingji roster list 列出全部 3 个组织）"
    # an organization of the roster without a result of the year: run evaluate, as before
    ok(["-w", qs, "roster", "import", write(qs / "more.csv", "org,name,domain\nqs-c04,北街社区党支部,社区\n")])
    assert "先运行 dingji evaluate" in fails(["-w", qs, "explain", "qs-c04"]).stderr


@pytest.mark.parametrize(
    "args",
    [
        ["visit", "add", "qs-c2", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看"],
        [
            "rectify",
            "add",
            "qs-c2",
            "--problem",
            "三会一课不规范",
            "--measures",
            "制定计划",
            "--deadline",
            "2025-06-30",
        ],
        ["rectify", "filed", "qs-c2", "--on", "2025-05-10"],
        ["rectify", "suggest", "qs-c2"],
        ["visit", "list", "--org", "qs-c2"],
        ["rectify", "list", "--org", "qs-c2"],
    ],
)
def test_every_command_taking_an_organization_names_the_closest(qs, args):
    got = fails(["-w", qs, *args])
    assert got.stderr.strip() == "错误：组织 qs-c2 不在组织名单中；您是不是要找 qs-c02？"
    en = fails(["-w", qs, "--lang", "en", *args]).stderr
    assert en.strip() == "Error: organization qs-c2 is not in the roster; did you mean qs-c02?"


# --- 8. a visit file imported again after adding rows says what to do -----------------------------

VISIT_HEAD = "组织编号,走访日期,走访人,走访形式\n"
VISITS = "qs-c01,2025-03-05,组织委员 罗秀英,实地查看\nqs-c02,2025-03-06,罗秀英,个别谈话\n"
HINT_ZH = "这些走访已有记录：请只导入新增的行，或以文件替换本年度的全部走访记录：dingji visit import {file} --replace"
HINT_EN = (
    "These visits are recorded already: import only the new rows, or replace the year's visits by the "
    "file with: dingji visit import {file} --replace"
)


def test_importing_the_visit_file_again_with_new_rows_says_to_import_only_those_or_replace(qs):
    path = write(qs / "走访.csv", VISIT_HEAD + VISITS)
    ok(["-w", qs, "visit", "import", path])
    write(path, VISIT_HEAD + VISITS + "qs-c03,2025-03-07,罗秀英,入户走访\n")  # a row added
    got = fails(["-w", qs, "visit", "import", path]).stderr.splitlines()
    assert got[0] == "发现 2 个问题，未写入任何内容：" and "走访的记录已存在（走访记录 1）" in got[1]
    assert got[-1] == HINT_ZH.format(file=path)
    en = fails(["-w", qs, "--lang", "en", "visit", "import", path]).stderr.splitlines()
    assert en[-1] == HINT_EN.format(file=path)
    named = fails(["-w", qs, "visit", "import", path, "--year", "2025"]).stderr.splitlines()
    assert named[-1].endswith(f"dingji visit import {path} --year 2025 --replace")
    # the way out it names works: the year's visits are the file's three
    ok(["-w", qs, "visit", "import", path, "--replace"])
    assert ok(["-w", qs, "visit", "list"]).stderr.startswith("2025 年名单中的 3 个组织都已走访")


def test_no_such_hint_when_a_row_is_wrong_as_well(qs):
    path = write(qs / "走访.csv", VISIT_HEAD + VISITS)
    ok(["-w", qs, "visit", "import", path])
    write(path, VISIT_HEAD + VISITS + "qs-c03,不是日期,罗秀英,入户走访\n")
    got = fails(["-w", qs, "visit", "import", path]).stderr
    assert "发现 3 个问题" in got and "--replace" not in got


# --- 9. headers that name what the column holds; the roster as the rest shows it, in three formats --


def header(text: str, line: int = 0) -> list[str]:
    return text.splitlines()[line].split()


def test_standards_and_trackers_are_not_headed_organization_name(qs):
    assert header(ok(["-w", qs, "standards", "list"]).stdout) == ["标识", "标准名称", "领域", "版本", "来源"]
    shown = ok(["-w", qs, "standards", "show", "village"]).stdout
    tables = [
        line.split()
        for i, line in enumerate(shown.splitlines()[1:], 1)
        if shown.splitlines()[i + 1 : i + 2] and shown.splitlines()[i + 1].startswith("──")
    ]
    assert tables == [
        ["类别", "标识", "指标", "分值", "计分方法", "计分细则"],
        ["标识", "名称", "类型", "权重"],
        ["等次", "分数线"],
        ["标识", "规则", "条件", "效果"],
    ]
    en = ok(["-w", qs, "--lang", "en", "standards", "show", "village"]).stdout
    assert "ID  Rule  Condition  Effect".split() in [line.split() for line in en.splitlines()]
    assert header(ok(["-w", qs, "track", "list"]).stdout) == ["标识", "活动名称", "记录数", "2025", "指标"]
    assert header(ok(["-w", qs, "--lang", "en", "track", "list"]).stdout) == [
        "ID",
        "Name",
        "Records",
        "2025",
        "Metrics",
    ]


HOSTILE_ROSTER = (
    "org,name,domain,secretary,members\n"
    'cun-01,"=HYPERLINK(""http://x"",""y"")",village,@王,12\n'
    "cun-02,+1村党支部,农村,-李,30\n"
)


def test_roster_list_shows_domain_names_headers_in_one_language_and_formats(tmp_path):
    root = make_workspace(tmp_path / "ws", standard=None, roster=HOSTILE_ROSTER)
    zh = ok(["-w", root, "roster", "list"]).stdout
    assert header(zh) == ["编号", "组织名称", "领域", "书记", "党员数"]
    assert header(zh, 2)[-3:] == ["农村", "@王", "12"]  # 农村, not village
    assert header(ok(["-w", root, "--lang", "en", "roster", "list"]).stdout) == [
        "Org",
        "Name",
        "Domain",
        "Secretary",
        "Members",
    ]
    got = json.loads(ok(["-w", root, "roster", "list", "--format", "json"]).stdout)["organizations"]
    assert got[1] == {
        "org": "cun-02",
        "name": "+1村党支部",
        "domain": "农村",
        "standard": "village",
        "parent": None,
        "secretary": "-李",
        "members": 30,
    }
    csv_out = ok(["-w", root, "roster", "list", "--format", "csv"]).stdout
    assert csv_out.splitlines() == [
        "org,name,domain,standard,parent,secretary,members",
        """cun-01,"'=HYPERLINK(""http://x"",""y"")",农村,village,,'@王,12""",
        "cun-02,'+1村党支部,农村,village,,'-李,30",
    ]
    # the CSV imports again; a guarded text keeps its apostrophe, as Excel shows it (so two names change)
    again = ok(["-w", root, "roster", "import", write(root / "again.csv", csv_out)]).stdout
    assert again.strip() == "已导入组织名单：新增 0 个，更新 2 个，共 2 个"


# --- 15. every CSV on standard output is formula-safe, as the ledger's CSV -------------------------


def test_visit_and_rectify_lists_as_csv_guard_every_formula_like_text(tmp_path):
    root = make_township(tmp_path / "乡")  # names =HYPERLINK(…), +1, -2, @a
    ok(
        [
            "-w",
            root,
            "visit",
            "add",
            "sq-01",
            "--date",
            "2025-03-02",
            "--by",
            "@SUM(A1)",
            "--form",
            "实地查看",
            "--problems",
            "-班子缺1名委员",
        ]
    )
    visits = ok(["-w", root, "visit", "list", "--format", "csv"]).stdout.splitlines()
    assert visits[1].startswith("""1,sq-01,"'=HYPERLINK(""http://x"",""y"")",2025-03-02,'@SUM(A1),实地查看,""")
    assert visits[1].endswith(",'-班子缺1名委员,")
    missing = ok(["-w", root, "visit", "list", "--missing", "--format", "csv"]).stdout.splitlines()
    assert missing[1:] == ["sq-02,'+1,社区,", "sq-03,'-2,社区,", "sq-04,'@a,社区,"]
    ok(
        [
            "-w",
            root,
            "rectify",
            "add",
            "sq-02",
            "--problem",
            "+1 群访",
            "--measures",
            "=1+1",
            "--owner",
            "@王",
            "--deadline",
            "2025-06-30",
        ]
    )
    tasks = ok(["-w", root, "rectify", "list", "--format", "csv", "--as-of", "2025-07-01"]).stdout.splitlines()
    assert tasks[1].startswith("1,sq-02,'+1,较差,'+1 群访,'=1+1,'@王,,2025-06-30,")
    assert ",1,逾期 1 天," in tasks[1]  # numbers stay numbers
    filing = ok(["-w", root, "rectify", "list", "--filing", "--format", "csv"]).stdout.splitlines()
    assert filing[1] == "sq-02,'+1,社区,较差,1,,"  # not filed: no day, no 文号 (the column of 65b1050)


def test_evaluate_as_csv_guards_names_not_numbers(tmp_path):
    root = make_township(tmp_path / "乡", previous=None)
    got = ok(["-w", root, "evaluate", "mini", root / "scores.csv", "--format", "csv", "--dry-run"]).stdout
    assert got.splitlines()[2] == "sq-02,'+1,社区,mini,1.0,90,100,0,0,96.0,较差,petition,0,"


# --- 17. English: a count meets its unit in the number it is ----------------------------------------


def test_english_says_1_day_and_1_organization(tmp_path):
    root = make_township(tmp_path / "乡", previous=None)
    en = ["-w", root, "--lang", "en"]
    ok(
        [
            *en,
            "rectify",
            "add",
            "sq-03",
            "--problem",
            "三会一课不规范",
            "--measures",
            "制定计划",
            "--owner",
            "张明华",
            "--deadline",
            "2025-06-30",
        ]
    )
    listed = ok([*en, "rectify", "list", "--as-of", "2025-07-01"])
    assert listed.stdout.splitlines()[2].endswith("not started  1 day")
    assert listed.stderr.strip().startswith("2025: 1 task: not started 1")
    assert ok([*en, "rectify", "start", "1", "--on", "2025-05-02"]).stdout.startswith("task 1 marked in progress")
    added = ok(
        [
            *en,
            "visit",
            "import",
            write(root / "v.csv", "组织编号,走访日期,走访人,走访形式\nsq-01,2025-03-05,罗秀英,实地查看\n"),
        ]
    ).stdout
    assert added.strip() == "imported 1 visit of 2025 (1 organization, import 1)"
    tally = ok([*en, "visit", "list"]).stderr.strip()
    assert tally == "2025: 1 of 4 organizations visited (1 visit); 3 not visited (dingji visit list --missing)"
    bad = fails([*en, "visit", "add", "sq-01", "--date", "2025-03-05", "--by", "罗秀英", "--form", "实地查看"]).stderr
    assert bad.startswith("1 problem found; nothing was written:")


def test_english_phase_with_one_day_left(tmp_path):
    root = make_township(tmp_path / "乡", previous=None)
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write('\n[phases]\n"调查摸底、分类定级" = [2025-02-01, 2025-04-30]\n')
    got = ok(["-w", root, "--lang", "en", "status", "--as-of", "2025-04-29"]).stdout
    assert "(1 day left)" in got and "4 organizations, 4 graded, 0 visited, 0 rectification tasks" in got


# --- the demo township, made as of a day (20), for the status (14) and the overdue tasks ----------

AS_OF = "2026-07-01"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    got = run(["demo", "岩樟乡", "--as-of", AS_OF], cwd=base)
    assert got.returncode == 0 and "今天" not in got.stderr, got.stderr  # the day was given
    assert f"  dingji status --as-of {AS_OF} " in got.stdout and f"list --overdue --as-of {AS_OF} " in got.stdout
    return base / "岩樟乡"


# --- 14. status: a list cut says how many more; domains in the standards' order ---------------------


def test_status_cuts_the_overdue_tasks_with_how_many_more_and_keeps_the_standards_order(demo):
    text = ok(["-w", demo, "status", "--as-of", AS_OF]).stdout
    overdue = next(line for line in text.splitlines() if "逾期未完成的整改任务" in line)
    # the demo's 4 overdue tasks (its standards as of issue 10): three named, the rest counted
    assert overdue.startswith("  - 逾期未完成的整改任务：4 项：cun-03 ")
    assert overdue.count("（2026-06-30）") == 3 and overdue.endswith("……另有 1 项（dingji rectify list --overdue）")
    assert "未走访的组织：3 个（岩樟电站党支部、乡林业站党支部、乡派出所党支部）" in text  # 企业, 机关事业单位, 窗口
    checks = [line.split("：")[0].strip("⚠ ") for line in text.splitlines() if line.startswith("  ⚠")]
    assert checks == [
        "农村",
        "国有企业",
        "国有企业",
        "非公有制企业",
        "机关事业单位",
        "机关事业单位",
        "窗口单位和服务行业",
        "窗口单位和服务行业",
        "合计",
        "合计",
    ]  # the standards' order, not by id
    assert f"定级轮次：农村 第 1 轮（初定，{AS_OF} 已公示）；国有企业" in text  # the notice of the demo's day
    near = next(line for line in text.splitlines() if line.startswith("距分数线"))
    assert (
        near.index("岩樟村党支部")
        < near.index("新田村党支部")
        < near.index("乡政府机关党支部")
        < near.index("乡社保服务站党支部")
    )
    en = ok(["-w", demo, "--lang", "en", "status", "--as-of", AS_OF]).stdout
    assert "(2026-06-30) … and 1 more (dingji rectify list --overdue)" in en
    assert "plans to be filed: 石门村党支部 (cun-02) (dingji rectify filed)" in en


SEVEN = (
    "org,name,domain\n"
    + "".join(f"qy-0{i},企业{i}党支部,非公有制企业\n" for i in (1, 2, 3))
    + "".join(f"cun-0{i},{i}村党支部,农村\n" for i in (1, 2, 3, 4))
)


def test_status_names_five_and_says_how_many_more_villages_first(tmp_path):
    root = make_workspace(tmp_path / "ws", standard=None, roster=SEVEN)
    text = ok(["-w", root, "status", "--as-of", "2025-03-01"]).stdout
    assert "未走访的组织：7 个（1村党支部、2村党支部、3村党支部、4村党支部、企业1党支部……另有 2 个）" in text
    assert "未定级的领域：农村（4 个组织）、非公有制企业（3 个组织）" in text
    assert "没有定级结果的组织：7 个（1村党支部、2村党支部、3村党支部、4村党支部、企业1党支部……另有 2 个）" in text
    en = ok(["-w", root, "--lang", "en", "status", "--as-of", "2025-03-01"]).stdout
    assert "organizations not visited: 7 (1村党支部, 2村党支部, 3村党支部, 4村党支部, 企业1党支部 … and 2 more)" in en
    assert "domains not evaluated: 农村 (4 organizations), 非公有制企业 (3 organizations)" in en
    got = json.loads(ok(["-w", root, "status", "--as-of", "2025-03-01", "--format", "json"]).stdout)
    assert [o["org"] for o in got["outstanding"]["not_visited"]] == [
        "cun-01",
        "cun-02",
        "cun-03",
        "cun-04",
        "qy-01",
        "qy-02",
        "qy-03",
    ]  # all of them in JSON


# --- 16. a day taken for want of --on is said ------------------------------------------------------


def test_rectify_done_start_and_filed_without_on_say_the_day_they_recorded(qs):
    today = dt.date.today().isoformat()
    ok(
        [
            "-w",
            qs,
            "rectify",
            "add",
            "qs-c02",
            "--problem",
            "群访",
            "--measures",
            "整改",
            "--owner",
            "李秀英",
            "--deadline",
            "2999-12-31",
        ]
    )
    started = ok(["-w", qs, "rectify", "start", "1"])
    assert started.stdout.strip() == f"已将任务 1 标为进行中（{today}）"
    assert started.stderr.strip() == f"已记录开始日期 {today}（未用 --on 指定，取今天）"
    done = ok(["-w", qs, "--lang", "en", "rectify", "done", "1"])
    assert done.stderr.strip() == f"recorded {today} as the day done (no --on given: today)"
    assert (
        ok(["-w", qs, "rectify", "done", "1", "--accept"]).stderr.strip()
        == f"已记录验收销号日期 {today}（未用 --on 指定，取今天）"
    )
    assert (
        ok(["-w", qs, "rectify", "filed", "qs-c02"]).stderr.strip()
        == f"已记录备案日期 {today}（未用 --on 指定，取今天）"
    )
    assert (
        ok(["-w", qs, "rectify", "filed", "qs-c02", "--on", "2025-05-10"]).stderr == ""
    )  # the day given: nothing more
    task = json.loads(ok(["-w", qs, "rectify", "list", "--format", "json", "--as-of", "2025-12-31"]).stdout)["tasks"][0]
    assert (task["start"], task["done_on"], task["closed_on"]) == (today, today, today)


# --- 20. every "today" is an option, and taken by default it is said --------------------------------


def test_a_default_today_is_said_where_a_command_takes_one(qs, tmp_path):
    today = dt.date.today().isoformat()
    got = ok(["-w", qs, "ledger", "export", "-o", tmp_path / "l.xlsx"]).stderr.splitlines()
    assert got == [
        f"公示起始日期：未用 --from 指定，取今天 {today}",
        f"整改任务逾期计算日期：未用 --as-of 指定，取今天 {today}",
    ]
    quiet = ok(
        ["-w", qs, "ledger", "export", "-o", tmp_path / "l.xlsx", "--from", "2025-12-01", "--as-of", "2025-12-01"]
    )
    assert quiet.stderr == ""
    notice = ok(["-w", qs, "--lang", "en", "notice", "-o", tmp_path / "n.html"]).stderr
    assert notice.strip() == f"first day of the notice: --from not given, so today, {today}"
    listed = ok(["-w", qs, "rectify", "list", "--format", "csv"]).stderr
    assert listed.strip() == f"整改任务逾期计算日期：未用 --as-of 指定，取今天 {today}"
    assert ok(["-w", qs, "rectify", "list", "--format", "csv", "--as-of", "2025-12-01"]).stderr == ""


def test_demo_without_as_of_says_it_took_today(tmp_path):
    got = run(["--lang", "en", "demo", "d"], cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    today = dt.date.today().isoformat()
    assert got.stderr.strip() == f"the demo's notice and overdue tasks as of: --as-of not given, so today, {today}"
    assert "  dingji status  " in got.stdout and "--as-of" not in got.stdout
    assert "roster: " in got.stdout and "(38 organizations)" in got.stdout


def test_english_list_headers_are_written_alike(qs):
    en = ["-w", qs, "--lang", "en"]
    ok(
        [
            *en,
            "rectify",
            "add",
            "qs-c02",
            "--problem",
            "群访",
            "--measures",
            "整改",
            "--owner",
            "李秀英",
            "--deadline",
            "2025-06-30",
        ]
    )
    ok([*en, "visit", "add", "qs-c01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看"])
    assert header(ok([*en, "rectify", "list", "--as-of", "2025-07-01"]).stdout) == [
        "Task",
        "Org",
        "Name",
        "Grade",
        "Problem",
        "Owner",
        "Deadline",
        "Status",
        "Overdue",
        "Filing",
    ]
    assert header(ok([*en, "rectify", "list", "--filing"]).stdout) == [
        "Org",
        "Name",
        "Domain",
        "Grade",
        "Tasks",
        "Filed",
        "on",
    ]
    assert header(ok([*en, "visit", "list"]).stdout) == [
        "No.",
        "Org",
        "Name",
        "Date",
        "Visitors",
        "Form",
        "Findings",
        "Problems",
    ]
    assert header(ok([*en, "visit", "list", "--missing"]).stdout) == ["Org", "Name", "Domain", "Secretary"]
