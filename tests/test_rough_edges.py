"""Issue "What a township officer meets first": the rough edges of a first session with the
demo township, each met as a user meets it, in Chinese and in English.

Real workspaces (cli_support, ledger_support), the real command; each test failed before
its fix.  ``QS`` is cli_support's township with ids a typo is easily made of: qs-c01 …
qs-c03 graded as cli_support's SCORES grade sq-01 … sq-03 (93.0 好, 较差 by veto, 67.0 一般).
"""

from __future__ import annotations

import json

import pytest

from cli_support import isolated_cwd  # noqa: F401 - autouse: each test in its own folder
from cli_support import ROSTER, SCORES, fails, make_workspace, ok, write
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


@pytest.mark.parametrize("args", [
    ["visit", "add", "qs-c2", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看"],
    ["rectify", "add", "qs-c2", "--problem", "三会一课不规范", "--measures", "制定计划", "--deadline", "2025-06-30"],
    ["rectify", "filed", "qs-c2", "--on", "2025-05-10"],
    ["rectify", "suggest", "qs-c2"],
    ["visit", "list", "--org", "qs-c2"],
    ["rectify", "list", "--org", "qs-c2"],
])
def test_every_command_taking_an_organization_names_the_closest(qs, args):
    got = fails(["-w", qs, *args])
    assert got.stderr.strip() == "错误：组织 qs-c2 不在组织名单中；您是不是要找 qs-c02？"
    en = fails(["-w", qs, "--lang", "en", *args]).stderr
    assert en.strip() == "Error: organization qs-c2 is not in the roster; did you mean qs-c02?"


# --- 8. a visit file imported again after adding rows says what to do -----------------------------

VISIT_HEAD = "组织编号,走访日期,走访人,走访形式\n"
VISITS = "qs-c01,2025-03-05,组织委员 罗秀英,实地查看\nqs-c02,2025-03-06,罗秀英,个别谈话\n"
HINT_ZH = "这些走访已有记录：请只导入新增的行，或以文件替换本年度的全部走访记录：dingji visit import {file} --replace"
HINT_EN = ("These visits are recorded already: import only the new rows, or replace the year's visits by the "
           "file with: dingji visit import {file} --replace")


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
    tables = [line.split() for i, line in enumerate(shown.splitlines()[1:], 1)
              if shown.splitlines()[i + 1:i + 2] and shown.splitlines()[i + 1].startswith("──")]
    assert tables == [["类别", "标识", "指标", "分值", "计分方法", "计分细则"], ["标识", "名称", "类型", "权重"],
                      ["等次", "分数线"], ["标识", "规则", "条件", "效果"]]
    en = ok(["-w", qs, "--lang", "en", "standards", "show", "village"]).stdout
    assert "ID  Rule  Condition  Effect".split() in [line.split() for line in en.splitlines()]
    assert header(ok(["-w", qs, "track", "list"]).stdout) == ["标识", "活动名称", "记录数", "2025", "指标"]
    assert header(ok(["-w", qs, "--lang", "en", "track", "list"]).stdout) == ["ID", "Name", "Records", "2025", "Metrics"]


HOSTILE_ROSTER = ("org,name,domain,secretary,members\n"
                  'cun-01,"=HYPERLINK(""http://x"",""y"")",village,@王,12\n'
                  "cun-02,+1村党支部,农村,-李,30\n")


def test_roster_list_shows_domain_names_headers_in_one_language_and_formats(tmp_path):
    root = make_workspace(tmp_path / "ws", standard=None, roster=HOSTILE_ROSTER)
    zh = ok(["-w", root, "roster", "list"]).stdout
    assert header(zh) == ["编号", "组织名称", "领域", "书记", "党员数"]
    assert header(zh, 2)[-3:] == ["农村", "@王", "12"]  # 农村, not village
    assert header(ok(["-w", root, "--lang", "en", "roster", "list"]).stdout) == \
        ["Org", "Name", "Domain", "Secretary", "Members"]
    got = json.loads(ok(["-w", root, "roster", "list", "--format", "json"]).stdout)["organizations"]
    assert got[1] == {"org": "cun-02", "name": "+1村党支部", "domain": "农村", "standard": "village", "parent": None,
                      "secretary": "-李", "members": 30}
    csv_out = ok(["-w", root, "roster", "list", "--format", "csv"]).stdout
    assert csv_out.splitlines() == ["org,name,domain,standard,parent,secretary,members",
                                    """cun-01,"'=HYPERLINK(""http://x"",""y"")",农村,village,,'@王,12""",
                                    "cun-02,'+1村党支部,农村,village,,'-李,30"]
    # the CSV imports again; a guarded text keeps its apostrophe, as Excel shows it (so two names change)
    again = ok(["-w", root, "roster", "import", write(root / "again.csv", csv_out)]).stdout
    assert again.strip() == "已导入组织名单：新增 0 个，更新 2 个，共 2 个"


# --- 15. every CSV on standard output is formula-safe, as the ledger's CSV -------------------------

def test_visit_and_rectify_lists_as_csv_guard_every_formula_like_text(tmp_path):
    root = make_township(tmp_path / "乡")  # names =HYPERLINK(…), +1, -2, @a
    ok(["-w", root, "visit", "add", "sq-01", "--date", "2025-03-02", "--by", "@SUM(A1)", "--form", "实地查看",
        "--problems", "-班子缺1名委员"])
    visits = ok(["-w", root, "visit", "list", "--format", "csv"]).stdout.splitlines()
    assert visits[1].startswith("""1,sq-01,"'=HYPERLINK(""http://x"",""y"")",2025-03-02,'@SUM(A1),实地查看,""")
    assert visits[1].endswith(",'-班子缺1名委员,")
    missing = ok(["-w", root, "visit", "list", "--missing", "--format", "csv"]).stdout.splitlines()
    assert missing[1:] == ["sq-02,'+1,社区,", "sq-03,'-2,社区,", "sq-04,'@a,社区,"]
    ok(["-w", root, "rectify", "add", "sq-02", "--problem", "+1 群访", "--measures", "=1+1", "--owner", "@王",
        "--deadline", "2025-06-30"])
    tasks = ok(["-w", root, "rectify", "list", "--format", "csv", "--as-of", "2025-07-01"]).stdout.splitlines()
    assert tasks[1].startswith("1,sq-02,'+1,较差,'+1 群访,'=1+1,'@王,,2025-06-30,")
    assert ",1,逾期 1 天," in tasks[1]  # numbers stay numbers
    filing = ok(["-w", root, "rectify", "list", "--filing", "--format", "csv"]).stdout.splitlines()
    assert filing[1] == "sq-02,'+1,社区,较差,1,"


def test_evaluate_as_csv_guards_names_not_numbers(tmp_path):
    root = make_township(tmp_path / "乡", previous=None)
    got = ok(["-w", root, "evaluate", "mini", root / "scores.csv", "--format", "csv", "--dry-run"]).stdout
    assert got.splitlines()[2] == "sq-02,'+1,社区,mini,1.0,90,100,0,0,96.0,较差,petition,0,"


# --- 17. English: a count meets its unit in the number it is ----------------------------------------

def test_english_says_1_day_and_1_organization(tmp_path):
    root = make_township(tmp_path / "乡", previous=None)
    en = ["-w", root, "--lang", "en"]
    ok([*en, "rectify", "add", "sq-03", "--problem", "三会一课不规范", "--measures", "制定计划", "--owner", "张明华",
        "--deadline", "2025-06-30"])
    listed = ok([*en, "rectify", "list", "--as-of", "2025-07-01"])
    assert listed.stdout.splitlines()[2].endswith("not started  1 day")
    assert listed.stderr.strip().startswith("2025: 1 task: not started 1")
    assert ok([*en, "rectify", "start", "1", "--on", "2025-05-02"]).stdout.startswith("task 1 marked in progress")
    added = ok([*en, "visit", "import", write(root / "v.csv", "组织编号,走访日期,走访人,走访形式\n"
                                                              "sq-01,2025-03-05,罗秀英,实地查看\n")]).stdout
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
