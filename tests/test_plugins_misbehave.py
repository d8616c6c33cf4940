"""Plugins that misbehave (issue 11, 14): named, never a traceback, never silently in charge.

Each plugin is "installed" as pip leaves one (a module beside a dist-info with an entry point
in the group ``dingji``) and the real command runs in a workspace graded from cli_support's
SCORES: sq-01 93.0 好, sq-02 96.0 → 较差 (veto), sq-03 67.0 一般 (see its docstring).
"""

from __future__ import annotations

import sys
import textwrap

import pytest

import dingji.registry
from cli_support import SCORES, fails, make_workspace, ok, write


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setattr(dingji.registry, "_default", None)
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("bad_"):
            del sys.modules[name]


def install(site, name: str, source: str) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[dingji]\n{name} = {name}\n", encoding="utf-8")
    (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")


METHOD = """
from decimal import Decimal
import dingji
from dingji import hookimpl

def compile(ind):
    inp = dingji.Input(ind.id, "score", ind.name, max=ind.points)
    return dingji.Scorer((inp,), lambda v: {points}, lambda values, points, lang: "?")

@hookimpl
def dingji_register_methods(register):
    register(dingji.Method({name!r}, "a method of a plugin", {compile}))
"""

STARS = """
[[category]]
id = "all"
name = "基本工作"
points = 100

  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 40
  method = "stars"

  [[category.indicator]]
  id = "meetings"
  name = "落实三会一课"
  points = 60
  method = "score"
"""


@pytest.fixture
def ws(tmp_path):
    root = make_workspace(tmp_path / "乡")
    write(root / "s.csv", SCORES)
    return root


def test_a_plugin_exiting_on_import_is_named_and_skipped(site, ws):
    install(site, "bad_exit", "import sys\nsys.exit(0)\n")
    result = ok(["--workspace", ws, "evaluate", "mini", ws / "s.csv"])  # graded all the same
    assert "插件 bad_exit (bad_exit 0.1) 出错，已跳过：exited on import (SystemExit 0)" in result.stderr
    assert "已保存 3 个组织的定级结果" in result.stderr


def test_a_second_method_named_score_is_refused_unless_allowed(site, ws):
    install(site, "bad_score", METHOD.format(points="Decimal(0)", name="score", compile="compile"))
    result = ok(["--workspace", ws, "evaluate", "mini", ws / "s.csv", "--dry-run", "--format", "json"])
    assert "registered method 'score', which plugin dingji.plugins.methods registered already" in result.stderr
    assert '"score": 93,' in result.stdout  # the built-in score kept: sq-01 93.0 as graded by hand
    config = ws / "dingji.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[plugins]", '[plugins]\nreplace = ["score"]'), encoding="utf-8"
    )
    monkey = ok(["--workspace", ws, "evaluate", "mini", ws / "s.csv", "--dry-run", "--format", "json"])
    assert "registered method 'score'" not in monkey.stderr  # allowed on purpose: the plugin's now scores
    assert '"score": 93,' not in monkey.stdout  # the plugin's gives 0 for work: 0.4×58 + 0.6×56 = 56.8


def test_a_method_giving_no_number_or_failing_is_named_with_its_plugin(site, ws):
    (ws / "standards" / "mini.toml").write_text(
        (ws / "standards" / "mini.toml").read_text(encoding="utf-8").split("[[category]]")[0]
        + STARS
        + '\n[[veto]]\nid = "petition"\nname = "近一年有严重群访事件"\n',
        encoding="utf-8",
    )
    install(site, "bad_text", METHOD.format(points='"40"', name="stars", compile="compile"))
    err = fails(["--workspace", ws, "evaluate", "mini", ws / "s.csv"]).stderr
    assert "插件 bad_text 出错：method 'stars' gave str '40' for indicator work, not a number" in err
    assert "Traceback" not in err


def test_a_method_whose_compile_fails_is_blamed_on_its_plugin(site, ws):
    (ws / "standards" / "mini.toml").write_text(
        (ws / "standards" / "mini.toml").read_text(encoding="utf-8").split("[[category]]")[0]
        + STARS
        + '\n[[veto]]\nid = "petition"\nname = "近一年有严重群访事件"\n',
        encoding="utf-8",
    )
    install(site, "bad_compile", METHOD.format(points="0", name="stars", compile="lambda ind: 1 / 0"))
    err = fails(["--workspace", ws, "evaluate", "mini", ws / "s.csv"]).stderr
    assert "bad_compile" in err and "method 'stars' failed on indicator work: ZeroDivisionError" in err
    assert "dingji.plugins.standards" not in err


def test_a_reader_giving_text_is_named(site, ws):
    install(
        site,
        "bad_reader",
        """
        import dingji
        from dingji import hookimpl

        @hookimpl
        def dingji_register_readers(register):
            register(dingji.Reader("tsv", (".tsv",), lambda path, standard: "not a batch", None))
        """,
    )
    path = write(ws / "s.tsv", SCORES)
    err = fails(["--workspace", ws, "evaluate", "mini", path]).stderr
    assert "插件 bad_reader 出错：reader 'tsv' gave str, not dingji.Batch" in err


def test_a_sheet_failing_midway_is_left_incomplete_and_the_ledger_is_written(site, ws, tmp_path):
    from ledger_support import sheets

    install(
        site,
        "bad_sheet",
        """
        import dingji
        from dingji import hookimpl

        @hookimpl
        def dingji_ledger_sheets(ledger):
            def rows():
                yield ["第一行"]
                raise RuntimeError("数据源断开")
            return dingji.LedgerSheet("谈话台账", ["内容"], rows)
        """,
    )
    ok(["--workspace", ws, "evaluate", "mini", ws / "s.csv"])
    result = ok(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.xlsx"])
    assert "bad_sheet" in result.stderr and "数据源断开" in result.stderr
    sheet = sheets(tmp_path / "l.xlsx")["谈话台账"]
    assert [r[0] for r in sheet[-2:]] == ["第一行", "（此表未能生成完毕：插件 bad_sheet 出错）"]


def test_a_writer_failing_is_named_and_nothing_is_written(site, ws, tmp_path):
    install(
        site,
        "bad_writer",
        """
        import dingji
        from dingji import hookimpl

        def write(ledger, path):
            open(path, "w").write("half")
            raise ValueError("编码失败")

        @hookimpl
        def dingji_register_writers(register):
            register(dingji.LedgerWriter("tsv", ".tsv", write, "tab-separated"))
        """,
    )
    ok(["--workspace", ws, "evaluate", "mini", ws / "s.csv"])
    err = fails(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.tsv"]).stderr
    assert "文件未能写出（插件 bad_writer 的输出格式）：ValueError：编码失败" in err
    assert not (tmp_path / "l.tsv").exists() and list(tmp_path.glob(".l.tsv.*")) == []
