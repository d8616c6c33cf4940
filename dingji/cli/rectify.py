"""``dingji rectify add|list|start|done|filed|import|template|suggest``: rectification tasks (整改)."""

from __future__ import annotations

import json

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang
from dingji.cli.options import day_option, day_or_today, format_of, the_year, year_option
from dingji.cli.output import short, table, write_csv
from dingji.cli.record_commands import import_command, template_command
from dingji.cli.rectify_messages import MESSAGES, m  # noqa: F401 - MESSAGES re-exported
from dingji.cli.rectify_table import _table


def _status(value):
    """``--status``: any name of a status (the service stores its Chinese name); a usage error otherwise."""
    from dingji.core.rectify_form import BY_NAME

    if value is None:
        return None
    if value not in BY_NAME:
        raise click.BadParameter(
            "未启动、进行中、已完成、已验收销号（或 todo、doing、done、closed）", param_hint="--status"
        )
    return value


@click.group(
    epilog="示例 / Example:  dingji rectify suggest cun-02 -o 整改问题.xlsx;  dingji rectify import 整改问题.xlsx"
)
def rectify():
    """整改：任务、进度、逾期、备案、问题草稿 / rectification tasks."""


@rectify.command(
    "add",
    epilog="示例 / Example:  dingji rectify add cun-02 --problem 三会一课不规范 --measures 制定学习计划 "
    "--deadline 2026-06-30 --pledge 6月底前整改到位",
)
@click.argument("org")
@click.option("--problem", required=True, help="存在问题 / the problem.")
@click.option("--measures", required=True, help="整改措施 / the measures.")
@click.option("--owner", default=None, help="责任人（默认：组织名单中的书记）/ owner (default: the secretary).")
@click.option("--deadline", required=True, help="完成时限，如 2026-06-30 / deadline.")
@click.option("--start", default=None, help="开始日期 / start.")
@click.option("--pledge", default=None, help="公开承诺 / public commitment.")
@click.option("--requirement", default=None, help="整改要求：整改须达到的标准 / the standard the fix must meet.")
@click.option(
    "--origin",
    type=click.Choice(["自己找", "群众提", "上级点"]),
    default=None,
    help="问题来源：自己找、群众提、上级点 / where the problem came from.",
)
@click.option(
    "--superior",
    type=click.Choice(["是", "否", "yes", "no"]),
    default=None,
    help="需上级统筹解决：是、否 / needs the superior to coordinate.",
)
@click.option("--status", default=None, help="进度（默认：未启动）/ status (default: not started).")
@click.option("--note", default=None, help="备注 / note.")
@year_option()
@pass_env
def add(env, org, year, status, **values):
    """添加一项整改任务 / add a task."""
    from dingji.services.rectify import add as record
    from dingji.services.rectify import task

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        tid = record(store, year, org, {**values, "status": _status(status)})
        got = task(store, year, tid)
    click.echo(m("added", id=tid, org=org, problem=got["problem"], owner=got["owner"], deadline=got["deadline"]))


def _taken_today(on, what: str, day) -> None:
    """Once ``day`` is recorded: when it was today for want of ``--on``, say so (``what``: the day's key)."""
    if on is None:
        click.echo(m("today", what=m(what), day=day), err=True)


def _advance(env, task_ids, status, on, year):
    from dingji.core.rectify_form import status_name
    from dingji.services.rectify import advance

    ws = env.workspace()
    day = day_or_today(on, "--on", note=False)
    with ws.store() as store:
        advance(store, the_year(year, ws), task_ids, status, day)
    click.echo(
        m(
            "advanced",
            ids=("、" if lang() != "en" else ", ").join(map(str, task_ids)),
            tasks="task" if len(task_ids) == 1 else "tasks",
            status=status_name(status, lang()),
            day=day,
        )
    )
    _taken_today(on, status, day)


@rectify.command("start", epilog="示例 / Example:  dingji rectify start 3 4 --on 2026-05-10")
@click.argument("task_ids", nargs=-1, required=True, type=int)
@day_option("--on", "日期", "the day")
@year_option()
@pass_env
def start(env, task_ids, on, year):
    """任务开始整改（进行中）/ mark tasks in progress."""
    _advance(env, task_ids, "doing", on, year)


@rectify.command(
    "done", epilog="示例 / Example:  dingji rectify done 3 --on 2026-06-20;  dingji rectify done 3 --accept"
)
@click.argument("task_ids", nargs=-1, required=True, type=int)
@day_option("--on", "日期", "the day")
@click.option("--accept", is_flag=True, help="验收合格，挂牌销号（已验收销号）/ accepted and closed.")
@year_option()
@pass_env
def done(env, task_ids, on, accept, year):
    """任务已完成；加 --accept 为已验收销号 / mark tasks done (--accept: accepted and closed)."""
    _advance(env, task_ids, "closed" if accept else "done", on, year)


@rectify.command("filed", epilog="示例 / Example:  dingji rectify filed cun-02 --on 2026-05-10")
@click.argument("org")
@day_option("--on", "备案日期", "the day filed")
@click.option("--note", default=None, help="备注，如文号 / note.")
@year_option()
@pass_env
def filed(env, org, on, note, year):
    """记录整改方案已报市委组织部备案 / record that the plan was filed."""
    from dingji.services.rectify import file_plan

    ws = env.workspace()
    day = day_or_today(on, "--on", note=False)
    with ws.store() as store:
        file_plan(store, env.registry(), the_year(year, ws), org, day, note)
    click.echo(m("filed", org=org, day=day))
    _taken_today(on, "filed_on", day)


@rectify.command("list", epilog="示例 / Example:  dingji rectify list --overdue --as-of 2026-07-01")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@click.option("--overdue", is_flag=True, help="只列逾期未完成的任务 / only overdue tasks.")
@click.option("--filing", is_flag=True, help="列出须备案的组织（定级最低等次）/ the plans to be filed.")
@day_option("--as-of", "逾期按此日计算", "overdue as of this day")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format."
)
@year_option()
@pass_env
def list_(env, org, overdue, filing, as_of, fmt, year):
    """整改任务及进度；逾期、备案 / tasks and their progress; overdue; filing."""
    from dingji.services.rectify_view import class_headings, filing_rows, tally, task_rows
    from dingji.services.roster import known_org

    ws = env.workspace()
    year, day = the_year(year, ws), day_or_today(as_of, "--as-of", "overdue", note=fmt == "csv")  # else shown
    with ws.store() as store:
        reg = env.registry()
        data = filing_rows(store, reg, year) if filing else task_rows(store, reg, year, day, org, overdue, lang())
        if org and not data and not filing:  # none: a typo, or no task yet
            known_org(store.roster(), org)
        counted = tally(store, year, day)
        headings = class_headings(store, reg, year, lang())
    if fmt == "json":
        click.echo(
            json.dumps(
                {"year": year, "as_of": day.isoformat(), "filing" if filing else "tasks": data},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if fmt == "csv":
        keys = list(data[0]) if data else ["org"]
        write_csv(keys, ([d[k] for k in keys] for d in data))
        return
    _table(data, filing, year, day, counted, headings, overdue)


import_ = import_command(
    rectify,
    "dingji.services.rectify",
    m,
    "dingji rectify import 整改台账.xlsx",
    """导入整改任务（xlsx 或 CSV）：无任务编号的行新增，有编号的行更新 / add and update tasks.

    Every problem of every file is listed (exit status 1), and then nothing is stored.
    """,
)
template = template_command(
    rectify,
    "dingji.services.rectify",
    m,
    "tasks",
    "dingji rectify template -o 整改台账.xlsx",
    "整改台账模板，已有任务已填入，修改后再导入 / the template, holding the year's tasks to edit.",
)


@rectify.command(
    "suggest",
    epilog="示例 / Example:  dingji rectify suggest cun-02;  dingji rectify suggest --grade 较差 "
    "--grade 一般 -o 整改问题.xlsx",
)
@click.argument("orgs", nargs=-1)
@click.option("--grade", "grades", multiple=True, help="该等次的全部组织（可重复）/ every organization of a grade.")
@click.option(
    "--top", type=click.IntRange(1, 50), default=5, show_default=True, help="每个组织的问题数 / problems each."
)
@click.option(
    "--visits", is_flag=True, help="走访发现问题的全部组织 / every organization whose visits found a problem."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="写成可修改后导入的模板（xlsx 或 csv）/ write an importable template.",
)
@year_option()
@pass_env
def suggest(env, orgs, grades, top, visits, output, year):
    """按失分最多的指标、成立的否决规则和走访发现的问题起草整改问题，注明问题来源（自己找、群众提、上级点）/
    draft problems from the points lost and the visits, each with where it came from."""
    from dingji.core.rectify_form import origin_name
    from dingji.report.notices import SHOWN, more_text
    from dingji.services.forms import FORMATS
    from dingji.services.rectify import write_drafts
    from dingji.services.rectify_view import suggestions

    if not orgs and not grades and not visits:
        raise click.UsageError("给出组织编号、--grade 或 --visits / give organizations, --grade or --visits")
    ws = env.workspace()
    with ws.store() as store:
        rows, empty = suggestions(ws, store, env.registry(), the_year(year, ws), orgs, grades, top, lang(), visits)
        for org in empty[:SHOWN]:  # short at any size: the first 20, then how many more
            click.echo(m("no_loss", org=org), err=True)
        if len(empty) > SHOWN:
            click.echo(more_text(len(empty) - SHOWN, None, lang()), err=True)
        got = write_drafts(store, rows, output, format_of(None, output, FORMATS), lang()) if output else None
    if got is not None:
        click.echo(m("drafts", n=got["problems"], k=got["organizations"], path=got["path"]))
        return
    en = lang() == "en"
    click.echo(
        table(
            [
                h("org"),
                h("name"),
                "Lost" if en else "失分",
                "Found by" if en else "来源",
                "Problem (draft)" if en else "存在问题（草稿）",
                "Measures (draft)" if en else "整改措施（草稿）",
            ],
            [
                [
                    r["org"],
                    r["name"],
                    "" if r["lost"] is None else f"{r['lost']:.2f}".rstrip("0").rstrip("."),
                    origin_name(r["origin"], lang()),
                    r["problem"],
                    short(r["measures"], 24),
                ]
                for r in rows
            ],
            numeric=(2,),
        )
    )
