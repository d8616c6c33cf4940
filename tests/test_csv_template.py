"""Issue 14, item 7: the long-form CSV template names what each line is, so that it can be filled
in Excel: after the four columns the reader needs (org, source, item, value) come the
organization's name, the source's name, the item's name, its kind and its range.  Reading
the file back ignores them; a file of the four columns alone is read as before.

cli_support's MINI and roster (sq-01 东街社区党支部 …); SCORES grade 93.0, 96.0 (较差 by veto), 67.0.
"""

from __future__ import annotations

import csv
import io
import json

from cli_support import (
    ROSTER,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    write,
)


def rows(path, encoding="utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def test_the_csv_template_names_the_organization_source_item_kind_and_range(tmp_path):
    ws = make_workspace(tmp_path / "ws", roster=ROSTER + 'sq-04,=HYPERLINK("x"),社区,赵六,9\n')
    path = ws / "模板.csv"
    ok(["-w", ws, "template", "mini", "--format", "csv", "-o", path])
    got = rows(path)
    assert got[0] == ["org", "source", "item", "value", "组织名称", "来源", "项目名称", "类型", "填写范围"]
    assert got[1:6] == [
        ["sq-01", "self", "work", "", "东街社区党支部", "自查自评", "工作实绩", "分数", "0～40"],
        [
            "sq-01",
            "self",
            "meetings",
            "",
            "东街社区党支部",
            "自查自评",
            "落实三会一课",
            "次数",
            "不小于 0 的整数，留空为 0",
        ],
        ["sq-01", "superior", "work", "", "东街社区党支部", "上级党组织评定", "工作实绩", "分数", "0～40"],
        [
            "sq-01",
            "superior",
            "meetings",
            "",
            "东街社区党支部",
            "上级党组织评定",
            "落实三会一课",
            "次数",
            "不小于 0 的整数，留空为 0",
        ],
        [
            "sq-01",
            "veto",
            "petition",
            "",
            "东街社区党支部",
            "否决事项",
            "近一年有严重群访事件",
            "是/否",
            "是 或 否，留空为否",
        ],
    ]
    assert got[-1][:5] == ["sq-04", "veto", "petition", "", '\'=HYPERLINK("x")']  # Excel runs no formula
    en = tmp_path / "en.csv"
    ok(["-w", ws, "--lang", "en", "template", "mini", "--format", "csv", "-o", en])
    assert rows(en)[0] == ["org", "source", "item", "value", "org_name", "source_name", "item_name", "kind", "range"]
    assert rows(en)[2][7:] == ["count", "whole number ≥ 0; blank = 0"]


def test_the_filled_in_template_reads_back_and_so_does_a_file_of_four_columns(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    path = ws / "模板.csv"
    ok(["-w", ws, "template", "mini", "--format", "csv", "-o", path])
    values = {tuple(line.split(",")[:3]): line.split(",")[3] for line in SCORES.splitlines()[1:]}
    filled = rows(path)
    for row in filled[1:]:
        row[3] = values.get(tuple(row[:3]), "")
    out = io.StringIO()
    csv.writer(out).writerows(filled)
    path.write_bytes(out.getvalue().encode("gbk"))  # as Excel saves "CSV (逗号分隔)"
    got = json.loads(ok(["-w", ws, "evaluate", "mini", path, "--format", "json"]).stdout)
    assert [(r["org"], r["score"], r["grade"]) for r in got["results"]] == [
        ("sq-01", 93, "好"),
        ("sq-02", 96, "较差"),
        ("sq-03", 67, "一般"),
    ]
    four = json.loads(ok(["-w", ws, "evaluate", "mini", write(ws / "四列.csv", SCORES), "--format", "json"]).stdout)
    assert [r["score"] for r in four["results"]] == [93, 96, 67]
    # a line that lost its name columns is still a line of the wrong width, said so
    text = out.getvalue().replace("\r\n", "\n").splitlines()
    text[2] = ",".join(text[2].split(",")[:4])
    err = fails(["-w", ws, "evaluate", "mini", write(ws / "坏.csv", "\n".join(text) + "\n")]).stderr
    assert "坏.csv，第 3 行: 应有 9 个字段，实有 4 个" in err
