"""The visit ledger (走访台账): which organizations were visited, when, by whom, in what
form, and what was found; every organization of the roster is to be visited (一个不漏).

Visits live in the store's ``visits`` table (schema 3), one row per visit of a year:
organization, date, visitors, form, and the findings as JSON.  ``dingji visit add``
records one; an import adds a file's visits (or, with ``replace``, replaces the
year's) with an audit row in ``imports`` (kind ``visits``).  A visit already recorded
(same organization, date and visitors) is refused, as is any bad value: nothing is
stored unless every row is right.
"""

from __future__ import annotations

from dingji.core.forms import from_options
from dingji.core.visit_form import FORM, OPTIONS
from dingji.io.records import read_form
from dingji.store import visits as table
from dingji.store.visits import coverage, iter_named, visited, visits  # noqa: F401 - what callers read


def _not_twice(store, year: int, against_store: bool = True):
    """The check that refuses a visit the store holds already."""
    stored = table.stored_keys(store, year) if against_store else {}

    def extra(data, org):
        got = stored.get((org, data.get("date"), data.get("visitors")))
        if got is not None:
            return [("date", f"{org} was visited on {data['date']} by {data['visitors']} already (visit {got})",
                     f"{org} 于 {data['date']} 由 {data['visitors']} 走访的记录已存在（走访记录 {got}）")]
        return []
    return extra


def add(store, year: int, org: str, values: dict) -> int:
    """Record one visit (``values``: field id -> text as typed); returns its id."""
    org_, data, _ = from_options(FORM, org, values, OPTIONS, store.roster(), year, _not_twice(store, year))
    return table.insert(store, year, org_, data)


def import_files(store, files, year: int, replace: bool = False) -> dict:
    """Add (or with ``replace``, replace the year's by) every visit of the files, all or none."""
    rows, infos = read_form(FORM, files, store.roster(), year, _not_twice(store, year, not replace))
    import_id, removed = table.import_rows(store, year, infos, rows, replace)
    return {"import": import_id, "visits": len(rows), "organizations": len({r[0] for r in rows}), "removed": removed}


def missing(store, year: int) -> list:
    """The roster's organizations without a visit in ``year`` (``Organization`` objects)."""
    seen = visited(store, year)
    return [o for o in store.roster().values() if o.id not in seen]
