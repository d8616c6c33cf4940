"""``dingji exemplar add|import|list|remove|template``: 先进典型 and 表彰 (学习先进)."""

from __future__ import annotations

import json
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang, say
from dingji.cli.options import format_of, the_year, year_option
from dingji.cli.output import table, write_csv
from dingji.core import exemplar_form

MESSAGES = {
    "added": (
        "已记录先进典型（典型编号 {id}）：{org} {who} {title}",
        "exemplar recorded (no. {id}): {org} {who} {title}",
    ),
    "imported": (
        "已导入 {year} 年先进典型 {n} 个（{k} 个组织，第 {id} 次）",
        "imported {n:exemplar} of {year} ({k:organization}, change {id})",
    ),
    "removed": (
        "已删除先进典型（典型编号 {id}）：{org} {who} {title}",
        "exemplar no. {id} removed: {org} {who} {title}",
    ),
    "template": ("已写出先进典型模板：{path}", "exemplar template written: {path}"),
    "none": (
        "{year} 年还没有先进典型（dingji exemplar add）",
        "no exemplars recorded for {year} (dingji exemplar add)",
    ),
    "tally": (
        "{year} 年先进典型 {n} 个：党组织 {orgs} 个，党员 {members} 名；已表彰 {commended} 个",
        "{year}: {n:exemplar}, {orgs:organization} and {members:member}; {commended} commended",
    ),
}
LEVELS = "、".join(exemplar_form.LEVELS)


m = partial(say, MESSAGES)


@click.group(
    epilog="示例 / Example:  dingji exemplar add ck-01 --title 先进基层党组织 --reason 便民服务零投诉，群众满意率98%"
)
def exemplar():
    """学习先进：先进典型与表彰 / exemplars and commendations."""


def _who(member):
    return exemplar_form.who({"member": member}, lang())


@exemplar.command(
    "add",
    epilog="示例 / Example:  dingji exemplar add cun-04 --member 王建国 --title 优秀共产党员 "
    "--reason 带领群众发展茶叶产业 --level 县级 --date 2026-07-01 --by 中共某县委",
)
@click.argument("org")
@click.option("--member", help="党员姓名；不填表示党组织本身 / the member (blank: the organization).")
@click.option("--title", required=True, help="称号，如 先进基层党组织、优秀共产党员 / the title.")
@click.option("--reason", required=True, help="先进事迹 / why.")
@click.option("--level", help=f"表彰级别：{LEVELS} / level of the commendation.")
@click.option("--date", help="表彰日期，如 2026-07-01 / the day commended.")
@click.option("--by", help="表彰单位 / commended by.")
@click.option("--note", help="备注 / note.")
@year_option()
@pass_env
def add(env, org, year, **values):
    """记录一个先进典型（党组织或党员）/ record one exemplar."""
    from dingji.services.exemplars import add as record

    ws = env.workspace()
    with ws.store() as store:
        rid = record(store, the_year(year, ws), org, values)
    click.echo(m("added", id=rid, org=org, who=_who(values["member"]), title=values["title"]))


@exemplar.command("import", epilog="示例 / Example:  dingji exemplar import 先进典型.xlsx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@year_option()
@pass_env
def import_(env, files, year):
    """导入先进典型（xlsx 或 CSV），加入本年度记录 / add the exemplars of files.

    Every problem of every file is listed (exit status 1), and then nothing is stored; an
    exemplar recorded already (same organization, member and title) is one.
    """
    from dingji.services.exemplars import import_files

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        got = import_files(store, files, year)
    click.echo(m("imported", year=year, n=got["exemplars"], k=got["organizations"], id=got["number"]))


@exemplar.command("list", epilog="示例 / Example:  dingji exemplar list --format csv")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format."
)
@year_option()
@pass_env
def list_(env, org, fmt, year):
    """本年度的先进典型 / the year's exemplars."""
    from dingji.services.exemplars import exemplar_rows
    from dingji.services.roster import known_org

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        if org:
            known_org(store.roster(), org)
        data = exemplar_rows(store, env.registry(), year, org)
    if fmt == "json":
        click.echo(json.dumps({"year": year, "exemplars": data}, ensure_ascii=False, indent=2))
        return
    keys = ["id", "org", "name", "domain", "member", "title", "reason", "level", "date", "by", "note"]
    if fmt == "csv":
        write_csv(keys, ([d[k] for k in keys] for d in data))
        return
    if not data:
        click.echo(m("none", year=year), err=True)
        return
    en = lang() == "en"
    heads = [
        "No." if en else "典型编号",
        h("org"),
        h("name"),
        "Exemplar" if en else "先进典型",
        "Title" if en else "称号",
        "Level" if en else "表彰级别",
        "Reason" if en else "先进事迹",
    ]
    rows = [[d["id"], d["org"], d["name"], _who(d["member"]), d["title"], d["level"] or "", d["reason"]] for d in data]
    click.echo(table(heads, rows))
    from dingji.report.exemplar_sheet import counts

    got = counts(data)
    click.echo(
        m(
            "tally",
            year=year,
            n=got["count"],
            orgs=got["organizations"],
            members=got["members"],
            commended=got["commended"],
        ),
        err=True,
    )


@exemplar.command("remove", epilog="示例 / Example:  dingji exemplar remove 3")
@click.argument("number", type=int, metavar="NUMBER")
@year_option()
@pass_env
def remove(env, number, year):
    """按典型编号（dingji exemplar list）删除一个先进典型，删除记录在案 / take an exemplar back by its number."""
    from dingji.services.exemplars import remove as take_back

    ws = env.workspace()
    with ws.store() as store:
        got = take_back(store, the_year(year, ws), number)
    click.echo(m("removed", id=number, org=got["org"], who=_who(got.get("member")), title=got["title"]))


@exemplar.command("template", epilog="示例 / Example:  dingji exemplar template -o 先进典型.xlsx")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="输出文件（默认：先进典型模板.xlsx）/ output."
)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None, help="xlsx（默认）或 csv / format.")
@year_option()
@pass_env
def template(env, output, fmt, year):
    """先进典型模板 / the exemplar template."""
    from dingji.services.exemplars import write_template
    from dingji.services.forms import FORMATS

    ws = env.workspace()
    with ws.store() as store:
        got = write_template(store, the_year(year, ws), output, format_of(fmt, output, FORMATS), lang())
    click.echo(m("template", path=got["path"]))
