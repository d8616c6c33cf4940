"""The roster as the desk's organization pages read it: one page of organizations with their
grade in every round of a year, filtered, ordered and counted in SQL (a city's 30,000 stay on
disk), and one organization looked up by its id."""

from __future__ import annotations

from typing import NamedTuple

#: the grade filter that selects the organizations without a result in the year (未定级)
UNGRADED = "-"


class RosterPage(NamedTuple):
    """One page of the roster (``rows``, dicts) and how many organizations match in all."""

    rows: list[dict]
    total: int


def _where(year: int, domains, grade) -> tuple[str, list]:
    sql, args = " FROM organizations o LEFT JOIN results r ON r.year=? AND r.org=o.org WHERE 1", [year]
    if domains:
        sql += f" AND o.domain IN ({','.join('?' * len(domains))})"
        args += list(domains)
    if grade == UNGRADED:
        sql += " AND r.org IS NULL"
    elif grade:
        sql += " AND r.grade=?"
        args.append(grade)
    return sql, args


def _rank(ranks: dict[str, int]) -> tuple[str, list]:
    """``CASE o.domain WHEN ? THEN ? … ELSE o.domain END``: a roster domain's place, and after every
    ranked one (SQLite sorts numbers before text) a domain no rank names, by its name."""
    if not ranks:
        return "o.domain", []
    args: list = []
    for key, rank in ranks.items():
        args += [key, rank]
    return "CASE o.domain" + " WHEN ? THEN ?" * len(ranks) + " ELSE o.domain END", args


def roster_page(
    store, year: int, *, domains=(), grade: str | None = None, ranks=None, limit: int = 50, offset: int = 0
) -> RosterPage:
    """Organizations of the roster with their result of ``year``, ``limit`` from ``offset``, in
    the order of ``ranks`` (``{roster domain: place}``: a standard's id and its 领域 name alike),
    then by id.  ``domains``: only the roster domains given; ``grade``: only that grade of the
    current round (:data:`UNGRADED`: only those without a result).

    Each row: ``org``, ``name``, ``domain`` (as the roster has it), ``standard`` (the id of the
    standard that graded it, or None), ``score``, ``grade``, ``service`` (of the current round;
    None when not graded) and ``rounds`` ``{round number: (grade, score)}``, every round of the
    year, the current one included."""
    where, args = _where(year, domains, grade)
    total = store.db.execute("SELECT count(*)" + where, args).fetchone()[0]
    rank, rank_args = _rank(ranks or {})
    cur = store.db.execute(
        "SELECT o.org, o.name, o.domain, r.domain, r.score, r.grade, r.service,"
        " (SELECT d.number FROM runs u JOIN rounds d ON d.id = u.round_id WHERE u.id = r.run_id)"
        + where
        + f" ORDER BY {rank}, o.org LIMIT ? OFFSET ?",
        [*args, *rank_args, limit, offset],
    )
    cols = ("org", "name", "domain", "standard", "score", "grade", "service", "round")
    rows = [dict(zip(cols, row)) for row in cur]
    kept = _kept(store, year, [r["org"] for r in rows])
    for row in rows:
        row["rounds"] = dict(kept.get(row["org"], {}))
        if row["grade"] is not None:
            row["rounds"][row.pop("round") or 1] = (row["grade"], row["score"])
        else:
            row.pop("round")
    return RosterPage(rows, total)


def _kept(store, year: int, orgs: list[str]) -> dict[str, dict[int, tuple]]:
    """``{org: {round number: (grade, score)}}`` of the rounds of ``year`` that are over, for ``orgs``."""
    if not orgs:
        return {}
    out: dict[str, dict[int, tuple]] = {}
    for org, number, grade, score in store.db.execute(
        "SELECT x.org, d.number, x.grade, x.score FROM round_results x JOIN rounds d ON d.id = x.round_id"
        f" WHERE d.year=? AND x.org IN ({','.join('?' * len(orgs))})",
        [year, *orgs],
    ):
        out.setdefault(org, {})[number] = (grade, score)
    return out


def round_numbers(store, year: int, domains=()) -> list[int]:
    """The numbers of the rounds ``year`` has (of the standards ``domains``), in order."""
    sql, args = "SELECT DISTINCT number FROM rounds WHERE year=?", [year]
    if domains:
        sql += f" AND domain IN ({','.join('?' * len(domains))})"
        args += list(domains)
    return [r[0] for r in store.db.execute(sql + " ORDER BY number", args)]


def organization(store, year: int, org: str) -> dict | None:
    """``org`` as the roster has it (``org``, ``name``, ``domain``, ``parent``, ``secretary``,
    ``members``, ``in_roster``); an organization the roster lost but ``year`` graded, from its
    result; None when neither knows it."""
    row = store.db.execute(
        "SELECT org, name, domain, parent, secretary, members FROM organizations WHERE org=?", (org,)
    ).fetchone()
    if row is not None:
        return {**dict(zip(("org", "name", "domain", "parent", "secretary", "members"), row)), "in_roster": True}
    row = store.db.execute("SELECT org, name, domain FROM results WHERE year=? AND org=?", (year, org)).fetchone()
    if row is None:
        return None
    return {
        "org": row[0],
        "name": row[1],
        "domain": row[2],
        "parent": None,
        "secretary": None,
        "members": None,
        "in_roster": False,
    }


def org_ids(store, year: int) -> list[str]:
    """Every organization id of the roster and of ``year``'s results (to name those nearest a
    mistyped one)."""
    return [
        r[0]
        for r in store.db.execute("SELECT org FROM organizations UNION SELECT org FROM results WHERE year=?", (year,))
    ]
