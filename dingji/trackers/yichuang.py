"""The 党员"一创三联" tracker, a built-in plugin.

No published definition exists (research §3.2), so dingji defines it plainly and lets
``[trackers.yichuang]`` change every part:

- **一创**: each member creates one thing — a 先锋岗, a 示范岗 or a 服务项目 (``create_kinds``)
  — with its name and status 未开始/进行中/已完成 (``statuses``; the last one is done);
- **三联**: each member keeps three links (``links``; by default one 普通群众户, one
  困难户, one 服务对象或项目), each with the household or project linked, the number of
  visits in the year and the date of the last one.

One record per member and year.  Metrics, over the organization's members (see
``OrgRecords.denominator``):

- ``completion`` = members whose 创 is done and whose links are all active (the last
  visit falls within the year) ÷ members;
- ``visits`` = (all visits ÷ members) ÷ ``target`` (default 12 a year per member),
  capped at 1.
"""

from __future__ import annotations

import datetime as dt

from dingji import hookimpl
from dingji.core.tracker import Field, MetricValue, Tracker, TrackerMetric

DEFAULTS = {
    "create_kinds": ["先锋岗", "示范岗", "服务项目"],
    "statuses": ["未开始", "进行中", "已完成"],
    "links": ["普通群众户", "困难户", "服务对象或项目"],
    "target": 12,
}
_NUM = dict(enumerate("一二三四五六七八九", 1))


def fields(config):
    out = [
        Field("member", "党员姓名", "text", True, label_en="member"),
        Field("create_kind", "创建类型", "choice", True, config["create_kinds"], "creation kind"),
        Field("create_item", "创建内容", "text", True, label_en="creation", help="岗位或项目名称"),
        Field("create_status", "创建状态", "choice", True, config["statuses"], "creation status"),
    ]
    for i, kind in enumerate(config["links"], 1):
        out += [
            Field(f"link{i}", f"联系{kind}", "text", True, label_en=f"link {i}", help="联系的户或项目"),
            Field(
                f"link{i}_visits", f"{kind}走访次数", "int", True, label_en=f"link {i} visits", help="本年度走访次数"
            ),
            Field(
                f"link{i}_last",
                f"{kind}最近走访",
                "date",
                label_en=f"link {i} last visit",
                help="最近一次走访日期；走访次数大于 0 时必填",
            ),
        ]
    return out


def check(data, config):
    out = []
    for i, kind in enumerate(config["links"], 1):
        if data.get(f"link{i}_visits") and not data.get(f"link{i}_last"):
            out.append(
                (
                    f"link{i}_last",
                    f"{kind}: the date of the last visit is required when there were visits",
                    f"{kind}：有走访次数时须填写最近走访日期",
                )
            )
    return out


def _active(record, i, year) -> bool:
    last = record.data.get(f"link{i}_last")
    return bool(record.data.get(f"link{i}_visits")) and bool(last) and dt.date.fromisoformat(last).year == year


def completion(group) -> MetricValue:
    done_status = group.config["statuses"][-1]
    n_links = len(group.config["links"])
    done = 0
    for records in group.by_member().values():
        done += any(
            r.data.get("create_status") == done_status and all(_active(r, i, group.year) for i in range(1, n_links + 1))
            for r in records
        )
    zh, en = group.members_text()
    return MetricValue(
        group.share(done),
        f"{zh}中{done}名一创{done_status}且{_NUM.get(n_links, n_links)}联均有本年走访",
        f"{done} of {en} finished their 创 and visited all {n_links} links this year",
        {"members": group.denominator, "with_records": len(group.members), "done": done},
    )


def visits(group) -> MetricValue:
    n_links = len(group.config["links"])
    total = sum(r.data.get(f"link{i}_visits", 0) for r in group.records for i in range(1, n_links + 1))
    target = group.config["target"]
    n = group.denominator
    per = total / n if n else 0
    zh, en = group.members_text()
    return MetricValue(
        group.share(total, n * target),
        f"{zh}共走访{total}次，人均{per:.4g}次，目标每人{target}次",
        f"{total} visits by {en}, {per:.4g} per member against a target of {target}",
        {"members": n, "with_records": len(group.members), "visits": total, "target": target},
    )


YICHUANG = Tracker(
    "yichuang",
    "党员\u201c一创三联\u201d",
    {
        "completion": TrackerMetric(
            "completion",
            "members whose 创 is done and whose links all had a visit this year ÷ members",
            completion,
            "一创已完成且三联均有本年走访的党员数 ÷ 党员数",
            label="完成率",
        ),
        "visits": TrackerMetric(
            "visits",
            "visits per member ÷ the configured target (default 12), capped at 1",
            visits,
            "人均走访次数 ÷ 目标次数（默认每人每年 12 次），最高为 1",
            label="走访达标率",
        ),
    },
    fields=fields,
    member_field="member",
    unique=("member",),
    check=check,
    defaults=DEFAULTS,
    name_en="One creation, three links",
    description="党员每人创建一个先锋岗、示范岗或服务项目，联系普通群众户、困难户、服务对象或项目各一，定期走访",
)


@hookimpl
def dingji_register_trackers(register):
    register(YICHUANG)
