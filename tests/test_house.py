"""Issue "One house, layered": the public API, plugin registration and the store's own tables.

Each test here failed before its fix (see the commit that added it)."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

import dingji
from dingji.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


# --- 1. the bundled standards are data, never a module shadowing dingji.standards() ------------


def test_standards_works_twice_and_after_get_standard():
    first = dingji.standards()
    assert {"village", "soe", "private", "institution", "service_window"} <= set(first)
    assert dingji.get_standard("village").id == "village"
    again = dingji.standards()
    assert set(again) == set(first)
    assert callable(dingji.standards)


def test_the_bundled_standards_are_no_package():
    assert not (ROOT / "dingji" / "standards" / "__init__.py").exists()
    assert sorted(p.name for p in (ROOT / "dingji" / "standards").glob("*.toml")) == [
        "institution.toml",
        "private.toml",
        "service_window.toml",
        "soe.toml",
        "village.toml",
    ]


# --- 2. a method asking for an unknown input kind is refused, its plugin named --------------------


class StarsPlugin:
    """A plugin whose method asks for a value of kind "stars" (not one of dingji's kinds)."""

    @dingji.hookimpl
    def dingji_register_methods(self, register):
        def compile(ind):
            explain = lambda values, got, lang: f"{values[0]} → {got}"  # noqa: E731
            return dingji.Scorer((dingji.Input(ind.id, "stars", ind.name),), lambda n: n, explain)

        register(dingji.Method("stars", "stars entered", compile))


STARRY = """
schema = 1
[standard]
id = "starry"
name = "星级"
domain = "星级"
version = "1"
[scale]
total = 100
[[grade]]
name = "好"
min = 60
[[grade]]
name = "差"
min = 0
[[source]]
id = "self"
name = "自评"
weight = 1
[[category]]
id = "c"
name = "类"
points = 100
[[category.indicator]]
id = "shine"
name = "亮"
points = 100
method = "stars"
"""


def test_a_method_with_an_unknown_input_kind_is_reported_by_its_plugin_name():
    plugin = StarsPlugin()
    with pytest.warns(UserWarning, match="input kind 'stars'"):
        reg = Registry(entry_points=False, plugins=[plugin])
        # before: the standard loaded, and evaluate raised a bare ValueError("unknown input kind")
        with pytest.raises(
            dingji.StandardError, match=r"method 'stars' .*input kind 'stars'.*score, count, yesno, rate"
        ) as got:
            dingji.load_standard(STARRY, registry=reg)
    [problem] = got.value.problems
    assert problem.place.line == STARRY.splitlines().index('method = "stars"') + 1
    [(name, what)] = reg.broken
    assert name == reg.pm.get_name(plugin)
    assert "method 'stars'" in what and "input kind 'stars'" in what


def test_a_method_registration_must_be_a_method():
    class Wrong:
        @dingji.hookimpl
        def dingji_register_methods(self, register):
            register("stars")

    with pytest.warns(UserWarning, match="not dingji.Method"):
        reg = Registry(entry_points=False, plugins=[Wrong()])
    assert "not dingji.Method" in reg.broken[0][1]


# --- 3. the README's Library API runs with dingji.* names only --------------------------------------


def _library_api_blocks() -> list[str]:
    section = README.split("\n## Library API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_library_api_uses_only_public_names():
    blocks = _library_api_blocks()
    assert blocks
    for code in blocks:
        assert not re.search(r"^\s*(from|import)\s+dingji\.", code, re.M), code
        used = set(re.findall(r"\bdingji\.(\w+)", code))
        assert used <= set(dingji.__all__), used - set(dingji.__all__)


def test_the_readme_library_api_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for number, code in enumerate(_library_api_blocks(), 1):
        exec(compile(code, f"README.md Library API block {number}", "exec"), {"__name__": "__readme__"})
    assert capsys.readouterr().out.splitlines()[0] == "98.8 好 True"


# --- 4. type checkers see every public name ---------------------------------------------------------


def test_every_lazy_name_is_imported_for_type_checkers():
    tree = ast.parse((ROOT / "dingji" / "__init__.py").read_text(encoding="utf-8"))
    seen = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom):
                    for alias in imp.names:
                        seen[alias.asname or alias.name] = (imp.module, alias.name)
    assert seen == dict(dingji._LAZY)


# --- 5. the registry's own attribute for a workspace's standard files that do not load --------------


def test_workspace_failures_is_the_registrys_own_list(tmp_path):
    reg = Registry(entry_points=False)
    assert reg.workspace_failures == []
    (tmp_path / "bad.toml").write_text("schema = 1\n[standard\n", encoding="utf-8")
    [(path, exc)] = reg.add_folder(tmp_path)
    assert reg.workspace_failures == [(path, exc)] and path.name == "bad.toml"
    assert isinstance(exc, dingji.StandardError) and "not valid TOML" in exc.describe("en")


# --- 6a. all SQL in the store ----------------------------------------------------------------------


def test_only_the_store_runs_sql():
    runs_sql = re.compile(r"\.execute(many|script)?\(|(?<![\w.])store\.db\b|\bSELECT\b.*\bFROM\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "dingji").rglob("*.py"))
        if "store" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if runs_sql.search(line)
    ]
    assert found == []


# --- 6b. a run's metric notes have their own table; schema 3 stores move them over ------------------


def _schema_3_store(path: Path, monkeypatch) -> None:
    """A store as dingji wrote it at schema 3: an evaluate run that used sanliang's records,
    its metrics kept as tracker records under an imports row of kind metrics:<standard>."""
    import dingji.store.db as db_module

    with monkeypatch.context() as m:
        m.setattr(db_module, "MIGRATIONS", db_module.MIGRATIONS[:3])
        m.setattr(db_module, "SCHEMA_VERSION", 3)
        db_module.Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.executescript("""
        INSERT INTO runs (id, at, year, domain, standard_id, standard_version, standard_sha256, standard_text,
                          files, organizations, active, replaced_by)
            VALUES (1, '2025-01-01', 2025, 'win', 'win', '1', 'x', '', '[]', 2, 0, 2),
                   (2, '2025-01-02', 2025, 'win', 'win', '1', 'x', '', '[]', 2, 1, NULL);
        INSERT INTO imports (id, at, year, kind, files, rows, active, replaced_by)
            VALUES (7, '2025-01-01', 2025, 'tracker:sanliang', '[]', 1, 1, NULL),
                   (8, '2025-01-01', 2025, 'metrics:win', '{"run":1,"imports":{"sanliang":7}}', 1, 0, 9),
                   (9, '2025-01-02', 2025, 'metrics:win', '{"run":2,"imports":{"sanliang":7}}', 2, 1, NULL);
        INSERT INTO tracker_records (import_id, year, tracker, org, member, period, data) VALUES
            (7, 2025, 'sanliang', 'ck-01', '张三', '2025', '{}'),
            (9, 2025, 'sanliang', 'ck-01', NULL, 'sanliang',
             '{"metric":"completion","value":"0.5","inputs":{"members":4,"done":2},"zh":"活动台账 三亮 · completion：4名党员中2名","en":"tracker 三亮 · completion: 2 of 4"}'),
            (9, 2025, 'sanliang', 'ck-02', NULL, 'sanliang',
             '{"metric":"completion","value":"1","inputs":{"members":3,"done":3},"zh":"3名中3名","en":"3 of 3"}');
    """)
    db.commit()
    db.close()


def test_a_schema_3_store_moves_its_run_metrics_into_their_table(tmp_path, monkeypatch):
    from dingji.store.db import SCHEMA_VERSION, Store
    from dingji.store.tracking import load_records, run_notes

    path = tmp_path / "dingji.sqlite"
    _schema_3_store(path, monkeypatch)
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION >= 4
        got = store.db.execute(
            "SELECT run_id, org, source, item, tracker, import_id, metric, value, inputs, zh, en"
            " FROM run_metrics ORDER BY org"
        ).fetchall()
        assert got == [
            (
                2,
                "ck-01",
                "tracker",
                "sanliang",
                "sanliang",
                7,
                "completion",
                "0.5",
                '{"members":4,"done":2}',
                "活动台账 三亮 · completion：4名党员中2名",
                "tracker 三亮 · completion: 2 of 4",
            ),
            (
                2,
                "ck-02",
                "tracker",
                "sanliang",
                "sanliang",
                7,
                "completion",
                "1",
                '{"members":3,"done":3}',
                "3名中3名",
                "3 of 3",
            ),
        ]
        assert run_notes(store, 2, "ck-01") == {
            ("tracker", "sanliang"): ("活动台账 三亮 · completion：4名党员中2名", "tracker 三亮 · completion: 2 of 4")
        }
        assert run_notes(store, 1, "ck-01") == {}
        # the metrics are no tracker records any more; the tracker's own records stay
        assert store.db.execute("SELECT id, kind FROM imports").fetchall() == [(7, "tracker:sanliang")]
        assert [(r.org, r.member) for r in load_records(store, "sanliang", 2025)] == [("ck-01", "张三")]
        assert store.db.execute("SELECT count(*) FROM tracker_records").fetchone()[0] == 1
