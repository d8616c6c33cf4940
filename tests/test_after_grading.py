"""晋位升级, the distribution checks, ``explain`` beside last year, ``dingji status``, the plan's
settings in dingji.toml, and the store's migration to schema 3.

ledger_support's township (its arithmetic is in that module): 2024 → 2025
  sq-01 较好 84.4 → 好 93.0 升;  sq-02 好 100.0 → 较差 96.0 降 (petition);  sq-03 一般 67.0 → 一般 67.0 平;
  sq-04 not graded in 2024.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from cli_support import (
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    run,
    snapshot,
    write,
)
from ledger_support import make_township, sheets

PLAN = """
[phases]
"调查摸底、分类定级" = [2025-02-01, 2025-04-30]
"整改提高、晋位升级" = ["2025-05-01", "2025-08-31"]
"学习先进、创先争优" = [2025-09-01, 2025-10-31]
"巩固成果、常态设计" = [2025-11-01, 2025-12-31]

[distribution]
max = { "好" = 0.20 }
min = { "较差" = "10%" }
"""


@pytest.fixture(scope="module")
def township(tmp_path_factory, copy_township):
    root = copy_township(tmp_path_factory.mktemp("after") / "乡")
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write(PLAN)
    return root


def test_the_summary_has_the_moves_the_matrix_the_movers_and_the_checks(township, tmp_path):
    ok(["--workspace", township, "ledger", "export", "-o", tmp_path / "l.xlsx", "--as-of", "2025-07-01"])
    rows = [[c for c in r if c != ""] for r in sheets(tmp_path / "l.xlsx")["汇总"]]
    at = rows.index(["三、晋位升级（与 2024 年比较）"])
    assert rows[at + 1] == ["领域", "上年参评", "升", "平", "降", "上年未定级", "升级率"]
    assert rows[at + 2] == ["社区", 3.0, 1.0, 1.0, 1.0, 1.0, pytest.approx(1 / 3)]
    at = rows.index(["四、等次变化（行：2024 年等级；列：2025 年等级）"])
    assert rows[at + 1] == ["范围", "上年等级", "好", "较好", "一般", "较差", "合计"]
    assert rows[at + 2 : at + 6] == [
        ["合计", "好", 0.0, 0.0, 0.0, 1.0, 1.0],
        ["合计", "较好", 1.0, 0.0, 0.0, 0.0, 1.0],
        ["合计", "一般", 0.0, 0.0, 1.0, 0.0, 1.0],
        ["合计", "上年未定级", 1.0, 0.0, 0.0, 0.0, 1.0],
    ]
    at = rows.index(["五、升降名单（升 1 个，降 1 个）"])
    assert rows[at + 2][1:] == ["社区", "sq-01", "较好", "好", "升", 93.0]
    assert rows[at + 3] == ["+1", "社区", "sq-02", "好", "较差", "降", 96.0]
    at = rows.index(["六、分布核查（原则性要求，仅作提示，不改变等次）"])
    # 好 2 of 4 = 50% > 20%; 较差 1 of 4 = 25% ≥ 10%
    assert rows[at + 2] == ["社区", "好", "不超过 20%", 2.0, 0.5, "超出"]
    assert rows[at + 3] == ["社区", "较差", "不少于 10%", 1.0, 0.25, "符合"]
    assert rows[at + 4][:2] == ["合计", "好"]
    main = sheets(tmp_path / "l.xlsx")["分类定级台账"]
    assert [r[-3:-1] for r in main[2:]] == [["较好", "升"], ["好", "降"], ["一般", "平"], ["", ""]]
    assert [r[-1] for r in main[2:]] == ["", "", "", ""]  # one round this year: no move between rounds


def test_explain_shows_last_year_beside_this_year(township):
    text = ok(["--workspace", township, "explain", "sq-01"]).stdout
    at = text.index("与上年比较（2024 年 → 2025 年）：")
    table = [re.split(r"\s{2,}", line.strip()) for line in text[at:].splitlines()[1:]]
    # 2024: self 35 + 56 = 91, superior 30 + 50 = 80 → 84.4 较好; 2025: 96, 91 → 93.0 好
    assert table[0] == ["项目", "2024 年", "2025 年", "变化"]
    assert table[2] == ["综合得分", "84.4", "93.0", "+8.6"]
    assert table[3] == ["等次", "较好", "好", "升"]
    assert table[4] == ["自查自评", "91", "96", "+5"] and table[5] == ["上级党组织评定", "80", "91", "+11"]
    assert table[-1] == ["否决/限制规则", "无", "无"]
    assert "近一年有严重群访事件" in ok(["--workspace", township, "explain", "sq-02"]).stdout.splitlines()[-1]
    assert (
        ok(["--workspace", township, "explain", "sq-04"]).stdout.splitlines()[-1]
        == "与上年比较：2024 年没有 sq-04 的定级结果"
    )
    en = ok(["--lang", "en", "--workspace", township, "explain", "sq-01"]).stdout
    assert "Against last year (2024 → 2025):" in en and "up" in en


def test_evaluate_warns_of_quotas_and_scores_near_a_grade_line_without_changing_a_grade(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "w")
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write('\n[distribution]\nmax = { "好" = 0.2 }\n')
    # sq-01 self work 30: 0.4 × (30 + 58) + 0.6 × 91 = 35.2 + 54.6 = 89.8 → 较好, 0.2 below 好
    scores = write(root / "s.csv", SCORES.replace("sq-01,self,work,38", "sq-01,self,work,30"))
    out = ok(["--workspace", root, "evaluate", "mini", scores, "--format", "json"])
    assert [r["grade"] for r in json.loads(out.stdout)["results"]] == ["较好", "较差", "一般"]  # no grade changed
    assert "提示：1 个组织的得分距分数线不超过 1 分，建议复核：" in out.stderr
    assert "东街社区党支部（sq-01）89.8，距“好”（90 分）差 0.2 分" in out.stderr
    assert "好 " not in out.stderr.split("提示：1")[0]  # 好 0 of 3: the quota holds
    good = write(root / "g.csv", SCORES)  # sq-01 93.0 好: 1 of 3 = 33.3% > 20%
    assert (
        "提示：社区：好 1 个，占 33.3%（共 3 个），原则上不超过 20%"
        in ok(["--workspace", root, "evaluate", "mini", good]).stderr
    )


def test_a_bad_plan_in_dingji_toml_names_its_key_and_nothing_is_stored(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "w")
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write(
            '\n[distribution]\nmax = { "好" = 1.5 }\nmargin = -1\n\n[phases]\n"甲" = [2025-03-01, 2025-02-01]\n'
            '"乙" = "2025-04-01"\n'
        )
    result = fails(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])
    assert "键 distribution.max.好: 应为比例" in result.stderr and "键 distribution.margin" in result.stderr
    assert snapshot(root)["results"] == []
    err = fails(["--workspace", root, "status"]).stderr
    assert "键 phases.甲: 结束日期 2025-02-01 早于开始日期 2025-03-01" in err
    assert "键 phases.乙: 应为 [开始日期, 结束日期]" in err


def test_the_init_template_holds_the_plan_commented_and_it_parses_when_uncommented(tmp_path):
    import tomllib

    from dingji.report.plan import distribution, phases

    ok(["init", tmp_path / "w", "--name", "乡", "--year", "2026"])
    text = (tmp_path / "w" / "dingji.toml").read_text(encoding="utf-8")
    assert "# [phases]" in text and "# [distribution]" in text
    on = re.sub(r"^# (\[phases\]|\[distribution\]|\"|max|min|margin)", r"\1", text, flags=re.M)
    config = tomllib.loads(on)
    assert [(p.name, str(p.start), str(p.end)) for p in phases(config)][1] == (
        "整改提高、晋位升级",
        "2026-05-01",
        "2026-08-31",
    )
    quotas, margin = distribution(config)
    assert [(q.grade, q.kind, str(q.share)) for q in quotas] == [("好", "max", "0.2"), ("较差", "min", "0.1")]
    assert margin == 1


def test_status_shows_the_phase_of_a_day_and_what_is_outstanding(township):
    ok(["--workspace", township, "visit", "add", "sq-01", "--date", "2025-03-01", "--by", "王", "--form", "实地查看"])
    ok(
        [
            "--workspace",
            township,
            "rectify",
            "add",
            "sq-03",
            "--problem",
            "甲",
            "--measures",
            "m",
            "--owner",
            "张",
            "--deadline",
            "2025-06-30",
        ]
    )
    text = ok(["--workspace", township, "status", "--as-of", "2025-07-15"]).stdout
    assert "▶ 2. 整改提高、晋位升级  2025-05-01 至 2025-08-31  进行中" in text
    assert "  1. 调查摸底、分类定级  2025-02-01 至 2025-04-30  已结束" in text
    assert "当前阶段：整改提高、晋位升级（还有 47 天结束）" in text  # 2025-08-31 − 2025-07-15
    assert "  - 未走访的组织：3 个（+1、-2、@a）" in text
    assert "  - 逾期未完成的整改任务：1 项：sq-03 甲（2025-06-30）" in text
    assert "  - 整改方案待报市委组织部备案：+1（sq-02）" in text
    assert "晋位升级（与 2024 年比较）：升 1，平 1，降 1" in text
    assert "  ⚠ 社区：好 2 个，占 50.0%（共 4 个），原则上不超过 20%" in text and "其余 2 项符合" in text
    doc = json.loads(ok(["--workspace", township, "status", "--as-of", "2025-04-30", "--format", "json"]).stdout)
    assert doc["current"] == "调查摸底、分类定级" and doc["days_left"] == 0 and doc["outstanding"]["overdue"] == []
    assert doc["outstanding"]["domains_not_evaluated"] == [] and doc["outstanding"]["not_graded"] == []
    before = ok(["--workspace", township, "status", "--as-of", "2025-01-10"]).stdout
    assert "尚未开始：调查摸底、分类定级 于 2025-02-01 开始" in before
    assert "全部阶段已结束" in ok(["--workspace", township, "status", "--as-of", "2026-01-01"]).stdout
    en = ok(["--lang", "en", "--workspace", township, "status", "--as-of", "2025-07-15"]).stdout
    assert "▶ 2. Rectify and move up" in en and "organizations not visited: 3" in en


def test_status_in_a_child_process_names_domains_not_evaluated_and_organizations_without_a_grade(
    tmp_path, copy_workspace
):
    root = copy_workspace(tmp_path / "w", roster="组织编号,组织名称,领域\nsq-01,东街,社区\ncun-01,岩樟村,农村\n")
    proc = run(["status", "--as-of", "2025-03-01"], cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "未定级的领域：农村（1 个组织）、社区（1 个组织）（dingji evaluate）" in proc.stdout
    assert "没有定级结果的组织：2 个（岩樟村、东街）" in proc.stdout
    assert "1. 调查摸底、分类定级 （未设日期）" in proc.stdout and "在 dingji.toml 的 [phases] 中设置" in proc.stdout


def test_a_schema_2_store_holding_data_migrates_to_the_latest_and_keeps_it(tmp_path):
    import shutil

    from dingji.store.db import MIGRATIONS
    from dingji.store.schema import statements

    full = make_township(tmp_path / "full")
    root = tmp_path / "乡"
    shutil.copytree(full, root)
    (root / "dingji.sqlite").unlink()
    # a store as schema 2 left it: its tables made by the first two steps, the township's rows copied in
    db = sqlite3.connect(root / "dingji.sqlite", isolation_level=None)
    for step in MIGRATIONS[:2]:
        for statement in statements(step):
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute("ATTACH DATABASE ? AS full", (str(full / "dingji.sqlite"),))
    for table in ("organizations", "runs", "results"):
        cols = ", ".join(r[1] for r in db.execute(f"PRAGMA main.table_info({table})"))
        db.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM full.{table}")
    db.execute("DETACH DATABASE full")
    db.execute(
        "INSERT INTO imports (at, year, kind, files, rows) VALUES ('2025-01-01', 2025, 'tracker:sanliang', '[]', 1)"
    )
    db.execute(
        "INSERT INTO tracker_records (import_id, year, tracker, org, member, period, data)"
        " VALUES (1, 2025, 'sanliang', 'sq-01', '张三', '2025', '{}')"
    )
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name='visits'").fetchone()[0] == 0
    db.close()
    before = snapshot(root)
    ok(["--workspace", root, "visit", "add", "sq-01", "--date", "2025-03-01", "--by", "王", "--form", "实地查看"])
    after = snapshot(root)
    # roster, runs and results as they were (runs gained their round and number in the year: schema 5)
    assert after["organizations"] == before["organizations"] and after["results"] == before["results"]
    assert [{k: r[k] for k in before["runs"][0]} for r in after["runs"]] == before["runs"]
    assert {(r["round_id"], r["seq"]) for r in after["runs"]} == {(1, 1), (2, 1)}  # one round per year, run 1
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)  # the latest schema
        assert db.execute("SELECT org, member FROM tracker_records").fetchall() == [("sq-01", "张三")]
        assert db.execute("SELECT org, date FROM visits").fetchall() == [("sq-01", "2025-03-01")]
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
            "rectify_tasks",
            "rectify_events",
            "rectify_filings",
            "visits",
            "rounds",
            "round_results",
            "amendments",
        }
        assert db.execute("SELECT year, domain, number, name FROM rounds ORDER BY year").fetchall() == [
            (2024, "mini", 1, "初定"),
            (2025, "mini", 1, "初定"),
        ]
    finally:
        db.close()
    assert "综合得分 93.0 → 等次 好" in ok(["--workspace", root, "explain", "sq-01"]).stdout


def test_the_township_plans_own_overlapping_calendar_is_accepted():
    import datetime as dt

    from dingji.report.plan import current, phases

    # the plan: 调查摸底 to the end of April, 整改提高 from early April (research: 4月上旬)
    plan = phases(
        {
            "phases": {
                "调查摸底、分类定级": [dt.date(2026, 2, 1), dt.date(2026, 4, 30)],
                "整改提高、晋位升级": [dt.date(2026, 4, 1), dt.date(2026, 8, 31)],
            }
        }
    )
    assert [p.name for p in plan] == ["调查摸底、分类定级", "整改提高、晋位升级"]
    assert current(plan, dt.date(2026, 3, 15)) == (0, "in")
    assert current(plan, dt.date(2026, 4, 10)) == (1, "in")  # both hold it: the one begun last
    assert current(plan, dt.date(2026, 9, 1)) == (None, "after")
    assert current(plan, dt.date(2026, 1, 1)) == (None, "before")
