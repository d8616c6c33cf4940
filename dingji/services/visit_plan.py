"""Visits assigned before they happen (人员分工): who is to visit which organization by when.

``assign`` gives one or more organizations to the same visitors and day; ``import_files`` reads
a file of assignments (the template of ``dingji visit template --assign``, or any sheet or CSV
naming the columns), all or none.  An organization assigned again is reassigned.  A visit of
the year fulfils its assignment; one not visited after its day is overdue.  What the commands
show: each assignment's state (``done``, ``overdue``, ``pending``), and for the organizations
not visited, whom they are assigned to (or ``unassigned``).
"""

from __future__ import annotations

import datetime as dt

from dingji.core.errors import DingjiError
from dingji.core.forms import from_options
from dingji.core.visit_form import ASSIGN_FORM, ASSIGN_OPTIONS
from dingji.io.records import read_form
from dingji.report.year_sheets import domain_names
from dingji.services.forms import write_form_template
from dingji.services.roster import known_org
from dingji.store import visit_plan as table
from dingji.store.base import import_number
from dingji.store.visits import visited

STATES = {
    "done": ("已走访", "visited"),
    "overdue": ("逾期未走访", "overdue"),
    "pending": ("未到期", "not due yet"),
    "unassigned": ("未分工", "not assigned"),
}


def state_text(state: str, days: int = 0, lang: str = "zh") -> str:
    """``逾期 15 天`` for an overdue one, else the state's name."""
    if state == "overdue" and days:
        return f"{days} days overdue" if lang == "en" else f"逾期 {days} 天"
    return STATES[state][lang == "en"]


def assign(store, year: int, orgs, values: dict) -> list[str]:
    """Assign every organization of ``orgs`` to ``values`` (visitors, due, note as typed), all or
    none; every problem of every organization at once.  Returns the organizations."""
    roster, rows, problems = store.roster(), [], []
    for org in orgs:
        try:
            known_org(roster, org)
            got, data, _ = from_options(ASSIGN_FORM, org, values, ASSIGN_OPTIONS, roster, year)
            rows.append((got, data))
        except DingjiError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise DingjiError(problems)
    table.assign(store, year, rows)
    return [org for org, _ in rows]


def import_files(store, files, year: int) -> dict:
    """Assign the organizations of the files, all or none; an audit row in ``imports``."""
    rows, infos = read_form(ASSIGN_FORM, files, store.roster(), year)
    import_id = table.assign(store, year, [(org, data) for org, data, _ in rows], infos)
    return {"import": import_id, "number": import_number(store, import_id), "assigned": len(rows)}


def _state(a: dict, as_of: dt.date) -> tuple[str, int]:
    if a["visited"]:
        return "done", 0
    late = (as_of - dt.date.fromisoformat(a["due"])).days
    return ("overdue", late) if late > 0 else ("pending", 0)


def assignment_rows(store, registry, year: int, as_of: dt.date, lang: str = "zh") -> list[dict]:
    """Every assignment of ``year`` with its state as of ``as_of``: org, name, domain (its 领域
    name), visitors, due, note, ``visited`` (the first visit's day), ``state``, ``overdue_days``
    and ``state_text``."""
    names, out = domain_names(registry), []
    for a in table.assignments(store, year):
        state, days = _state(a, as_of)
        out.append(
            {
                "org": a["org"],
                "name": a["name"] or "",
                "domain": names.get(a["domain"], a["domain"] or ""),
                "visitors": a["visitors"],
                "due": a["due"],
                "note": a["note"],
                "visited": a["visited"],
                "state": state,
                "overdue_days": days,
                "state_text": state_text(state, days, lang),
            }
        )
    return out


def with_plan(missing: list[dict], store, year: int, as_of: dt.date, lang: str = "zh") -> list[dict]:
    """The organizations not visited (``visits.missing_rows``) with whom each is assigned to, by
    when, and its state (``overdue``, ``pending`` or ``unassigned``)."""
    plan = {a["org"]: a for a in table.assignments(store, year)}
    out = []
    for m in missing:
        a = plan.get(m["org"])
        state, days = _state(a, as_of) if a else ("unassigned", 0)
        out.append(
            {
                **m,
                "visitors": a["visitors"] if a else None,
                "due": a["due"] if a else None,
                "state": state,
                "overdue_days": days,
                "state_text": state_text(state, days, lang),
            }
        )
    return out


def tally(store, year: int, as_of: dt.date) -> dict:
    """``assigned`` (of them ``done``, ``overdue``, ``pending``) and ``unassigned`` (the roster's
    organizations neither assigned nor visited)."""
    got = {"assigned": 0, "done": 0, "overdue": 0, "pending": 0, "unassigned": 0}
    plan = table.assignments(store, year)
    for a in plan:
        got["assigned"] += 1
        got[_state(a, as_of)[0]] += 1
    seen, planned = visited(store, year), {a["org"] for a in plan}
    got["unassigned"] = sum(1 for o in store.roster() if o not in seen and o not in planned)
    return got


def write_template(store, year: int, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """The assignment template: the organizations not yet visited, with their assignment if any
    (default file 走访分工模板.xlsx or .csv).  Returns ``path`` and ``organizations``."""
    plan = {a["org"]: a for a in table.assignments(store, year)}
    seen = visited(store, year)
    rows = [
        {
            "org": o.id,
            "name": o.name,
            **({k: plan[o.id][k] for k in ("visitors", "due", "note")} if o.id in plan else {}),
        }
        for o in store.roster().values()
        if o.id not in seen
    ]
    path = write_form_template(ASSIGN_FORM, rows, store.roster(), output, fmt, lang, default_name="走访分工模板")
    return {"path": path, "organizations": len(rows)}
