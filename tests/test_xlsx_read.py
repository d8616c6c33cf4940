"""Reading filled-in templates: openpyxl-written, shared strings, LibreOffice-saved; every bad cell with its place."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest

import dingji
from dingji import InputError, Organization
from dingji.core.inputs import collect, spec_for
from dingji.core.scoring import grade_all
from dingji.io.xlsx.layout import ORG_KEY
from dingji.io.xlsx.read import column_letter, read_roster_xlsx, read_template
from dingji.io.xlsx.template import write_template
from dingji.registry import default_registry

ROSTER = [
    Organization("cun-01", "一村党支部", "village"),
    Organization("cun-02", "二村党支部", "village"),
    Organization("cun-03", "三村党支部", "village"),
]
BY_ID = {o.id: o for o in ROSTER}
SKIP = object()  # leave the cell blank
_DEFAULT = object()

# cun-01, graded by hand (village 2026.2: secretary 5, 两委班子结构 4, 述职评议 3, 保障机制 10):
#   self: full marks except 党员“一创三联” (tracker 0.5 × 6 = 3)           → 100 − 3 = 97
#   superior: secretary 4.5 of 5 (−0.5); 无女性成员 ×1 (−2 of 4); 述职评议 否 (−3); 无发展计划 ×1 (−2);
#     training "85%" → 0.85 × 4 = 3.4 (−0.6); tracker 3 (−3); 三会一课 ×2 (−2);
#     participation 0.9 reaches the 0.85 tier → 4 (−2); theme_day 2.5 (−0.5);
#     设备正常使用 否 (−2); visits 0.8 × 5 = 4 (−1); 保障机制 no deduction (0)
#     lost 0.5 + 2 + 3 + 2 + 0.6 + 3 + 2 + 2 + 0.5 + 2 + 1 = 18.6             → 100 − 18.6 = 81.4
#   review: 100 × (40×1 + 8×0.8 + 2×0) / (40 + 8 + 2) = 100 × 46.4 / 50 = 92.8 (不了解 5 left out)
#   satisfaction 48 / 50 = 0.96, so no `when` veto holds
#   combined 0.2×97 + 0.3×92.8 + 0.5×81.4 + bonus 2 (honor ×1) − penalty 1 (late_report ×1)
#          = 19.4 + 27.84 + 40.7 + 1 = 88.94 → 88.9 → 较好
CUN01 = {
    ("tracker", "yichuang"): 0.5,
    ("superior", "secretary"): 4.5,
    ("superior", "team_structure.no_woman"): 1,
    ("superior", "duty_report"): "否",
    ("superior", "recruitment.no_plan"): 1,
    ("superior", "training"): "85%",
    ("superior", "sanhui_yike"): "2",
    ("superior", "participation"): 0.9,
    ("superior", "theme_day"): 2.5,
    ("superior", "activity_site.equipment"): "否",
    ("superior", "visits"): 0.8,
    ("survey", "满意"): 40,
    ("survey", "基本满意"): 8,
    ("survey", "不满意"): 2,
    ("survey", "不了解"): 5,
    ("bonus", "honor"): 1,
    ("penalty", "late_report"): 1,
    ("veto", "violation"): "否",
}
# cun-02: full marks, but a fact veto holds → 较差 whatever the score
CUN02 = {("veto", "violation"): "是"}


def full_marks(source, item, kind, maximum):
    """A valid value for every input: full marks, no deductions, no veto, 10 satisfied answers.
    Every veto fact is entered 否: the built-in standards require them (require_veto_facts)."""
    if source == "survey":
        return 10 if item == "满意" else SKIP
    if source == "veto":
        return "否"
    if source in ("bonus", "penalty"):
        return SKIP
    return {"score": maximum, "count": 0, "rate": 1, "yesno": "是"}[kind]


def fill(path, standard, values=None, default=full_marks, out=None):
    """Fill a template's input cells with openpyxl as a user would; ``values[org][(source, item)]``."""
    accepts = spec_for(standard).accepts
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        keys = [c.value for c in ws[1]]
        if not keys or not str(keys[0] or "").startswith(ORG_KEY):
            continue
        for r in range(3, ws.max_row + 1):
            org = ws.cell(row=r, column=1).value
            if not org:
                continue
            for c, key in enumerate(keys[2:], 3):
                source, _, item = key.partition(":")
                kind, maximum, _ = accepts[(source, item)]
                v = (values or {}).get(org, {}).get((source, item), _DEFAULT)
                if v is _DEFAULT:
                    v = default(source, item, kind, maximum) if default else SKIP
                if v is not SKIP:
                    ws.cell(row=r, column=c).value = float(v) if isinstance(v, Decimal) else v
    wb.save(out or path)
    return out or path


@pytest.fixture(scope="module")
def village():
    return dingji.get_standard("village")


@pytest.fixture(scope="module")
def filled(tmp_path_factory, village):
    folder = tmp_path_factory.mktemp("filled")
    path = write_template(village, ROSTER, folder / "村.xlsx")
    return fill(path, village, {"cun-01": CUN01, "cun-02": CUN02})


def grades(standard, batch):
    results = grade_all(standard, collect(standard, [batch], roster=BY_ID), BY_ID)
    return {r.org: (r.score, r.grade, r.service_oriented) for r in results}


EXPECTED = {
    "cun-01": (Decimal("88.9"), "较好", False),
    "cun-02": (Decimal("100.0"), "较差", False),
    "cun-03": (Decimal("100.0"), "好", True),
}


def test_round_trip_grades(filled, village):
    assert grades(village, read_template(filled, village)) == EXPECTED


def test_english_template_reads_the_same(tmp_path, village):
    path = fill(
        write_template(village, ROSTER, tmp_path / "en.xlsx", lang="en"), village, {"cun-01": CUN01, "cun-02": CUN02}
    )
    assert grades(village, read_template(path, village)) == EXPECTED


def test_rows_are_plain_tuples_with_cheap_places(filled, village):
    batch = read_template(filled, village)
    rows = list(batch.rows)
    assert all(type(r) is tuple and len(r) == 5 for r in rows)
    by_key = {(r[0], r[1], r[2]): r for r in rows}
    org, source, item, value, where = by_key[("cun-01", "superior", "secretary")]
    assert value == 4.5 and where == ("上级党组织评定", 3, 2)
    assert by_key[("cun-01", "superior", "training")][3] == "85%"  # texts pass through; the core parses them
    assert by_key[("cun-01", "superior", "duty_report")][3] == "否"
    assert by_key[("cun-01", "bonus", "model_village")][3] is None  # blank: not entered
    place = batch.locate(where)
    assert (place.file, place.sheet, place.row, place.column) == (str(filled), "上级党组织评定", 3, "C (村党组织书记)")
    assert batch.problems == []
    # 3 organizations × every accepted input, each exactly once
    assert len(rows) == 3 * len(spec_for(village).accepts)


def to_shared_strings(src, dst):
    """Rewrite an openpyxl workbook (inline strings) to use xl/sharedStrings.xml, as Excel does."""
    strings, index = [], {}

    def shared(match):
        attrs, text = match.group(1), match.group(3)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c{attrs} t="s"><v>{index[text]}</v></c>'

    inline = re.compile(r'<c([^>]*?) t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>', re.S)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = inline.sub(shared, data.decode("utf-8")).encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.'
                    b'org/officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            zout.writestr(info, data)
        items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
        zout.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml'
            f'formats.org/spreadsheetml/2006/main" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>',
        )
    return dst


def test_openpyxl_writes_inline_strings_and_shared_strings_read_the_same(filled, village, tmp_path):
    with zipfile.ZipFile(filled) as zf:
        assert "xl/sharedStrings.xml" not in zf.namelist()  # openpyxl 3.1 writes inline strings
    shared = to_shared_strings(filled, tmp_path / "shared.xlsx")
    with zipfile.ZipFile(shared) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
        assert b"inlineStr" not in b"".join(zf.read(n) for n in zf.namelist() if "worksheets" in n)
    assert sorted(read_template(shared, village).rows) == sorted(read_template(filled, village).rows)
    assert grades(village, read_template(shared, village)) == EXPECTED


def test_a_large_workbook_loads_two_sheets_at_a_time_with_the_same_rows(filled, village, monkeypatch):
    from dingji.io.xlsx import sheets

    alone = read_template(filled, village)
    calls = []
    real = sheets._two_at_a_time
    monkeypatch.setattr(sheets, "TWO_AT_A_TIME", 0)  # as a workbook of a city's size would be
    monkeypatch.setattr(sheets, "_two_at_a_time", lambda *a: calls.append(a) or real(*a))
    both = read_template(filled, village)
    assert calls and list(both.rows) == list(alone.rows) and both.problems == alone.problems == []
    assert grades(village, read_template(filled, village)) == EXPECTED


# --- LibreOffice -------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
)


def soffice_convert(src, outdir, profile, infilter=None):
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", "xlsx", "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(profile)})
    out = outdir / (src.stem + ".xlsx")
    assert out.exists(), f"LibreOffice wrote nothing for {src}"
    return out


@pytest.mark.external
@needs_soffice
def test_template_saved_by_libreoffice(filled, village, tmp_path, lo_profile):
    saved = soffice_convert(filled, tmp_path, lo_profile)
    with zipfile.ZipFile(saved) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
    batch = read_template(saved, village)
    assert grades(village, batch) == EXPECTED
    # LibreOffice keeps the hidden key row, so places stay exact
    rows = {(r[0], r[1], r[2]): r for r in read_template(saved, village).rows}
    assert rows[("cun-01", "superior", "secretary")][3:] == (4.5, ("上级党组织评定", 3, 2))


@pytest.mark.external
@needs_soffice
def test_roster_from_a_libreoffice_converted_csv(tmp_path, lo_profile):
    csv = tmp_path / "名单.csv"
    csv.write_text(
        "组织编号,组织名称,领域,上级党组织,党员数\n"
        "cun-01,一村党支部,农村,某镇党委,31\n"
        "1001,二村党支部,village,某镇党委,12\n",
        encoding="utf-8",
    )
    saved = soffice_convert(csv, tmp_path, lo_profile, infilter="CSV:44,34,76,1")
    with zipfile.ZipFile(saved) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
    orgs = read_roster_xlsx(saved)
    assert orgs == [
        Organization("cun-01", "一村党支部", "农村", "某镇党委", None, 31),
        Organization("1001", "二村党支部", "village", "某镇党委", None, 12),
    ]


# --- bad cells --------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_its_place(tmp_path, example):
    """The example standard: secretary is a 15-point score; meetings a count; participation a rate."""
    roster = [Organization("a", "甲", "village"), Organization("b", "乙", "village")]
    path = write_template(example, roster, tmp_path / "bad.xlsx")
    fill(
        path,
        example,
        {
            "a": {
                ("self", "secretary"): "abc",
                ("superior", "secretary"): 16,
                ("self", "participation"): SKIP,  # a blank rate is missing (a blank count would be 0)
                ("veto", "violation"): "maybe",
            },
            "b": {("self", "participation"): datetime.date(2024, 3, 2), ("superior", "meetings"): 1.5},
        },
    )
    with pytest.raises(
        InputError,
        match=r"bad\.xlsx, sheet 自查自评, row 3, column C \(书记队伍\): a self/secretary \(书记队伍\): "
        r"'abc' is not a number\n",
    ) as exc:
        collect(example, [read_template(path, example)], roster={o.id: o for o in roster})
    found = {(p.place.sheet, p.place.row, p.place.column.split(" ")[0]): p for p in exc.value.problems if p.place.sheet}
    assert set(found) == {
        ("自查自评", 3, "C"),
        ("上级党组织评定", 3, "C"),
        ("自查自评", 3, "E"),
        ("否决事项", 3, "C"),
        ("自查自评", 4, "E"),
        ("上级党组织评定", 4, "D"),
    }
    assert "'abc' is not a number" in found[("自查自评", 3, "C")].message
    assert "out of range 0..15" in found[("上级党组织评定", 3, "C")].message
    assert "missing value" in found[("自查自评", 3, "E")].message
    assert "not yes/no" in found[("否决事项", 3, "C")].message
    assert "2024-03-02" in found[("自查自评", 4, "E")].message
    assert "whole number" in found[("上级党组织评定", 4, "D")].message
    place = found[("自查自评", 3, "C")].place
    assert place.file == str(path) and place.column == "C (书记队伍)"
    assert "工作表 自查自评，第 3 行，列 C (书记队伍)" in exc.value.describe("zh")
    assert len(exc.value.problems) == 6  # nothing reported twice, nothing without a cell


def test_unknown_key_column_names_sheet_and_column(filled, village, tmp_path):
    wb = openpyxl.load_workbook(filled)
    ws = wb["自查自评"]
    ws["D1"] = "self:no_such_item"
    ws.title = "自评（改名）"  # sheet names do not matter
    path = tmp_path / "k.xlsx"
    wb.save(path)
    batch = read_template(path, village)
    assert len(batch.problems) == 1
    p = batch.problems[0]
    assert (p.place.sheet, p.place.row, p.place.column) == ("自评（改名）", 1, "D (两委班子结构：两委班子不健全)")
    assert "self:no_such_item" in p.message and "自评（改名）" in p.describe("en")
    with pytest.raises(
        InputError,
        match=r"k\.xlsx, sheet 自评（改名）, row 1, column D \(两委班子结构：两委班子不健全\): the hidden "
        r"key row names 'self:no_such_item', which standard village does not accept\n",
    ) as exc:
        collect(village, [batch], roster=BY_ID)
    # the column was not read, so that input is missing for every organization, and the key problem is listed
    assert p in exc.value.problems


def test_user_columns_and_sheets_are_ignored(filled, village, tmp_path):
    wb = openpyxl.load_workbook(filled)
    ws = wb["自查自评"]
    ws.insert_cols(3)
    ws["C2"] = "备注"
    ws["C3"] = "写给自己的话"
    wb.create_sheet("我的草稿")["A1"] = "随便写写"
    path = tmp_path / "u.xlsx"
    wb.save(path)
    batch = read_template(path, village)
    assert grades(village, batch) == EXPECTED and batch.problems == []


def test_not_a_template(tmp_path, village):
    wb = openpyxl.Workbook()
    wb.active.append(["org", "source", "item", "value"])
    wb.active.append(["cun-01", "self", "secretary", 5])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    with pytest.raises(
        InputError,
        match=r"plain\.xlsx: this is not a dingji data-entry template: no sheet has the hidden key "
        r"row in row 1 \(make one with: dingji template village; ",
    ) as exc:
        read_template(path, village)
    [p] = exc.value.problems
    assert "not a dingji data-entry template" in p.message and "dingji template village" in p.message
    assert p.place.file == str(path) and "数据录入模板" in p.message_zh


def test_template_of_another_standard(tmp_path, village):
    private = dingji.get_standard("private")
    path = write_template(private, [], tmp_path / "qiye.xlsx")
    with pytest.raises(
        InputError,
        match=rf"qiye\.xlsx: this template was made for standard private "
        rf"{re.escape(private.version)}, not village \(农村党组织分类定级评分标准\)$",
    ) as exc:
        read_template(path, village)
    [p] = exc.value.problems
    assert f"made for standard private {private.version}, not village" in p.message


def test_older_version_of_the_standard_says_so(filled, village, tmp_path):
    wb = openpyxl.load_workbook(filled)
    for ws in wb.worksheets[2:]:
        ws["A1"] = ws["A1"].value.replace(village.version, "2020.1")
    wb["自查自评"]["C1"] = "self:old_indicator"
    path = tmp_path / "old.xlsx"
    wb.save(path)
    [p] = read_template(path, village).problems
    assert "version 2020.1" in p.message and "make a new template" in p.message


def test_blank_template_filled_by_typing_ids(tmp_path, village):
    path = write_template(village, [], tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[2:]:
        for r, org in enumerate(ROSTER, 3):
            ws.cell(row=r, column=1).value = org.id
    ws = wb["自查自评"]
    ws["C10"] = 3  # a value on a row without an organization id
    wb.save(path)
    fill(path, village, {"cun-01": CUN01, "cun-02": CUN02})
    batch = read_template(path, village)
    with pytest.raises(
        InputError,
        match=r"blank\.xlsx, sheet 自查自评, row 10, column A \(组织编号\): a row with values has no "
        r"organization id$",
    ) as exc:
        grades(village, batch)
    [p] = exc.value.problems
    assert (p.place.sheet, p.place.row, p.place.column) == ("自查自评", 10, "A (组织编号)")
    assert "no organization id" in p.message
    ws["C10"] = None
    wb.save(path)
    fill(path, village, {"cun-01": CUN01, "cun-02": CUN02})
    assert grades(village, read_template(path, village)) == EXPECTED


def test_numeric_org_ids_are_texts(tmp_path, village):
    roster = [Organization("1001", "一村", "village")]
    path = write_template(village, [], tmp_path / "n.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[2:]:
        ws["A3"] = 1001  # typed as a number
    wb.save(path)
    fill(path, village)
    results = grade_all(village, collect(village, [read_template(path, village)], roster={"1001": roster[0]}))
    assert [r.org for r in results] == ["1001"]


# --- roster -------------------------------------------------------------------------


def test_roster_from_the_template(filled):
    assert read_roster_xlsx(filled) == ROSTER


def test_roster_problems_have_sheet_row_and_column(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["本镇党组织名单"])  # a title row above the header
    ws.append(["组织编号", "组织名称", "领域", "党员数"])
    ws.append(["cun-01", "一村", "village", 30.0])
    ws.append(["cun-02", None, "village", "很多"])
    ws.append(["cun-01", "重复", "village", None])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    with pytest.raises(
        InputError,
        match=r"roster\.xlsx, sheet 名单, row 4, column B \(组织名称\): name is empty\n.*roster\.xlsx, "
        r"sheet 名单, row 5, column A \(组织编号\): organization 'cun-01' appears twice$",
    ) as exc:
        read_roster_xlsx(path)
    places = [(p.place.sheet, p.place.row, p.place.column) for p in exc.value.problems]
    assert places == [("名单", 4, "B (组织名称)"), ("名单", 5, "A (组织编号)")]
    ws.delete_rows(4, 2)
    wb.save(path)
    assert read_roster_xlsx(path) == [Organization("cun-01", "一村", "village", members=30)]


def test_roster_without_header(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["甲", "乙"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    with pytest.raises(
        InputError,
        match=r"r\.xlsx, sheet Sheet, row 1: the roster header needs org, name, domain; missing org, "
        r"name, domain$",
    ) as exc:
        read_roster_xlsx(path)
    [p] = exc.value.problems
    assert p.place.sheet == "Sheet" and "org, name, domain" in p.message


# --- the reader as a plugin -----------------------------------------------------------


def test_registered_as_the_xlsx_reader(filled, village):
    reg = default_registry()
    reader = reg.reader_for(filled)
    assert reader.name == "xlsx" and reader.read_scores is read_template
    assert reg.reader_for("名单.xlsx", "roster").read_roster is read_roster_xlsx
    results = dingji.evaluate(village, reader.read_scores(filled, village), roster=ROSTER)
    assert {r.org: r.grade for r in results} == {k: v[1] for k, v in EXPECTED.items()}


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert column_letter(index) == letter


def test_each_reader_hashes_the_bytes_it_read_once(filled, village, tmp_path):
    """The sha256 kept with a run is taken while the file is read (no second reading): the same
    as hashing the file afterwards, for the workbook and for the long CSV once its rows are read."""
    import hashlib

    from dingji.io.tabular import read_long_csv

    def sha(path):
        data = path.read_bytes()
        return hashlib.sha256(data).hexdigest(), len(data)

    batch = read_template(filled, village)
    assert batch.digest() == sha(filled)
    csv_path = tmp_path / "s.csv"
    rows = "".join(f"cun-0{i},self,secretary,{i}\n" for i in range(1, 4))
    csv_path.write_bytes(("\ufefforg,source,item,value\n" + rows).encode("utf-8"))
    batch = read_long_csv(csv_path)
    assert batch.digest() is None  # not read yet: the caller would hash the file itself
    assert len(list(batch.rows)) == 3
    assert batch.digest() == sha(csv_path)
