"""先进典型 and 表彰 (学习先进、创先争优): organizations and members held up as examples, with the
reason, and their commendation.  ``dingji exemplar add`` records one, an import adds a file's
(all or none: every problem of every row at once, an exemplar recorded already among them),
``remove`` takes one back; the ledger's 学习先进 sheet and the 汇总 list them.  Kept as
tracker-like records (see :mod:`dingji.store.exemplars`): no store migration.
"""

from __future__ import annotations

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.exemplar_form import FORM, OPTIONS, TITLES
from dingji.core.forms import from_options
from dingji.core.text import Text
from dingji.io.records import read_form
from dingji.report.year_sheets import domain_names
from dingji.services.forms import write_form_template
from dingji.services.roster import known_org
from dingji.store import exemplars as table
from dingji.store.base import import_number


def _not_twice(store, year: int):
    """The check refusing an exemplar the store holds already (same organization, member and title)."""
    held = table.keys(store, year)

    def extra(data, org):
        got = held.get((org, data.get("member"), data.get("title")))
        if got is None:
            return []
        whom = f"{org} {data['member']}" if data.get("member") else org
        return [
            (
                "title",
                f"{whom} holds the title {data['title']} already (exemplar {got})",
                f"{whom} 的称号“{data['title']}”已有记录（先进典型 {got}）",
            )
        ]

    return extra


def add(store, year: int, org: str, values: dict) -> int:
    """Record one exemplar (``values``: field id -> text as typed); returns its number."""
    roster = store.roster()
    known_org(roster, org)
    row = from_options(FORM, org, values, OPTIONS, roster, year, _not_twice(store, year))
    return table.add(store, year, [row], [])[1]


def import_files(store, files, year: int) -> dict:
    """Add every exemplar of the files, all or none."""
    rows, infos = read_form(FORM, files, store.roster(), year, _not_twice(store, year))
    import_id, _ = table.add(store, year, rows, infos)
    return {
        "import": import_id,
        "number": import_number(store, import_id),
        "exemplars": len(rows),
        "organizations": len({r[0] for r in rows}),
    }


def remove(store, year: int, number: int) -> dict:
    """Take exemplar ``number`` back (the removal is recorded); what it was."""
    got = table.remove(store, year, number)
    if got is None:
        raise DingjiError(
            [
                Problem(
                    Place(key=str(number)),
                    Text(
                        f"{year} 年没有典型编号为 {number} 的先进典型（dingji exemplar list 查看编号）",
                        f"there is no exemplar no. {number} in {year} (dingji exemplar list shows the numbers)",
                    ),
                )
            ]
        )
    return got


def exemplar_rows(store, registry, year: int, org: str | None = None) -> list[dict]:
    """The exemplars of ``year``: ``id``, ``org``, its ``name`` and ``domain`` (领域 name), and every
    field of the form (None where not recorded), by organization as recorded."""
    roster, names = store.roster(), domain_names(registry)
    fields = [f.id for f in FORM.fields if f.id != "name"]
    out = []
    for x in table.stored(store, year, org):
        entry = roster.get(x["org"])
        out.append(
            {
                "id": x["id"],
                "org": x["org"],
                "name": entry.name if entry else "",
                "domain": names.get(entry.domain, entry.domain) if entry else "",
                **{f: x.get(f) for f in fields},
            }
        )
    return out


def write_template(store, year: int, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """The exemplar template (default file 先进典型模板.xlsx or .csv), the roster beside it."""
    path = write_form_template(
        FORM, [], store.roster(), output, fmt, lang, default_name="先进典型模板", suggestions={"title": TITLES}
    )
    return {"path": path}
