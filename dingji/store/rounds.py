"""The rounds of a grading year (schema 5): per domain and year, round 1 (初定) opens with the
first ``evaluate``; a township opens the next (复评) after rectification.  A round is
published when its notice (公示) is issued; a published round's results change only by an
amendment, recorded with its reason and the grades it changed, which marks the notice out
of date.  The current round's results are the ``results`` table; when the next round
opens, they are kept in ``round_results``, so every round of the year stays readable.
"""

from __future__ import annotations

import json

from dingji.store.base import now

_COLUMNS = (
    "id",
    "year",
    "domain",
    "number",
    "name",
    "opened_at",
    "published_at",
    "notice_from",
    "notice_days",
    "notice_stale",
)
#: A round's name by its number: 初定 (the first grading), 复评 (grading again after rectification).
NAMES = {1: ("初定", "first grading"), 2: ("复评", "re-grading")}


def round_name(number: int, lang: str = "zh") -> str:
    zh, en = NAMES.get(number, (f"第{number}轮复评", f"re-grading {number - 1}"))
    return en if lang == "en" else zh


def _conn(db):
    """The connection of a Store, or the connection given (inside a transaction)."""
    return getattr(db, "db", db)


def _dicts(cursor) -> list[dict]:
    return [dict(zip(_COLUMNS, row)) for row in cursor]


def current(db, year: int, domain: str) -> dict | None:
    """The latest round of ``domain`` in ``year`` (None before the first ``evaluate``)."""
    db = _conn(db)
    got = _dicts(
        db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM rounds WHERE year=? AND domain=? ORDER BY number DESC LIMIT 1",
            (year, domain),
        )
    )
    return got[0] if got else None


def rounds(db, year: int, domain: str | None = None) -> list[dict]:
    """Every round of ``year`` (of one domain), with ``amendments`` counted, by domain and number."""
    db = _conn(db)
    sql = (
        f"SELECT {', '.join('r.' + c for c in _COLUMNS)}, (SELECT count(*) FROM amendments a"
        " WHERE a.round_id = r.id) FROM rounds r WHERE r.year=?"
    )
    args: list = [year]
    if domain is not None:
        sql += " AND r.domain=?"
        args.append(domain)
    out = []
    for row in db.execute(sql + " ORDER BY r.domain COLLATE domain_order, r.number", args):
        out.append({**dict(zip(_COLUMNS, row[:-1])), "amendments": row[-1]})
    return out


def ensure(db, year: int, domain: str) -> dict:
    """The current round, opening round 1 (初定) for the first grading of the domain and year."""
    db = _conn(db)
    got = current(db, year, domain)
    if got is None:
        db.execute(
            "INSERT INTO rounds (year, domain, number, name, opened_at) VALUES (?,?,1,?,?)",
            (year, domain, round_name(1), now()),
        )
        got = current(db, year, domain)
    return got


def open_next(db, year: int, domain: str, name: str | None = None) -> dict:
    """Keep the current round's results in ``round_results`` and open the next round."""
    db = _conn(db)
    last = current(db, year, domain)
    number = 1 if last is None else last["number"] + 1
    if last is not None:
        db.execute(
            "INSERT INTO round_results (round_id, run_id, org, name, score, grade, vetoes, service)"
            " SELECT ?, run_id, org, name, score, grade, vetoes, service FROM results"
            " WHERE year=? AND domain=?",
            (last["id"], year, domain),
        )
    db.execute(
        "INSERT INTO rounds (year, domain, number, name, opened_at) VALUES (?,?,?,?,?)",
        (year, domain, number, name or round_name(number), now()),
    )
    return current(db, year, domain)


def next_seq(db, year: int, domain: str) -> int:
    """The number of the next run of ``domain`` in ``year`` (第 1 次, 第 2 次 …)."""
    db = _conn(db)
    return db.execute(
        "SELECT coalesce(max(seq), 0) + 1 FROM runs WHERE year=? AND domain=?", (year, domain)
    ).fetchone()[0]


def publish(db, year: int, domains, notice_from: str, notice_days: int) -> list[str]:
    """Mark the current round of each domain published (or its notice issued again after an
    amendment); returns the domains whose round was not published before.  A round opened but
    not graded yet (复评 started, nothing graded in it) is not published: the grades the notice
    shows are still its previous round's, which stays as it was."""
    db = _conn(db)
    first = []
    for domain in domains:
        got = current(db, year, domain)
        if got is None or db.execute("SELECT 1 FROM runs WHERE round_id=? LIMIT 1", (got["id"],)).fetchone() is None:
            continue
        if got["published_at"] is None:
            first.append(domain)
            db.execute(
                "UPDATE rounds SET published_at=?, notice_from=?, notice_days=?, notice_stale=0 WHERE id=?",
                (now(), notice_from, notice_days, got["id"]),
            )
        else:
            db.execute(
                "UPDATE rounds SET notice_from=?, notice_days=?, notice_stale=0 WHERE id=?",
                (notice_from, notice_days, got["id"]),
            )
    return first


def amend(db, round_id: int, run_id: int, reason: str, changes: list[dict]) -> int:
    """Record an amendment of a published round; its notice is out of date until issued again."""
    db = _conn(db)
    cur = db.execute(
        "INSERT INTO amendments (round_id, run_id, at, reason, changes) VALUES (?,?,?,?,?)",
        (round_id, run_id, now(), reason, json.dumps(changes, ensure_ascii=False)),
    )
    db.execute("UPDATE rounds SET notice_stale=1 WHERE id=?", (round_id,))
    return cur.lastrowid


def amendments(db, year: int, domain: str | None = None) -> list[dict]:
    db = _conn(db)
    sql = (
        "SELECT a.id, r.domain, r.number, r.name, a.at, a.reason, a.changes, a.run_id FROM amendments a"
        " JOIN rounds r ON r.id = a.round_id WHERE r.year=?"
    )
    args: list = [year]
    if domain is not None:
        sql += " AND r.domain=?"
        args.append(domain)
    cols = ("id", "domain", "number", "name", "at", "reason", "changes", "run")
    return [{**dict(zip(cols, row)), "changes": json.loads(row[6])} for row in db.execute(sql + " ORDER BY a.id", args)]


def history(db, year: int, org: str) -> list[dict]:
    """``org``'s grade in every round of ``year``: the kept rounds, then the current one."""
    db = _conn(db)
    kept = db.execute(
        "SELECT r.number, r.name, r.published_at, x.score, x.grade FROM round_results x"
        " JOIN rounds r ON r.id = x.round_id WHERE r.year=? AND x.org=? ORDER BY r.number",
        (year, org),
    ).fetchall()
    now_ = db.execute(
        "SELECT r.number, r.name, r.published_at, x.score, x.grade FROM results x"
        " JOIN runs u ON u.id = x.run_id JOIN rounds r ON r.id = u.round_id"
        " WHERE x.year=? AND x.org=?",
        (year, org),
    ).fetchall()
    cols = ("number", "name", "published_at", "score", "grade")
    return [dict(zip(cols, row)) for row in [*kept, *now_]]


def kept_grades(db, year: int) -> dict[str, list[tuple]]:
    """``{org: [(round number, round name, grade), …]}`` of the rounds of ``year`` that are over."""
    db = _conn(db)
    out: dict[str, list[tuple]] = {}
    for org, number, name, grade in db.execute(
        "SELECT x.org, r.number, r.name, x.grade FROM round_results x JOIN rounds r ON r.id = x.round_id"
        " WHERE r.year=? ORDER BY x.org, r.number",
        (year,),
    ):
        out.setdefault(org, []).append((number, name, grade))
    return out


def run_rounds(db, year: int) -> dict[int, tuple]:
    """``{run id: (round number, round name)}`` of the runs of ``year`` that hold results."""
    db = _conn(db)
    return {
        run: (number, name)
        for run, number, name in db.execute(
            "SELECT u.id, r.number, r.name FROM runs u JOIN rounds r ON r.id = u.round_id WHERE u.year=? AND u.active=1",
            (year,),
        )
    }


def of_run(db, run_id: int) -> tuple[dict | None, int | None]:
    """``(the round a run was stored into, the run's number in its domain and year)``."""
    db = _conn(db)
    row = db.execute(
        f"SELECT {', '.join('r.' + c for c in _COLUMNS)}, u.seq FROM runs u JOIN rounds r"
        " ON r.id = u.round_id WHERE u.id=?",
        (run_id,),
    ).fetchone()
    return (dict(zip(_COLUMNS, row[:-1])), row[-1]) if row else (None, None)


def round_grade_counts(db, year: int) -> list[tuple[str, int, str, int]]:
    """``(domain, round number, grade, organizations)`` of every round of ``year``: the kept
    rounds from ``round_results``, each domain's current round from ``results`` (counted in SQL)."""
    db = _conn(db)
    kept = db.execute(
        "SELECT r.domain, r.number, k.grade, count(*) FROM round_results k JOIN rounds r ON r.id = k.round_id"
        " WHERE r.year=? GROUP BY r.domain, r.number, k.grade",
        (year,),
    ).fetchall()
    now_ = db.execute(
        "SELECT s.domain, (SELECT max(number) FROM rounds r WHERE r.year = s.year AND r.domain = s.domain),"
        " s.grade, count(*) FROM results s WHERE s.year=? GROUP BY s.domain, s.grade",
        (year,),
    ).fetchall()
    return [(d, n or 1, g, c) for d, n, g, c in [*kept, *now_]]
