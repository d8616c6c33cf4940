"""The "三亮三比三评" tracker (research §3.1), a built-in plugin.

One record per member and period (a blank period is the year):

- 三亮 — 亮标准, 亮身份, 亮承诺: 是/否 each (required), with the commitment's text (required
  when 亮承诺 is 是) and its 完成时限 (a date);
- 三比 — 比技能, 比作风, 比业绩: the result or rank, as text (optional);
- 三评 — 领导点评, 党员互评, 群众评议: 好/较好/一般/差 (blank: not yet given).

Metrics, over the organization's members (see ``OrgRecords.denominator``):

- ``completion`` = members who did all three 亮 and received all three 评 ÷ members.
  A member's records of the year are taken together: each 亮 done in some period and
  each 评 given in some period (commitments are made early, the masses appraise at
  year end).
- ``rating`` = members whose 群众评议 (the last period that has one) is 好 or 较好 ÷
  members; a member not yet appraised counts as not rated 好 or 较好.

``[trackers.sanliang]`` may rename it (``name``), relabel its columns (``labels``),
change the rating scale (``ratings``) and the ratings that count (``good``).
The command ``dingji track sanliang pledges`` lists the commitments (公开承诺台账).
"""

from __future__ import annotations

from dingji import hookimpl
from dingji.core.tracker import Field, MetricValue, Tracker, TrackerMetric

SHOW = (
    ("show_standard", "亮标准", "show standards"),
    ("show_identity", "亮身份", "show identity"),
    ("show_pledge", "亮承诺", "show pledge"),
)
CONTEST = (
    ("contest_skill", "比技能", "skills contest"),
    ("contest_conduct", "比作风", "conduct contest"),
    ("contest_results", "比业绩", "results contest"),
)
REVIEW = (
    ("review_leader", "领导点评", "leaders' review"),
    ("review_peer", "党员互评", "members' review"),
    ("review_public", "群众评议", "public review"),
)
DEFAULTS = {"ratings": ["好", "较好", "一般", "差"], "good": ["好", "较好"]}


def fields(config):
    out = [
        Field("member", "党员姓名", "text", True, label_en="member", help="党员姓名（同一组织内唯一）"),
        Field("period", "期间", "text", label_en="period", help="如 2026、2026上半年；留空为本年度"),
    ]
    out += [Field(i, zh, "yesno", True, label_en=en, help="是/否") for i, zh, en in SHOW]
    out += [
        Field("pledge", "承诺内容", "text", label_en="pledge", help="亮承诺为“是”时必填"),
        Field("pledge_due", "完成时限", "date", label_en="pledge due", help="日期，如 2026-06-30"),
    ]
    out += [Field(i, zh, "text", label_en=en, help="结果或名次") for i, zh, en in CONTEST]
    out += [
        Field(i, zh, "choice", choices=config["ratings"], label_en=en, help="留空表示尚未评议") for i, zh, en in REVIEW
    ]
    return out


def check(data, config):
    if data.get("show_pledge") and not data.get("pledge"):
        return [("pledge", "the commitment's text is required when 亮承诺 is yes", "亮承诺为“是”时须填写承诺内容")]
    return []


def _members_done(group):
    done = 0
    for records in group.by_member().values():
        shown = all(any(r.data.get(f) for r in records) for f, _, _ in SHOW)
        reviewed = all(any(r.data.get(f) for r in records) for f, _, _ in REVIEW)
        done += shown and reviewed
    return done


def completion(group) -> MetricValue:
    done = _members_done(group)
    zh, en = group.members_text()
    return MetricValue(
        group.share(done),
        f"{zh}中{done}名完成三亮三评",
        f"{done} of {en} did all three 亮 and received all three 评",
        {"members": group.denominator, "with_records": len(group.members), "done": done},
    )


def rating(group) -> MetricValue:
    good = set(group.config["good"])
    rated = 0
    for records in group.by_member().values():
        # the latest 群众评议 is the last one in the order the records were imported: period
        # names (第二季度, 2026年10月, 上半年) do not sort as text, so they are not sorted
        given = [r for r in records if r.data.get("review_public")]
        rated += bool(given) and given[-1].data["review_public"] in good
    zh, en = group.members_text()
    words = "或".join(group.config["good"])
    return MetricValue(
        group.share(rated),
        f"{zh}中{rated}名群众评议为{words}",
        f"{rated} of {en} rated {' or '.join(group.config['good'])} by the masses (群众评议)",
        {"members": group.denominator, "with_records": len(group.members), "rated": rated},
    )


def pledges_command():
    """``dingji track sanliang pledges [--due-by DATE]``: the public commitments (公开承诺台账)."""
    import click

    from dingji.core.records import parse_date

    @click.command("pledges", epilog="示例 / Example:  dingji track sanliang pledges --due-by 2026-06-30")
    @click.option("--due-by", default=None, help="只列完成时限不晚于该日期的承诺 / only those due by this date.")
    @click.option("--year", type=int, default=None, help="年度（默认：工作区年度）/ the year.")
    @click.pass_obj
    def pledges(obj, due_by, year):
        """党员公开承诺台账：承诺内容与完成时限 / the members' public commitments and their deadlines."""
        from dingji.store.tracking import load_records

        ws = obj.workspace()
        if due_by is not None:
            due_by, err = parse_date(due_by)
            if err:
                raise click.BadParameter(err[1] + " / " + err[0], param_hint="--due-by")
        with ws.store() as store:
            roster = store.roster()
            got = [r for r in load_records(store, "sanliang", year or ws.year) if r.data.get("show_pledge")]
        rows = [
            (
                r.org,
                roster[r.org].name if r.org in roster else "",
                r.member,
                r.period,
                r.data.get("pledge", ""),
                r.data.get("pledge_due", ""),
            )
            for r in got
            if due_by is None or (r.data.get("pledge_due") and r.data["pledge_due"] <= due_by)
        ]
        rows.sort(key=lambda x: (x[5] or "9999", x[0], x[2]))
        click.echo(
            obj.table(
                ["org", "name", "member", "period", "pledge", "due"]
                if obj.lang == "en"
                else ["编号", "组织名称", "党员", "期间", "承诺内容", "完成时限"],
                rows,
            )
        )

    return pledges


SANLIANG = Tracker(
    "sanliang",
    "三亮三比三评",
    {
        "completion": TrackerMetric(
            "completion",
            "members who did all three 亮 and received all three 评 ÷ members",
            completion,
            "三亮均已做到、三评均已得到的党员数 ÷ 党员数",
            label="完成率",
        ),
        "rating": TrackerMetric(
            "rating",
            "members rated 好 or 较好 in 群众评议 (their last) ÷ members",
            rating,
            "群众评议（以最后一期为准）为好或较好的党员数 ÷ 党员数",
            label="好评率",
        ),
    },
    fields=fields,
    member_field="member",
    period_field="period",
    unique=("member", "period"),
    check=check,
    defaults=DEFAULTS,
    name_en="Three shows, three contests, three appraisals",
    description="窗口单位和服务岗位的党员亮标准、亮身份、亮承诺，比技能、比作风、比业绩，接受领导点评、党员互评、群众评议",
)


@hookimpl
def dingji_register_trackers(register):
    register(SANLIANG)


@hookimpl
def dingji_commands():
    return [("track sanliang", pledges_command())]
