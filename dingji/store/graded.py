"""A year's results beside last year's, queried for :mod:`dingji.report.graded` (which turns the
rows into ``Graded`` with the runs' standards): the queries of 晋位升级, the distribution
checks, rectification and ``dingji status``."""

from __future__ import annotations

_JOIN = " FROM results r LEFT JOIN results p ON p.year = r.year - 1 AND p.org = r.org WHERE r.year=?"


def iter_graded_rows(
    store,
    year: int,
    domain: str | None = None,
    *,
    moved: bool = False,
    rectifying: bool = False,
    scores=(),
    grades=(),
):
    """``(run id, org, name, domain, score, grade, vetoes, last year's grade, last year's score)`` of
    every result of ``year`` (of one domain), by domain then org, streamed.  Only those whose
    grade differs from last year's with ``moved``; of organizations with rectification tasks in
    the year with ``rectifying``; with ``scores``, ``(run id, low, high)`` ranges, of a score
    within one of them (compared as REAL: callers widen the ranges and check exactly); with
    ``grades``, of one of those grades."""
    sql = "SELECT r.run_id, r.org, r.name, r.domain, r.score, r.grade, r.vetoes, p.grade, p.score" + _JOIN
    args: list = [year]
    if moved:
        sql += " AND p.grade <> r.grade"
    if rectifying:
        sql += " AND r.org IN (SELECT org FROM rectify_tasks WHERE year = r.year)"
    if scores:
        sql += " AND (" + " OR ".join("(r.run_id=? AND CAST(r.score AS REAL) BETWEEN ? AND ?)" for _ in scores) + ")"
        args += [x for got in scores for x in got]
    if grades:
        sql += f" AND r.grade IN ({','.join('?' * len(grades))})"
        args += list(grades)
    if domain:
        sql += " AND r.domain=?"
        args.append(domain)
    yield from store.db.execute(sql + " ORDER BY r.domain, r.org", args)


def transitions(store, year: int) -> list[tuple]:
    """``(domain, run id, last year's grade or None, grade, organizations)``: counted in SQL."""
    return store.db.execute(
        "SELECT r.domain, r.run_id, p.grade, r.grade, count(*)"
        + _JOIN
        + " GROUP BY r.domain, r.run_id, p.grade, r.grade ORDER BY r.domain",
        (year,),
    ).fetchall()


def result_runs(store, year: int) -> list[int]:
    """The runs whose results ``year`` holds."""
    return [r[0] for r in store.db.execute("SELECT DISTINCT run_id FROM results WHERE year=?", (year,))]
