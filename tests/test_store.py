"""The SQLite store: schema migrations, the audit trail of runs, one transaction per save.

Results are made with the real grading code on the MINI standard (see cli_support);
the grades used here, by hand:
  sq-01: 0.4×(38 + 60 − 2) + 0.6×(35 + 60 − 4) = 38.4 + 54.6 = 93.0 → 好
  sq-03: 0.4×(20 + 60 − 10) + 0.6×(25 + 60 − 20) = 28 + 39 = 67.0 → 一般
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

import dingji
import dingji.store.db as store_module
from cli_support import (
    MINI,
    ROSTER,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)
from dingji.core.errors import DingjiError
from dingji.core.inputs import Organization
from dingji.registry import Registry
from dingji.report.results import load_results
from dingji.store.db import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

SQ01 = {("self", "work"): "38", ("self", "meetings"): "1", ("superior", "work"): "35", ("superior", "meetings"): "2"}
SQ03 = {("self", "work"): "20", ("self", "meetings"): "5", ("superior", "work"): "25", ("superior", "meetings"): "10"}


@pytest.fixture(scope="module")
def reg():
    return Registry(entry_points=False)


@pytest.fixture(scope="module")
def mini(reg):
    return reg.load(MINI, name="mini.toml", origin="test")


@pytest.fixture(scope="module")
def other(reg):
    """A second domain: MINI under another id."""
    return reg.load(
        MINI.replace('id = "mini"', 'id = "other"').replace('domain = "社区"', 'domain = "学校"'),
        name="other.toml",
        origin="test",
    )


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "dingji.sqlite")
    yield s
    s.close()


def graded(std, data):
    return dingji.evaluate(std, data)


FILES = [{"file": "农村评分.csv", "sha256": "ab" * 32, "bytes": 123}]


# --- schema -------------------------------------------------------------------


def _schema(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        db.close()


def _schema_of_fresh_store(tmp_path) -> list[tuple]:
    fresh = tmp_path / "fresh.sqlite"
    if not fresh.exists():
        Store(fresh).close()
    return _schema(fresh)


@pytest.mark.parametrize("old", range(1, SCHEMA_VERSION))
def test_a_store_of_an_older_schema_is_migrated_and_keeps_its_data(tmp_path, monkeypatch, mini, reg, old):
    path = tmp_path / "dingji.sqlite"
    with monkeypatch.context() as m:  # an older dingji: only the first `old` migrations
        m.setattr(store_module, "MIGRATIONS", MIGRATIONS[:old])
        m.setattr(store_module, "SCHEMA_VERSION", old)
        with Store(path) as s:
            assert s.version == old
            s.replace_roster(
                [Organization("sq-01", "东街社区党支部", "mini"), Organization("sq-03", "南街社区党支部", "mini")]
            )
            s.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01, "sq-03": SQ03}))
            before = (s.roster(), s.runs(), s.result_rows(2025))
    assert _schema(path) != _schema_of_fresh_store(tmp_path)  # really older: some table is missing
    with Store(path) as s:  # this dingji
        assert s.version == SCHEMA_VERSION  # PRAGMA user_version
        assert (s.roster(), s.runs(), s.result_rows(2025)) == before
        assert [(r.org, str(r.score), r.grade) for r in load_results(s, reg, 2025)] == [
            ("sq-01", "93.0", "好"),
            ("sq-03", "67.0", "一般"),
        ]
    # each migration applied on top of the previous ones: the same tables and indexes as a store made new
    assert _schema(path) == _schema_of_fresh_store(tmp_path)


def test_a_new_store_gets_every_migration_in_one_go(tmp_path):
    path = tmp_path / "dingji.sqlite"  # no file yet: dingji init makes it
    s = Store(path)
    assert s.version == SCHEMA_VERSION
    tables = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"organizations", "runs", "results"} <= tables
    assert s.roster() == {} and s.runs() == [] and s.years() == []
    s.close()
    # reopening applies nothing more and keeps the version
    s = Store(path)
    assert s.version == SCHEMA_VERSION
    s.close()


def test_an_empty_file_is_refused_not_taken_for_a_new_store(tmp_path):
    # a 0-byte dingji.sqlite is a copy that failed: silently making it a new, empty store would lose the year
    path = tmp_path / "dingji.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="the store is an empty file"):
        Store(path)
    assert path.read_bytes() == b""


def test_a_newer_migration_upgrades_an_existing_store_keeping_its_data(tmp_path, monkeypatch):
    path = tmp_path / "dingji.sqlite"
    s = Store(path)
    s.replace_roster([Organization("sq-01", "东街社区党支部", "mini")])
    s.close()
    # the next release of dingji: one more migration
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS + ["ALTER TABLE organizations ADD COLUMN phone TEXT"])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    s = Store(path)
    assert s.version == len(MIGRATIONS) + 1
    assert s.db.execute("SELECT org, phone FROM organizations").fetchall() == [("sq-01", None)]
    s.close()


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "dingji.sqlite"
    Store(path).close()
    bad = "CREATE TABLE half_done (a TEXT); INSERT INTO no_such_table VALUES (1)"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS + [bad])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    with pytest.raises(
        StoreError,
        match=r"dingji\.sqlite: cannot write the store: no such table: no_such_table; "
        r"nothing was changed$",
    ) as info:
        Store(path)
    assert str(path) in info.value.describe("en")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
    db.close()


def test_a_store_from_a_newer_dingji_is_refused(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    db = sqlite3.connect(root / "dingji.sqlite")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()

    with pytest.raises(
        StoreError,
        match=rf"dingji\.sqlite: the store has schema {SCHEMA_VERSION + 1}, newer than this "
        rf"dingji \({SCHEMA_VERSION}\); upgrade dingji$",
    ) as info:
        Store(root / "dingji.sqlite")
    assert f"schema {SCHEMA_VERSION + 1}" in info.value.describe("en") and "upgrade dingji" in info.value.describe("en")

    result = fails(["--workspace", root, "roster", "list"])
    assert "请升级 dingji" in result.stderr and "dingji.sqlite" in result.stderr
    result = fails(["--lang", "en", "--workspace", root, "roster", "list"])
    assert "newer than this dingji" in result.stderr
    # refused, not "migrated" down: the file keeps its version
    db = sqlite3.connect(root / "dingji.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    db.close()


@pytest.mark.parametrize(
    "content",
    [
        "组织编号,组织名称\n这不是数据库\n".encode() * 50,
        b"PK\x03\x04" + bytes(range(256)) * 8,
    ],
)
def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path, copy_workspace, content):
    root = copy_workspace(tmp_path / "ws", roster=None)
    for extra in ("-wal", "-shm"):
        (root / f"dingji.sqlite{extra}").unlink(missing_ok=True)
    (root / "dingji.sqlite").write_bytes(content)
    with pytest.raises(StoreError, match=r"dingji\.sqlite: not a dingji store: file is not a database$"):
        Store(root / "dingji.sqlite")
    write(root / "名单.csv", ROSTER)
    result = fails(["--workspace", root, "roster", "import", root / "名单.csv"])
    assert "不是 dingji 的数据库文件" in result.stderr and "dingji.sqlite" in result.stderr
    assert (root / "dingji.sqlite").read_bytes() == content  # untouched


# --- roster -------------------------------------------------------------------


def test_replace_roster_adds_updates_and_replaces(store):
    assert store.replace_roster([Organization("a", "甲党支部", "mini"), Organization("b", "乙党支部", "mini")]) == (
        2,
        0,
    )
    assert store.replace_roster(
        [Organization("b", "乙村党支部", "mini", secretary="王建国", members=12), Organization("c", "丙党支部", "mini")]
    ) == (1, 1)
    roster = store.roster()
    assert list(roster) == ["a", "b", "c"]
    assert roster["b"] == Organization("b", "乙村党支部", "mini", None, "王建国", 12)
    assert store.replace_roster([Organization("c", "丙党支部", "mini")], replace=True) == (0, 1)
    assert list(store.roster()) == ["c"]


# --- runs and results -----------------------------------------------------------


def test_save_run_stores_results_with_an_audit_row(store, mini, reg):
    results = graded(mini, {"sq-01": SQ01, "sq-03": SQ03})
    run = store.save_run(2025, mini, FILES, results)
    [row] = store.runs()
    assert row["id"] == run and row["year"] == 2025 and row["domain"] == "mini"
    assert (row["standard_id"], row["standard_version"], row["standard_sha256"]) == ("mini", "1.0", mini.sha256)
    assert row["files"] == FILES and row["organizations"] == 2
    assert row["active"] == 1 and row["replaced_by"] is None
    assert store.run_standard_text(run) == MINI

    rows = store.result_rows(2025)
    assert [(r[3], r[5], r[6]) for r in rows] == [("sq-01", "93.0", "好"), ("sq-03", "67.0", "一般")]

    again = load_results(store, reg, 2025)
    assert [(r.org, r.score, r.grade) for r in again] == [
        ("sq-01", Decimal("93.0"), "好"),
        ("sq-03", Decimal("67.0"), "一般"),
    ]
    assert load_results(store, reg, 2025, org="sq-03")[0].sources == {"self": 70, "superior": 65}


def test_a_second_run_replaces_results_and_keeps_both_audit_rows(store, mini):
    first = store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01, "sq-03": SQ03}))
    # the second file corrects sq-01 (superior work 35 → 40: 0.4×96 + 0.6×96 = 96.0) and drops sq-03
    fixed = {**SQ01, ("superior", "work"): "40"}
    files2 = [{"file": "农村评分-更正.csv", "sha256": "cd" * 32, "bytes": 99}]
    second = store.save_run(2025, mini, files2, graded(mini, {"sq-01": fixed}))
    assert second != first
    runs = {r["id"]: r for r in store.runs()}
    assert (runs[first]["active"], runs[first]["replaced_by"]) == (0, second)
    assert (runs[second]["active"], runs[second]["replaced_by"]) == (1, None)
    assert runs[first]["files"] == FILES and runs[second]["files"] == files2
    assert [r["id"] for r in store.runs(active_only=True)] == [second]
    assert [(r[0], r[3], r[5]) for r in store.result_rows(2025)] == [(second, "sq-01", "96.0")]


def test_years_and_domains_live_side_by_side(store, mini, other):
    a = store.save_run(2024, mini, FILES, graded(mini, {"sq-01": SQ01}))
    b = store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ03}))
    c = store.save_run(2025, other, FILES, graded(other, {"xx-01": SQ01}))
    assert store.years() == [2024, 2025]
    assert [r["id"] for r in store.runs(active_only=True)] == [a, b, c]
    assert [(r[2], r[3], r[5]) for r in store.result_rows(2024)] == [("mini", "sq-01", "93.0")]
    assert [(r[2], r[3], r[5]) for r in store.result_rows(2025)] == [
        ("mini", "sq-01", "67.0"),
        ("other", "xx-01", "93.0"),
    ]
    assert [r[3] for r in store.result_rows(2025, domain="other")] == ["xx-01"]
    assert [r["id"] for r in store.runs(year=2024)] == [a]


def _state(store):
    return store.runs(), store.result_rows(2025)


def test_a_clash_with_another_domain_leaves_everything_as_it_was(store, mini, other):
    store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01}))
    store.save_run(2025, other, FILES, graded(other, {"xx-01": SQ01}))
    before = _state(store)
    # sq-01 was graded under mini this year; grading it under "other" too is refused
    with pytest.raises(StoreError, match=r"^key sq-01: sq-01 already has a 2025 result under mini$") as info:
        store.save_run(2025, other, FILES, graded(other, {"xx-01": SQ03, "sq-01": SQ03}))
    assert "sq-01" in info.value.describe("en") and "mini" in info.value.describe("en")
    assert _state(store) == before  # other's previous run is still active, its result still there
    # and the store still works
    store.save_run(2025, other, FILES, graded(other, {"xx-01": SQ03}))
    assert [(r[3], r[5]) for r in store.result_rows(2025, domain="other")] == [("xx-01", "67.0")]


def test_a_failure_while_writing_rows_rolls_back(store, mini):
    store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01}))
    before = _state(store)
    results = graded(mini, {"sq-03": SQ03})
    # the same organization twice breaks the results' primary key after the old run was deactivated
    with pytest.raises(sqlite3.IntegrityError, match=r"^UNIQUE constraint failed: results\.year, results\.org$"):
        store.save_run(2025, mini, FILES, results + results)
    assert _state(store) == before


def test_a_bad_result_object_stores_nothing(store, mini):
    store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01}))
    before = _state(store)
    with pytest.raises(AttributeError, match=r"^'object' object has no attribute 'org'$"):
        store.save_run(2025, mini, FILES, graded(mini, {"sq-03": SQ03}) + [object()])
    assert _state(store) == before


def test_a_tampered_result_is_detected_when_re_graded(store, mini, reg):
    store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01}))
    store.db.execute("UPDATE results SET score='99.0', grade='好' WHERE org='sq-01'")
    with pytest.raises(
        DingjiError,
        match=r"^key sq-01: re-grading sq-01 gives 93\.0 好, the store has 99\.0 好: the scoring "
        r"rules changed since it was stored",
    ) as info:
        load_results(store, reg, 2025)
    assert "93.0" in info.value.describe("en") and "99.0" in info.value.describe("en")


def test_results_are_re_graded_with_the_stored_standard_text(tmp_path, copy_workspace):
    """Editing the workspace standard later does not change last year's explanation."""
    root = copy_workspace(tmp_path / "ws")
    write(root / "s.csv", SCORES)
    ok(["--workspace", root, "evaluate", "mini", root / "s.csv"])
    # the department changes the weights afterwards (0.5/0.5 would make sq-01 0.5×96 + 0.5×91 = 93.5)
    std_file = root / "standards" / "mini.toml"
    std_file.write_text(
        MINI.replace("weight = 0.4", "weight = 0.5")
        .replace("weight = 0.6", "weight = 0.5")
        .replace('version = "1.0"', 'version = "1.1"'),
        encoding="utf-8",
    )
    text = ok(["--workspace", root, "explain", "sq-01"]).stdout
    assert "93.0" in text and "1.0" in text.splitlines()[0] and "0.4 × 96 + 0.6 × 91" in text
    db = sqlite3.connect(root / "dingji.sqlite")
    assert db.execute("SELECT standard_version, standard_text FROM runs").fetchall() == [("1.0", MINI)]
    db.close()


def test_a_store_locked_by_another_program_is_a_clear_error_and_changes_nothing(store, mini):
    store.save_run(2025, mini, FILES, graded(mini, {"sq-01": SQ01}))
    before = _state(store)
    store.db.execute("PRAGMA busy_timeout = 50")  # wait 50 ms for the lock, not the default 5 s
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a database browser in the middle of an edit
    try:
        with pytest.raises(
            StoreError,
            match=r"dingji\.sqlite: cannot write the store: database is locked \(is another "
            r"dingji or a database tool using it\?\); nothing was changed$",
        ) as info:
            store.save_run(2025, mini, FILES, graded(mini, {"sq-03": SQ03}))
        assert "locked" in info.value.describe("en") and "无法写入数据库" in info.value.describe("zh")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _state(store) == before
    store.save_run(2025, mini, FILES, graded(mini, {"sq-03": SQ03}))  # works again once released
    assert [r[3] for r in store.result_rows(2025)] == ["sq-03"]


def test_domains_sort_in_the_registrys_order_then_by_id(tmp_path):
    from dingji.store.db import Store

    store = Store(tmp_path / "s.sqlite")
    store.db.execute("CREATE TEMP TABLE t (d TEXT)")
    store.db.executemany("INSERT INTO t VALUES (?)", [("zzz",), ("enterprise",), ("aaa",), ("village",)])
    store.set_domain_order(["village", "enterprise"])
    got = [r[0] for r in store.db.execute("SELECT d FROM t ORDER BY d COLLATE domain_order")]
    assert got == ["village", "enterprise", "aaa", "zzz"]  # 农村 before 企业, as the standards are listed
    store.close()
