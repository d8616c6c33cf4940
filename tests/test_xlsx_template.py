"""The data-entry workbook: its sheets, key rows, headers, validation, protection, and safe texts."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import openpyxl
import pytest

import dingji
from dingji import Organization
from dingji.core.inputs import spec_for
from dingji.io.xlsx.template import (
    BLANK_ROWS,
    FIRST_ROW,
    NAME_KEY,
    layout,
    org_marker,
    write_template,
)

#: A small standard with a ``total`` source, a check with items and no survey.
SMALL = """
schema = 1
[standard]
id = "small"
name = "小标准"
domain = "小领域"
version = "1"
[scale]
total = 100
precision = 1
[[grade]]
name = "好"
min = 90
[[grade]]
name = "较差"
min = 0
[[source]]
id = "self"
name = "自评"
weight = 0.5
[[source]]
id = "boss"
name = "上级总评"
weight = 0.5
kind = "total"
[[category]]
id = "c"
name = "类"
points = 100
  [[category.indicator]]
  id = "lead"
  name = "=书记（公式样名称）"
  points = 60
  method = "score"
  [[category.indicator]]
  id = "site"
  name = "阵地"
  points = 40
  method = "check"
  items = [ { id = "room", name = "有活动室", points = 30 }, { id = "sign", name = "+标牌", points = 10 } ]
[[veto]]
id = "crime"
name = "-违法违纪"
"""

ROSTER = [
    Organization("cun-01", "一村党支部", "village", parent="某镇党委", secretary="张三", members=31),
    Organization("cun-02", "二村党支部", "农村"),
    Organization("cun-03", "三村党支部", "village"),
    Organization("qiye-01", "某企业党支部", "private"),  # another domain: left out
]


@pytest.fixture(scope="module")
def village():
    return dingji.get_standard("village")


@pytest.fixture(scope="module")
def small():
    return dingji.load_standard(SMALL)


@pytest.fixture(scope="module")
def book(tmp_path_factory, village):
    path = write_template(village, ROSTER, tmp_path_factory.mktemp("tpl") / "村.xlsx")
    return openpyxl.load_workbook(path)


def keys_of(ws):
    return [c.value for c in ws[1]]


def test_sheets_in_order(book):
    assert book.sheetnames == [
        "填表说明",
        "组织名单",
        "自查自评",
        "上级党组织评定",
        "活动台账",
        "满意度测评",
        "加分扣分",
        "否决事项",
    ]


def test_every_accepted_input_has_exactly_one_column(book, village):
    seen = []
    for ws in book.worksheets[2:]:
        keys = keys_of(ws)
        assert keys[0] == org_marker(village) == "dingji:org:village:2026.2"
        assert keys[1] == NAME_KEY
        seen += [tuple(k.split(":", 1)) for k in keys[2:]]
    assert len(seen) == len(set(seen))
    assert set(seen) == set(spec_for(village).accepts)  # `when` vetoes are computed: not in either
    assert ("veto", "low_satisfaction") not in seen


def test_tracker_inputs_are_entered_once(book):
    assert keys_of(book["活动台账"])[2:] == ["tracker:yichuang"]
    assert not any(k.startswith("tracker:") for k in keys_of(book["自查自评"])[2:])


def test_headers_name_points_and_method(book):
    ws = book["自查自评"]
    heads = {k: ws.cell(row=2, column=i + 1).value for i, k in enumerate(keys_of(ws))}
    assert heads["self:secretary"] == "村党组织书记\n(5分·直接评分)"  # village 2026.2: 6 → 5 for 保障机制
    assert heads["self:sanhui_yike"] == "落实三会一课\n(8分·每次扣1分)"
    assert heads["self:team_structure.no_woman"] == "两委班子结构：两委班子无女性成员\n(每次扣2分·本项共4分)"
    assert heads["self:activity_site.site"] == "村级组织活动场所：有村级组织活动场所\n(4分·是/否)"
    assert heads["self:training"] == "党员教育培训达标率\n(4分·比率×分值)"
    assert heads["self:participation"] == "党员参加组织生活率\n(6分·按比率分档)"
    assert heads["self:duty_report"] == "村干部述职评议\n(3分·达到填是)"
    assert heads["self:guarantee.pay"] == "保障机制：村干部报酬未按标准落实\n(每次扣3分·本项共10分)"
    bonus = book["加分扣分"]
    assert bonus["C2"].value == "加分：受到县级以上表彰\n(每次加2分·上限5分)"
    # village requires its veto facts (require_veto_facts), so the header says 必填
    assert book["否决事项"]["C2"].value == "近两年书记或班子成员有重大违纪违法行为\n(必填·是/否·是则定为较差)"


def test_rows_hold_the_roster_of_this_domain(book):
    ws = book["自查自评"]
    assert [
        (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(FIRST_ROW, ws.max_row + 1)
    ] == [("cun-01", "一村党支部"), ("cun-02", "二村党支部"), ("cun-03", "三村党支部")]
    roster = book["组织名单"]
    assert [c.value for c in roster[1]] == ["组织编号", "组织名称", "领域", "上级党组织", "书记", "党员数"]
    assert [c.value for c in roster[2]] == ["cun-01", "一村党支部", "village", "某镇党委", "张三", 31]
    assert roster.max_row == 4


def test_key_row_hidden_header_frozen_ids_locked(book):
    ws = book["自查自评"]
    assert ws.row_dimensions[1].hidden
    assert ws.freeze_panes == "C3"
    assert ws.protection.sheet
    assert ws["A3"].protection.locked and ws["A3"].fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.column_dimensions["C"].protection.locked is False  # input cells inherit an unlocked column style
    assert ws.column_dimensions["C"].width >= 8 and ws.column_dimensions["B"].width >= 12


def test_validation_on_every_input_cell(book, village):
    ws = book["自查自评"]
    by_col = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_col[rng.coord] = dv
    keys = keys_of(ws)
    letter = {k: openpyxl.utils.get_column_letter(i + 1) for i, k in enumerate(keys)}

    def dv(key):
        col = letter[key]
        return by_col[f"{col}3:{col}5"]

    score = dv("self:secretary")
    assert (score.type, score.operator, score.formula1, score.formula2) == ("decimal", "between", "0", "5")  # 书记: 5
    count = dv("self:sanhui_yike")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    rate = dv("self:training")
    assert (rate.type, rate.formula1, rate.formula2) == ("decimal", "0", "1")
    yesno = dv("self:duty_report")
    assert (yesno.type, yesno.formula1) == ("list", '"是,否"')
    assert all(d.allow_blank and d.showErrorMessage for d in ws.data_validations.dataValidation)
    assert "书记政治素质好" in score.prompt
    assert len(by_col) == len(keys) - 2


def test_instructions(book, village):
    text = "\n".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value is not None)
    for needed in (
        village.id,
        village.version,
        village.sha256,
        "85%",
        "是",
        "否",
        "留空",
        "绝不按 0 分处理",
        "组织名单",
        "自查自评",
        "活动台账",
        "满意度测评",
        "加分扣分",
        "否决事项",
        "隐藏的第 1 行",
    ):
        assert needed in text, needed


def test_blank_template_leaves_rows_to_fill(tmp_path, village):
    path = write_template(village, [], tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["自查自评"]
    assert not ws.protection.sheet
    assert ws["A3"].value is None
    ranges = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    last = FIRST_ROW + BLANK_ROWS - 1
    assert f"C3:C{last}" in ranges
    ids = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and "组织名单" in (dv.formula1 or "")]
    assert ids and str(ids[0].sqref) == f"A3:A{last}"


def test_english_template(tmp_path, village):
    wb = openpyxl.load_workbook(write_template(village, ROSTER, tmp_path / "en.xlsx", lang="en"))
    assert wb.sheetnames == [
        "Instructions",
        "Roster",
        "self",
        "superior",
        "Tracker",
        "Survey",
        "Bonus-Penalty",
        "Vetoes",
    ]
    ws = wb["self"]
    assert ws["A2"].value == "org" and ws["C2"].value == "村党组织书记\n(5 pts · score)"
    heads = [c.value for c in ws[2]]
    assert "落实三会一课\n(8 pts · −1 each)" in heads
    assert [c.value for c in wb["Roster"][1]] == ["org", "name", "domain", "parent", "secretary", "members"]
    yesno = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert yesno and yesno[0].formula1 == '"yes,no"'


def test_total_source_and_formula_like_names(tmp_path, small):
    """Names from a standard or a roster that look like formulas stay texts, read back unchanged."""
    risky = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']
    roster = [Organization(f"o{i}", name, "small", secretary=name) for i, name in enumerate(risky)]
    path = write_template(small, roster, tmp_path / "risky.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填表说明", "组织名单", "自评", "上级总评", "否决事项"]
    assert [c.value for c in wb["上级总评"][1]] == [org_marker(small), NAME_KEY, "boss:total"]
    assert wb["上级总评"]["C2"].value == "上级总评\n(总分 0～100分)"
    ws = wb["自评"]
    assert ws["C2"].value == "=书记（公式样名称）\n(60分·直接评分)"
    assert ws["E2"].value == "阵地：+标牌\n(10分·是/否)"
    assert [ws.cell(row=r, column=2).value for r in range(3, 3 + len(risky))] == risky
    assert [wb["组织名单"].cell(row=r, column=5).value for r in range(2, 2 + len(risky))] == risky
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in x or b"<f " in x for x in sheets)
    # and calamine, which the reader uses, sees the same texts
    from python_calamine import CalamineWorkbook

    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("自评").to_python(skip_empty_area=False)
    assert [row[1] for row in cells[2 : 2 + len(risky)]] == risky


def test_layout_titles_are_valid_sheet_names(small):
    std = dingji.load_standard(
        SMALL.replace('name = "自评"', 'name = "自评/互评[2024]:初稿?*很长很长很长很长很长很长很长很长很长"')
    )
    titles = [s.title for s in layout(std)]
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)


def test_write_replaces_atomically(tmp_path, village, monkeypatch):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    from openpyxl import Workbook

    def broken(self, filename):
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken)
    with pytest.raises(OSError, match=r"^disk full$"):
        write_template(village, ROSTER, path)
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_written_file_has_ordinary_permissions(tmp_path, village):
    path = write_template(village, [], tmp_path / "t.xlsx")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_import_dingji_stays_light():
    code = (
        "import sys, dingji; dingji.get_standard('village'); "
        "from dingji.registry import default_registry; r = default_registry(); "
        "assert r.reader_for('a.xlsx').name == 'xlsx'; "
        "print('openpyxl' in sys.modules, 'python_calamine' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
