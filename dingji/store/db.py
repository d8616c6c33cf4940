"""The workspace store: one SQLite file (WAL), versioned schema, one transaction per change.

:class:`Store` is the connection (this module: open, migrate, transactions) with the
roster, runs and results tables (:mod:`dingji.store.results`); the other table families
are modules of functions taking the store: :mod:`~dingji.store.tracking` (tracker records,
the metrics a run used), :mod:`~dingji.store.visits`, :mod:`~dingji.store.rectify`,
:mod:`~dingji.store.graded` (a year's grades beside last year's).  The schema and its
migrations are :mod:`dingji.store.schema`.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from dingji.core.errors import Place, Problem
from dingji.core.text import Text
from dingji.store.base import StoreError
from dingji.store.results import ResultTables
from dingji.store.schema import MIGRATIONS, SCHEMA_VERSION, statements

#: How long a change waits for another process's transaction to end before it says the store is busy.
BUSY_SECONDS = 30


class Store(ResultTables):
    """The workspace's SQLite file.  Use it as a context manager (``with ws.store() as store:``)
    so that it is closed on every path, an error's included."""

    def __init__(self, path: Path):
        """Open the store at ``path`` (a missing file is made: ``dingji init``).

        A store in a folder or file that cannot be written is opened read-only (reading
        commands work; a change says the workspace is read-only); an empty file is refused
        (a copy that failed, not a new store)."""
        self.path = Path(path)
        self.read_only = False
        self._domain_rank: dict[str, int] = {}
        if self.path.is_file() and self.path.stat().st_size == 0:
            raise StoreError(
                [
                    Problem(
                        Place(file=str(self.path)),
                        Text(
                            "数据库是空文件（复制失败？）：请用备份恢复；如要新建空的数据库，请先删除它",
                            "the store is an empty file (a copy that failed?): restore it from a copy, "
                            "or delete it to start a new, empty store",
                        ),
                    )
                ]
            )
        try:
            if not self._writable():
                self._open_read_only()
                return
            # a writer waits for another (a command grading while the desk stores a form) rather than fail
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
            self.db.create_collation("domain_order", self._by_domain_order)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError([self._why(exc)]) from None

    def _writable(self) -> bool:
        folder = self.path.parent if self.path.parent != Path("") else Path(".")
        if self.path.exists():
            return os.access(self.path, os.W_OK) and os.access(folder, os.W_OK)
        return True  # a new store: connecting says whether the folder can hold it

    def _open_read_only(self) -> None:
        """Read a store that cannot be written (a read-only folder or medium): as it is."""
        if not self.path.exists():
            raise sqlite3.OperationalError("unable to open database file")
        self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
        self.db.create_collation("domain_order", self._by_domain_order)
        self.read_only = True
        if self.version != SCHEMA_VERSION:
            raise StoreError(
                [
                    Problem(
                        Place(file=str(self.path)),
                        Text(
                            f"数据库只读，且其版本为 {self.version}（本程序为 {SCHEMA_VERSION}）：请在可写的位置"
                            "打开一次以完成升级",
                            f"the store is read-only and has schema {self.version}, not {SCHEMA_VERSION}: "
                            "open it once where it can be written, so that it is upgraded",
                        ),
                    )
                ]
            )

    def _why(self, exc) -> Problem:
        """What went wrong opening the store, in words a user can act on."""
        text = str(exc)
        if "disk I/O" in text or "full" in text:
            return Problem(
                Place(file=str(self.path)),
                Text(
                    f"数据库无法使用：磁盘已满或出错（{text}）",
                    f"the store cannot be used: the disk is full or failing ({text})",
                ),
            )
        if "readonly" in text or "read-only" in text:
            return Problem(
                Place(file=str(self.path)), Text(f"工作区只读：{text}", f"the workspace is read-only: {text}")
            )
        return Problem(
            Place(file=str(self.path)), Text(f"不是 dingji 的数据库文件：{text}", f"not a dingji store: {text}")
        )

    def close(self):
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def set_domain_order(self, domains) -> None:
        """List domains (standard ids) in this order in every query sorted by domain (the
        registry's: 农村, 国有企业, 非公有制企业, 机关事业单位, 窗口 first); others follow by id."""
        self._domain_rank = {d: i for i, d in enumerate(domains)}

    def domain_order(self, column: str) -> tuple[str, list]:
        """``(SQL, arguments)`` ordering rows by ``column`` as the ``domain_order`` collation does,
        computed once per row (the collation is a Python call per comparison: a sort of 30,000
        results makes 450,000)."""
        if not self._domain_rank:
            return column, []
        ranks = sorted(self._domain_rank.items(), key=lambda x: x[1])
        whens = " ".join("WHEN ? THEN ?" for _ in ranks)
        return f"CASE {column} {whens} ELSE ? END, {column}", [*[x for r in ranks for x in r], len(ranks)]

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
            raise StoreError(
                [
                    Problem(
                        Place(file=str(self.path)),
                        Text(
                            f"数据库版本 {have} 高于本程序支持的 {SCHEMA_VERSION}，请升级 dingji",
                            f"the store has schema {have}, newer than this dingji ({SCHEMA_VERSION}); upgrade dingji",
                        ),
                    )
                ]
            )
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
        if self.read_only or "readonly" in str(exc):
            en, zh = " (the workspace is read-only)", "（工作区只读）"
        elif "full" in str(exc) or "disk I/O" in str(exc):
            en, zh = " (the disk is full or failing)", "（磁盘已满或出错）"
        return StoreError(
            [
                Problem(
                    Place(file=str(self.path)),
                    Text(
                        f"无法写入数据库：{exc}{zh}；未做任何改动",
                        f"cannot write the store: {exc}{en}; nothing was changed",
                    ),
                )
            ]
        )
