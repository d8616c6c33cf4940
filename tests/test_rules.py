"""What the rules that hold did (issue 10): reasons are the rules that changed the grade; the
distance to the next grade is to the one the rules allow.

The standard is tests/golden/standard.toml (see test_golden_evaluate's docstring): sources
self 0.2, review 0.3 (survey), superior 0.5; vetoes petition (entered → 较差) and below_90
(satisfaction < 0.9 → at most 一般).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import dingji
from dingji.core.rules import rules_text

GOLDEN = Path(__file__).parent / "golden" / "standard.toml"


@pytest.fixture(scope="module")
def std():
    return dingji.load_standard(GOLDEN)


def rows(org, self_, superior, survey, pledges="0.9", petition="否"):
    """secretary, meetings (count), participation (rate) for self and superior; survey counts 满意/基本满意/不满意."""
    out = [(org, "tracker", "pledges", pledges), (org, "veto", "petition", petition)]
    for sid, (sec, meet, part) in (("self", self_), ("superior", superior)):
        out += [(org, sid, "secretary", sec), (org, sid, "meetings", meet), (org, sid, "participation", part)]
    out += [(org, "survey", n, c) for n, c in zip(("满意", "基本满意", "不满意"), survey, strict=True)]
    return out


def test_a_cap_that_changed_nothing_is_no_reason_and_60_is_within_reach(std):
    # self = superior = 5 + (25 − 10×2) + 0 (participation 0.5 < 0.7) + 0.9×30 = 5 + 5 + 0 + 27 = 37
    # review = 100 × (20×1 + 10×0.8 + 20×0) / 50 = 56; satisfaction 30/50 = 0.6 < 0.9: below_90 holds
    # combined = 0.2×37 + 0.3×56 + 0.5×37 = 7.4 + 16.8 + 18.5 = 42.7 → 较差 by score, the cap changed nothing
    (r,) = dingji.evaluate(std, rows("o1", ("5", "10", "0.5"), ("5", "10", "0.5"), ("20", "10", "20")))
    assert (r.score, r.score_grade, r.grade) == (D("42.7"), "较差", "较差")
    assert [v.id for v in r.vetoes] == ["below_90"] and r.reasons == ()
    assert r.next_grade() == ("一般", D("17.3"))  # 60 − 42.7: 一般 is what the cap allows
    lines = r.explain()
    assert "  ✗ 群众满意率低于90%的不得评为好、较好 → 最高定为 一般（成立，但未改变等次：按得分已是 较差）" in lines
    assert "距下一等次 一般（60 分）还差 17.3 分（规则限制最高为 一般）" in lines
    assert rules_text(std, r.score, r.grade, r.vetoes) == "（另成立但未改变等次：群众满意率低于90%的不得评为好、较好）"
    en = r.explain("en")
    assert any("holds, but changed nothing" in x for x in en)


def test_a_veto_is_the_reason_and_leaves_no_next_grade(std):
    # self = superior = 15 + 25 + 30 + 27 = 97; review 100 × (45 + 5×0.8) / 50 = 98; satisfaction 1.0
    # combined = 19.4 + 29.4 + 48.5 = 97.3 → 好 by score; petition → 较差 whatever the score
    (r,) = dingji.evaluate(std, rows("o2", ("15", "0", "1"), ("15", "0", "1"), ("45", "5", "0"), petition="是"))
    assert (r.score, r.score_grade, r.grade) == (D("97.3"), "好", "较差")
    assert [v.id for v in r.reasons] == ["petition"] and r.next_grade() is None
    assert "按得分已达最高等次，但等次受上述规则限制" in r.explain()
    assert r.to_dict()["vetoes"] == [{"id": "petition", "name": "近一年有严重群访事件", "changed_grade": True}]


def test_a_cap_below_the_score_is_the_reason(std):
    # self = superior = 97 as above; review = 100 × (40×1 + 8×0.8 + 12×0) / 60 = 77.333…; satisfaction 48/60 = 0.8
    # combined = 0.2×97 + 0.3×77.333… + 0.5×97 = 19.4 + 23.2 + 48.5 = 91.1 → 好 by score; the cap (0.8 < 0.9)
    # makes it 一般 and is the reason
    (r,) = dingji.evaluate(std, rows("o3", ("15", "0", "1"), ("15", "0", "1"), ("40", "8", "12")))
    assert (r.score, r.score_grade, r.grade) == (D("91.1"), "好", "一般")
    assert [v.id for v in r.reasons] == ["below_90"] and r.next_grade() is None
    assert rules_text(std, r.score, r.grade, r.vetoes) == "群众满意率低于90%的不得评为好、较好"
