"""``dingji visit``: the visit ledger (走访台账) — add, import (CSV with BOM and Chinese headers,
xlsx filled with openpyxl), list, --missing, the template, bad input, and its ledger sheet.

The township is ledger_support's: sq-01 … sq-04 (hostile names), graded in 2025."""

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

HEAD = (
    "组织编号,走访日期,走访人,走访形式,"
    "设置是否合理,班子是否健全,制度是否完善,场所是否达标,保障是否到位,作用发挥,群众满意,发现的问题\n"
)


@pytest.fixture
def ws(tmp_path, copy_township):
    return copy_township(tmp_path / "乡")


def visits(root) -> list[tuple]:
    db = sqlite3.connect(root / "dingji.sqlite")
    try:
        return db.execute("SELECT year, org, date, visitors, form, data FROM visits ORDER BY id").fetchall()
    finally:
        db.close()


def v(root, *args, **kw):
    return ok(["--workspace", root, "visit", *args], **kw)


def test_add_then_list_and_missing(ws):
    out = v(
        ws,
        "add",
        "sq-01",
        "--date",
        "2025/3/2",
        "--by",
        "王书记、李委员",
        "--form",
        "座谈了解",
        "--team",
        "否",
        "--role",
        "较好",
        "--masses",
        "基本满意",
        "--problems",
        "班子缺1名委员",
    )
    assert out.stdout.strip() == "已记录走访（第 1 条）：sq-01 2025/3/2，王书记、李委员"
    [(year, org, day, who, form, data)] = visits(ws)
    assert (year, org, day, who, form) == (2025, "sq-01", "2025-03-02", "王书记、李委员", "座谈了解")
    assert json.loads(data) == {"team": False, "role": "较好", "masses": "基本满意", "problems": "班子缺1名委员"}
    listed = v(ws, "list")
    assert "班子✗ 作用发挥较好 群众基本满意" in listed.stdout and "班子缺1名委员" in listed.stdout
    assert (
        listed.stderr.strip() == "2025 年已走访 1 / 4 个组织（走访 1 次）；未走访 3 个（dingji visit list --missing）"
    )
    missing = v(ws, "list", "--missing", "--format", "json")
    assert [o["org"] for o in json.loads(missing.stdout)["missing"]] == ["sq-02", "sq-03", "sq-04"]
    assert json.loads(missing.stdout)["missing"][0]["domain"] == "社区"  # the 领域 name, not the standard's id


def test_import_csv_with_bom_and_chinese_headers_then_every_organization_is_visited(ws):
    path = write(
        ws / "走访.csv",
        HEAD + "sq-02,2025-03-05,组织委员 罗秀英,实地查看,是,是,否,是,是,一般,不满意,制度未上墙\n"
        "sq-03,2025年3月6日,罗秀英,个别谈话,,,,,,,,\n"
        "sq-04,20250307,罗秀英,入户走访,yes,no,,,,好,满意,\n",
    )
    out = v(ws, "import", path)
    assert out.stdout.strip() == "已导入 2025 年走访记录 3 条（3 个组织，第 1 次导入）"
    assert [r[1:4] for r in visits(ws)] == [
        ("sq-02", "2025-03-05", "组织委员 罗秀英"),
        ("sq-03", "2025-03-06", "罗秀英"),
        ("sq-04", "2025-03-07", "罗秀英"),
    ]
    assert json.loads(visits(ws)[2][5]) == {"setup": True, "team": False, "role": "好", "masses": "满意"}
    v(ws, "add", "sq-01", "--date", "2025-03-08", "--by", "王书记", "--form", "实地查看")
    assert v(ws, "list", "--missing").stderr.strip() == "2025 年名单中的 4 个组织都已走访，一个不漏"
    db = sqlite3.connect(ws / "dingji.sqlite")
    [(kind, files, rows)] = db.execute("SELECT kind, files, rows FROM imports WHERE kind='visits'").fetchall()
    db.close()
    assert rows == 3 and json.loads(files)[0]["file"] == "走访.csv" and len(json.loads(files)[0]["sha256"]) == 64


def test_the_xlsx_template_lists_those_not_visited_and_reads_back_filled_in(ws, tmp_path):
    import openpyxl

    v(ws, "add", "sq-01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看")
    v(ws, "template", "-o", tmp_path / "走访.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "走访.xlsx")
    assert wb.sheetnames == ["走访台账", "填表说明", "组织名单"]
    sheet = wb["走访台账"]
    assert sheet["A1"].value == "dingji:tracker:visits" and sheet.row_dimensions[1].hidden
    assert [sheet.cell(r, 1).value for r in range(3, 6)] == ["sq-02", "sq-03", "sq-04"]
    assert sheet["B3"].value == "+1" and sheet["B3"].data_type == "s"  # a name stays text
    sheet["C4"], sheet["D4"], sheet["E4"], sheet["K4"] = "2025-04-01", "李委员", "座谈了解", "好"
    wb.save(tmp_path / "走访.xlsx")
    out = v(ws, "import", tmp_path / "走访.xlsx")  # the rows left blank (sq-02, sq-04) are not visits
    assert "走访记录 1 条（1 个组织" in out.stdout
    assert [r[1] for r in visits(ws)] == ["sq-01", "sq-03"]


def test_bad_input_lists_every_problem_with_its_place_and_stores_nothing(ws):
    v(ws, "add", "sq-01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看")
    before = visits(ws)
    path = write(
        ws / "坏.csv",
        HEAD + "sq-09,2025-03-05,罗秀英,实地查看,,,,,,,,\n"  # 2: unknown org
        "sq-02,2025-02-30,罗秀英,实地查看,,,,,,,,\n"  # 3: no such day
        "sq-03,2025-03-05,,实地查看,也许,,,,,,,\n"  # 4: visitors blank, 是/否
        "sq-04,2025-03-05,罗秀英,实地查看,,,,,,,,\n"  # 5: good
        "sq-04,2025-03-05,罗秀英,座谈了解,,,,,,,,\n"  # 6: repeats line 5's key
        "sq-01,2025-03-02,王书记,实地查看,,,,,,,,\n"  # 7: recorded already
        "sq-02,2025-03-09,罗秀英,实地查看,,,,,,很好,,\n",
    )  # 8: not a choice
    out = fails(["--workspace", ws, "visit", "import", path])
    err = out.stderr
    assert err.splitlines()[0] == "发现 7 个问题，未写入任何内容："
    for text in (
        "列 组织编号，第 2 行: 组织 'sq-09' 不在组织名单中",
        "列 走访日期，第 3 行: 走访日期：'2025-02-30' 不是有效日期（请写作 2026-03-01）",
        "列 走访人，第 4 行: 走访人未填写（必填）",
        "列 设置是否合理，第 4 行: 设置是否合理：",
        "列 作用发挥，第 8 行: 作用发挥：'很好' 不是可选值（好、较好、一般、差）之一",
        "列 走访日期，第 7 行: sq-01 于 2025-03-02 由 王书记 走访的记录已存在（走访记录 1）",
    ):
        assert text in err, text
    assert "第 6 行: sq-04 走访日期 2025-03-05、走访人 罗秀英：记录重复" in err
    assert visits(ws) == before
    bad = fails(
        [
            "--workspace",
            ws,
            "visit",
            "add",
            "sq-02",
            "--date",
            "明天",
            "--by",
            "王",
            "--form",
            "x",
            "--masses",
            "很满意",
        ]
    )
    assert "键 --date: 走访日期：'明天' 不是有效日期" in bad.stderr and "键 --masses: 群众满意：'很满意'" in bad.stderr
    assert visits(ws) == before


def test_replace_swaps_the_years_visits_keeping_the_audit_row(ws):
    v(ws, "add", "sq-01", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看")
    path = write(ws / "v.csv", HEAD + "sq-01,2025-03-02,王书记,实地查看,,,,,,,,\n")
    fails(["--workspace", ws, "visit", "import", path])  # recorded already
    out = v(ws, "import", path, "--replace")
    assert out.stdout.strip().endswith("；替换了之前的 1 条")
    assert len(visits(ws)) == 1


def test_the_ledger_has_the_visit_sheet_and_the_summary_counts_them(ws, tmp_path):
    v(
        ws,
        "add",
        "sq-03",
        "--date",
        "2025-03-02",
        "--by",
        "王书记",
        "--form",
        "实地查看",
        "--setup",
        "是",
        "--problems",
        "=SUM(A1)",
    )
    ok(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.xlsx"])
    book = sheets(tmp_path / "l.xlsx")
    sheet = book["走访台账"]
    assert sheet[1][0].startswith("已走访 1 / 4 个组织（走访 1 次）；未走访 3 个：" + HOSTILE["sq-01"] + "（sq-01）")
    assert sheet[2][:8] == ["序号", "编号", "党组织名称", "领域", "走访日期", "走访人", "走访形式", "设置是否合理"]
    assert sheet[3][:8] == [1.0, "sq-03", "-2", "社区", "2025-03-02", "王书记", "实地查看", "是"]
    assert sheet[3][14] == "=SUM(A1)"  # text, never a formula
    summary = [[c for c in r if c != ""] for r in book["汇总"]]
    at = next(i for i, r in enumerate(summary) if r and str(r[0]).endswith("走访情况（一个不漏）"))
    assert summary[at + 2] == ["社区", 4.0, 1.0, 3.0]
