"""The workspace: ``dingji init``, finding dingji.toml upward or by --workspace, and
the standards/ folder (load, override a built-in, a broken file reported, not fatal)."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path

import pytest

from cli_support import (
    MINI,
    ROSTER,
    SCORES,
    TESTS,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    snapshot,
    write,
)
from dingji.core.errors import DingjiError
from dingji.services.workspace import create, find_workspace, open_workspace
from dingji.store.db import SCHEMA_VERSION

# --- init ---------------------------------------------------------------------


def test_init_writes_config_store_and_standards_folder(tmp_path):
    root = tmp_path / "岩樟乡"
    result = ok(["init", root, "--name", "岩樟乡", "--year", "2026", "--level", "乡镇"])
    assert "岩樟乡" in result.stdout and "2026" in result.stdout

    config = tomllib.loads((root / "dingji.toml").read_text(encoding="utf-8"))
    assert config["workspace"] == {"name": "岩樟乡", "level": "乡镇", "year": 2026}
    assert config["standards"]["folders"] == ["standards"]
    assert (root / "standards").is_dir() and list((root / "standards").iterdir()) == []

    # the store is a real SQLite file at the current schema, with empty tables
    db = sqlite3.connect(root / "dingji.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"organizations", "runs", "results"} <= tables
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    db.close()

    ws = open_workspace(root)
    assert (ws.name, ws.year, ws.level) == ("岩樟乡", 2026, "乡镇")
    assert ws.ledger_title() == "岩樟乡2026年基层党组织分类定级台账"
    assert ws.ledger_title(2025) == "岩樟乡2025年基层党组织分类定级台账"


def test_init_in_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(["init", "--name", "石门乡", "--year", "2024"])
    assert open_workspace(tmp_path).name == "石门乡"


def test_a_second_init_is_refused_and_changes_nothing(tmp_path):
    root = make_workspace(tmp_path / "ws")
    before_cfg = (root / "dingji.toml").read_bytes()
    before = snapshot(root)

    result = fails(["init", root, "--name", "另一个乡", "--year", "2030"])
    assert "dingji.toml" in result.stderr and "已有工作区" in result.stderr
    assert (root / "dingji.toml").read_bytes() == before_cfg
    assert snapshot(root) == before  # the roster is still there

    with pytest.raises(DingjiError, match=r"ws/dingji\.toml: a workspace already exists here$"):
        create(root, "另一个乡", 2030)


def test_init_requires_name_and_year(tmp_path):
    result = fails(["init", tmp_path / "x", "--name", "乡"], code=2)  # click usage error
    assert "--year" in result.stderr
    assert not (tmp_path / "x" / "dingji.toml").exists()


# --- finding the workspace ------------------------------------------------------


def test_commands_find_the_workspace_from_a_subfolder(tmp_path, copy_workspace, monkeypatch):
    root = copy_workspace(tmp_path / "ws")
    deep = root / "inputs" / "2025" / "三月"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_workspace().root == root.resolve()
    result = ok(["roster", "list"])
    assert "sq-01" in result.stdout and "东街社区党支部" in result.stdout


def test_workspace_option_from_anywhere(tmp_path, copy_workspace, monkeypatch):
    root = copy_workspace(tmp_path / "ws")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for option in ("--workspace", "-w"):
        result = ok([option, root, "roster", "list"])
        assert "西街社区党支部" in result.stdout


def test_workspace_option_wins_over_the_current_folder(tmp_path, copy_workspace, monkeypatch):
    a = copy_workspace(tmp_path / "a")
    b = copy_workspace(tmp_path / "b", roster="org,name,domain\nzz-01,北街社区党支部,mini\n")
    monkeypatch.chdir(a)
    assert "zz-01" in ok(["--workspace", b, "roster", "list"]).stdout
    assert "zz-01" not in ok(["roster", "list"]).stdout


def _no_workspace_above(path: Path) -> bool:
    return not any((p / "dingji.toml").exists() for p in (path, *path.parents))


@pytest.mark.parametrize(
    "args",
    [
        ["roster", "list"],
        ["roster", "import", "名单.csv"],
        ["explain", "sq-01"],
    ],
)
def test_commands_that_need_a_workspace_fail_clearly_outside_one(tmp_path, monkeypatch, args):
    if not _no_workspace_above(tmp_path):
        pytest.skip("a dingji.toml exists above the temporary folder")
    write(tmp_path / "名单.csv", ROSTER)
    monkeypatch.chdir(tmp_path)
    assert find_workspace() is None
    result = fails(args)
    assert "dingji.toml" in result.stderr and "dingji init" in result.stderr
    assert result.stdout == ""
    en = fails(["--lang", "en", *args])
    assert "no dingji workspace" in en.stderr
    assert not (tmp_path / "dingji.sqlite").exists()


def test_workspace_option_naming_a_folder_without_a_workspace(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = fails(["--workspace", empty, "roster", "list"])
    assert "dingji.toml" in result.stderr and str(empty) in result.stderr
    with pytest.raises(
        DingjiError, match=r"dingji\.toml: no dingji workspace here \(dingji\.toml not found\); run dingji init$"
    ):
        open_workspace(empty)
    # a missing folder too (before the fix, both were a FileNotFoundError traceback)
    fails(["--workspace", tmp_path / "missing", "roster", "list"])


def test_a_broken_dingji_toml_is_a_clear_error(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    (root / "dingji.toml").write_text("[workspace\nname = 1\n", encoding="utf-8")
    result = fails(["--workspace", root, "roster", "list"])
    assert "dingji.toml" in result.stderr and "TOML" in result.stderr

    (root / "dingji.toml").write_text('[workspace]\nname = "乡"\nyear = "明年"\n', encoding="utf-8")
    result = fails(["--workspace", root, "roster", "list"])
    assert "workspace.year" in result.stderr

    (root / "dingji.toml").write_bytes('[workspace]\nname = "岩樟乡"\nyear = 2025\n'.encode("gbk"))
    result = fails(["--workspace", root, "roster", "list"])
    assert "UTF-8" in result.stderr


# --- standards/ ---------------------------------------------------------------


def test_a_workspace_standard_loads_and_shows_its_origin(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    result = ok(["--workspace", root, "standards", "list"])
    line = next(x for x in result.stdout.splitlines() if x.startswith("mini "))
    assert "社区党组织定级小标准" in line and "社区" in line and "1.0" in line
    assert "workspace" in line and "mini.toml" in line
    builtin = next(x for x in result.stdout.splitlines() if x.startswith("private "))
    assert "built-in" in builtin
    # and it is usable by id or by its domain name
    ok(["--workspace", root, "standards", "show", "社区"])


def test_a_workspace_standard_overrides_the_builtin_of_the_same_id(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    # tests/data/example.toml has id "village", version 2022.1 (the built-in is 2026.2)
    (root / "standards" / "village.toml").write_bytes((TESTS / "data" / "example.toml").read_bytes())
    result = ok(["--workspace", root, "standards", "list"])
    rows = [x for x in result.stdout.splitlines() if x.startswith("village ")]
    assert len(rows) == 1 and "2022.1" in rows[0] and "workspace" in rows[0]
    assert "village (built-in)" in result.stderr  # the note says what was replaced

    shown = ok(["--workspace", root, "standards", "show", "village"]).stdout
    assert "2022.1" in shown and "书记队伍" in shown and "-2/次" in shown

    # elsewhere, the built-in is untouched
    outside = ok(["standards", "show", "village"]).stdout
    assert "2026.2" in outside and "书记队伍" not in outside


BROKEN = MINI.replace('id = "mini"', 'id = "broken"').replace("weight = 0.6", "weight = 0.5")


def test_a_broken_workspace_standard_is_reported_but_other_commands_work(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    write(root / "standards" / "broken.toml", BROKEN, bom=False)

    listed = ok(["--workspace", root, "standards", "list"])
    assert "broken.toml" in listed.stderr and "dingji standards check" in listed.stderr
    ids = [x.split()[0] for x in listed.stdout.splitlines()[2:]]
    assert "mini" in ids and "broken" not in ids and "broken.toml" not in listed.stdout

    write(root / "s.csv", SCORES)
    graded = ok(["--workspace", root, "evaluate", "mini", root / "s.csv", "--format", "csv"])
    assert "broken.toml" in graded.stderr  # the warning goes to stderr ...
    assert "broken.toml" not in graded.stdout  # ... and the data stays clean
    assert graded.stdout.splitlines()[1].startswith("sq-01,")

    en = ok(["--lang", "en", "--workspace", root, "standards", "list"])
    assert "does not load" in en.stderr

    # using the broken one by name is an error (exit 1), not a crash
    result = fails(["--workspace", root, "standards", "show", "broken"])
    assert "broken" in result.stderr


def test_standards_folders_come_from_the_config(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", standard=None, roster=None)
    write(root / "县标准" / "mini.toml", MINI, bom=False)
    cfg = (root / "dingji.toml").read_text(encoding="utf-8")
    (root / "dingji.toml").write_text(
        cfg.replace('folders = ["standards"]', 'folders = ["standards", "县标准"]'), encoding="utf-8"
    )
    assert "县标准" in ok(["--workspace", root, "standards", "list"]).stdout


def test_a_disabled_plugin_is_not_loaded(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    before = ok(["--workspace", root, "plugins"]).stdout
    assert "dingji.plugins.xlsx_reader" in before
    cfg = (root / "dingji.toml").read_text(encoding="utf-8")
    (root / "dingji.toml").write_text(
        cfg.replace('# disabled = ["某插件名"]', 'disabled = ["dingji.plugins.xlsx_reader"]'), encoding="utf-8"
    )
    after = ok(["--workspace", root, "plugins"]).stdout
    assert "dingji.plugins.xlsx_reader" not in after and "dingji.plugins.csv_reader" in after


def test_init_with_quotes_and_backslashes_in_the_name(tmp_path):
    # before the fix the name went into dingji.toml unescaped: a broken file, "nothing written",
    # and a second init refused because the broken dingji.toml existed
    root = tmp_path / "ws"
    ok(["init", root, "--name", '岩樟"乡\\一组', "--year", "2025", "--level", '乡"镇'])
    ws = open_workspace(root)
    assert ws.name == '岩樟"乡\\一组' and ws.level == '乡"镇'
    ok(["--workspace", root, "roster", "list"])


def test_init_where_a_folder_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = fails(["init", tmp_path / "a-file" / "ws", "--name", "乡", "--year", "2025"])
    assert "a-file" in result.stderr and "无法创建目录" in result.stderr


def test_a_single_standards_folder_given_as_a_string(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    cfg = (root / "dingji.toml").read_text(encoding="utf-8")
    (root / "dingji.toml").write_text(cfg.replace('folders = ["standards"]', 'folders = "standards"'), encoding="utf-8")
    assert open_workspace(root).standard_folders == [root.resolve() / "standards"]
    assert "mini" in ok(["--workspace", root, "standards", "list"]).stdout


@pytest.mark.parametrize(
    "line, key, message",
    [
        ("[standards]\nfolders = 5", "standards.folders", "must be a folder name or a list of them, got 5"),
        ("[standards]\nfolders = [5]", "standards.folders", "must be a folder name or a list of them, got [5]"),
        ("[ledger]\ntitle = 5", "ledger.title", "must be a text, got 5"),
        ('[notice]\ndays = "五"', "notice.days", "must be a whole number of days from 0 to 366, got '五'"),
        ('[plugins]\ndisabled = "methods"', "plugins.disabled", "must be a list of plugin names, got 'methods'"),
    ],
)
def test_wrong_types_in_dingji_toml_are_named(tmp_path, line, key, message):
    from dingji.core.errors import DingjiError
    from dingji.services.workspace import open_workspace

    (tmp_path / "dingji.toml").write_text(f'[workspace]\nname = "乡"\nyear = 2026\n{line}\n', encoding="utf-8")
    with pytest.raises(
        DingjiError, match=rf"dingji\.toml, key {re.escape(key)}: {re.escape(key)} {re.escape(message)}$"
    ) as err:
        open_workspace(tmp_path)
    assert [p.place.key for p in err.value.problems] == [key]


@pytest.mark.parametrize(
    "text, keys, first",
    [
        ('workspace = "x"\n', ["workspace", "workspace.year"], r"key workspace: \[workspace\] must be a table\n"),
        (
            "[workspace]\nname = 5\nyear = true\n",
            ["workspace.name", "workspace.year"],
            r"key workspace\.name: workspace\.name must be a text, got 5\n",
        ),
    ],
)
def test_a_broken_workspace_table_lists_every_problem(tmp_path, text, keys, first):
    from dingji.core.errors import DingjiError
    from dingji.services.workspace import open_workspace

    (tmp_path / "dingji.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DingjiError, match=first) as err:
        open_workspace(tmp_path)
    assert [p.place.key for p in err.value.problems] == keys
