"""The plan's third and fourth phases: 先进典型 and 表彰 (``dingji exemplar``, the ledger's 学习先进
sheet and its part of the 汇总), and 巩固成果 in ``dingji status`` (what stays open, the year's
rounds, what carries into next year).

ledger_support's township, graded in 2025 (arithmetic in that module): sq-01 好 93.0, sq-02 较差
(petition; 96.0 by score), sq-03 一般 67.0, sq-04 好 96.4; counts 好 2 较好 0 一般 1 较差 1.  The plan's
phases of 2025 as in test_after_grading (学习先进 from 09-01, 巩固成果 from 11-01).

复评 (round 2, after the notice): sq-03 graded again with self work 35, meetings 0 → 35 + 60 = 95;
superior work 30, meetings 1 → 30 + 58 = 88; 0.4×95 + 0.6×88 = 38 + 52.8 = 90.8 → 好 (一般 → 好: 升);
the other three as before → 好 3 较好 0 一般 0 较差 1; against 初定: up 1, same 3, down 0.
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
from ledger_support import SCORES_2025, sheets

PLAN = """
[phases]
"调查摸底、分类定级" = [2025-02-01, 2025-04-30]
"整改提高、晋位升级" = [2025-05-01, 2025-08-31]
"学习先进、创先争优" = [2025-09-01, 2025-10-31]
"巩固成果、常态设计" = [2025-11-01, 2025-12-31]
"""
ORG_EXEMPLAR = [
    "sq-01",
    "--title",
    "先进基层党组织",
    "--reason",
    "三会一课规范，群众满意",
    "--level",
    "县级",
    "--date",
    "2025-07-01",
    "--by",
    "中共某县委",
]


@pytest.fixture
def township(tmp_path, copy_township):
    root = copy_township(tmp_path / "乡")
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write(PLAN)
    return root


def test_exemplars_are_added_checked_imported_listed_and_removed(township, tmp_path):
    W = ["--workspace", township]
    out = ok([*W, "exemplar", "add", *ORG_EXEMPLAR]).stdout
    assert out.strip() == "已记录先进典型（典型编号 1）：sq-01 （党组织） 先进基层党组织"
    ok([*W, "exemplar", "add", "sq-04", "--member", "王建国", "--title", "优秀共产党员", "--reason", "带头服务群众"])
    err = fails([*W, "exemplar", "add", *ORG_EXEMPLAR]).stderr
    assert "键 --title: sq-01 的称号“先进基层党组织”已有记录（先进典型 " in err
    err = fails(
        [*W, "exemplar", "add", "sq-02", "--title", "x", "--reason", "y", "--level", "省委", "--date", "2025-13-01"]
    )
    assert "发现 2 个问题" in err.stderr and "键 --level: 表彰级别：'省委' 不是可选值" in err.stderr
    assert "键 --date: 表彰日期：'2025-13-01' 不是有效日期" in err.stderr
    assert "sq-09" in fails([*W, "exemplar", "add", "sq-09", "--title", "x", "--reason", "y"]).stderr
    # the template, filled: a row repeating a stored exemplar stops the whole file
    ok([*W, "exemplar", "template", "--format", "csv", "-o", tmp_path / "t.csv"])
    head = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert head == "组织编号,组织名称,党员姓名,称号,先进事迹,表彰级别,表彰日期,表彰单位,备注"
    rows = [
        head,
        "sq-03,,李秀英,优秀党务工作者,台账规范完整,乡镇级,2025-07-01,中共某乡委员会,",
        "sq-01,,,先进基层党组织,again,,,,",
    ]
    err = fails([*W, "exemplar", "import", write(tmp_path / "e.csv", "\n".join(rows) + "\n")]).stderr
    assert "e.csv，列 称号，第 3 行: sq-01 的称号“先进基层党组织”已有记录" in err
    out = ok([*W, "exemplar", "import", write(tmp_path / "e.csv", "\n".join(rows[:2]) + "\n")]).stdout
    assert "已导入 2025 年先进典型 1 个（1 个组织" in out
    listed = ok([*W, "exemplar", "list"])
    assert "2025 年先进典型 3 个：党组织 1 个，党员 2 名；已表彰 2 个" in listed.stderr
    doc = json.loads(ok([*W, "exemplar", "list", "--format", "json"]).stdout)
    assert [(x["org"], x["member"], x["title"], x["level"]) for x in doc["exemplars"]] == [
        ("sq-01", None, "先进基层党组织", "县级"),
        ("sq-04", "王建国", "优秀共产党员", None),
        ("sq-03", "李秀英", "优秀党务工作者", "乡镇级"),
    ]
    assert "(the organization)" in ok([*W, "exemplar", "list", "--lang", "en"]).stdout
    assert [x["id"] for x in doc["exemplars"]] == [1, 2, 3]  # numbered in the year, as added
    assert "已删除先进典型（典型编号 2）：sq-04 王建国 优秀共产党员" in ok([*W, "exemplar", "remove", 2]).stdout
    assert "没有典型编号为 2 的先进典型" in fails([*W, "exemplar", "remove", 2]).stderr
    out = ok([*W, "exemplar", "add", "sq-04", "--member", "王建国", "--title", "优秀共产党员", "--reason", "又一年"])
    assert "典型编号 4" in out.stdout  # a removed number is not given again
    ok([*W, "exemplar", "remove", 4])
    assert [x["member"] for x in json.loads(ok([*W, "exemplar", "list", "--format", "json"]).stdout)["exemplars"]] == [
        None,
        "李秀英",
    ]


def test_the_ledger_lists_the_exemplars_beside_their_grade_and_the_summary_counts_them(township, tmp_path):
    W = ["--workspace", township]
    ok([*W, "exemplar", "add", *ORG_EXEMPLAR])
    ok([*W, "exemplar", "add", "sq-03", "--member", "李秀英", "--title", "优秀党务工作者", "--reason", "台账规范"])
    ok([*W, "ledger", "export", "-o", tmp_path / "l.xlsx", "--as-of", "2025-11-15"])
    book = sheets(tmp_path / "l.xlsx")
    rows = [[c for c in r if c != ""] for r in book["学习先进"]]
    assert rows[1] == ["学习先进：先进典型 2 个（党组织 1 个，党员 1 名），已表彰 1 个"]
    assert rows[2] == ["表彰级别：县级 1"]
    at = rows.index(
        [
            "序号",
            "编号",
            "党组织名称",
            "领域",
            "本年等次",
            "先进典型",
            "称号",
            "先进事迹",
            "表彰级别",
            "表彰日期",
            "表彰单位",
            "备注",
        ]
    )
    assert rows[at + 1] == [1.0, "sq-01", '=HYPERLINK("http://x","y")', "社区", "好", "（党组织）", "先进基层党组织", "三会一课规范，群众满意", "县级", "2025-07-01", "中共某县委"]  # fmt: skip
    assert rows[at + 2] == [2.0, "sq-03", "-2", "社区", "一般", "李秀英", "优秀党务工作者", "台账规范"]
    summary = [[c for c in r if c != ""] for r in book["汇总"]]
    at = next(
        i
        for i, r in enumerate(summary)
        if r and str(r[0]).endswith("学习先进：先进典型 2 个（党组织 1 个，党员 1 名），已表彰 1 个")
    )
    assert summary[at + 1] == ["组织名称", "称号", "编号", "先进典型", "表彰级别", "先进事迹"]
    assert summary[at + 3] == ["-2", "优秀党务工作者", "sq-03", "李秀英", "台账规范"]
    ok([*W, "ledger", "export", "-o", tmp_path / "l.json"])
    doc = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    assert [(x["org"], x["grade"], x["member"]) for x in doc["exemplars"]] == [
        ("sq-01", "好", None),
        ("sq-03", "一般", "李秀英"),
    ]
    assert {
        k: doc["summary"]["exemplars"][k] for k in ("count", "organizations", "members", "commended", "levels")
    } == {
        "count": 2,
        "organizations": 1,
        "members": 1,
        "commended": 1,
        "levels": {"县级": 1},
    }


def test_status_in_the_last_phase_shows_what_stays_open_and_the_years_rounds(township, tmp_path):
    W = ["--workspace", township]
    text = ok([*W, "status", "--as-of", "2025-09-15"]).stdout
    assert "学习先进：尚未记录先进典型（dingji exemplar add）" in text and "巩固成果：" not in text
    ok([*W, "exemplar", "add", *ORG_EXEMPLAR])
    for org, deadline in (("sq-03", "2025-06-30"), ("sq-02", "2025-12-31"), ("sq-02", "2025-09-30")):
        task = [org, "--problem", f"问题{deadline}", "--measures", "措施", "--owner", "张", "--deadline", deadline]
        ok([*W, "rectify", "add", *task])
    ok([*W, "rectify", "done", "2", "--on", "2025-10-20"])  # done, not yet accepted
    ok([*W, "rectify", "done", "3", "--on", "2025-09-20", "--accept"])  # closed (销号)
    ok([*W, "visit", "add", "sq-01", "--date", "2025-03-01", "--by", "王", "--form", "实地查看"])
    # 复评: the notice publishes 初定, the next round grades sq-03 again
    ok([*W, "notice", "--from", "2025-05-02", "-o", tmp_path / "公示.html"])
    ok([*W, "round", "start", "mini"])
    better = SCORES_2025.replace(
        "sq-03,self,work,20\nsq-03,self,meetings,5", "sq-03,self,work,35\nsq-03,self,meetings,0"
    )
    better = better.replace(
        "sq-03,superior,work,25\nsq-03,superior,meetings,10", "sq-03,superior,work,30\nsq-03,superior,meetings,1"
    )
    assert better.count("sq-03") == 4 and better != SCORES_2025
    ok([*W, "evaluate", "mini", write(tmp_path / "复评.csv", better)])
    text = ok([*W, "status", "--as-of", "2025-11-15"]).stdout.splitlines()
    at = text.index("巩固成果：")
    assert text[at - 2 : at] == [
        "学习先进：先进典型 1 个（党组织 1 个，党员 0 名），已表彰 1 个（dingji exemplar list）",
        "",
    ]
    assert text[at + 1 :] == [
        "  仍未结束：",
        "    - 整改任务未验收销号 2 项（未启动 1，已完成 1），涉及 2 个组织，其中逾期 1 项（dingji rectify list）",
        "    - 未走访的组织 3 个（dingji visit list --missing）",
        "  本年定级：",
        "    - 社区：初定 好 2 较好 0 一般 1 较差 1 → 复评 好 3 较好 0 一般 0 较差 1；较初定：升 1，平 3，降 0",
        "  转入 2026 年：未销号的整改任务 2 项；2026 年的晋位升级与本年最后一轮的等次比较",
    ]
    en = ok([*W, "status", "--as-of", "2025-11-15", "--lang", "en"]).stdout
    assert "    - 社区: first grading 好 2 较好 0 一般 1 较差 1 → re-grading 好 3 较好 0 一般 0 较差 1; against the first grading: up 1, same 3, down 0" in en  # fmt: skip
    assert "  Into 2026: 2 open tasks; 2026's moves compare with this year's latest round" in en
    assert "巩固成果：" in ok([*W, "status", "--as-of", "2026-01-05"]).stdout  # every phase over: still shown
    doc = json.loads(ok([*W, "status", "--as-of", "2025-11-15", "--format", "json"]).stdout)
    c = doc["consolidation"]
    assert c["open"] == {
        "tasks": 2,
        "statuses": {"todo": 1, "doing": 0, "done": 1},
        "overdue": 1,
        "organizations": 2,
        "not_visited": 3,
    }
    assert c["rounds"] == [
        {
            "domain": "mini",
            "name": "社区",
            "rounds": [
                {"round": 1, "name": "初定", "counts": {"好": 2, "较好": 0, "一般": 1, "较差": 1}},
                {"round": 2, "name": "复评", "counts": {"好": 3, "较好": 0, "一般": 0, "较差": 1}},
            ],
            "moves": {"up": 1, "same": 3, "down": 0},
        }
    ]
    assert c["next_year"] == {"year": 2026, "tasks": 2} and doc["exemplars"]["count"] == 1
