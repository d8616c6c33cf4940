"""Rectification tasks (整改任务): per organization the problem, the measures, the owner
(责任人), the deadline (完成时限), the public commitment (公开承诺), the status and its dates.

Tasks live in the store's ``rectify_tasks`` (schema 3), every change of status in
``rectify_events`` (the status, the day it took effect, when it was recorded and how:
``add``, ``import``, ``start``, ``done``).  Statuses go 未启动 → 进行中 → 已完成 →
已验收销号; a task is overdue when it is not done by its deadline.  An import adds the
rows without a task number and updates the tasks it names (by 任务编号, or by the
same organization and problem), so a template filled, or a file of ``rectify
suggest`` edited, can be imported again; every problem of every row is reported
at once and nothing is stored unless all are right.
"""

from __future__ import annotations

import datetime as dt

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.forms import from_options
from dingji.core.rectify_form import (
    BY_NAME,
    EDITABLE,
    FORM,
    OPTIONS,
    STATUSES,
    Matcher,
    status_name,
    task_problems,
)
from dingji.core.text import Text
from dingji.io.records import read_form
from dingji.services.forms import write_form_template
from dingji.services.roster import known_org
from dingji.store import rectify as table
from dingji.store.base import import_number
from dingji.store.rectify import events, filings, stored, task_changes  # noqa: F401 - what callers read


def add(store, year: int, org: str, values: dict) -> int:
    """Add one task (``values``: field id -> text as typed; a status by any of its names, such
    as 进行中 or doing); the owner defaults to the organization's secretary in the roster.
    Returns the task's number (:func:`task` reads it back)."""
    roster = store.roster()
    known_org(roster, org)
    org, data, _ = from_options(FORM, org, _prepared(roster, org, values), OPTIONS, roster, year, Matcher([]))
    return table.add_task(store, year, org, data)


def _prepared(roster, org: str, values: dict) -> dict:
    """``values`` with the owner defaulted to the secretary and a status by any name made its Chinese one."""
    entry = roster.get(org)
    if not values.get("owner") and entry is not None and entry.secretary:
        values = {**values, "owner": entry.secretary}
    if values.get("status") in BY_NAME:
        values = {**values, "status": STATUSES[BY_NAME[values["status"]]][0]}
    return values


def check(store, year: int, org: str, values: dict, places: dict = OPTIONS) -> list:
    """Every problem of one new task as typed (the organization's among them, at key ``ORG``), as
    :func:`add` would find them, all at once; ``[]`` when it would be stored.  ``places``: the key
    each field's problems are placed at (the command's options)."""
    roster = store.roster()
    try:
        from_options(FORM, org, _prepared(roster, org, values), places, roster, year, Matcher([]))
    except DingjiError as exc:
        return list(exc.problems)
    return []


def edit(store, year: int, task_id: int, values: dict) -> dict:
    """Change task ``task_id``'s fields to ``values`` (field id -> text as typed, every field but
    the organization and the status, which moves by :func:`advance`), checked as :func:`add`
    checks a new task.  Returns ``changes`` ({field: [before, after]}; empty when nothing
    changed, and then nothing is written) and ``at`` (when the change was recorded)."""
    old = task(store, year, task_id)
    roster = store.roster()
    values = {**values, "status": STATUSES[old["status"]][0]}
    _, data, _ = from_options(
        FORM, old["org"], _prepared(roster, old["org"], values), OPTIONS, roster, year, Matcher([])
    )
    fields = [f for f in EDITABLE if f != "status"]
    changes = {f: [old.get(f), data.get(f)] for f in fields if old.get(f) != data.get(f)}
    at = table.edit_task(store, year, old, data, changes) if changes else None
    return {"changes": changes, "at": at}


def check_edit(store, year: int, task_id: int, values: dict, places: dict = OPTIONS) -> list:
    """Every problem of an edit of task ``task_id`` as typed, all at once (``[]``: it would be stored)."""
    old = task(store, year, task_id)
    return check(store, year, old["org"], {**values, "status": STATUSES[old["status"]][0]}, places)


def import_files(store, files, year: int) -> dict:
    """Add and update the tasks of the files, all or none; an audit row in ``imports``."""
    matcher = Matcher(stored(store, year))
    rows, infos = read_form(FORM, files, store.roster(), year, matcher)
    import_id, added, updated = table.import_tasks(store, year, infos, rows, matcher.find)
    return {
        "import": import_id,
        "number": import_number(store, import_id),
        "added": added,
        "updated": updated,
        "organizations": len({r[0] for r in rows}),
    }


def task(store, year: int, task_id: int) -> dict:
    """Task ``task_id`` of ``year`` as stored (with ``org_name``); a DingjiError when there is none."""
    got = [t for t in stored(store, year) if t["id"] == task_id]
    if not got:
        raise DingjiError(
            [
                Problem(
                    Place(key=str(task_id)),
                    Text(f"{year} 年没有任务编号 {task_id}", f"there is no task {task_id} in {year}"),
                )
            ]
        )
    return got[0]


def advance(store, year: int, task_ids, status: str, on: dt.date) -> list[dict]:
    """Mark tasks 进行中 (``doing``), 已完成 (``done``) or 已验收销号 (``closed``) on ``on``;
    all or none.  Returns the tasks as they were."""
    day, tasks, problems = on.isoformat(), [], []
    for tid in task_ids:
        try:
            t = task(store, year, tid)
        except DingjiError as exc:
            problems += exc.problems
            continue
        new = {**t, "status": status, "done_on": None, "closed_on": None}  # back to 进行中: reopened
        if status == "doing":  # the day work began, planned or not; a task reopened keeps its start
            new["start"] = day if t["status"] == "todo" else t["start"] or day
        if status in ("done", "closed"):
            new["done_on"] = t["done_on"] if status == "closed" and t["done_on"] else day
        if status == "closed":
            new["closed_on"] = day
        problems += [
            Problem(Place(key=f"{tid} --on"), Text(zh, en)) for _, en, zh in task_problems(status, new, new["start"])
        ]
        tasks.append((t, new))
    if problems:
        raise DingjiError(problems)
    table.set_status(store, year, tasks, status)
    return [old for old, _ in tasks]


def file_plan(store, registry, year: int, org: str, on: dt.date, note: str | None = None) -> None:
    """Record that ``org``'s rectification plan was filed (备案) with the 市委组织部 on ``on``.

    Only the plan of an organization graded its standard's lowest grade (较差) in ``year`` is
    filed, and only once it has a task: the plan is its tasks."""
    from dingji.report.graded import graded

    known_org(store.roster(), org)
    got = graded(store, registry, year).get(org)
    if got is None or not got.lowest:
        grade = f"graded {got.grade}" if got else f"not graded in {year}"
        zh = f"定级为{got.grade}" if got else f"{year} 年未定级"
        raise DingjiError(
            [
                Problem(
                    Place(key=org),
                    Text(
                        f"{org} {zh}：只有定级为最低等次（较差）的党组织，整改方案才须报市委组织部备案",
                        f"{org} is {grade}: only the plans of organizations graded the "
                        "lowest grade are filed with the 市委组织部",
                    ),
                )
            ]
        )
    if not stored(store, year, org):
        raise DingjiError(
            [
                Problem(
                    Place(key=org),
                    Text(
                        f"{org} 在 {year} 年没有整改任务：请先制定整改方案（dingji rectify add {org} …，"
                        "或 dingji rectify suggest）",
                        f"{org} has no rectification task in {year}: add its plan first "
                        f"(dingji rectify add {org} …, or dingji rectify suggest)",
                    ),
                )
            ]
        )
    table.file_plan(store, year, org, on.isoformat(), note)


def write_template(store, year: int, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """The rectification template holding the year's tasks, to edit and import again (default
    file 整改台账模板.xlsx or .csv).  Returns ``path`` and ``tasks``."""
    rows = [
        {**t, "task": t["id"], "name": t["org_name"] or "", "status": status_name(t["status"])}
        for t in stored(store, year)
    ]
    path = write_form_template(FORM, rows, store.roster(), output, fmt, lang, default_name="整改台账模板")
    return {"path": path, "tasks": len(rows)}


def write_drafts(store, rows, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """Drafts of problems (:func:`dingji.services.rectify_view.suggestions`) as an importable
    template (default file 整改问题草稿.xlsx or .csv).  Returns ``path``, ``problems`` and
    ``organizations``."""
    path = write_form_template(FORM, rows, store.roster(), output, fmt, lang, default_name="整改问题草稿")
    return {"path": path, "problems": len(rows), "organizations": len({r["org"] for r in rows})}
