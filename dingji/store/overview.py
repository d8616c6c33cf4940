"""The queries of the desk's overview: counts in SQL and the first few names of each list, so
that the page costs the same for a township and for a city (no query reads every result)."""

from __future__ import annotations

from dingji.core.rectify_form import OPEN


def _rank(store, column: str) -> tuple[str, list]:
    """An SQL expression ranking ``column`` (a domain) in the store's domain order, with its
    arguments: evaluated by SQLite (the Python collation costs a call per comparison)."""
    ranks = getattr(store, "_domain_rank", {})
    if not ranks:
        return "0", []
    whens = " ".join("WHEN ? THEN ?" for _ in ranks)
    return f"CASE {column} {whens} ELSE {len(ranks)} END", [x for d, i in ranks.items() for x in (d, i)]


def _page(store, sql: str, args: list, order: str, order_args: list, limit: int) -> tuple[int, list[tuple]]:
    """``(how many rows sql gives, the first limit of them in order)``: the count is not sorted."""
    n = store.db.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0]
    return n, store.db.execute(f"{sql} ORDER BY {order} LIMIT ?", [*args, *order_args, limit]).fetchall()


def counts(store, year: int) -> dict[str, int]:
    """Organizations in the roster, graded, visited (of the roster) and rectification tasks of ``year``."""
    one = store.db.execute
    return {
        "organizations": one("SELECT count(*) FROM organizations").fetchone()[0],
        "graded": one("SELECT count(*) FROM results WHERE year=?", (year,)).fetchone()[0],
        "visited": one(
            "SELECT count(DISTINCT v.org) FROM visits v JOIN organizations o ON o.org = v.org WHERE v.year=?", (year,)
        ).fetchone()[0],
        "tasks": one("SELECT count(*) FROM rectify_tasks WHERE year=?", (year,)).fetchone()[0],
    }


def not_visited(store, year: int, limit: int) -> tuple[int, list[tuple]]:
    """``(org, name, domain)`` of the roster with no visit in ``year``."""
    rank, args = _rank(store, "o.domain")
    sql = (
        "SELECT o.org, o.name, o.domain FROM organizations o"
        " WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.year=? AND v.org = o.org)"
    )
    return _page(store, sql, [year], f"{rank}, o.domain, o.org", args, limit)


def not_graded(store, year: int, limit: int) -> tuple[int, list[tuple]]:
    """``(org, name, domain)`` of the roster without a result in ``year``."""
    rank, args = _rank(store, "o.domain")
    sql = (
        "SELECT o.org, o.name, o.domain FROM organizations o"
        " WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.year=? AND r.org = o.org)"
    )
    return _page(store, sql, [year], f"{rank}, o.domain, o.org", args, limit)


def roster_domains(store) -> list[tuple[str, int]]:
    """``(domain as the roster names it, organizations)``."""
    return store.db.execute("SELECT domain, count(*) FROM organizations GROUP BY domain").fetchall()


def evaluated_domains(store, year: int) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT DISTINCT domain FROM runs WHERE year=? AND active=1", (year,))}


def overdue(store, year: int, as_of: str, limit: int) -> tuple[int, list[tuple]]:
    """``(id, org, name, problem, owner, deadline, status)`` of open tasks past their deadline, the longest overdue first."""
    marks = ",".join("?" * len(OPEN))
    rank, args = _rank(store, "o.domain")
    sql = (
        "SELECT t.id, t.org, coalesce(o.name, t.org), t.problem, t.owner, t.deadline, t.status FROM rectify_tasks t"
        " LEFT JOIN organizations o ON o.org = t.org"
        f" WHERE t.year=? AND t.status IN ({marks}) AND t.deadline < ?"
    )
    order = f"t.deadline, o.domain IS NULL, {rank}, o.domain, t.org, t.id"
    return _page(store, sql, [year, *OPEN, as_of], order, args, limit)


def graded_among(store, year: int, grades: list[tuple[str, str]], *, filed=None, tasks=None, limit: int = 20):
    """``(org, name, grade, has tasks)`` graded one of ``grades`` (``(domain, grade)`` pairs) in ``year``;
    with ``filed`` False: whose plan is not filed; with ``tasks`` False: without rectification tasks."""
    if not grades:
        return 0, []
    has_tasks = "EXISTS (SELECT 1 FROM rectify_tasks t WHERE t.year = r.year AND t.org = r.org)"
    pairs = " OR ".join("(r.domain=? AND r.grade=?)" for _ in grades)
    sql = f"SELECT r.org, r.name, r.grade, {has_tasks} FROM results r WHERE r.year=? AND ({pairs})"
    if filed is False:
        sql += " AND NOT EXISTS (SELECT 1 FROM rectify_filings f WHERE f.year = r.year AND f.org = r.org)"
    if tasks is False:
        sql += f" AND NOT {has_tasks}"
    rank, args = _rank(store, "r.domain")
    return _page(store, sql, [year, *(x for g in grades for x in g)], f"{rank}, r.domain, r.org", args, limit)
