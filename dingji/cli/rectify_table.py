"""The table ``dingji rectify list`` prints (:mod:`.rectify`): tasks, or the plans to be filed,
then the tally by status."""

from __future__ import annotations

import click

from dingji.cli.i18n import h, lang
from dingji.cli.output import table
from dingji.cli.rectify_messages import m


def _table(data, filing, year, day, counted):
    from dingji.core.rectify_form import status_name

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
            "Owner" if en else "责任人",
            "Deadline" if en else "完成时限",
            "Status" if en else "进度",
            "Overdue" if en else "逾期",
            "Filing" if en else "备案",
        ]
        click.echo(
            table(
                heads,
                [
                    [
                        d["task"],
                        d["org"],
                        d["name"],
                        d["grade"] or "",
                        _short(d["problem"]),
                        d["owner"],
                        d["deadline"],
                        d["status_name"],
                        d["overdue_text"],
                        d["filing"],
                    ]
                    for d in data
                ],
            )
        )
    if not counted["tasks"]:
        click.echo(m("none", year=year), err=True)
        return
    parts = (", " if en else "，").join(f"{status_name(s, lang())} {n}" for s, n in counted["by_status"].items())
    click.echo(m("tally", year=year, n=counted["tasks"], parts=parts, day=day, late=counted["overdue"]), err=True)


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
