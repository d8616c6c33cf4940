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
from dingji.core.rectify_form import FORM, OPTIONS, Matcher, task_problems
from dingji.io.records import read_form
from dingji.store import rectify as table
from dingji.store.rectify import events, filings, stored  # noqa: F401 - what callers read


def add(store, year: int, org: str, values: dict) -> int:
    """Add one task (``values``: field id -> text as typed); the owner defaults to the
    organization's secretary in the roster.  Returns the task's number."""
    roster = store.roster()
    entry = roster.get(org)
    if not values.get("owner") and entry is not None and entry.secretary:
        values = {**values, "owner": entry.secretary}
    org, data, _ = from_options(FORM, org, values, OPTIONS, roster, year, Matcher([]))
    return table.add_task(store, year, org, data)


def import_files(store, files, year: int) -> dict:
    """Add and update the tasks of the files, all or none; an audit row in ``imports``."""
    matcher = Matcher(stored(store, year))
    rows, infos = read_form(FORM, files, store.roster(), year, matcher)
    import_id, added, updated = table.import_tasks(store, year, infos, rows, matcher.find)
    return {"import": import_id, "added": added, "updated": updated, "organizations": len({r[0] for r in rows})}


def _task(store, year: int, task_id: int) -> dict:
    got = [t for t in stored(store, year) if t["id"] == task_id]
    if not got:
        raise DingjiError([Problem(Place(key=str(task_id)), f"there is no task {task_id} in {year}",
                                   f"{year} 年没有任务编号 {task_id}")])
    return got[0]


def advance(store, year: int, task_ids, status: str, on: dt.date) -> list[dict]:
    """Mark tasks 进行中 (``doing``), 已完成 (``done``) or 已验收销号 (``closed``) on ``on``;
    all or none.  Returns the tasks as they were."""
    day, tasks, problems = on.isoformat(), [], []
    for tid in task_ids:
        try:
            t = _task(store, year, tid)
        except DingjiError as exc:
            problems += exc.problems
            continue
        new = {**t, "status": status, "done_on": None, "closed_on": None}  # back to 进行中: reopened
        if status == "doing":
            new["start"] = t["start"] or day
        if status in ("done", "closed"):
            new["done_on"] = t["done_on"] if status == "closed" and t["done_on"] else day
        if status == "closed":
            new["closed_on"] = day
        problems += [Problem(Place(key=f"{tid} --on"), en, zh)
                     for _, en, zh in task_problems(status, new, new["start"])]
        tasks.append((t, new))
    if problems:
        raise DingjiError(problems)
    table.set_status(store, year, tasks, status)
    return [old for old, _ in tasks]


def file_plan(store, year: int, org: str, on: dt.date, note: str | None = None) -> None:
    """Record that ``org``'s rectification plan was filed (备案) with the 市委组织部 on ``on``."""
    if org not in store.roster():
        raise DingjiError([Problem(Place(key=org), f"unknown organization {org!r} (not in the roster)",
                                   f"组织 {org!r} 不在组织名单中")])
    table.file_plan(store, year, org, on.isoformat(), note)
