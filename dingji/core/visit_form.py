"""The visit form (走访台账): its fields, the options of ``dingji visit add``, and how findings
read in a few words.  Pure data: the visits themselves are in :mod:`dingji.store.visits`."""

from __future__ import annotations

from dingji.core.forms import Form
from dingji.core.tracker import Field

KIND = "visits"
YESNO = ("setup", "team", "rules", "venue", "support")
FINDINGS = (*YESNO, "role", "masses")
#: Suggested forms of a visit (the template offers them; any text is accepted).
FORMS = ("实地查看", "座谈了解", "个别谈话", "入户走访", "查阅资料", "问卷调查")

FORM = Form(
    "visits",
    "走访台账",
    "Visits",
    "dingji visit",
    (
        Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
        Field("date", "走访日期", "date", True, label_en="date"),
        Field("visitors", "走访人", "text", True, label_en="visitors", help="多人用、分隔"),
        Field("form", "走访形式", "text", True, label_en="form", help="如 " + "、".join(FORMS)),
        Field("setup", "设置是否合理", "yesno", label_en="set-up sound"),
        Field("team", "班子是否健全", "yesno", label_en="leadership complete"),
        Field("rules", "制度是否完善", "yesno", label_en="rules complete"),
        Field("venue", "场所是否达标", "yesno", label_en="premises up to standard"),
        Field("support", "保障是否到位", "yesno", label_en="resources in place"),
        Field("role", "作用发挥", "choice", choices=("好", "较好", "一般", "差"), label_en="role played"),
        Field("masses", "群众满意", "choice", choices=("满意", "基本满意", "不满意"), label_en="masses satisfied"),
        Field("problems", "发现的问题", label_en="problems found"),
        Field("note", "备注", label_en="note"),
    ),
    unique=("date", "visitors"),
    help=(
        "每行一次走访：组织编号、走访日期、走访人、走访形式必填；七项情况可留空（未了解）。"
        "同一组织同一天同一走访人只记一次。名单中每个组织都要走访（一个不漏）：dingji visit list --missing 查看未走访的组织。",
        "One visit a row: org, date, visitors and form are required; the seven findings may be blank. "
        "One visit per organization, date and visitors. Every organization is to be visited: "
        "dingji visit list --missing shows those not yet visited.",
    ),
)

#: 人员分工: who is to visit which organization by when (``dingji visit assign``); one a row, one per
#: organization (assigned again, it is replaced)
ASSIGN_KIND = "visit_assignments"
ASSIGN_FORM = Form(
    "visit_assign",
    "走访分工",
    "Visit assignments",
    "dingji visit",
    (
        Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
        Field("visitors", "走访人", "text", True, label_en="visitors", help="多人用、分隔"),
        Field("due", "完成时限", "date", True, label_en="due", help="此日之前完成走访"),
        Field("note", "备注", label_en="note"),
    ),
    unique=(),
    help=(
        "每行一个组织：走访人、完成时限必填；同一组织再次分工即替换原分工。"
        "走访记录（dingji visit add 或 import）即完成分工；dingji visit list --missing 查看逾期未走访的组织。",
        "One organization a row: visitors and due are required; an organization assigned again is "
        "reassigned. A visit recorded fulfils it; dingji visit list --missing shows those overdue.",
    ),
)
ASSIGN_OPTIONS = {"visitors": "--by", "due": "--due", "note": "--note"}

#: ``dingji visit add`` options per field
OPTIONS = {
    "date": "--date",
    "visitors": "--by",
    "form": "--form",
    "setup": "--setup",
    "team": "--team",
    "rules": "--rules",
    "venue": "--venue",
    "support": "--support",
    "role": "--role",
    "masses": "--masses",
    "problems": "--problems",
    "note": "--note",
}


def finding_text(visit: dict, lang: str = "zh") -> str:
    """The seven findings in a few words: "设置✓ 班子✓ 制度✗ … 作用发挥较好 群众满意"."""
    en = lang == "en"
    parts = []
    for fid in YESNO:
        if fid in visit:
            parts.append(f"{fid if en else FORM.field(fid).label[:2]}{'✓' if visit[fid] else '✗'}")
    for fid, zh in (("role", "作用发挥"), ("masses", "群众")):
        if fid in visit:
            parts.append(f"{fid}: {visit[fid]}" if en else f"{zh}{visit[fid]}")
    return " ".join(parts)


def yes(value, lang: str = "zh") -> str:
    if value is None:
        return ""
    return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
