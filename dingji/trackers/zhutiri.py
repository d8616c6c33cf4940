"""The 主题党日 / 主题日服务 tracker (research §3.4), a built-in plugin.

An organization holds its 主题党日 on a fixed day each month (建平县: the first Friday, with
four themes; 海曙: the first Saturday morning is the 服务日, when members serve the masses).
One record per activity:

- 活动日期 (required), 主题 (required; ``themes``), 活动内容 (required), 活动地点;
- 参加党员数 (required, a whole number): the members who took part (the sign-in sheet);
- 服务事项 and 服务群众人次 (whole numbers, optional): the services done for the masses that
  day (主题日服务) and the people served.

Metrics (only activities dated in the year count; the words say how many were left out):

- ``months`` = months of the year with at least one activity ÷ ``months`` (12), capped at 1:
  the 开展率 of the enterprise standard ("按已开展月数除以12");
- ``attendance`` = members taking part, over all activities ÷ (activities × the roster's
  党员数), capped at 1 (0 when the roster gives no 党员数, and the words say so);
- ``services`` = services done ÷ ``services`` (12 a year: one a month), capped at 1.

The village standard's 主题党日活动 and the enterprise (非公) standard's 主题党日开展率 take
``months`` where an organization has records (``tracker``/``metric`` on those indicators).
"""

from __future__ import annotations

from dingji import hookimpl
from dingji.core.tracker import Field, MetricValue, Tracker, TrackerMetric

DEFAULTS = {"themes": ["民主议事", "学习培训", "组织生活", "志愿服务"], "months": 12, "services": 12}


def fields(config):
    return [
        Field("date", "活动日期", "date", True, label_en="date", help="日期，如 2026-03-06"),
        Field("theme", "主题", "choice", True, config["themes"], "theme"),
        Field("content", "活动内容", "text", True, label_en="content", help="活动的题目或内容"),
        Field("place", "活动地点", "text", label_en="place"),
        Field("attended", "参加党员数", "int", True, label_en="members present", help="按签到表，整数"),
        Field("services", "服务事项", "int", label_en="services done", help="为群众办实事、志愿服务的件数"),
        Field("served", "服务群众人次", "int", label_en="people served"),
        Field("note", "备注", label_en="note"),
    ]


def _held(group):
    """The activities dated in the year, and how many are not."""
    mine = [r for r in group.records if r.data["date"][:4] == str(group.year)]
    return mine, len(group.records) - len(mine)


def _outside(n: int, year: int) -> tuple[str, str]:
    if not n:
        return "", ""
    return f"（另有{n}次不在{year}年，未计入）", f" ({n} dated outside {year}, not counted)"


def months(group) -> MetricValue:
    held, out = _held(group)
    n, target = len({r.data["date"][:7] for r in held}), group.config["months"]
    zh, en = _outside(out, group.year)
    return MetricValue(
        group.share(n, target),
        f"开展主题党日{len(held)}次，覆盖{n}个月，目标{target}个月{zh}",
        f"{len(held)} theme days in {n} months of a target of {target}{en}",
        {"activities": len(held), "months": n, "target": target},
    )


def attendance(group) -> MetricValue:
    held, out = _held(group)
    members = group.roster_members or 0
    present = sum(r.data["attended"] for r in held)
    expected = len(held) * members
    zh, en = _outside(out, group.year)
    if not members:
        return MetricValue(
            group.share(0, 0),
            f"组织名单未填党员数，参加率无法计算，记为0（{len(held)}次活动共{present}人次参加）{zh}",
            f"the roster gives no number of members: attendance cannot be computed, taken as 0"
            f" ({len(held)} activities, {present} attendances){en}",
            {"activities": len(held), "members": 0, "expected": 0, "present": present},
        )
    return MetricValue(
        group.share(present, expected),
        f"{len(held)}次主题党日、{members}名党员应到{expected}人次，实到{present}人次{zh}",
        f"{len(held)} theme days, {members} members: {present} of {expected} attendances{en}",
        {"activities": len(held), "members": members, "expected": expected, "present": present},
    )


def services(group) -> MetricValue:
    held, out = _held(group)
    done = sum(r.data.get("services", 0) for r in held)
    served = sum(r.data.get("served", 0) for r in held)
    target = group.config["services"]
    zh, en = _outside(out, group.year)
    return MetricValue(
        group.share(done, target),
        f"主题日服务{done}件、服务群众{served}人次，目标{target}件{zh}",
        f"{done} services done for {served} people, of a target of {target}{en}",
        {"services": done, "served": served, "target": target},
    )


ZHUTIRI = Tracker(
    "zhutiri",
    "主题党日",
    {
        "months": TrackerMetric(
            "months",
            "months of the year with a theme day ÷ the target (12), capped at 1",
            months,
            "本年开展主题党日的月数 ÷ 目标月数（12），最高为 1",
            label="开展率",
        ),
        "attendance": TrackerMetric(
            "attendance",
            "members taking part, over all theme days ÷ (theme days × the roster's members)",
            attendance,
            "各次参加党员数之和 ÷（活动次数 × 组织名单的党员数）",
            label="参加率",
        ),
        "services": TrackerMetric(
            "services",
            "services done on theme days ÷ the target (12 a year), capped at 1",
            services,
            "主题日服务件数 ÷ 目标件数（每年 12 件），最高为 1",
            label="服务完成率",
        ),
    },
    fields=fields,
    member_field=None,
    period_field="date",
    unique=("date", "content"),
    defaults=DEFAULTS,
    name_en="Party theme day",
    description="每月固定开展主题党日（民主议事、学习培训、组织生活、志愿服务），党员参加，为群众服务（主题日服务）",
)


@hookimpl
def dingji_register_trackers(register):
    register(ZHUTIRI)
