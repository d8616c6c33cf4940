"""The "对标创标" tracker (research §3.3), a built-in plugin.

No published definition of the exact term exists; the closest practice (红塔区: 先进 "树标",
一般 "提标", 后进 "达标"; 聊城: "对标提升" with quarterly checks) gives this one, which
``[trackers.duibiao]`` may change: each organization picks a benchmark (标杆: a model
organization or a standard to measure itself against) and sets targets against it; each
target is one record, with its progress as of the last check.

- 标杆 (required): the model organization or standard; 创标类型 (optional; ``kinds``:
  树标, 提标, 达标);
- 目标 (required, unique within the organization), 措施, 责任人, 完成时限 (a date);
- 进展 (required; ``statuses``: 未开始, 进行中, 已达标; the last one means met), 检查日期.

Metric: ``met`` = targets met ÷ targets set (an organization with records has set at least
one).
"""

from __future__ import annotations

from dingji import hookimpl
from dingji.core.tracker import Field, MetricValue, Tracker, TrackerMetric

DEFAULTS = {"kinds": ["树标", "提标", "达标"], "statuses": ["未开始", "进行中", "已达标"]}


def fields(config):
    return [
        Field("benchmark", "标杆", "text", True, label_en="benchmark", help="对照的先进组织或标准"),
        Field(
            "kind", "创标类型", "choice", choices=config["kinds"], label_en="kind", help="先进树标、一般提标、后进达标"
        ),
        Field("target", "目标", "text", True, label_en="target", help="对照标杆设定的一项目标"),
        Field("measures", "措施", "text", label_en="measures"),
        Field("owner", "责任人", "text", label_en="owner"),
        Field("due", "完成时限", "date", label_en="due", help="日期，如 2026-09-30"),
        Field("status", "进展", "choice", True, config["statuses"], "status", help="最后一项表示已达标"),
        Field("checked_on", "检查日期", "date", label_en="checked on"),
        Field("note", "备注", label_en="note"),
    ]


def met(group) -> MetricValue:
    done_status = group.config["statuses"][-1]
    done = sum(r.data["status"] == done_status for r in group.records)
    marks = list(dict.fromkeys(r.data["benchmark"] for r in group.records))
    n = len(group.records)
    shown_zh, shown_en = "、".join(marks[:2]), ", ".join(marks[:2])
    if len(marks) > 2:
        shown_zh, shown_en = f"{shown_zh}等{len(marks)}个", f"{shown_en} and {len(marks) - 2} more"
    return MetricValue(
        group.share(done, n),
        f"对标{shown_zh}，设定目标{n}项，{done_status}{done}项",
        f"against {shown_en}: {done} of {n} targets {done_status}",
        {"targets": n, "met": done, "benchmarks": len(marks)},
    )


DUIBIAO = Tracker(
    "duibiao",
    "对标创标",
    {
        "met": TrackerMetric(
            "met",
            "targets met (the last status, 已达标) ÷ targets set",
            met,
            "已达标的目标数 ÷ 设定的目标数",
            label="达标率",
        )
    },
    fields=fields,
    member_field=None,
    unique=("target",),
    defaults=DEFAULTS,
    name_en="Measure against a benchmark, set a standard",
    description="每个党组织选定标杆（先进组织或标准），对照设定目标，记录进展：先进树标、一般提标、后进达标",
)


@hookimpl
def dingji_register_trackers(register):
    register(DUIBIAO)
