"""The roster, runs and results tables (schema 1): what :class:`dingji.store.db.Store` reads
and writes of them, as a mixin of its connection (``self.db``, ``self.transaction()``).

Checking the stored numbers is in :mod:`.result_checks` (importable from here too)."""

from __future__ import annotations

import json
from typing import NamedTuple

from dingji.core.errors import Place, Problem
from dingji.core.inputs import Organization, spec_for
from dingji.core.text import Text
from dingji.store.base import StoreError, now
from dingji.store.result_checks import _NOT_A_NUMBER, _NUMBERS, _number, bad_values, check_values  # noqa: F401 - re-exported


def pack_inputs(values: dict, keys) -> str:
    """An assessment's values as one line: tab-separated, in the order of ``keys`` (the
    standard's accepted (source, item) keys, see ``spec_for``), empty where not entered."""
    get = values.get
    return "\t".join(
        ["" if v is None else "yes" if v is True else "no" if v is False else str(v) for v in [get(k) for k in keys]]
    )


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


def result_row(year: int, standard, keys: list, r) -> tuple:
    """The ``results`` table's row of one result (``keys``: the standard's accepted inputs, in
    order, as ``list(spec_for(standard).accepts)``)."""
    return (
        year,
        standard.id,
        r.org,
        r.name,
        str(r.score),
        r.grade,
        ",".join(v.id for v in r.vetoes),
        int(r.service_oriented),
        None if r.satisfaction is None else str(r.satisfaction),
        pack_inputs(r.assessment.values, keys),
        str(r.exact),
        json.dumps({k: str(v) for k, v in r.sources.items()}),
        str(r.bonus),
        str(r.penalty),
    )


class ResultTables:
    """The roster, runs and results of a :class:`dingji.store.db.Store`."""

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
                [(o.id, o.name, o.domain, o.parent, o.secretary, o.members, at) for o in orgs],
            )
        ids = {o.id for o in orgs}
        return len(ids - existing), len(ids & existing)

    def roster_size(self) -> int:
        """How many organizations the roster has (counted in SQL, none built)."""
        return self.db.execute("SELECT count(*) FROM organizations").fetchone()[0]

    def roster(self) -> dict[str, Organization]:
        rows = self.db.execute("SELECT org, name, domain, parent, secretary, members FROM organizations ORDER BY org")
        return {r[0]: Organization(*r) for r in rows}

    # --- results ---------------------------------------------------------

    def save_run(self, year: int, standard, files, results, also=None, before=None, rows=None) -> int:
        """Replace this domain's results for ``year`` by ``results``, keeping an audit row.
        ``before(db)``, when given, runs first in the transaction and returns the run's
        ``(round id, number of the run in its domain and year)``, or raises to store nothing
        (a published round); ``also(db, run_id)`` writes more in the same transaction (the
        tracker metrics the run used, see :func:`dingji.store.tracking.snapshot`).  ``rows``:
        the results' rows as :func:`result_row` made them, where they were graded (another
        process); then ``results`` is not read."""
        if rows is None:
            keys = list(spec_for(standard).accepts)
            rows = [result_row(year, standard, keys, r) for r in results]
        with self.transaction() as db:
            # a run in a round (schema 5) when the caller gives one; a plain library call stores none
            extra = dict(zip(("round_id", "seq"), before(db))) if before is not None else {}
            old = [
                r[0]
                for r in db.execute("SELECT id FROM runs WHERE year=? AND domain=? AND active=1", (year, standard.id))
            ]
            cols = (
                "at",
                "year",
                "domain",
                "standard_id",
                "standard_version",
                "standard_sha256",
                "standard_text",
                "files",
                "organizations",
                *extra,
            )
            cur = db.execute(
                f"INSERT INTO runs ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                (
                    now(),
                    year,
                    standard.id,
                    standard.id,
                    standard.version,
                    standard.sha256,
                    standard.text,
                    json.dumps(files, ensure_ascii=False),
                    len(rows),
                    *extra.values(),
                ),
            )
            run_id = cur.lastrowid
            for old_id in old:  # a replaced run keeps its audit row, not its results or metrics
                db.execute("DELETE FROM results WHERE run_id=?", (old_id,))
                db.execute("DELETE FROM run_metrics WHERE run_id=?", (old_id,))
                db.execute("UPDATE runs SET active=0, replaced_by=? WHERE id=?", (run_id, old_id))
            others = dict(
                db.execute("SELECT org, domain FROM results WHERE year=? AND domain<>?", (year, standard.id)).fetchall()
            )
            clash = [(r[2], others[r[2]]) for r in rows if r[2] in others]
            if clash:
                raise StoreError(
                    [
                        Problem(
                            Place(key=org),
                            Text(
                                f"{org} 在 {year} 年已有 {dom} 领域的定级结果",
                                f"{org} already has a {year} result under {dom}",
                            ),
                        )
                        for org, dom in clash
                    ]
                )
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
        cols = (
            "id",
            "at",
            "year",
            "domain",
            "standard_id",
            "standard_version",
            "standard_sha256",
            "files",
            "organizations",
            "active",
            "replaced_by",
        )
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
        order, more = self.domain_order("domain")
        for row in self.db.execute(f"{sql} ORDER BY {order}, org", args + more):
            yield StoredResult(*row)

    def count_results(self, year: int) -> int:
        return self.db.execute("SELECT count(*) FROM results WHERE year=?", (year,)).fetchone()[0]

    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM results ORDER BY year")]

    # --- ledger queries (aggregates in SQL, rows streamed) ---------------------

    def grade_counts(self, year: int) -> list[tuple[str, str, int, int]]:
        """``(domain, grade, organizations, of them 服务型)`` for ``year``."""
        return self.db.execute(
            "SELECT domain, grade, count(*), sum(service) FROM results WHERE year=?"
            " GROUP BY domain, grade ORDER BY domain COLLATE domain_order, grade",
            (year,),
        ).fetchall()

    def iter_ledger_rows(self, year: int, domain: str | None = None, grade: str | None = None):
        """``(StoredResult, last year's grade or None)`` by domain then org, streamed."""
        cols = ", ".join(f"r.{c}" for c in StoredResult._fields)
        sql = (
            f"SELECT {cols}, p.grade FROM results r LEFT JOIN results p ON p.year = r.year - 1 AND p.org = r.org"
            " WHERE r.year=?"
        )
        args: list = [year]
        if domain:
            sql += " AND r.domain=?"
            args.append(domain)
        if grade:
            sql += " AND r.grade=?"
            args.append(grade)
        order, more = self.domain_order("r.domain")
        for row in self.db.execute(f"{sql} ORDER BY {order}, r.org", args + more):
            yield StoredResult(*row[:-1]), row[-1]
