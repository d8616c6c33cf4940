"""The workspace store: one SQLite file (WAL), versioned schema, one transaction per change.

:class:`Store` is the connection (this module: open, migrate, transactions) with the
roster, runs and results tables (:mod:`dingji.store.results`); the other table families
are modules of functions taking the store: :mod:`~dingji.store.tracking` (tracker records,
the metrics a run used), :mod:`~dingji.store.visits`, :mod:`~dingji.store.rectify`,
:mod:`~dingji.store.graded` (a year's grades beside last year's).  The schema and its
migrations are :mod:`dingji.store.schema`.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from dingji.core.errors import Place, Problem
from dingji.store.base import StoreError
from dingji.store.results import ResultTables
from dingji.store.schema import MIGRATIONS, SCHEMA_VERSION, statements


class Store(ResultTables):
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
        registry's: 农村, 国有企业, 非公有制企业, 机关事业单位, 窗口 first); others follow by id."""
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
                for statement in statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def reading(self):
        """One snapshot for every query of the block: an export (or a page) that reads many
        queries never mixes two runs when another process grades meanwhile (WAL keeps the
        snapshot; writers are not blocked).  Nothing may be written inside the block."""
        if self.db.in_transaction:
            yield self
            return
        self.db.execute("BEGIN")
        self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts at a first read
        try:
            yield self
        finally:
            self.db.execute("ROLLBACK")

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
