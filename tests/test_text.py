"""One order of bilingual text: ``Text(zh, en)`` (issue 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import dingji
from dingji.core.errors import Place, Problem
from dingji.core.text import Text

ROOT = Path(__file__).resolve().parent.parent


def test_a_problem_holds_a_text_and_the_0_1_form_is_still_read():
    new = Problem(Place(file="a.csv", line=3), Text("不是数值", "not a number"))
    old = Problem(Place(file="a.csv", line=3), "not a number", "不是数值")  # a plugin written against 0.1
    assert new == old and new.text == Text("不是数值", "not a number")
    assert new.describe() == "a.csv，第 3 行: 不是数值" and new.describe("en") == "a.csv, line 3: not a number"
    assert (new.message, new.message_zh) == ("not a number", "不是数值")
    assert dingji.Text is Text and Text("甲{n}", "a{n}").format(n=1).say("en") == "a1"


def test_dingji_itself_writes_every_problem_one_way():
    legacy = []
    for path in sorted((ROOT / "dingji").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" and len(node.args) == 3:
                legacy.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert legacy == []


def test_a_method_check_may_give_a_text():
    from dingji.core.model import Input, Method, Scorer
    from dingji.registry import Registry

    def check(ind, context):
        return [("per", Text("每次扣分须为正数", "per must be positive"))] if ind.options.get("per", 1) <= 0 else []

    def compile(ind):
        return Scorer((Input(ind.id, "count", ind.name),), lambda n: ind.points, lambda v, p, lang: "")

    class Plugin:
        @dingji.hookimpl
        def dingji_register_methods(self, register):
            register(Method("perish", "a test method", compile, check, keys={"per"}))

    reg = Registry(entry_points=False, plugins=[Plugin()])
    text = (ROOT / "tests" / "golden" / "standard.toml").read_text(encoding="utf-8")
    text = text.replace('method = "score"', 'method = "perish"\n  per = -1', 1)
    try:
        reg.load(text, name="t.toml")
    except dingji.StandardError as exc:
        assert "per must be positive" in exc.describe("en") and "每次扣分须为正数" in exc.describe()
    else:
        raise AssertionError("the method's check was not applied")
