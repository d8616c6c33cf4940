"""The 先进典型 form (学习先进、创先争优, the plan's third phase): organizations and members held up
as examples, with the reason, and their commendation (表彰) if any.  Pure data: the records are in
:mod:`dingji.store.exemplars`.

One record per exemplar: the organization; 党员姓名 (blank: the organization itself is the
exemplar); 称号 (required: 先进基层党组织, 优秀共产党员 …); 先进事迹 (required: why); and, once
commended, 表彰级别, 表彰日期 and 表彰单位.  An organization or member holds a title once a year.
"""

from __future__ import annotations

from dingji.core.forms import Form
from dingji.core.tracker import Field

KIND = "exemplars"
#: Levels of a commendation (表彰级别), lowest first.
LEVELS = ("乡镇级", "县级", "市级", "省级", "国家级")
#: Titles the template offers (any text is accepted).
TITLES = (
    "先进基层党组织",
    "优秀共产党员",
    "优秀党务工作者",
    "服务型党组织示范点",
    "党员先锋岗",
    "晋位升级先进党组织",
)

FORM = Form(
    KIND,
    "先进典型",
    "Exemplars",
    "dingji exemplar",
    (
        Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
        Field("member", "党员姓名", label_en="member", help="留空表示该党组织本身是先进典型"),
        Field("title", "称号", "text", True, label_en="title", help="如 " + "、".join(TITLES[:3])),
        Field("reason", "先进事迹", "text", True, label_en="reason", help="树为典型的理由、主要事迹"),
        Field("level", "表彰级别", "choice", choices=LEVELS, label_en="level", help="已表彰时填写"),
        Field("date", "表彰日期", "date", label_en="commended on"),
        Field("by", "表彰单位", "text", label_en="commended by"),
        Field("note", "备注", label_en="note"),
    ),
    unique=("member", "title"),
    help=(
        "每行一个先进典型：组织编号、称号、先进事迹必填；党员姓名留空表示党组织本身。"
        "已受表彰的填写表彰级别、日期和单位。同一组织（党员）同一称号一年只记一次。",
        "One exemplar a row: org, title and reason are required; leave the member blank for the "
        "organization itself. Fill in the level, day and body of a commendation once given. "
        "An organization (or member) holds a title once a year.",
    ),
)

#: ``dingji exemplar add`` options per field
OPTIONS = {
    "member": "--member",
    "title": "--title",
    "reason": "--reason",
    "level": "--level",
    "date": "--date",
    "by": "--by",
    "note": "--note",
}


def who(record: dict, lang: str = "zh") -> str:
    """组织 or the member's name: what the exemplar is."""
    if record.get("member"):
        return record["member"]
    return "(the organization)" if lang == "en" else "（党组织）"
