"""The visit ledger (走访台账): which organizations were visited, when, by whom, in what
form, and what was found; every organization of the roster is to be visited (一个不漏).

Visits live in the store's ``visits`` table (schema 3), one row per visit of a year:
organization, date, visitors, form, and the findings as JSON.  ``dingji visit add``
records one; an import adds a file's visits (or, with ``replace``, replaces the
year's) with an audit row in ``imports`` (kind ``visits``).  A visit already recorded
(same organization, date and visitors) is refused, as is any bad value: nothing is
stored unless every row is right.  A visit can be edited (the desk's form): checked as
when it was added, and every edit recorded with what it changed (``visit_changes``).
"""

from __future__ import annotations

from dingji.core.errors import DingjiError, InputError, Place, Problem
from dingji.core.forms import from_options
from dingji.core.text import Text
from dingji.core.visit_form import FORM, FORMS, OPTIONS
from dingji.io.records import read_form
from dingji.report.year_sheets import domain_names
from dingji.services.forms import write_form_template
from dingji.services.roster import known_org
from dingji.store import visits as table
from dingji.store.base import import_number
from dingji.store.visits import coverage, iter_named, visited, visits  # noqa: F401 - what callers read


class AlreadyRecorded(InputError):
    """An import whose only problems are visits the store holds already; ``hint`` ``(en, zh)``
    says what to do instead."""

    def __init__(self, problems, files, year: int | None = None):
        super().__init__(problems)
        shown = " ".join(f'"{f}"' if any(c.isspace() for c in str(f)) else str(f) for f in files)
        shown += f" --year {year}" if year else ""
        en = (
            "These visits are recorded already: import only the new rows, or replace the year's visits "
            f"by the file with: dingji visit import {shown} --replace"
        )
        zh = f"这些走访已有记录：请只导入新增的行，或以文件替换本年度的全部走访记录：dingji visit import {shown} --replace"
        self.hint = (en, zh)


def _not_twice(store, year: int, against_store: bool = True, found: list | None = None, skip: int | None = None):
    """The check that refuses a visit the store holds already (but visit ``skip``: the one being
    edited); ``found`` gets each refusal's text."""
    stored = table.stored_keys(store, year) if against_store else {}
    stored = {k: v for k, v in stored.items() if v != skip}

    def extra(data, org):
        got = stored.get((org, data.get("date"), data.get("visitors")))
        if got is not None:
            en = f"{org} was visited on {data['date']} by {data['visitors']} already (visit {got})"
            if found is not None:
                found.append(en)
            return [("date", en, f"{org} 于 {data['date']} 由 {data['visitors']} 走访的记录已存在（走访记录 {got}）")]
        return []

    return extra


def check(store, year: int, org: str, values: dict, visit_id: int | None = None, places: dict = OPTIONS) -> list:
    """Every problem of one visit as typed (the organization's among them, at key ``ORG``), as
    :func:`add` (or, for ``visit_id``, :func:`edit`) would find them, all at once; ``[]`` when it
    would be stored.  ``places``: the key each field's problems are placed at (the command's options)."""
    try:
        from_options(FORM, org, values, places, store.roster(), year, _not_twice(store, year, skip=visit_id))
    except DingjiError as exc:
        return list(exc.problems)
    return _outside_year(values, year, places)


def _outside_year(values: dict, year: int, places: dict = OPTIONS) -> list:
    """A visit of ``year``'s ledger is made in ``year`` (a typo of the year is caught here)."""
    day = str(values.get("date") or "").strip()
    if len(day) < 4 or not day[:4].isdigit() or int(day[:4]) == year:
        return []
    where = Place(key=places.get("date", "date"))
    return [
        Problem(
            where,
            Text(
                f"走访日期 {day} 不在 {year} 年内（本台账是 {year} 年的）",
                f"the visit's date {day} is not in {year}, the ledger's year",
            ),
        )
    ]


def _in_year(values: dict, year: int) -> None:
    problems = _outside_year(values, year)
    if problems:
        raise InputError(problems)


def add(store, year: int, org: str, values: dict) -> int:
    """Record one visit (``values``: field id -> text as typed); returns its id."""
    roster = store.roster()
    known_org(roster, org)
    org_, data, _ = from_options(FORM, org, values, OPTIONS, roster, year, _not_twice(store, year))
    _in_year(values, year)
    return table.insert(store, year, org_, data)


#: the fields a visit stores (the organization's name is shown, not stored)
STORED = tuple(f.id for f in FORM.fields if f.id not in FORM.shown)


def visit(store, year: int, visit_id: int) -> dict:
    """Visit ``visit_id`` of ``year`` with its organization's ``name`` and ``updated_at``; a
    DingjiError when there is none."""
    got = table.one(store, year, visit_id)
    if got is None:
        raise DingjiError(
            [
                Problem(
                    Place(key=str(visit_id)),
                    Text(f"{year} 年没有走访记录 {visit_id}", f"there is no visit {visit_id} in {year}"),
                )
            ]
        )
    return got


def edit(store, year: int, visit_id: int, values: dict) -> dict:
    """Change visit ``visit_id`` to ``values`` (field id -> text as typed, every field: a blank
    one is no longer recorded), checked as :func:`add` checks a new visit.  Returns ``changes``
    ({field: [before, after]}, empty when nothing changed: then nothing is written) and ``at``
    (when the change was recorded)."""
    old = visit(store, year, visit_id)
    _, data, _ = from_options(
        FORM, old["org"], values, OPTIONS, store.roster(), year, _not_twice(store, year, skip=visit_id)
    )
    _in_year(values, year)
    changes = {f: [old.get(f), data.get(f)] for f in STORED if old.get(f) != data.get(f)}
    at = table.update(store, visit_id, data, changes) if changes else None
    return {"changes": changes, "at": at}


def changes(store, visit_id: int) -> list[dict]:
    """The recorded edits of a visit, oldest first: ``at``, ``how``, ``changes`` {field: [before, after]}."""
    return table.changes(store, visit_id)


def _pages(total: int, page: int, per: int) -> tuple[int, int]:
    """``(page kept within 1..pages, pages)``."""
    pages = max(1, -(-total // per))
    return min(max(1, page), pages), pages


def visit_page(store, year: int, page: int = 1, per: int = 50, org: str | None = None) -> dict:
    """One page of the visit ledger, read in SQL: ``rows`` (as :func:`visit` gives them),
    ``total``, ``page`` (the one asked, kept within 1..pages) and ``pages``."""
    total = table.count(store, year, org)
    page, pages = _pages(total, page, per)
    return {"rows": table.page(store, year, (page - 1) * per, per, org), "total": total, "page": page, "pages": pages}


def missing_page(store, registry, year: int, page: int = 1, per: int = 50) -> dict:
    """One page of the organizations not visited in ``year`` (as :func:`missing_rows`), read in SQL:
    ``rows``, ``total``, ``page``, ``pages``."""
    names = domain_names(registry)
    total = table.missing_count(store, year)
    page, pages = _pages(total, page, per)
    got = table.missing_page(store, year, (page - 1) * per, per)
    rows = [{"org": o, "name": n, "domain": names.get(d, d), "secretary": sec} for o, n, d, sec in got]
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def import_files(store, files, year: int, replace: bool = False, *, year_named: bool = False) -> dict:
    """Add (or with ``replace``, replace the year's by) every visit of the files, all or none; an
    :class:`AlreadyRecorded` when the only problems are visits recorded already (its hint names
    the year when ``year_named``: the user chose it)."""
    again: list[str] = []
    try:
        rows, infos = read_form(FORM, files, store.roster(), year, _not_twice(store, year, not replace, again))
    except InputError as exc:
        if again and all(p.message in again for p in exc.problems):  # nothing wrong but visits recorded already
            raise AlreadyRecorded(exc.problems, files, year if year_named else None) from None
        raise
    import_id, removed = table.import_rows(store, year, infos, rows, replace)
    return {
        "import": import_id,
        "number": import_number(store, import_id),
        "visits": len(rows),
        "organizations": len({r[0] for r in rows}),
        "removed": removed,
    }


def missing(store, year: int) -> list:
    """The roster's organizations without a visit in ``year`` (``Organization`` objects)."""
    seen = visited(store, year)
    return [o for o in store.roster().values() if o.id not in seen]


def missing_rows(store, registry, year: int) -> list[dict]:
    """The organizations not visited in ``year``: org, name, domain (its 领域 name), secretary."""
    names = domain_names(registry)
    return [
        {"org": o.id, "name": o.name, "domain": names.get(o.domain, o.domain), "secretary": o.secretary}
        for o in missing(store, year)
    ]


def visit_rows(store, year: int, org: str | None = None) -> list[dict]:
    """The visits of ``year`` (of one organization): id, org, the organization's name, and every
    field of the form (None where not recorded), by organization then date."""
    roster = store.roster()
    fields = [f.id for f in FORM.fields if f.id != "name"]
    return [
        {
            "id": v["id"],
            "org": v["org"],
            "name": roster[v["org"]].name if v["org"] in roster else "",
            **{f: v.get(f) for f in fields},
        }
        for v in visits(store, year, org)
    ]


def tally(store, year: int) -> dict:
    """How far the year's visits go: ``organizations`` (the roster's), ``visited`` (of them),
    ``visits`` (every visit recorded)."""
    roster, seen = store.roster(), visited(store, year)
    return {"organizations": len(roster), "visited": sum(1 for o in roster if o in seen), "visits": sum(seen.values())}


def write_template(store, year: int, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """The visit template listing the organizations not yet visited in ``year`` (default file
    走访台账模板.xlsx or .csv).  Returns ``path`` and ``organizations`` (the ones listed)."""
    rows = [{"org": o.id, "name": o.name} for o in missing(store, year)]
    path = write_form_template(
        FORM, rows, store.roster(), output, fmt, lang, default_name="走访台账模板", suggestions={"form": FORMS}
    )
    return {"path": path, "organizations": len(rows)}
