"""The workspace store: one SQLite file, versioned schema, one transaction per change.

Tables: the roster; ``runs`` (one audit row per evaluate, kept forever: when,
which files with their sha256, the standard's text, version and sha256);
``results`` (the active run's result per organization of a domain and year,
with its normalized inputs, so any result can be re-graded and explained
exactly); since schema 2 ``imports`` (an audit row per import of records) and
``tracker_records``; since schema 3 ``visits``, ``rectify_tasks``,
``rectify_events`` and ``rectify_filings``.  Migrations are plain SQL steps applied in order; ``PRAGMA
user_version`` holds the schema number.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from typing import NamedTuple
from datetime import datetime, timezone
from pathlib import Path

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.inputs import Organization

MIGRATIONS = [
    # 1: roster, runs (audit), results
    """
    CREATE TABLE organizations (
        org TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL,
        parent TEXT, secretary TEXT, members INTEGER, updated_at TEXT NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, year INTEGER NOT NULL, domain TEXT NOT NULL,
        standard_id TEXT NOT NULL, standard_version TEXT NOT NULL, standard_sha256 TEXT NOT NULL,
        standard_text TEXT NOT NULL, files TEXT NOT NULL, organizations INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, replaced_by INTEGER);
    CREATE INDEX runs_year_domain ON runs(year, domain, active);
    CREATE TABLE results (
        run_id INTEGER NOT NULL REFERENCES runs(id), year INTEGER NOT NULL, domain TEXT NOT NULL,
        org TEXT NOT NULL, name TEXT NOT NULL, score TEXT NOT NULL, grade TEXT NOT NULL,
        vetoes TEXT NOT NULL, service INTEGER NOT NULL, satisfaction TEXT, inputs TEXT NOT NULL,
        exact TEXT NOT NULL, sources TEXT NOT NULL, bonus TEXT NOT NULL, penalty TEXT NOT NULL,
        PRIMARY KEY (year, org));
    CREATE INDEX results_run ON results(run_id);
    """,
    # 2: activity tracker records, and an audit row per import of any record kind
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL,
        files TEXT NOT NULL, rows INTEGER NOT NULL, active INTEGER NOT NULL DEFAULT 1, replaced_by INTEGER);
    CREATE INDEX imports_year_kind ON imports(year, kind, active);
    CREATE TABLE tracker_records (
        id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id), year INTEGER NOT NULL,
        tracker TEXT NOT NULL, org TEXT NOT NULL, member TEXT, period TEXT, data TEXT NOT NULL);
    CREATE INDEX tracker_records_key ON tracker_records(year, tracker, org);
    """,
    # 3: after grading: visits (走访台账), rectification tasks (整改台账) with their status history,
    # and the filing (备案) of rectification plans; see dingji/year/visits.py and dingji/year/rectify.py
    """
    CREATE TABLE visits (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, org TEXT NOT NULL, date TEXT NOT NULL,
        visitors TEXT NOT NULL, form TEXT NOT NULL, data TEXT NOT NULL,
        import_id INTEGER REFERENCES imports(id), at TEXT NOT NULL);
    CREATE INDEX visits_year_org ON visits(year, org);
    CREATE TABLE rectify_tasks (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, org TEXT NOT NULL, problem TEXT NOT NULL,
        measures TEXT NOT NULL, owner TEXT NOT NULL, start TEXT, deadline TEXT NOT NULL, pledge TEXT,
        status TEXT NOT NULL, done_on TEXT, closed_on TEXT, note TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
    CREATE INDEX rectify_tasks_year_org ON rectify_tasks(year, org);
    CREATE TABLE rectify_events (
        id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES rectify_tasks(id), status TEXT NOT NULL,
        on_date TEXT NOT NULL, at TEXT NOT NULL, how TEXT NOT NULL, import_id INTEGER REFERENCES imports(id));
    CREATE INDEX rectify_events_task ON rectify_events(task_id);
    CREATE TABLE rectify_filings (
        year INTEGER NOT NULL, org TEXT NOT NULL, filed_on TEXT NOT NULL, note TEXT, at TEXT NOT NULL,
        PRIMARY KEY (year, org));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(DingjiError):
    pass


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def pack_inputs(values: dict, keys) -> str:
    """An assessment's values as one line: tab-separated, in the order of ``keys`` (the
    standard's accepted (source, item) keys, see ``spec_for``), empty where not entered."""
    get = values.get
    return "\t".join(["" if v is None else "yes" if v is True else "no" if v is False else str(v)
                      for v in [get(k) for k in keys]])


def unpack_inputs(text: str, keys):
    """The (source, item, value) entries of a packed line."""
    for (source, item), value in zip(keys, text.split("\t")):
        if value:
            yield source, item, value


class StoredResult(NamedTuple):
    """One organization's stored result: what the ledger's main sheet shows, without re-grading."""

    run_id: int
    year: int
    domain: str  # the standard's id
    org: str
    name: str
    score: str
    grade: str
    vetoes: str  # veto ids, comma-separated
    service: int
    satisfaction: str | None
    inputs: str
    exact: str
    sources: str  # JSON {source id: exact score}
    bonus: str
    penalty: str


_RESULT_COLUMNS = ", ".join(StoredResult._fields)


class Store:
    """The workspace's SQLite file.  Use it as a context manager (``with ws.store() as store:``)
    so that it is closed on every path, an error's included."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self._domain_rank: dict[str, int] = {}
            self.db.create_collation("domain_order", self._by_domain_order)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError([Problem(Place(file=str(self.path)), f"not a dingji store: {exc}",
                                      f"不是 dingji 的数据库文件：{exc}")]) from None

    def close(self):
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def set_domain_order(self, domains) -> None:
        """List domains (standard ids) in this order in every query sorted by domain (the
        registry's: 农村, 企业, 机关事业单位, 窗口 first); others follow by id."""
        self._domain_rank = {d: i for i, d in enumerate(domains)}

    def _by_domain_order(self, a: str, b: str) -> int:
        n = len(self._domain_rank)
        ka, kb = (self._domain_rank.get(a, n), a), (self._domain_rank.get(b, n), b)
        return (ka > kb) - (ka < kb)

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        have = self.version
        if have > SCHEMA_VERSION:
            raise StoreError([Problem(Place(file=str(self.path)),
                                      f"the store has schema {have}, newer than this dingji ({SCHEMA_VERSION}); upgrade dingji",
                                      f"数据库版本 {have} 高于本程序支持的 {SCHEMA_VERSION}，请升级 dingji")])
        for number in range(have, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self):
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # locked by another program, read-only, disk full ...
            raise self._cannot_write(exc, busy=True) from None
        try:
            yield self.db
        except sqlite3.OperationalError as exc:
            self.db.execute("ROLLBACK")
            raise self._cannot_write(exc) from None
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _cannot_write(self, exc, busy: bool = False) -> StoreError:
        en = " (is another dingji or a database tool using it?)" if busy else ""
        zh = "（是否有其他 dingji 或数据库工具正在使用它？）" if busy else ""
        return StoreError([Problem(Place(file=str(self.path)), f"cannot write the store: {exc}{en}; nothing was changed",
                                   f"无法写入数据库：{exc}{zh}；未做任何改动")])

    # --- roster ----------------------------------------------------------

    def replace_roster(self, orgs, *, replace: bool = False) -> tuple[int, int]:
        """Add or update organizations (all, or none); ``replace`` removes those not given.
        Returns (added, updated)."""
        at = now()
        with self.transaction() as db:
            existing = {r[0] for r in db.execute("SELECT org FROM organizations")}
            if replace:
                db.execute("DELETE FROM organizations")
            db.executemany(
                "INSERT OR REPLACE INTO organizations VALUES (?,?,?,?,?,?,?)",
                [(o.id, o.name, o.domain, o.parent, o.secretary, o.members, at) for o in orgs])
        ids = {o.id for o in orgs}
        return len(ids - existing), len(ids & existing)

    def roster(self) -> dict[str, Organization]:
        rows = self.db.execute("SELECT org, name, domain, parent, secretary, members FROM organizations ORDER BY org")
        return {r[0]: Organization(*r) for r in rows}

    # --- results ---------------------------------------------------------

    def save_run(self, year: int, standard, files, results, also=None) -> int:
        """Replace this domain's results for ``year`` by ``results``, keeping an audit row.
        ``also(db, run_id)``, when given, writes more in the same transaction (the tracker
        metrics the run used, see :mod:`dingji.store.tracking`)."""
        from dingji.core.inputs import spec_for
        keys = list(spec_for(standard).accepts)
        rows = []
        for r in results:
            rows.append((year, standard.id, r.org, r.name, str(r.score), r.grade,
                         ",".join(v.id for v in r.vetoes), int(r.service_oriented),
                         None if r.satisfaction is None else str(r.satisfaction),
                         pack_inputs(r.assessment.values, keys), str(r.exact),
                         json.dumps({k: str(v) for k, v in r.sources.items()}), str(r.bonus), str(r.penalty)))
        with self.transaction() as db:
            old = [r[0] for r in db.execute("SELECT id FROM runs WHERE year=? AND domain=? AND active=1",
                                            (year, standard.id))]
            cur = db.execute(
                "INSERT INTO runs (at, year, domain, standard_id, standard_version, standard_sha256, standard_text,"
                " files, organizations) VALUES (?,?,?,?,?,?,?,?,?)",
                (now(), year, standard.id, standard.id, standard.version, standard.sha256, standard.text,
                 json.dumps(files, ensure_ascii=False), len(rows)))
            run_id = cur.lastrowid
            for old_id in old:
                db.execute("DELETE FROM results WHERE run_id=?", (old_id,))
                db.execute("UPDATE runs SET active=0, replaced_by=? WHERE id=?", (run_id, old_id))
            others = dict(db.execute("SELECT org, domain FROM results WHERE year=? AND domain<>?",
                                     (year, standard.id)).fetchall())
            clash = [(r[2], others[r[2]]) for r in rows if r[2] in others]
            if clash:
                raise StoreError([Problem(Place(key=org), f"{org} already has a {year} result under {dom}",
                                          f"{org} 在 {year} 年已有 {dom} 领域的定级结果") for org, dom in clash])
            db.executemany(f"INSERT INTO results ({_RESULT_COLUMNS}) VALUES ({run_id},{','.join('?' * 14)})", rows)
            if also is not None:
                also(db, run_id)
        return run_id

    def runs(self, year: int | None = None, active_only: bool = False):
        sql = "SELECT id, at, year, domain, standard_id, standard_version, standard_sha256, files, organizations, active, replaced_by FROM runs"
        where, args = [], []
        if year is not None:
            where.append("year=?")
            args.append(year)
        if active_only:
            where.append("active=1")
        if where:
            sql += " WHERE " + " AND ".join(where)
        cols = ("id", "at", "year", "domain", "standard_id", "standard_version", "standard_sha256", "files",
                "organizations", "active", "replaced_by")
        out = []
        for row in self.db.execute(sql + " ORDER BY id", args):
            d = dict(zip(cols, row))
            d["files"] = json.loads(d["files"])
            out.append(d)
        return out

    def run_standard_text(self, run_id: int) -> str:
        return self.db.execute("SELECT standard_text FROM runs WHERE id=?", (run_id,)).fetchone()[0]

    def result_rows(self, year: int, domain: str | None = None, org: str | None = None) -> list[StoredResult]:
        return list(self.iter_result_rows(year, domain, org))

    def iter_result_rows(self, year: int, domain: str | None = None, org: str | None = None):
        """Stored results of a year, by domain then org, streamed (memory stays flat)."""
        sql = f"SELECT {_RESULT_COLUMNS} FROM results WHERE year=?"
        args: list = [year]
        if domain:
            sql += " AND domain=?"
            args.append(domain)
        if org:
            sql += " AND org=?"
            args.append(org)
        for row in self.db.execute(sql + " ORDER BY domain COLLATE domain_order, org", args):
            yield StoredResult(*row)

    def count_results(self, year: int) -> int:
        return self.db.execute("SELECT count(*) FROM results WHERE year=?", (year,)).fetchone()[0]

    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM results ORDER BY year")]

    # --- ledger queries (aggregates in SQL, rows streamed) ---------------------

    def grade_counts(self, year: int) -> list[tuple[str, str, int, int]]:
        """``(domain, grade, organizations, of them 服务型)`` for ``year``."""
        return self.db.execute("SELECT domain, grade, count(*), sum(service) FROM results WHERE year=?"
                               " GROUP BY domain, grade ORDER BY domain COLLATE domain_order, grade", (year,)).fetchall()

    def iter_ledger_rows(self, year: int, domain: str | None = None, grade: str | None = None):
        """``(StoredResult, last year's grade or None)`` by domain then org, streamed."""
        cols = ", ".join(f"r.{c}" for c in StoredResult._fields)
        sql = (f"SELECT {cols}, p.grade FROM results r LEFT JOIN results p ON p.year = r.year - 1 AND p.org = r.org"
               " WHERE r.year=?")
        args: list = [year]
        if domain:
            sql += " AND r.domain=?"
            args.append(domain)
        if grade:
            sql += " AND r.grade=?"
            args.append(grade)
        for row in self.db.execute(sql + " ORDER BY r.domain COLLATE domain_order, r.org", args):
            yield StoredResult(*row[:-1]), row[-1]


def _statements(script: str):
    for part in script.split(";"):
        if part.strip():
            yield part
