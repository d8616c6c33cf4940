"""Issue 14, item 10: Chinese output names things by their Chinese names, never by ids.  The
trackers' metrics (completion, visits, rating) by the names their trackers give them (完成率,
走访达标率, 好评率) in ``track report``, the ledger's tracker sheets and ``explain``; the
merged ledger's 说明 block by 评分标准/输入文件 and the domain's name, not ``standard.village``
and ``file.1``.  English output keeps the ids, and so does what a machine reads (CSV, JSON).

The demo township, read only (its ledger is the one ``dingji demo`` exported).
"""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from cli_support import ok

pytestmark = pytest.mark.slow  # the session's demo


def test_track_report_heads_the_metrics_with_their_names(demo_template):
    text = ok(["-w", demo_template, "track", "yichuang", "report"]).stdout.splitlines()
    assert text[0].split() == ["编号", "组织名称", "党员数", "记录数", "完成率", "走访达标率", "计算依据"]
    cun01 = next(line for line in text if line.startswith("cun-01"))
    assert cun01.endswith(
        "完成率：22名党员中22名一创已完成且三联均有本年走访；走访达标率：22名党员共走访246次，人均11.18次，目标每人12次"
    )
    assert "completion" not in "\n".join(text) and "visits" not in "\n".join(text)
    sanliang = ok(["-w", demo_template, "track", "sanliang", "report"]).stdout.splitlines()[0].split()
    assert sanliang[4:6] == ["完成率", "好评率"]
    en = ok(["-w", demo_template, "--lang", "en", "track", "yichuang", "report"]).stdout.splitlines()
    assert en[0].split()[4:6] == ["completion", "visits"] and "completion: 22 of 22 members" in en[2]
    machine = ok(["-w", demo_template, "track", "yichuang", "report", "--format", "csv"]).stdout
    assert next(csv.reader(io.StringIO(machine)))[6:8] == ["completion", "visits"]  # read by programs: ids
    doc = json.loads(ok(["-w", demo_template, "track", "yichuang", "report", "--format", "json"]).stdout)
    assert set(doc["organizations"][0]["metrics"]) == {"completion", "visits"}
    listed = ok(["-w", demo_template, "track", "list"]).stdout
    assert "完成率（completion）：一创已完成" in listed  # the id too: a standard's metric = "completion" names it


def test_explain_names_the_metric(demo_template):
    text = ok(["-w", demo_template, "explain", "cun-01"]).stdout
    assert (
        "自查自评：活动台账 党员“一创三联” · 完成率：22名党员中22名一创已完成且三联均有本年走访 → 1 × 6 分 = 6 分"
        in text
    )
    assert "completion" not in text
    en = ok(["-w", demo_template, "--lang", "en", "explain", "cun-01"]).stdout
    assert "tracker 党员“一创三联” · completion: 22 of 22 members" in en


def test_the_ledger_s_tracker_sheets_name_their_metrics(demo_template):
    book = openpyxl.load_workbook(next(demo_template.glob("*台账.xlsx")), read_only=True)
    for sheet, names, first in (
        ("党员“一创三联”", ["完成率", "走访达标率"], "完成率：一创已完成且三联均有本年走访的党员数 ÷ 党员数"),
        ("三亮三比三评", ["完成率", "好评率"], "完成率：三亮均已做到、三评均已得到的党员数 ÷ 党员数"),
    ):
        rows = [list(r) for r in book[sheet].iter_rows(max_row=8, values_only=True)]
        at = next(i for i, r in enumerate(rows) if r[0] == "编号")
        assert rows[at][5:8] == [*names, "计算依据"] and rows[1][0] == first, rows
        assert str(rows[at + 1][7]).startswith(names[0] + "：") and "；" + names[1] + "：" in rows[at + 1][7]
    book.close()


def test_the_merged_ledger_s_manifest_names_standards_and_files(demo_template, tmp_path):
    merged = tmp_path / "合并.xlsx"
    ok(["ledger", "merge", next(demo_template.glob("*台账.xlsx")), "-o", merged])
    cells = [r for r in openpyxl.load_workbook(merged)["汇总"].iter_rows(values_only=True) if r[0]]
    about = [(r[0].strip(), r[1]) for r in cells[next(i for i, r in enumerate(cells) if "说明" in r[0]) + 2 :]]
    assert about[0][0] == "乡镇 岩樟乡"
    assert about[1][0] == "评分标准 农村" and about[1][1].startswith("village 2026.2  sha256 ")
    assert ("输入文件 农村", "农村评分.csv  sha256 ") == (about[6][0], about[6][1][: len("农村评分.csv  sha256 ")])
    assert not any(k.startswith(("standard.", "file.")) for k, _ in about), about
