"""Entered values: every problem at its place (file, line), all at once, never a silent 0.

The files are real CSVs written to tmp_path and read by the built-in long-form reader.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import dingji
from dingji import InputError, Organization, Place

HEADER = "org,source,item,value"

VALID = """\
cun-01,self,secretary,14
cun-01,self,meetings,2
cun-01,self,participation,90%
cun-01,superior,secretary,13.5
cun-01,superior,meetings,3
cun-01,superior,participation,0.96
cun-01,tracker,pledges,0.8
cun-01,survey,满意,41
cun-01,survey,基本满意,6
cun-01,survey,不满意,3
cun-01,survey,不了解,10
cun-01,bonus,honor,1
cun-01,penalty,late_report,0
cun-01,veto,violation,否
"""


def write(tmp_path, body, name="scores.csv", header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(f"{header}\n{body}" if header is not None else body, encoding=encoding)
    return path


def fails(example, data, match: str, **kw) -> list:
    """The problems of ``data``, which must not grade; ``match`` (a regex) must be found in the error's text."""
    with pytest.raises(InputError, match=match) as exc:
        dingji.evaluate(example, data, **kw)
    return exc.value.problems


def test_valid_csv_with_bom_and_chinese(tmp_path, example):
    path = write(tmp_path, VALID, name="评分.csv", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    (r,) = dingji.evaluate(example, path)
    # the conftest base (86.53) + bonus 1×2 = 88.53 → 88.5; 否 = no veto
    assert r.org == "cun-01"
    assert r.exact == D("88.53")
    assert (r.score, r.grade, r.vetoes) == (D("88.5"), "较好", ())


def test_csv_without_bom_gives_the_same(tmp_path, example):
    (a,) = dingji.evaluate(example, write(tmp_path, VALID, name="a.csv", encoding="utf-8-sig"))
    (b,) = dingji.evaluate(example, write(tmp_path, VALID, name="b.csv"))
    assert (a.exact, a.grade) == (b.exact, b.grade) == (D("88.53"), "较好")


def test_every_problem_at_its_line_at_once(tmp_path, example):
    body = """\
c1,self,secretary,16
c1,self,meetings,2.5
c1,self,participation,1.2
c1,superior,secretary,-1
c1,superior,meetings,三
c1,superior,participation,120%
c1,tracker,pledges,0.8
c1,survey,满意,41
c1,veto,violation,也许
c1,leader,secretary,1
c1,self,nosuch,1
c1,survey,很满意,3
c1,bonus,honor,0.5
c1,tracker,pledges,0.9
c1,survey,满意,41
"""
    path = write(tmp_path, body, encoding="utf-8-sig")
    found = fails(example, path, r"scores\.csv, line 2: c1 self/secretary \(书记队伍\): 16 is out of range 0\.\.15\n")
    expected = [
        (2, "16 is out of range 0..15"),  # score above its points
        (3, "'2.5' must be a whole number from 0 to 1,000,000,000"),  # a count that is not whole
        (4, "'1.2' is out of range 0..1"),  # a rate above 1
        (5, "-1 is out of range 0..15"),  # a negative score
        (6, "'三' is not a number of occurrences"),  # not a number
        (7, "'120%' is out of range 0..1"),  # a percentage above 100%
        (10, "'也许' is not yes/no"),  # bad yes/no
        (11, "unknown source 'leader'"),
        (12, "unknown item 'nosuch' for source 'self'"),
        (13, "unknown item '很满意' for source 'survey'"),
        (14, "'0.5' must be a whole number from 0 to 1,000,000,000"),  # bonus occurrences
        (15, f"0.9 conflicts with 0.8 at {path}, line 8"),  # names both places
    ]  # line 16 repeats line 9 exactly: fine
    assert len(found) == 12
    assert [p.place for p in found] == [Place(file=str(path), line=n) for n, _ in expected]
    for p, (n, fragment) in zip(found, expected, strict=True):
        assert fragment in p.message, (n, p.message)
    zh = InputError(found).describe("zh")
    assert f"{path}，第 15 行" in zh and f"与已录入的 0.8（{path}，第 8 行）冲突" in zh


def test_repeated_row_with_the_same_value_is_fine(tmp_path, example):
    body = VALID + "cun-01,self,secretary,14.0\ncun-01,self,participation,0.9\ncun-01,veto,violation,no\n"
    (r,) = dingji.evaluate(example, write(tmp_path, body))
    assert r.exact == D("88.53")


def test_conflict_across_two_files_names_both(tmp_path, example):
    first = write(tmp_path, VALID, name="一.csv")
    second = write(tmp_path, "cun-01,superior,secretary,12\n", name="二.csv")
    found = fails(
        example,
        [first, second],
        r"二\.csv, line 2: cun-01 superior/secretary: 12 conflicts with 13\.5 at .*一\.csv, line 5$",
    )
    assert len(found) == 1
    assert found[0].place == Place(file=str(second), line=2)
    assert f"12 conflicts with 13.5 at {first}, line 5" in found[0].message


def test_missing_indicator_is_an_error_never_zero(tmp_path, example):
    body = "\n".join(x for x in VALID.splitlines() if not x.startswith("cun-01,superior,secretary")) + "\n"
    found = fails(
        example,
        write(tmp_path, body),
        r"key cun-01/superior/secretary: cun-01: no value for superior/secretary \(书记队伍\); "
        r"missing data is never taken as 0",
    )
    assert len(found) == 1
    assert found[0].place.key == "cun-01/superior/secretary"
    assert "missing data is never taken as 0" in found[0].message


def test_missing_whole_source_lists_each_indicator(tmp_path, example):
    body = "\n".join(x for x in VALID.splitlines() if ",superior," not in x) + "\n"
    found = fails(
        example, write(tmp_path, body), r"key cun-01/superior: cun-01: no values for 3 items of source superior"
    )
    # one problem for the organization and source, naming each missing indicator
    assert [p.place.key for p in found] == ["cun-01/superior"]
    assert found[0].message == (
        "cun-01: no values for 3 items of source superior (secretary, meetings, participation); "
        "missing data is never taken as 0"
    )


def test_blank_required_value_is_an_error_at_its_line(tmp_path, example):
    body = VALID.replace("cun-01,self,secretary,14", "cun-01,self,secretary,")
    path = write(tmp_path, body)
    found = fails(example, path, r"scores\.csv, line 2: cun-01: missing value for self/secretary \(书记队伍\)$")
    assert [(p.place, p.message) for p in found] == [
        (Place(file=str(path), line=2), "cun-01: missing value for self/secretary (书记队伍)")
    ]


@pytest.mark.parametrize("blank_first", [True, False])
def test_blank_and_a_value_for_the_same_item_in_either_order(tmp_path, example, blank_first):
    # rows may come in any order: a blank cell beside a value for the same item is not missing
    blank = "cun-01,self,secretary,\n"
    body = blank + VALID if blank_first else VALID + blank
    (r,) = dingji.evaluate(example, write(tmp_path, body))
    assert r.exact == D("88.53")


def test_wrong_header(tmp_path, example):
    path = write(tmp_path, VALID, header="org,source,indicator,value", encoding="utf-8-sig")
    found = fails(example, path, r"line 1: the header must name the columns org,source,item,value; missing item")
    assert len(found) == 1
    assert found[0].place == Place(file=str(path), line=1)
    assert "missing item" in found[0].message


def test_header_with_chinese_bom_and_case(tmp_path, example):
    path = write(tmp_path, VALID, header="ORG, Source ,item,value", encoding="utf-8-sig")
    (r,) = dingji.evaluate(example, path)
    assert r.score == D("88.5")


def test_wrong_number_of_fields(tmp_path, example):
    path = write(tmp_path, VALID + "cun-01,self,secretary\n\n")
    found = fails(example, path, r"line 16: expected 4 fields, found 3$")
    assert [(p.place.line, p.message) for p in found] == [(16, "expected 4 fields, found 3")]


def test_gbk_reads_as_utf8_does(tmp_path, example):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "\n" + VALID).encode("gbk"))
    (r,) = dingji.evaluate(example, path)
    assert r.score == D("88.5") and r.satisfaction is not None


def test_neither_utf8_nor_gb18030(tmp_path, example):
    path = tmp_path / "utf16.csv"
    path.write_bytes((HEADER + "\n" + VALID).encode("utf-8").replace("满意".encode(), b"\xff\xfe", 1))
    found = fails(example, path, r"line 9: cannot tell the file's encoding: this line is neither UTF-8 nor GB18030")
    assert len(found) == 1
    # the first byte of neither is on line 9 (header + 7 rows)
    assert found[0].place == Place(file=str(path), line=9)
    assert "(tried UTF-8, GB18030)" in found[0].message


ROSTER = {
    "cun-01": Organization("cun-01", "一村", "农村"),
    "cun-02": Organization("cun-02", "二村", "village"),
    "qy-01": Organization("qy-01", "一厂", "企业"),
}


def test_roster_unknown_org_other_domain_and_no_data(tmp_path, example):
    body = VALID + "cun-99,self,secretary,10\nqy-01,self,secretary,10\n"
    path = write(tmp_path, body)
    found = fails(example, path, r"line 16: unknown organization id 'cun-99' \(not in the roster\)", roster=ROSTER)
    assert [(p.place, p.message) for p in found] == [
        # the id's own cell; the id of the domain nearest it (the one without scores) named
        (
            Place(file=str(path), line=16, column="org"),
            "unknown organization id 'cun-99' (not in the roster); did you mean cun-02 (二村)?",
        ),
        (Place(file=str(path), line=17, column="org"), "qy-01 (一厂) belongs to domain '企业', not 'village'"),
        (Place(file=str(path)), "cun-02 (二村): no scores entered"),
    ]


def test_roster_names_the_result(tmp_path, example):
    roster = [Organization("cun-01", "一村", "农村")]
    (r,) = dingji.evaluate(example, write(tmp_path, VALID), roster=roster)
    assert (r.name, r.domain) == ("一村", "农村")
    assert r.explain()[0].startswith("一村（cun-01）")


def test_total_source_out_of_range(registry, example_text, tmp_path):
    text = example_text.replace(
        'weight = 0.5                         # kind defaults to "indicators"', 'weight = 0.5\nkind = "total"'
    )
    std = registry.load(text, name="total.toml")
    body = "\n".join(x for x in VALID.splitlines() if ",superior," not in x)
    path = write(tmp_path, body + "\ncun-01,superior,total,100.5\ncun-01,superior,secretary,10\n")
    found = fails(std, path, r"line 13: cun-01 superior/total \(上级党组织评定\): 100\.5 is out of range 0\.\.100")
    # header + 11 rows without the superior's three, then the two new rows: lines 13 and 14
    assert [p.place.line for p in found] == [13, 14]
    assert found[0].message.endswith("100.5 is out of range 0..100")
    assert found[1].message == "unknown item 'secretary' for source 'superior'; known: total"


def test_survey_counts_must_be_whole(tmp_path, example):
    path = write(tmp_path, VALID.replace("cun-01,survey,不了解,10", "cun-01,survey,不了解,-2"))
    found = fails(
        example, path, r"line 12: cun-01 survey/不了解 \(不了解\): '-2' must be a whole number from 0 to 1,000,000,000"
    )
    assert [(p.place.line, "'-2' must be a whole number from 0 to 1,000,000,000" in p.message) for p in found] == [
        (12, True)
    ]


def test_rows_and_mapping_forms(example):
    rows = [tuple(x.split(",")) for x in VALID.splitlines()]
    (a,) = dingji.evaluate(example, rows)
    (b,) = dingji.evaluate(example, {"cun-01": {(s, i): v for _, s, i, v in rows}})
    assert a.exact == b.exact == D("88.53")
    bad = rows + [("cun-01", "self", "secretary", "15.5")]
    found = fails(example, bad, r"<rows>, line 15: cun-01 self/secretary \(书记队伍\): 15\.5 is out of range 0\.\.15")
    # in the rows form a place is the row's number (1-based)
    assert [p.place for p in found] == [Place(file="<rows>", line=len(bad))]


def test_organizations_without_scores_are_named_twenty_at_most_and_counted():
    """At a city's size, one line: the first 20 named, the rest counted (25 = 20 + 5 more)."""
    from dingji.core.errors import Place
    from dingji.core.input_problems import absent
    from dingji.core.inputs import Organization

    class Std:
        id, domain = "village", "农村"

    roster = {f"c{i:02d}": Organization(f"c{i:02d}", f"第{i}村", "village") for i in range(25)}
    [problem] = absent(roster, Std, {}, Place(file="评分.csv"))
    assert problem.text.zh.startswith("农村领域有 25 个组织没有任何评分数据：c00 第0村, ")
    assert problem.text.zh.endswith("c19 第19村 等，另有 5 个") and "c20" not in problem.text.zh
    assert problem.text.en.endswith("c19 第19村 … and 5 more")
