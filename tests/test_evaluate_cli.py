"""``dingji evaluate`` and ``dingji explain`` on a real workspace: the MINI standard in
standards/, a roster with Chinese headers, score CSVs with a BOM, the SQLite store.

The grades of SCORES are worked out by hand in cli_support's docstring:
sq-01 93.0 好, sq-02 96.0 by score but 较差 (veto petition), sq-03 67.0 一般.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pytest

from cli_support import (
    MINI,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    snapshot,
    write,
)

CLI_KEYS = {
    "org",
    "name",
    "domain",
    "standard",
    "score",
    "grade",
    "vetoes",
    "service_oriented",
    "satisfaction",
    "sources",
    "bonus",
    "penalty",
    "indicators",
}


@pytest.fixture
def ws(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "测试乡")
    write(root / "评分.csv", SCORES)
    return root


def ev(root, *args, **kw):
    return ok(["--workspace", root, "evaluate", "mini", *args], **kw)


def ev_fails(root, *args, **kw):
    return fails(["--workspace", root, "evaluate", "mini", *args], **kw)


# --- output formats -----------------------------------------------------------


def test_table_lists_every_organization_and_ends_with_counts(ws):
    result = ev(ws, ws / "评分.csv")
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[-1] == "各等次数量：好 1  较好 0  一般 1  较差 1  （合计 3）"
    rows = {line.split()[0]: line.split() for line in lines[2:5]}
    # org, name, self, superior, bonus, penalty, score, grade, veto
    assert rows["sq-01"][:8] == ["sq-01", "东街社区党支部", "96", "91", "0", "0", "93.0", "好"]
    assert rows["sq-02"][6:9] == ["96.0", "较差", "近一年有严重群访事件"]
    assert rows["sq-03"][6:8] == ["67.0", "一般"]
    assert result.stderr.strip() == "已保存 3 个组织的定级结果（mini，2025 年，第 1 轮·初定，第 1 次定级）"

    en = ev(ws, ws / "评分.csv", "--dry-run", env={"DINGJI_LANG": "en"})
    assert en.stdout.rstrip().splitlines()[-1] == "Counts per grade: 好 1  较好 0  一般 1  较差 1  (total 3)"
    assert en.stdout.splitlines()[0].split()[:2] == ["Org", "Name"]


def test_json_is_exactly_the_documented_document(ws):
    result = ev(ws, ws / "评分.csv", "--format", "json")
    doc = json.loads(result.stdout)  # all of stdout is the JSON: messages went to stderr
    assert set(doc) == {"schema_version", "results"} and doc["schema_version"] == 1
    assert "已保存" in result.stderr
    by_org = {r["org"]: r for r in doc["results"]}
    assert list(by_org) == ["sq-01", "sq-02", "sq-03"]
    for r in doc["results"]:
        assert CLI_KEYS <= set(r), CLI_KEYS - set(r)
        assert r["standard"] == {
            "id": "mini",
            "version": "1.0",
            "sha256": hashlib.sha256(MINI.encode("utf-8")).hexdigest(),
        }
        assert r["domain"] == "社区" and r["satisfaction"] is None and r["service_oriented"] is False
        assert r["bonus"] == 0 and r["penalty"] == 0
    one = by_org["sq-01"]
    assert (one["name"], one["score"], one["grade"], one["vetoes"]) == ("东街社区党支部", 93, "好", [])
    assert one["sources"] == {"self": 96, "superior": 91}
    assert [(i["id"], i["name"], i["points"], i["values"]) for i in one["indicators"]] == [
        ("work", "工作实绩", 40, {"self": 38, "superior": 35}),
        ("meetings", "落实三会一课", 60, {"self": 58, "superior": 56}),  # 60 − 1×2, 60 − 2×2
    ]
    two = by_org["sq-02"]
    assert (two["score"], two["grade"]) == (96, "较差")
    assert two["vetoes"] == [{"id": "petition", "name": "近一年有严重群访事件", "changed_grade": True}]
    assert by_org["sq-03"]["score"] == 67 and by_org["sq-03"]["grade"] == "一般"


def test_csv_stdout_is_data_only(ws):
    result = ev(ws, ws / "评分.csv", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["org"], r["score"], r["grade"], r["vetoes"]) for r in rows] == [
        ("sq-01", "93.0", "好", ""),
        ("sq-02", "96.0", "较差", "petition"),
        ("sq-03", "67.0", "一般", ""),
    ]
    assert rows[0]["self"] == "96" and rows[0]["superior"] == "91" and rows[0]["satisfaction"] == ""
    assert len(result.stdout.splitlines()) == 4  # header + 3, nothing else
    assert "已保存" in result.stderr and "已保存" not in result.stdout


def test_scores_round_half_up_once_at_the_end(ws):
    # sq-01 self work 38 → 38.125: self = 38.125 + 58 = 96.125
    # combined = 0.4×96.125 + 0.6×91 = 38.45 + 54.6 = 93.05 → 93.1
    # (round-half-even gives 93.0, as 0 is even; so does round(93.05, 1) on binary floats: 93.0499…)
    write(ws / "评分.csv", SCORES.replace("sq-01,self,work,38", "sq-01,self,work,38.125"))
    result = ev(ws, ws / "评分.csv", "--format", "json", "--dry-run")
    one = json.loads(result.stdout)["results"][0]
    assert one["score"] == 93.1 and one["sources"]["self"] == 96.125


# --- storing ------------------------------------------------------------------


def test_dry_run_stores_nothing(ws):
    before = snapshot(ws)
    result = ev(ws, ws / "评分.csv", "--dry-run")
    assert "试运行：未保存任何结果" in result.stderr
    assert "93.0" in result.stdout
    assert snapshot(ws) == before
    assert before["runs"] == [] and before["results"] == []
    fails(["--workspace", ws, "explain", "sq-01"])  # nothing to explain yet


def test_a_second_evaluate_replaces_results_and_keeps_both_audit_rows(ws):
    ev(ws, ws / "评分.csv")
    # a correction: sq-01's superior gives work 40 → superior 96, combined 0.4×96 + 0.6×96 = 96.0
    fixed = write(ws / "评分-更正.csv", SCORES.replace("sq-01,superior,work,35", "sq-01,superior,work,40"))
    result = ev(ws, fixed)
    assert "第 2 次定级" in result.stderr

    snap = snapshot(ws)
    runs = {r["id"]: r for r in snap["runs"]}
    assert set(runs) == {1, 2}
    assert (runs[1]["active"], runs[1]["replaced_by"]) == (0, 2)
    assert (runs[2]["active"], runs[2]["replaced_by"]) == (1, None)
    for run_id, path in ((1, ws / "评分.csv"), (2, fixed)):
        assert json.loads(runs[run_id]["files"]) == [
            {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "bytes": path.stat().st_size}
        ]
        run = runs[run_id]
        assert (
            run["year"],
            run["domain"],
            run["standard_id"],
            run["standard_version"],
            run["standard_sha256"],
            run["standard_text"],
            run["organizations"],
        ) == (2025, "mini", "mini", "1.0", hashlib.sha256(MINI.encode()).hexdigest(), MINI, 3)
    assert {(r["run_id"], r["org"], r["score"]) for r in snap["results"]} == {
        (2, "sq-01", "96.0"),
        (2, "sq-02", "96.0"),
        (2, "sq-03", "67.0"),
    }
    assert "综合得分 96.0 → 等次 好" in ok(["--workspace", ws, "explain", "sq-01"]).stdout


def test_several_files_make_one_run(ws):
    lines = SCORES.splitlines()
    a = write(ws / "村甲.csv", "\n".join(lines[:10]) + "\n")  # sq-01, sq-02
    b = write(ws / "村乙.csv", "\n".join([lines[0], *lines[10:]]) + "\n", bom=False)  # sq-03
    result = ev(ws, a, b, "--format", "csv")
    assert [r["score"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["93.0", "96.0", "67.0"]
    [run] = snapshot(ws)["runs"]
    assert [f["file"] for f in json.loads(run["files"])] == ["村甲.csv", "村乙.csv"]


def test_different_years_live_side_by_side(ws):
    ev(ws, ws / "评分.csv")  # the workspace year, 2025
    last = write(ws / "2024.csv", SCORES.replace("sq-01,self,work,38", "sq-01,self,work,30"))
    ev(ws, last, "--year", "2024")  # sq-01: 0.4×(30 + 58) + 54.6 = 35.2 + 54.6 = 89.8 → 较好
    snap = snapshot(ws)
    assert sorted((r["year"], r["active"]) for r in snap["runs"]) == [(2024, 1), (2025, 1)]  # both active
    assert {(r["year"], r["org"], r["score"], r["grade"]) for r in snap["results"] if r["org"] == "sq-01"} == {
        (2025, "sq-01", "93.0", "好"),
        (2024, "sq-01", "89.8", "较好"),
    }
    assert "综合得分 89.8 → 等次 较好" in ok(["--workspace", ws, "explain", "sq-01", "--year", "2024"]).stdout
    assert "综合得分 93.0 → 等次 好" in ok(["--workspace", ws, "explain", "sq-01"]).stdout
    assert "距下一等次 好（90 分）还差 0.2 分" in ok(["--workspace", ws, "explain", "sq-01", "--year", "2024"]).stdout


# --- bad input: exit 1, the file and line named, nothing stored ------------------


def _with_line(number, text):
    """SCORES with its line ``number`` (1 = header) replaced by ``text``."""
    lines = SCORES.splitlines()
    lines[number - 1] = text
    return "\n".join(lines) + "\n"


BAD = {
    # name: (file text, line named, words of the message); each file has exactly one problem,
    # but for "extra field" (the skipped line leaves sq-01 superior/meetings missing: 2) and
    # "wrong header" (see test_an_unreadable_file_is_the_only_problem_reported)
    "unknown org": (SCORES + "sq-09,self,work,30\n", 16, "'sq-09' 不在组织名单中"),
    "conflicting duplicate": (SCORES + "sq-01,self,work,37\n", 16, "与已录入的 38（"),
    "unknown item": (_with_line(2, "sq-01,self,wrok,38") + "sq-01,self,work,38\n", 2, "没有项目 'wrok'"),
    "unknown source": (SCORES + "sq-01,slef,work,38\n", 16, "没有来源 'slef'"),
    "out of range": (_with_line(4, "sq-01,superior,work,41"), 4, "41 超出范围 0～40"),
    "negative count": (_with_line(3, "sq-01,self,meetings,-1"), 3, "应为 0 到 1,000,000,000 之间的整数"),
    "non-number": (_with_line(4, "sq-01,superior,work,三十五"), 4, "'三十五' 不是数值"),
    "bad yes/no": (_with_line(10, "sq-02,veto,petition,也许"), 10, "'也许' 不是 是/否"),
    "missing value": (_with_line(11, "sq-03,self,work,"), 11, "sq-03：self/work（工作实绩）未填写"),  # a count: 0
    "wrong header": ("组织,来源,项目,分值\n" + SCORES.split("\n", 1)[1], 1, "表头应包含 org,source,item,value"),
    "extra field": (_with_line(5, "sq-01,superior,meetings,2,备注"), 5, "应有 4 个字段，实有 5 个"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_with_its_place_and_nothing_stored(ws, case):
    ev(ws, ws / "评分.csv")  # a good run first, so "unchanged" means something
    before = snapshot(ws)
    text, line, words = BAD[case]
    bad = write(ws / "评分.csv", text)
    result = ev_fails(ws, bad)
    assert words in result.stderr
    assert re.search(rf"评分\.csv，(列 \S+，)?第 {line} 行", result.stderr), result.stderr
    count = {"extra field": 2, "wrong header": None}.get(case, 1)
    if count is not None:
        assert result.stderr.splitlines()[0] == f"发现 {count} 个问题，未写入任何内容：", result.stderr
    assert result.stderr.startswith("发现 ") and "未写入任何内容" in result.stderr
    assert result.stdout == ""
    assert snapshot(ws) == before
    # and in English
    en = ev_fails(ws, bad, "--dry-run", env={"DINGJI_LANG": "en"})
    assert f"line {line}" in en.stderr and "nothing was written" in en.stderr


def test_a_missing_row_is_an_error_never_a_zero(ws):
    text = SCORES.replace("sq-03,self,meetings,5\n", "")
    result = ev_fails(ws, write(ws / "评分.csv", text))
    assert "sq-03：缺少 self/meetings（落实三会一课）的数据，缺失不按 0 分处理" in result.stderr
    assert snapshot(ws)["results"] == []
    # 0 entered is a value, not a missing one: 0 occurrences → full 60 points
    # sq-03 self = 20 + 60 = 80; combined 0.4×80 + 0.6×65 = 32 + 39 = 71.0
    zero = ev(ws, write(ws / "评分.csv", text + "sq-03,self,meetings,0\n"), "--format", "csv", "--dry-run")
    assert [r["score"] for r in csv.DictReader(io.StringIO(zero.stdout))][2] == "71.0"


def test_an_identical_repeated_row_is_not_a_conflict(ws):
    result = ev(ws, write(ws / "评分.csv", SCORES + "sq-01,self,work,38.0\n"), "--format", "csv")
    assert result.stdout.splitlines()[1].startswith("sq-01,东街社区党支部,社区,mini,1.0,96,91,")


def test_an_organization_without_scores_or_of_another_domain(ws):
    write(ws / "村.csv", "org,name,domain\ncun-01,岩樟村党支部,农村\n")
    ok(["--workspace", ws, "roster", "import", ws / "村.csv"])
    # sq-03 has no rows at all; cun-01 (农村) is in the roster but not of this domain
    text = "\n".join(SCORES.splitlines()[:10]) + "\ncun-01,self,work,30\n"
    result = ev_fails(ws, write(ws / "评分.csv", text))
    assert "sq-03（南街社区党支部）：没有任何评分数据" in result.stderr
    assert "评分.csv，列 org，第 11 行" in result.stderr and "cun-01（岩樟村党支部）属于领域 '农村'" in result.stderr


@pytest.mark.parametrize(
    "content, words",
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "xlsx/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), ".xls"),
    ],
    ids=["xlsx", "xls"],
)
def test_a_workbook_named_csv_is_refused(ws, content, words):
    ev(ws, ws / "评分.csv")
    before = snapshot(ws)
    (ws / "评分.csv").write_bytes(content)
    result = ev_fails(ws, ws / "评分.csv")
    assert words in result.stderr and "不是 CSV 文本文件" in result.stderr and "评分.csv" in result.stderr
    assert snapshot(ws) == before


def test_a_csv_neither_utf8_nor_gbk_is_refused_with_its_line(ws):
    ev(ws, ws / "评分.csv")
    before = snapshot(ws)
    # 0xFF is a byte of neither UTF-8 nor GB18030 (GBK): here on line 10, in place of 是
    (ws / "评分.csv").write_bytes(SCORES.encode().replace("是".encode(), b"\xff"))
    result = ev_fails(ws, ws / "评分.csv")
    assert "既不是 UTF-8 也不是 GB18030（GBK）编码的文本" in result.stderr and "CSV UTF-8" in result.stderr
    assert "评分.csv，第 10 行" in result.stderr
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    "content",
    ["组织,来源,项目,分值\n".encode(), b"PK\x03\x04" + bytes(100), SCORES.encode("utf-16")],
    ids=["header", "zip", "utf-16"],
)
def test_an_unreadable_file_is_the_only_problem_reported(ws, content):
    (ws / "评分.csv").write_bytes(content)
    result = ev_fails(ws, ws / "评分.csv")
    assert result.stderr.splitlines()[0] == "发现 1 个问题，未写入任何内容：", result.stderr


def test_every_problem_of_every_file_is_listed(ws):
    lines = SCORES.splitlines()
    a = write(
        ws / "甲.csv",
        "\n".join(
            [
                lines[0],
                "sq-09,self,work,30",  # 2: unknown org
                lines[1],
                lines[2],
                lines[3],
                "sq-01,superior,meetings,二",  # 6: not a count
                "sq-01,superior,meetings,2",  # 7: (the good value, after the bad one: no conflict reported)
                "sq-02,self,work,41",  # 8: out of range
                "sq-02,self,meetings,0",
                "sq-02,superior,work,40",
                "sq-02,superior,meetings,0",
                "sq-02,veto,petition,maybe",  # 12: bad yes/no
            ]
        )
        + "\n",
    )
    b = write(
        ws / "乙.csv",
        "\n".join(
            [
                lines[0],
                "sq-03,self,work,20",
                "sq-03,self,meetinsg,5",  # 3: unknown item (and so sq-03 self/meetings is missing)
                "sq-03,superior,work,",  # 4: blank
                "sq-03,superior,meetings,10",
                "sq-03,boss,work,1",  # 6: unknown source
            ]
        )
        + "\n",
    )
    before = snapshot(ws)
    result = ev_fails(ws, a, b)
    problems = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert result.stderr.splitlines()[0] == f"发现 {len(problems)} 个问题，未写入任何内容："
    expected = [
        "甲.csv，列 org，第 2 行",
        "甲.csv，第 6 行",
        "甲.csv，第 8 行",
        "甲.csv，第 12 行",
        "乙.csv，第 3 行",
        "乙.csv，第 4 行",
        "乙.csv，第 6 行",
        "sq-03/self/meetings",
    ]
    for place in expected:
        assert sum(place in p for p in problems) == 1, (place, problems)
    assert len(problems) == len(expected), problems
    assert snapshot(ws) == before


def test_an_organization_graded_under_another_domain_this_year(ws):
    ev(ws, ws / "评分.csv")
    # sq-01 moves to a new domain, "other" (MINI under another id), after it was graded under mini
    write(
        ws / "standards" / "other.toml",
        MINI.replace('id = "mini"', 'id = "other"').replace('domain = "社区"', 'domain = "学校"'),
        bom=False,
    )
    ok(["--workspace", ws, "roster", "import", write(ws / "改.csv", "org,name,domain\nsq-01,东街社区党支部,other\n")])
    before = snapshot(ws)
    result = fails(["--workspace", ws, "evaluate", "other", write(ws / "其他.csv", "\n".join(SCORES.splitlines()[:5]))])
    assert "sq-01 在 2025 年已有 mini 领域的定级结果" in result.stderr
    assert result.stdout == ""
    assert snapshot(ws) == before


def test_the_csv_template_round_trip(ws):
    ok(["--workspace", ws, "template", "mini", "--format", "csv", "-o", ws / "模板.csv"])
    text = (ws / "模板.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "org,source,item,value,组织名称,来源,项目名称,类型,填写范围"
    # per organization: work and meetings in self and superior, and the veto fact: 3 × 5 rows
    assert len(lines) == 1 + 15 and "sq-02,superior,meetings,,西街社区党支部,上级党组织评定," in text
    # handed back blank: every blank score is an error (6); blank counts (meetings) are 0, blank
    # veto facts did not happen
    result = ev_fails(ws, ws / "模板.csv")
    assert result.stderr.splitlines()[0] == "发现 6 个问题，未写入任何内容："
    assert result.stderr.count("未填写") == 6 and "meetings" not in result.stderr
    # filled in with SCORES' values: the grades of SCORES
    values = {tuple(line.split(",")[:3]): line.split(",")[3] for line in SCORES.splitlines()[1:]}
    filled = []
    for line in lines:
        cells = line.split(",")
        cells[3] = values.get(tuple(cells[:3]), cells[3])
        filled.append(",".join(cells))
    result = ev(ws, write(ws / "模板.csv", "\n".join(filled) + "\n"), "--format", "csv")
    assert [r["score"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["93.0", "96.0", "67.0"]


def test_a_file_with_no_scores_does_not_wipe_the_stored_results(tmp_path, copy_workspace):
    # without a roster nobody is "missing", so a header-only file used to store an empty run
    # that replaced the domain's results
    root = copy_workspace(tmp_path / "ws", roster=None)
    ev(root, write(root / "评分.csv", SCORES))
    before = snapshot(root)
    result = ev_fails(root, write(root / "空.csv", "org,source,item,value\n"))
    assert "空.csv" in result.stderr and "没有任何组织的评分数据" in result.stderr
    assert snapshot(root) == before and len(before["results"]) == 3


def test_unknown_standard_names_the_loaded_ones(ws):
    result = fails(["--workspace", ws, "evaluate", "school", ws / "评分.csv"])
    assert "没有标准 'school'" in result.stderr and "mini (社区)" in result.stderr and "village (农村)" in result.stderr


def test_an_unreadable_file_is_named(ws):
    result = ev_fails(ws, ws / "没有这个文件.csv")
    assert "没有这个文件.csv" in result.stderr


# --- explain --------------------------------------------------------------------


def test_explain_in_chinese_by_default(ws):
    ev(ws, ws / "评分.csv")
    text = ok(["--workspace", ws, "explain", "sq-01"]).stdout
    assert text.splitlines()[0] == "东街社区党支部（sq-01）· 社区党组织定级小标准 1.0"
    assert "综合得分 93.0 → 等次 好" in text
    assert "计算：0.4 × 96 + 0.6 × 91 = 93，四舍五入保留 1 位小数 → 93.0" in text
    assert "上级党组织评定：缺2次 × 每次2分 = 扣4分 → 得 56 分" in text
    assert "自查自评：缺1次 × 每次2分 = 扣2分 → 得 58 分" in text
    assert "上级党组织评定：评分 35 → 35 分" in text
    assert "已是最高等次" in text

    veto = ok(["--workspace", ws, "explain", "sq-02"]).stdout
    assert "综合得分 96.0 → 等次 较差（按得分为 好）" in veto
    assert "✗ 近一年有严重群访事件 → 无论得分，定为 较差" in veto

    low = ok(["--workspace", ws, "explain", "sq-03"]).stdout
    assert "距下一等次 较好（80 分）还差 13 分" in low  # 80 − 67


def test_explain_in_english(ws):
    ev(ws, ws / "评分.csv")
    by_option = ok(["--lang", "en", "--workspace", ws, "explain", "sq-01"]).stdout
    by_env = ok(["--workspace", ws, "explain", "sq-01"], env={"DINGJI_LANG": "en"}).stdout
    assert by_option == by_env
    assert "Combined score 93.0 → grade 好" in by_option
    assert "2 occurrence(s) × 2 = −4 → 56" in by_option
    assert "缺2次" not in by_option
    # the option wins over the environment
    assert "缺2次" in ok(["--lang", "zh", "--workspace", ws, "explain", "sq-01"], env={"DINGJI_LANG": "en"}).stdout


def test_explain_json_matches_evaluate_json(ws):
    doc = json.loads(ev(ws, ws / "评分.csv", "--format", "json").stdout)
    for r in doc["results"]:
        assert json.loads(ok(["--workspace", ws, "explain", r["org"], "--format", "json"]).stdout) == r


def test_explain_an_unknown_organization_or_year(ws):
    ev(ws, ws / "评分.csv")
    result = fails(["--workspace", ws, "explain", "sq-99"])
    assert "sq-99" in result.stderr and "不在组织名单中" in result.stderr and result.stdout == ""
    result = fails(["--workspace", ws, "explain", "sq-01", "--year", "2019"])
    assert "2019" in result.stderr and "sq-01" in result.stderr
    assert (
        "organization sq-99 is not in the roster"
        in fails(["--lang", "en", "--workspace", ws, "explain", "sq-99"]).stderr
    )
