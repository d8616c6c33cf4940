"""The table ``dingji rectify list`` prints (:mod:`.rectify`): tasks grouped by the kind of
rectification (巩固先进, 推动一般, 整顿后进: a heading and a table each), or the plans to be
filed; then the tally by status."""

from __future__ import annotations

import click

from dingji.cli.i18n import h, lang
from dingji.cli.output import short, table
from dingji.cli.rectify_messages import m


def _table(data, filing, year, day, counted, headings=None, overdue=False):
    from dingji.core.rectify_form import status_name
    from dingji.report.graded import class_rank

    en = lang() == "en"
    if filing:
        click.echo(
            table(
                [
                    h("org"),
                    h("name"),
                    h("domain"),
                    h("grade"),
                    "Tasks" if en else "任务数",
                    "Filed on" if en else "备案日期",
                ],
                [
                    [
                        d["org"],
                        d["name"],
                        d["domain"],
                        d["grade"],
                        d["tasks"] or ("no tasks" if en else "未制定整改任务"),
                        d["filed_on"] or ("not filed" if en else "未备案"),
                    ]
                    for d in data
                ],
            )
        )
        return
    if data:
        heads = [
            "Task" if en else "任务",
            h("org"),
            h("name"),
            h("grade"),
            "Problem" if en else "存在问题",
            "Found by" if en else "来源",
            "Owner" if en else "责任人",
            "Deadline" if en else "完成时限",
            "Status" if en else "进度",
            "Overdue" if en else "逾期",
            "Filing" if en else "备案",
        ]
        if overdue:  # the longest overdue first, whatever the kind
            click.echo(table([*heads[:4], "Kind" if en else "分类", *heads[4:]], [_line(d, True) for d in data]))
            data = []
        groups: dict = {}
        for d in data:  # by kind of rectification: 巩固先进, 推动一般, 整顿后进
            groups.setdefault(d.get("class"), []).append(d)
        for n, (cid, rows) in enumerate(sorted(groups.items(), key=lambda kv: class_rank(kv[0]))):
            if n:
                click.echo("")
            heading = (headings or {}).get(cid) or ("Not graded" if en else "未定级")
            click.echo(f"{heading}: {len(rows)}" if en else f"{heading}：{len(rows)} 项")
            click.echo(table(heads, [_line(d) for d in rows]))
    if not counted["tasks"]:
        click.echo(m("none", year=year), err=True)
        return
    parts = (", " if en else "，").join(f"{status_name(s, lang())} {n}" for s, n in counted["by_status"].items())
    click.echo(m("tally", year=year, n=counted["tasks"], parts=parts, day=day, late=counted["overdue"]), err=True)


def _line(d, kind: bool = False) -> list:
    from dingji.core.rectify_form import origin_name

    return [
        d["task"],
        d["org"],
        d["name"],
        d["grade"] or "",
        *([d["class_name"]] if kind else []),
        short(d["problem"]),
        origin_name(d["origin"], lang()),
        d["owner"],
        d["deadline"],
        d["status_name"],
        d["overdue_text"],
        d["filing"],
    ]
