"""The objection form (异议处理): objections raised against the notice (公示) during its period,
their decision and the reply.  Pure data and rules: objections are kept in
:mod:`dingji.store.objections`.

An objection is who raised it (提出人, with how and a way to reach them), when, about which
organization, and what it says; then its result (待处理 until decided: 成立, 部分成立 or
不成立), the decision (处理意见) and its day, the reply (答复情况) and its day.  A grade changed
by an objection is changed by an amendment (``dingji evaluate --amend --objection N``),
which the objection names.
"""

from __future__ import annotations

from dingji.core.forms import Form, number_problems
from dingji.core.tracker import Field

KIND = "objections"
#: result id -> (Chinese, English); in order
RESULTS = {
    "open": ("待处理", "open"),
    "upheld": ("成立", "upheld"),
    "partly": ("部分成立", "partly upheld"),
    "rejected": ("不成立", "rejected"),
}
BY_NAME = {names[i]: rid for rid, names in RESULTS.items() for i in (0, 1)} | {r: r for r in RESULTS}
#: ways an objection comes in (the notice names them; any text is accepted)
CHANNELS = ("书面", "电话", "当面", "来信", "网络")

FORM = Form(
    "objections",
    "异议处理",
    "Objections",
    "dingji objection",
    (
        Field("objection", "异议编号", "int", label_en="objection", help="新异议留空；填写则更新该异议"),
        Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
        Field("received", "提出日期", "date", True, label_en="received"),
        Field("raised_by", "提出人", "text", True, label_en="raised by", help="姓名或单位；不愿署名的写“匿名”"),
        Field("channel", "方式", label_en="how", help="如 " + "、".join(CHANNELS)),
        Field("contact", "联系方式", label_en="contact"),
        Field("content", "异议内容", "text", True, label_en="objection"),
        Field(
            "result",
            "处理结果",
            "choice",
            choices=tuple(n[0] for n in RESULTS.values()),
            label_en="result",
            help="留空：新异议为待处理，已有异议不变",
        ),
        Field("decision", "处理意见", label_en="decision", help="处理结果为成立、部分成立或不成立时必填"),
        Field("decided_on", "处理日期", "date", label_en="decided on"),
        Field("reply", "答复情况", label_en="reply", help="向提出人答复的内容和方式"),
        Field("replied_on", "答复日期", "date", label_en="replied on", help="填写答复情况时必填"),
    ),
    unique=("received", "raised_by", "content"),
    help=(
        "每行一件异议：提出日期、提出人、异议内容必填。异议编号留空为新异议；填写则更新该异议。"
        "处理结果为成立、部分成立或不成立时，须填处理意见和处理日期；填写答复情况须填答复日期。",
        "One objection a row: received, raised by and the objection are required. A blank number adds "
        "an objection; a number updates it. A result other than open needs the decision and its day; "
        "a reply needs its day.",
    ),
)

#: ``dingji objection add`` options per field
OPTIONS = {
    "received": "--on",
    "raised_by": "--by",
    "channel": "--how",
    "contact": "--contact",
    "content": "--content",
}
#: ``dingji objection decide`` options per field
DECIDE_OPTIONS = {
    "result": "--result",
    "decision": "--decision",
    "decided_on": "--on",
    "reply": "--reply",
    "replied_on": "--replied-on",
}
EDITABLE = (
    "received",
    "raised_by",
    "channel",
    "contact",
    "content",
    "result",
    "decision",
    "decided_on",
    "reply",
    "replied_on",
)


def result_name(rid: str, lang: str = "zh") -> str:
    return RESULTS[rid][lang == "en"]


def objection_problems(result: str, d: dict) -> list[tuple[str, str, str]]:
    """Cross-field problems of an objection whose result is ``result`` (an id): ``[(field, english,
    chinese)]``."""
    out, got, decided, replied = [], d.get("received"), d.get("decided_on"), d.get("replied_on")
    if result != "open" and not d.get("decision"):
        name = RESULTS[result]
        out.append(
            ("decision", f"an objection {name[1]} needs the decision (处理意见)", f"处理结果为{name[0]}，须填处理意见")
        )
    if result != "open" and not decided:
        name = RESULTS[result]
        out.append(
            ("decided_on", f"an objection {name[1]} needs the day it was decided", f"处理结果为{name[0]}，须填处理日期")
        )
    if result == "open" and decided:
        out.append(("result", "a day of decision is given, but the result is open", "填了处理日期，处理结果却是待处理"))
    if got and decided and decided < got:
        out.append(
            (
                "decided_on",
                f"decided on {decided}, before it was received ({got})",
                f"处理日期 {decided} 早于提出日期 {got}",
            )
        )
    if d.get("reply") and not replied:
        out.append(("replied_on", "a reply needs its day (答复日期)", "填了答复情况，须填答复日期"))
    if replied and not d.get("reply"):
        out.append(
            ("reply", f"a day of reply ({replied}) without the reply", f"填了答复日期 {replied}，却没有答复情况")
        )
    if got and replied and replied < got:
        out.append(
            (
                "replied_on",
                f"replied on {replied}, before it was received ({got})",
                f"答复日期 {replied} 早于提出日期 {got}",
            )
        )
    return out


#: the problems of an objection's number in an import (see :func:`dingji.core.forms.number_problems`)
_NUMBER_WORDS = (
    ("there is no objection {n} this year", "本年度没有异议编号 {n}"),
    ("objection {n} is about {owner}, not {org}", "异议 {n} 针对的是 {owner}，不是 {org}"),
    ("objection {n} is given twice", "异议编号 {n} 重复出现"),
)


class Matcher:
    """Which stored objection a row updates (by its number), and the checks that need the store:
    a number unknown, of another organization, or given twice."""

    def __init__(self, stored: list[dict]):
        self.by_id = {o["id"]: o for o in stored}
        self.seen: set = set()

    def find(self, data, org):
        number = data.get("objection")
        return self.by_id.get(number) if number is not None else None

    def __call__(self, data, org):
        out = number_problems("objection", data.get("objection"), org, self.by_id, self.seen, _NUMBER_WORDS)
        old = self.find(data, org) or {}
        result = BY_NAME[data["result"]] if data.get("result") else old.get("result", "open")
        return out + objection_problems(result, data)
