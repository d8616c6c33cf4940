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
import json

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.tracker import Field
from dingji.year.forms import Form, from_options, read
from dingji.store import now

KIND = "rectify"
#: status id -> (Chinese, English); in order
STATUSES = {"todo": ("未启动", "not started"), "doing": ("进行中", "in progress"), "done": ("已完成", "done"),
            "closed": ("已验收销号", "accepted and closed")}
OPEN = ("todo", "doing")
BY_NAME = {names[i]: sid for sid, names in STATUSES.items() for i in (0, 1)} | {s: s for s in STATUSES}

FORM = Form(
    "rectify", "整改台账", "Rectification", "dingji rectify",
    (Field("task", "任务编号", "int", label_en="task", help="新任务留空；填写则更新该任务"),
     Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
     Field("problem", "存在问题", "text", True, label_en="problem"),
     Field("measures", "整改措施", "text", True, label_en="measures"),
     Field("owner", "责任人", "text", True, label_en="owner"),
     Field("start", "开始日期", "date", label_en="start"),
     Field("deadline", "完成时限", "date", True, label_en="deadline"),
     Field("pledge", "公开承诺", label_en="public commitment"),
     Field("status", "进度", "choice", choices=tuple(n[0] for n in STATUSES.values()), label_en="status",
           help="留空：新任务为未启动，已有任务不变"),
     Field("done_on", "完成日期", "date", label_en="done on", help="进度为已完成时必填"),
     Field("closed_on", "销号日期", "date", label_en="closed on", help="进度为已验收销号时必填（验收合格、挂牌销号之日）"),
     Field("note", "备注", label_en="note")),
    unique=("problem",),  # with the organization; a task number given twice: Matcher
    help=("每行一项整改任务：存在问题、整改措施、责任人、完成时限必填。任务编号留空为新任务；"
          "填写任务编号（或组织与存在问题都相同）则更新该任务。完成时限不得早于开始日期。",
          "One task a row: problem, measures, owner and deadline are required. A blank task number adds a task; "
          "a task number (or the same organization and problem) updates that task. The deadline may not be "
          "before the start."))

OPTIONS = {"problem": "--problem", "measures": "--measures", "owner": "--owner", "start": "--start",
           "deadline": "--deadline", "pledge": "--pledge", "status": "--status", "note": "--note"}
COLUMNS = ("id", "year", "org", "problem", "measures", "owner", "start", "deadline", "pledge", "status", "done_on",
           "closed_on", "note", "created_at", "updated_at")
EDITABLE = ("problem", "measures", "owner", "start", "deadline", "pledge", "status", "done_on", "closed_on", "note")


def status_name(sid: str, lang: str = "zh") -> str:
    return STATUSES[sid][lang == "en"]


def stored(store, year: int, org: str | None = None) -> list[dict]:
    """The tasks of ``year`` (of one organization) as dicts, by organization then id, with the
    organization's roster name and domain (``org_name``, ``org_domain``)."""
    sql = (f"SELECT {', '.join('t.' + c for c in COLUMNS)}, o.name, o.domain FROM rectify_tasks t"
           " LEFT JOIN organizations o ON o.org = t.org WHERE t.year=?")
    args: list = [year]
    if org:
        sql += " AND t.org=?"
        args.append(org)
    keys = (*COLUMNS, "org_name", "org_domain")
    return [dict(zip(keys, r)) for r in store.db.execute(sql + " ORDER BY t.org, t.id", args)]


def _problems(status, d, start) -> list:
    """Cross-field problems of a task whose effective status is ``status``."""
    out, done, closed = [], d.get("done_on"), d.get("closed_on")
    if start and d.get("deadline") and d["deadline"] < start:
        out.append(("deadline", f"the deadline {d['deadline']} is before the start {start}",
                    f"完成时限 {d['deadline']} 早于开始日期 {start}"))
    if start and done and done < start:
        out.append(("done_on", f"done on {done}, before the start {start}", f"完成日期 {done} 早于开始日期 {start}"))
    if closed and done and closed < done:
        out.append(("closed_on", f"closed on {closed}, before it was done ({done})",
                    f"销号日期 {closed} 早于完成日期 {done}"))
    if status == "done" and not done:
        out.append(("done_on", "a task that is done needs its date (完成日期)", "进度为已完成，须填完成日期"))
    if status == "closed" and not closed:
        out.append(("closed_on", "a closed task needs the date it was accepted (销号日期)", "进度为已验收销号，须填销号日期"))
    if status in OPEN and (done or closed):
        out.append(("status", f"a date of completion is given, but the status is {STATUSES[status][1]}",
                    f"填了完成或销号日期，进度却是{STATUSES[status][0]}"))
    if status == "done" and closed:
        out.append(("status", "a closing date is given, but the status is done, not closed",
                    "填了销号日期，进度却是已完成（应为已验收销号）"))
    return out


class Matcher:
    """Which stored task a row updates (by its number, or its organization and problem), and
    the checks that need the store: an unknown number, a number of another organization or
    given twice."""

    def __init__(self, tasks: list[dict]):
        self.by_id = {t["id"]: t for t in tasks}
        self.by_problem = {(t["org"], t["problem"]): t for t in tasks}
        self.seen: set = set()

    def find(self, data, org):
        if data.get("task") is not None:
            return self.by_id.get(data["task"])
        return self.by_problem.get((org, data.get("problem")))

    def __call__(self, data, org):
        out, task = [], data.get("task")
        if task is not None:
            got = self.by_id.get(task)
            if got is None:
                out.append(("task", f"there is no task {task} this year", f"本年度没有任务编号 {task}"))
            elif got["org"] != org:
                out.append(("task", f"task {task} belongs to {got['org']}, not {org}",
                            f"任务 {task} 属于 {got['org']}，不是 {org}"))
            elif task in self.seen:
                out.append(("task", f"task {task} is given twice", f"任务编号 {task} 重复出现"))
            self.seen.add(task)
        old = self.find(data, org) or {}
        status = BY_NAME[data["status"]] if data.get("status") else old.get("status", "todo")
        return out + _problems(status, data, data.get("start"))


def _event(db, task_id, status, on, at, how, import_id=None):
    db.execute("INSERT INTO rectify_events (task_id, status, on_date, at, how, import_id) VALUES (?,?,?,?,?,?)",
               (task_id, status, on, at, how, import_id))


def _on(status, data, today):
    return {"todo": data.get("start"), "doing": data.get("start"), "done": data.get("done_on"),
            "closed": data.get("closed_on")}[status] or today


def _write(db, year, org, data, old, at, how, import_id=None) -> int:
    """Insert or update one task from checked ``data``; a change of status is an event."""
    status = BY_NAME[data["status"]] if data.get("status") else (old or {}).get("status", "todo")
    values = {k: data.get(k) for k in EDITABLE} | {"status": status}
    today = at[:10]
    if old is None:
        cols = ("year", "org", *EDITABLE, "created_at", "updated_at")
        task = db.execute(f"INSERT INTO rectify_tasks ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                          (year, org, *values.values(), at, at)).lastrowid
        _event(db, task, status, _on(status, values, today), at, how, import_id)
        return task
    db.execute(f"UPDATE rectify_tasks SET {', '.join(f'{k}=?' for k in EDITABLE)}, updated_at=? WHERE id=?",
               (*values.values(), at, old["id"]))
    if status != old["status"]:
        _event(db, old["id"], status, _on(status, values, today), at, how, import_id)
    return old["id"]


def add(store, year: int, org: str, values: dict) -> int:
    """Add one task (``values``: field id -> text as typed); the owner defaults to the
    organization's secretary in the roster.  Returns the task's number."""
    roster = store.roster()
    entry = roster.get(org)
    if not values.get("owner") and entry is not None and entry.secretary:
        values = {**values, "owner": entry.secretary}
    org, data, _ = from_options(FORM, org, values, OPTIONS, roster, year, Matcher([]))
    with store.transaction() as db:
        return _write(db, year, org, data, None, now(), "add")


def import_files(store, files, year: int) -> dict:
    """Add and update the tasks of the files, all or none; an audit row in ``imports``."""
    matcher = Matcher(stored(store, year))
    rows, infos = read(FORM, files, store.roster(), year, matcher)
    at, added, updated = now(), 0, 0
    with store.transaction() as db:
        import_id = db.execute("INSERT INTO imports (at, year, kind, files, rows) VALUES (?,?,?,?,?)",
                               (at, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows))).lastrowid
        for org, data, _ in rows:
            old = matcher.find(data, org)
            _write(db, year, org, data, old, at, "import", import_id)
            added, updated = added + (old is None), updated + (old is not None)
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
                     for _, en, zh in _problems(status, new, new["start"])]
        tasks.append((t, new))
    if problems:
        raise DingjiError(problems)
    at = now()
    with store.transaction() as db:
        for old, new in tasks:
            _write(db, year, old["org"], {**new, "status": STATUSES[status][0]}, old, at, status)
    return [old for old, _ in tasks]


def file_plan(store, year: int, org: str, on: dt.date, note: str | None = None) -> None:
    """Record that ``org``'s rectification plan was filed (备案) with the 市委组织部 on ``on``."""
    if org not in store.roster():
        raise DingjiError([Problem(Place(key=org), f"unknown organization {org!r} (not in the roster)",
                                   f"组织 {org!r} 不在组织名单中")])
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO rectify_filings (year, org, filed_on, note, at) VALUES (?,?,?,?,?)",
                   (year, org, on.isoformat(), note, now()))


def filings(store, year: int) -> dict[str, str]:
    """``{org: the day its plan was filed}``."""
    return dict(store.db.execute("SELECT org, filed_on FROM rectify_filings WHERE year=?", (year,)))


def events(store, task_id: int) -> list[dict]:
    cols = ("status", "on_date", "at", "how")
    return [dict(zip(cols, r)) for r in store.db.execute(
        "SELECT status, on_date, at, how FROM rectify_events WHERE task_id=? ORDER BY id", (task_id,))]


def overdue_days(task: dict, as_of: dt.date) -> int:
    """Days past the deadline of an open task as of ``as_of`` (0: not overdue)."""
    if task["status"] not in OPEN:
        return 0
    return max(0, (as_of - dt.date.fromisoformat(task["deadline"])).days)
