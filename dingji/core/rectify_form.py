"""The rectification task form (整改台账): statuses, fields, the options of ``dingji rectify
add``, and the cross-field rules of a task.  Pure data and rules: tasks are kept in
:mod:`dingji.store.rectify`."""

from __future__ import annotations

import datetime as dt

from dingji.core.forms import Form, number_problems
from dingji.core.tracker import Field

KIND = "rectify"
#: status id -> (Chinese, English); in order
STATUSES = {
    "todo": ("未启动", "not started"),
    "doing": ("进行中", "in progress"),
    "done": ("已完成", "done"),
    "closed": ("已验收销号", "accepted and closed"),
}
OPEN = ("todo", "doing")
#: where a problem came from (the township plan: 自己找、群众提、上级点)
ORIGINS = ("自己找", "群众提", "上级点")
SELF, MASSES, SUPERIOR = ORIGINS
ORIGINS_EN = {SELF: "self", MASSES: "the masses", SUPERIOR: "the superior"}


def origin_name(origin: str | None, lang: str = "zh") -> str:
    """Where a problem came from, in words: 自己找 / self."""
    if not origin:
        return ""
    return ORIGINS_EN.get(origin, origin) if lang == "en" else origin


BY_NAME = {names[i]: sid for sid, names in STATUSES.items() for i in (0, 1)} | {s: s for s in STATUSES}

FORM = Form(
    "rectify",
    "整改台账",
    "Rectification",
    "dingji rectify",
    (
        Field("task", "任务编号", "int", label_en="task", help="新任务留空；填写则更新该任务"),
        Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
        Field("problem", "存在问题", "text", True, label_en="problem"),
        Field(
            "origin",
            "问题来源",
            "choice",
            choices=ORIGINS,
            label_en="found by",
            help="自己找（自查自评）、群众提（党员群众评议、走访中群众反映）、上级点（上级评定、走访、否决）",
        ),
        Field("requirement", "整改要求", label_en="requirement", help="整改须达到的标准"),
        Field("measures", "整改措施", "text", True, label_en="measures"),
        Field("owner", "责任人", "text", True, label_en="owner"),
        Field("start", "开始日期", "date", label_en="start"),
        Field("deadline", "完成时限", "date", True, label_en="deadline"),
        Field("pledge", "公开承诺", label_en="public commitment"),
        Field(
            "superior",
            "需上级统筹解决",
            "yesno",
            label_en="needs the superior",
            help="是：台账中另行列出，由上级统筹解决",
        ),
        Field(
            "status",
            "进度",
            "choice",
            choices=tuple(n[0] for n in STATUSES.values()),
            label_en="status",
            help="留空：新任务为未启动，已有任务不变",
        ),
        Field("done_on", "完成日期", "date", label_en="done on", help="进度为已完成时必填"),
        Field(
            "closed_on",
            "销号日期",
            "date",
            label_en="closed on",
            help="进度为已验收销号时必填（验收合格、挂牌销号之日）",
        ),
        Field("note", "备注", label_en="note"),
    ),
    unique=("problem",),  # with the organization; a task number given twice: Matcher
    help=(
        "每行一项整改任务：存在问题、整改措施、责任人、完成时限必填。任务编号留空为新任务；"
        "填写任务编号（或组织与存在问题都相同）则更新该任务。完成时限不得早于开始日期。",
        "One task a row: problem, measures, owner and deadline are required. A blank task number adds a task; "
        "a task number (or the same organization and problem) updates that task. The deadline may not be "
        "before the start.",
    ),
)

OPTIONS = {
    "problem": "--problem",
    "origin": "--origin",
    "requirement": "--requirement",
    "superior": "--superior",
    "measures": "--measures",
    "owner": "--owner",
    "start": "--start",
    "deadline": "--deadline",
    "pledge": "--pledge",
    "status": "--status",
    "note": "--note",
}
COLUMNS = (
    "id",
    "year",
    "org",
    "problem",
    "measures",
    "owner",
    "start",
    "deadline",
    "pledge",
    "status",
    "done_on",
    "closed_on",
    "note",
    "created_at",
    "updated_at",
    "origin",
    "requirement",
    "superior",
)
EDITABLE = (
    "problem",
    "measures",
    "owner",
    "start",
    "deadline",
    "pledge",
    "status",
    "done_on",
    "closed_on",
    "note",
    "origin",
    "requirement",
    "superior",
)


def status_name(sid: str, lang: str = "zh") -> str:
    return STATUSES[sid][lang == "en"]


def task_problems(status, d, start) -> list:
    """Cross-field problems of a task whose effective status is ``status``."""
    out, done, closed = [], d.get("done_on"), d.get("closed_on")
    if start and d.get("deadline") and d["deadline"] < start:
        out.append(
            (
                "deadline",
                f"the deadline {d['deadline']} is before the start {start}",
                f"完成时限 {d['deadline']} 早于开始日期 {start}",
            )
        )
    if start and done and done < start:
        out.append(("done_on", f"done on {done}, before the start {start}", f"完成日期 {done} 早于开始日期 {start}"))
    if closed and done and closed < done:
        out.append(
            ("closed_on", f"closed on {closed}, before it was done ({done})", f"销号日期 {closed} 早于完成日期 {done}")
        )
    if status == "done" and not done:
        out.append(("done_on", "a task that is done needs its date (完成日期)", "进度为已完成，须填完成日期"))
    if status == "closed" and not closed:
        out.append(
            ("closed_on", "a closed task needs the date it was accepted (销号日期)", "进度为已验收销号，须填销号日期")
        )
    if status in OPEN and (done or closed):
        out.append(
            (
                "status",
                f"a date of completion is given, but the status is {STATUSES[status][1]}",
                f"填了完成或销号日期，进度却是{STATUSES[status][0]}",
            )
        )
    if status == "done" and closed:
        out.append(
            (
                "status",
                "a closing date is given, but the status is done, not closed",
                "填了销号日期，进度却是已完成（应为已验收销号）",
            )
        )
    return out


#: the problems of a task number in an import (see :func:`dingji.core.forms.number_problems`)
_TASK_WORDS = (
    ("there is no task {n} this year", "本年度没有任务编号 {n}"),
    ("task {n} belongs to {owner}, not {org}", "任务 {n} 属于 {owner}，不是 {org}"),
    ("task {n} is given twice", "任务编号 {n} 重复出现"),
)


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
        out = number_problems("task", data.get("task"), org, self.by_id, self.seen, _TASK_WORDS)
        old = self.find(data, org) or {}
        status = BY_NAME[data["status"]] if data.get("status") else old.get("status", "todo")
        return out + task_problems(status, data, data.get("start"))


def overdue_days(task: dict, as_of: dt.date) -> int:
    """Days past the deadline of an open task as of ``as_of`` (0: not overdue)."""
    if task["status"] not in OPEN:
        return 0
    return max(0, (as_of - dt.date.fromisoformat(task["deadline"])).days)
