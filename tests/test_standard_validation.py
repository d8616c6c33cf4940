"""Validation of standard files (standard-format.md, "Validation (fixed)") and the loader's extra checks.

Each case edits one line of the format page's example (tests/data/example.toml, whose
line numbers are quoted below), writes it to a file and expects exactly the listed
problems: each names the file, the line and the key.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

import dingji
from dingji import StandardError


def edit(text: str, *changes) -> str:
    """Apply (line number, old, new) replacements, each within that one line of ``text``."""
    lines = text.split("\n")
    for number, old, new in changes:
        assert old in lines[number - 1], f"line {number} is {lines[number - 1]!r}, without {old!r}"
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines)


@pytest.fixture
def problems(tmp_path, registry):
    """problems(text, match) -> the problems of a file that must not load; each must name that file, and
    ``match`` (a regex) must be found in the error's text."""

    def run(text, match):
        path = tmp_path / "标准.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(StandardError, match=match) as exc:
            registry.load(path)
        for p in exc.value.problems:
            assert p.place.file == str(path)
            assert str(path) in p.describe("en") and str(path) in p.describe("zh")
        return exc.value.problems

    return run


def keys_lines(found):
    return sorted((p.place.key, p.place.line) for p in found)


def test_the_example_loads(example):
    assert example.id == "village"
    assert example.total == 100 and example.precision == 1
    assert [(g.name, g.min) for g in example.grades] == [("好", 90), ("较好", 80), ("一般", 60), ("较差", 0)]
    assert [(s.id, s.weight, s.kind) for s in example.sources] == [
        ("self", D("0.2"), "indicators"),
        ("review", D("0.3"), "survey"),
        ("superior", D("0.5"), "indicators"),
    ]
    assert [i.id for i in example.indicators] == ["secretary", "meetings", "participation", "pledges"]
    assert [(v.id, v.max_grade) for v in example.vetoes][-1] == ("below_90", "一般")


# Each case: (changes to the example, expected [(key, line)], a fragment of the first problem's message)
CASES = {
    "category points must add up to scale.total": (
        [(12, "total = 100", "total = 90")],
        [("category[team].points", 53)],
        "category points add up to 100 (team 40 + service 60), scale.total is 90",
    ),
    "indicator points must add up to their category's": (
        [(58, "points = 15", "points = 16")],
        [("category[team].points", 53)],
        "category team (班子建设): indicator points add up to 41 (secretary 16 + meetings 25), the category has 40",
    ),
    "source ids are unique": (
        [(38, 'id = "superior"', 'id = "self"')],
        [("source[self].id", 38)],  # the second self: the line tells them apart
        "duplicate source id 'self'",
    ),
    "category ids are unique": (
        [(76, 'id = "service"', 'id = "team"')],
        [("category[team].id", 76)],
        "category team (服务群众): duplicate category id 'team'",
    ),
    "indicator ids are unique across categories": (
        [(88, 'id = "pledges"', 'id = "secretary"')],
        [("category[service].indicator[secretary].id", 88)],
        "indicator secretary (开展三亮三比三评): duplicate indicator id 'secretary'",
    ),
    "veto ids are unique": (
        [(110, 'id = "petition"', 'id = "violation"')],
        [("veto[violation].id", 110)],
        "duplicate veto id 'violation'",
    ),
    "survey option names are unique": (
        [(45, 'name = "基本满意"', 'name = "满意"')],
        [("survey.options", 43)],
        "duplicate survey option '满意'",
    ),
    "bonus item ids are unique": (
        [(97, "points = 2 } ]", 'points = 2 }, { id = "honor", name = "市级表彰", points = 1 } ]')],
        [("bonus.items", 97)],
        "duplicate bonus item id 'honor'",
    ),
    "grade names are unique (and max_grade must name one)": (
        [(22, 'name = "一般"', 'name = "较好"')],
        [("grade[较好].name", 22), ("veto[below_90].max_grade", 120)],
        "duplicate grade '较好'",
    ),
    "grade minimums strictly decrease": (
        [(20, "min = 80", "min = 95")],
        [("grade[较好].min", 20)],
        "grade minimums must strictly decrease: 95 after 90",
    ),
    "equal grade minimums do not strictly decrease": (
        [(23, "min = 60", "min = 80")],
        [("grade[一般].min", 23)],
        "grade minimums must strictly decrease: 80 after 80",
    ),
    "the last grade's min is 0": (
        [(26, "min = 0", "min = 10")],
        [("grade[较差].min", 26)],
        "the last grade's min must be 0, got 10",
    ),
    "every method is known": (
        [(59, 'method = "score"', 'method = "stars"')],
        [("category[team].indicator[secretary].method", 59)],
        "indicator secretary (书记队伍): unknown method 'stars'",
    ),
    "every tracker is known": (
        [(92, 'tracker = "sanliang"', 'tracker = "nosuch"')],
        [("category[service].indicator[pledges].tracker", 92)],
        "indicator pledges (开展三亮三比三评): unknown tracker 'nosuch'",
    ),
    "every tracker metric is known": (
        [(93, 'metric = "completion"', 'metric = "nope"')],
        [("category[service].indicator[pledges].metric", 93)],
        "indicator pledges (开展三亮三比三评): tracker 'sanliang' has no metric 'nope'",
    ),
    "tiers' min strictly decrease": (
        [
            (
                85,
                "{ min = 0.95, points = 30 }, { min = 0.85, points = 20 }",
                "{ min = 0.85, points = 20 }, { min = 0.95, points = 30 }",
            )
        ],
        [("category[service].indicator[participation].tiers", 85)],
        "indicator participation (党员参加组织生活率): tiers' min must strictly decrease: 0.95 after 0.85",
    ),
    "max_grade names a grade": (
        [(120, 'max_grade = "一般"', 'max_grade = "中等"')],
        [("veto[below_90].max_grade", 120)],
        "max_grade '中等' is not a grade",
    ),
    "service min_grade names a grade": (
        [(124, 'min_grade = "好"', 'min_grade = "优秀"')],
        [("service.min_grade", 124)],
        "min_grade '优秀' is not a grade",
    ),
    "service indicators name indicators": (
        [(126, "participation = 1.0", "nosuch = 1.0")],
        [("service.indicators", 126)],
        "[service] names indicator 'nosuch', which the standard does not have",
    ),
    "a when rule names a known metric": (
        [(119, 'metric = "satisfaction"', 'metric = "happiness"')],
        [("veto[below_90].when", 119)],
        "unknown metric 'happiness'",
    ),
    # the loader's own checks
    "unknown top-level key": (
        [(2, "schema = 1", 'schema = 1\ncolour = "red"')],
        [("colour", 3)],
        "unknown key 'colour' in the standard file",
    ),
    "unknown key in [scale]": (
        [(13, "precision = 1", 'precision = 1\nrounding = "up"')],
        [("scale.rounding", 14)],
        "unknown key 'rounding' in [scale]",
    ),
    "unknown key on an indicator (not one of its method's)": (
        [(59, 'method = "score"', 'method = "score"\n  per = 2')],
        [("category[team].indicator[secretary].per", 60)],
        "indicator secretary (书记队伍): unknown key 'per' in [[category.indicator]] (method score)",
    ),
    "reserved source id": (
        [(38, 'id = "superior"', 'id = "veto"')],
        [("source[veto].id", 38)],
        "source id 'veto' is reserved",
    ),
    "check items must add up to the indicator's points": (
        [
            (91, 'method = "tracker"', 'method = "check"'),
            (
                92,
                'tracker = "sanliang"',
                'items = [ { id = "a", name = "甲", points = 20 }, { id = "b", name = "乙", points = 9 } ]',
            ),
            (93, 'metric = "completion"', ""),
        ],
        [("category[service].indicator[pledges].items", 92)],
        "indicator pledges (开展三亮三比三评): check item points add up to 29 (a 20 + b 9), the indicator has 30",
    ),
    "deduct needs per or deductions": (
        [(67, "per = 2", "")],
        [("category[team].indicator[meetings].per", 62)],
        "indicator meetings (落实三会一课): a deduct indicator needs either 'per'",
    ),  # no per line: the header's
    "unknown schema": ([(2, "schema = 1", "schema = 2")], [("schema", 2)], "unknown schema 2"),
    "precision is a whole number 0..6": (
        [(13, "precision = 1", "precision = 7")],
        [("scale.precision", 13)],
        "'precision' must be a whole number 0..6, got 7",
    ),
    "grade min within 0..total": (
        [(20, "min = 80", "min = 120")],
        [("grade[较好].min", 20)],
        "'min' must be between 0 and 100, got 120",
    ),
    "an unknown source kind": (
        [(36, 'kind = "survey"', 'kind = "poll"')],
        [("source[review].kind", 36)],
        "'kind' must be one of indicators, survey, total, got 'poll'",
    ),
}


@pytest.mark.parametrize("changes, expected, message", CASES.values(), ids=list(CASES))
def test_rule(problems, example_text, changes, expected, message):
    key, line = expected[0]
    found = problems(edit(example_text, *changes), rf"line {line}, key {re.escape(key)}: {re.escape(message)}")
    assert keys_lines(found) == sorted(expected)
    first = next(p for p in found if (p.place.key, p.place.line) == expected[0])
    assert message in first.message
    assert f"line {expected[0][1]}" in first.describe("en")
    assert f"第 {expected[0][1]} 行" in first.describe("zh")
    assert f"key {expected[0][0]}" in first.describe("en")


def test_weights_must_add_up_to_exactly_1(registry, example_text):
    # 0.2 + 0.3 + 0.5000000001 = 1.0000000001: no tolerance (addition 1 of 2026-12); the sum is about
    # every source (key source, no one line), each weight named with its line
    with pytest.raises(
        StandardError,
        match=r"^w\.toml, key source: the weights of the sources add up to 1\.0000000001, not 1: self 0\.2 "
        r"\(line 31\) \+ review 0\.3 \(line 35\) \+ superior 0\.5000000001 \(line 40\) = 1\.0000000001 ",
    ):
        registry.load(edit(example_text, (40, "weight = 0.5", "weight = 0.5000000001")), name="w.toml")


def test_source_weights_add_up_to_1(problems, example_text):
    found = problems(edit(example_text, (40, "weight = 0.5", "weight = 0.6")), r"add up to 1\.1, not 1")
    assert keys_lines(found) == [("source", None)]
    assert (
        found[0]
        .describe("zh")
        .endswith(
            "键 source: 各来源权重之和为 1.1，不是 1：self 0.2（第 31 行）+ review 0.3（第 35 行）+ superior 0.6（第 40 行）"
            '= 1.1（三分之一请写作加引号的分数 "1/3"）'
        )
    )


def test_survey_source_needs_a_survey_table(problems, example_text):
    lines = example_text.split("\n")
    text = "\n".join(lines[:41] + lines[48:])  # drop [survey], lines 42-48: 7 lines, so later lines move up 7
    found = problems(text, r"line 36, key source\[review\]\.kind: a source of kind 'survey' needs a \[survey\] table")
    # the survey source (its kind, line 36), both satisfaction rules (115, 119 → 108, 112)
    # and [service] min_satisfaction (125 → 118) need the [survey]
    assert keys_lines(found) == [
        ("service.min_satisfaction", 118),
        ("source[review].kind", 36),
        ("veto[below_90].when", 112),
        ("veto[low_satisfaction].when", 108),
    ]
    kind = next(p for p in found if p.place.key == "source[review].kind")
    assert "a source of kind 'survey' needs a [survey] table" in kind.message


def test_bad_toml_syntax_names_its_line(problems, example_text):
    found = problems(edit(example_text, (58, "points = 15", "points = = 15")), r"line 58: not valid TOML: ")
    assert len(found) == 1
    assert found[0].place.line == 58
    assert "not valid TOML" in found[0].message


def test_bad_toml_syntax_in_text_names_its_line(registry):
    with pytest.raises(StandardError, match=r"^inline\.toml, line 3: not valid TOML: ") as exc:
        registry.load('schema = 1\n[standard]\nid = "x\n', name="inline.toml")
    (p,) = exc.value.problems
    assert (p.place.file, p.place.line) == ("inline.toml", 3)


def test_missing_file(registry, tmp_path):
    with pytest.raises(StandardError, match=r"nothing\.toml: file not found$") as exc:
        registry.load(tmp_path / "nothing.toml")
    assert exc.value.problems[0].message == "file not found"


def test_several_mistakes_are_reported_at_once(problems, example_text):
    text = edit(
        example_text,
        (2, "schema = 1", 'schema = 1\ncolour = "red"'),  # + 1 line from here on
        (40, "weight = 0.5", "weight = 0.6"),
        (59, 'method = "score"', 'method = "stars"'),
        (85, "min = 0.7", "min = 0.9"),
        (120, 'max_grade = "一般"', 'max_grade = "中等"'),
    )
    found = problems(text, r"line 3, key colour: unknown key 'colour' in the standard file")
    assert keys_lines(found) == sorted(
        [
            ("colour", 3),
            ("source", None),  # the weights' sum: every source's line is in the message
            ("category[team].indicator[secretary].method", 60),  # 59 + 1
            ("category[service].indicator[participation].tiers", 86),  # 85 + 1: 0.9 after 0.85
            ("veto[below_90].max_grade", 121),  # 120 + 1
        ]
    )
    assert len(found) == 5
    text_zh = StandardError(found).describe("zh")
    assert text_zh.count("标准.toml") == 5


@pytest.mark.parametrize(
    "line, old, new, key, message",
    [
        (
            38,
            'id = "superior"',
            'id = ["superior"]',
            "source[#3].id",
            "'id' must be a non-empty text, got ['superior']",
        ),
        (
            56,
            'id = "secretary"',
            "id = 5",
            "category[team].indicator[#1].id",
            "indicator #1 (书记队伍): 'id' must be a non-empty text, got 5",
        ),
        (104, 'id = "violation"', "id = { a = 1 }", "veto[#1].id", "'id' must be a non-empty text, got {'a': 1}"),
        (
            92,
            'tracker = "sanliang"',
            "tracker = [1]",
            "category[service].indicator[pledges].tracker",
            "indicator pledges (开展三亮三比三评): unknown tracker [1]; known: ",
        ),
        (
            93,
            'metric = "completion"',
            "metric = [1]",
            "category[service].indicator[pledges].metric",
            "indicator pledges (开展三亮三比三评): tracker 'sanliang' has no metric [1]; it has ",
        ),
        (
            119,
            'metric = "satisfaction"',
            "metric = [1]",
            "veto[below_90].when",
            "unknown metric [1]; known: satisfaction",
        ),
        (
            120,
            'max_grade = "一般"',
            'max_grade = ["一般"]',
            "veto[below_90].max_grade",
            "max_grade ['一般'] is not a grade",
        ),
        (124, 'min_grade = "好"', "min_grade = { a = 1 }", "service.min_grade", "min_grade {'a': 1} is not a grade"),
    ],
)
def test_wrongly_typed_values_are_problems_not_crashes(problems, example_text, line, old, new, key, message):
    found = problems(edit(example_text, (line, old, new)), rf"line {line}, key {re.escape(key)}: {re.escape(message)}")
    assert (key, line) in keys_lines(found)


def test_two_indicators_without_ids_are_not_duplicates(problems, example_text):
    text = edit(example_text, (56, 'id = "secretary"', ""), (63, 'id = "meetings"', ""))
    found = problems(
        text,
        r"line 55, key category\[team\]\.indicator\[#1\]\.id: indicator #1 \(书记队伍\): "
        r"'id' is required \(a text\)\n",
    )
    # without an id an indicator is counted (from 1) and named by its name
    assert keys_lines(found) == [("category[team].indicator[#1].id", 55), ("category[team].indicator[#2].id", 62)]
    assert [p.message for p in found] == [
        "indicator #1 (书记队伍): 'id' is required (a text)",
        "indicator #2 (落实三会一课): 'id' is required (a text)",
    ]


def test_load_standard_api_reports_the_same(tmp_path, example_text):
    path = tmp_path / "bad.toml"
    path.write_text(edit(example_text, (12, "total = 100", "total = 90")), encoding="utf-8")
    with pytest.raises(
        dingji.StandardError,
        match=r"bad\.toml, line 53, key category\[team\]\.points: category points add up "
        r"to 100 \(team 40 \+ service 60\), scale\.total is 90$",
    ) as exc:
        dingji.load_standard(path)
    assert "category points add up to 100" in str(exc.value)
    assert f"{path}, line 53, key category[team].points" in str(exc.value)
