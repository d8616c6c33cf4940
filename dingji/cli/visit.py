"""``dingji visit add|import|list|template``: the visit ledger (走访台账)."""

from __future__ import annotations

import json
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang, say
from dingji.cli.options import day_option, day_or_today, format_of, the_year, year_option
from dingji.cli.output import table, write_csv

MESSAGES = {
    "added": ("已记录走访（第 {id} 条）：{org} {date}，{by}", "visit recorded (no. {id}): {org} {date}, {by}"),
    "imported": (
        "已导入 {year} 年走访记录 {n} 条（{k} 个组织，第 {id} 次导入）{old}",
        "imported {n:visit} of {year} ({k:organization}, import {id}){old}",
    ),
    "replaced": ("；替换了之前的 {n} 条", "; {n} replaced"),
    "template": (
        "已写出走访台账模板（{n} 个未走访的组织已列出）：{path}",
        "visit template written ({n:organization} not yet visited listed): {path}",
    ),
    "tally": (
        "{year} 年已走访 {n} / {total} 个组织（走访 {k} 次）；未走访 {m} 个{hint}",
        "{year}: {n} of {total:organization} visited ({k:visit}); {m} not visited{hint}",
    ),
    "hint": ("（dingji visit list --missing）", " (dingji visit list --missing)"),
    "all": (
        "{year} 年名单中的 {total} 个组织都已走访，一个不漏",
        "{year}: all {total:organization} of the roster visited",
    ),
    "none": ("{year} 年还没有走访记录", "no visits recorded for {year}"),
    "assigned": ("已分工：{orgs} 由 {by} 于 {due} 前走访", "assigned: {orgs} to {by}, by {due}"),
    "assign_imported": (
        "已导入 {n} 项走访分工（第 {id} 次导入）",
        "{n:assignment} imported (import {id})",
    ),
    "plan": (
        "截至 {day}：已分工 {assigned} 个：已走访 {done}，逾期未走访 {overdue}，未到期 {pending}；未分工且未走访 {unassigned} 个",
        "as of {day}: {assigned} assigned: {done} visited, {overdue} overdue, {pending} not due yet; "
        "{unassigned} neither assigned nor visited",
    ),
    "assign_template": (
        "已写出走访分工模板（{n} 个未走访的组织已列出）：{path}",
        "assignment template written ({n:organization} not yet visited listed): {path}",
    ),
}
YESNO_CHOICE = click.Choice(["是", "否", "yes", "no"])


m = partial(say, MESSAGES)


@click.group(epilog="示例 / Example:  dingji visit add cun-01 --date 2026-03-12 --by 王书记、李委员 --form 实地查看")
def visit():
    """走访台账：记录走访、导入、查看未走访的组织 / the visit ledger."""


@visit.command(
    "add",
    epilog="示例 / Example:  dingji visit add cun-01 --date 2026-03-12 --by 王建国 --form 座谈了解 "
    "--team 否 --problems 班子缺1名委员",
)
@click.argument("org")
@click.option("--date", required=True, help="走访日期，如 2026-03-12 / the day of the visit.")
@click.option("--by", "visitors", required=True, help="走访人（多人用、分隔）/ who visited.")
@click.option("--form", "form_", required=True, help="走访形式：实地查看、座谈了解、个别谈话… / how.")
@click.option("--setup", type=YESNO_CHOICE, help="设置是否合理 / set-up sound.")
@click.option("--team", type=YESNO_CHOICE, help="班子是否健全 / leadership complete.")
@click.option("--rules", type=YESNO_CHOICE, help="制度是否完善 / rules complete.")
@click.option("--venue", type=YESNO_CHOICE, help="场所是否达标 / premises up to standard.")
@click.option("--support", type=YESNO_CHOICE, help="保障是否到位 / resources in place.")
@click.option("--role", help="作用发挥：好、较好、一般、差 / role played.")
@click.option("--masses", help="群众满意：满意、基本满意、不满意 / masses satisfied.")
@click.option("--problems", help="发现的问题 / problems found.")
@click.option("--note", help="备注 / note.")
@year_option()
@pass_env
def add(env, org, date, visitors, form_, year, **findings):
    """记录一次走访 / record one visit."""
    from dingji.services.visits import add as record

    ws = env.workspace()
    with ws.store() as store:
        vid = record(store, the_year(year, ws), org, {"date": date, "visitors": visitors, "form": form_, **findings})
    click.echo(m("added", id=vid, org=org, date=date, by=visitors))


@visit.command("import", epilog="示例 / Example:  dingji visit import 走访台账.xlsx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="以这些文件替换本年度全部走访记录 / replace the year's visits.")
@year_option()
@pass_env
def import_(env, files, replace, year):
    """导入走访记录（xlsx 或 CSV），加入本年度记录 / add the visits of files.

    Every problem of every file is listed (exit status 1), and then nothing is stored;
    a visit already recorded (same organization, date and visitors) is one.
    """
    from dingji.services.visits import import_files

    ws = env.workspace()
    named, year = year is not None, the_year(year, ws)
    with ws.store() as store:
        got = import_files(store, files, year, replace, year_named=named)
    old = m("replaced", n=got["removed"]) if replace else ""
    click.echo(m("imported", year=year, n=got["visits"], k=got["organizations"], id=got["number"], old=old))


@visit.command("list", epilog="示例 / Example:  dingji visit list --missing --as-of 2026-04-15")
@click.option(
    "--missing", is_flag=True, help="只列出尚未走访的组织及其分工（一个不漏）/ organizations not yet visited."
)
@click.option("--assigned", is_flag=True, help="走访分工及完成情况 / the assignments and how far they are.")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@day_option("--as-of", "分工按此日计算逾期", "assignments overdue as of this day")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format."
)
@year_option()
@pass_env
def list_(env, missing, assigned, org, as_of, fmt, year):
    """走访记录，或未走访的组织，或走访分工 / the visits, the organizations not yet visited, or the assignments."""
    from dingji.services import visit_plan
    from dingji.services.roster import known_org
    from dingji.services.visits import missing_rows, tally, visit_rows

    ws = env.workspace()
    year, day = the_year(year, ws), day_or_today(as_of, note=False)  # the tally line names the day
    key = "assigned" if assigned else "missing" if missing else "visits"
    with ws.store() as store:
        if assigned:
            data = visit_plan.assignment_rows(store, env.registry(), year, day, lang())
        elif missing:
            data = visit_plan.with_plan(missing_rows(store, env.registry(), year), store, year, day, lang())
        else:
            data = visit_rows(store, year, org)
        if org and not data and key == "visits":  # none: a typo, or no visit yet
            known_org(store.roster(), org)
        got, plan = tally(store, year), visit_plan.tally(store, year, day)
    if fmt == "json":
        click.echo(json.dumps({"year": year, key: data}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        data = [{k: v for k, v in d.items() if k != "state_text"} for d in data]  # the state: its id
        _csv(data, ["org", "name", "domain", "secretary"] if key != "visits" else ["id", "org"])
        return
    _table(data, key)
    if plan["assigned"] and key != "visits":
        click.echo(m("plan", day=day, **plan), err=True)
    if assigned:
        return
    total, n = got["organizations"], got["visited"]
    if not got["visits"]:
        click.echo(m("none", year=year), err=True)
    elif n == total:
        click.echo(m("all", year=year, total=total), err=True)
    else:
        click.echo(
            m("tally", year=year, n=n, total=total, k=got["visits"], m=total - n, hint="" if missing else m("hint")),
            err=True,
        )


def _csv(data, empty_keys):
    keys = list(data[0]) if data else empty_keys
    write_csv(keys, ([("yes" if d[k] else "no") if isinstance(d[k], bool) else d[k] for k in keys] for d in data))


def _table(data, key):
    from dingji.core.visit_form import finding_text

    en = lang() == "en"
    plan = ["Visitors" if en else "走访人", "Due" if en else "完成时限", "State" if en else "状态"]
    if key == "missing":
        heads = [h("org"), h("name"), h("domain"), h("secretary"), *plan]
        rows = [
            [
                d["org"],
                d["name"],
                d["domain"],
                d["secretary"] or "",
                d["visitors"] or "",
                d["due"] or "",
                d["state_text"],
            ]
            for d in data
        ]
        click.echo(table(heads, rows))
    elif key == "assigned" and data:
        heads = [h("org"), h("name"), h("domain"), *plan, "Visited on" if en else "走访日期"]
        rows = [
            [d["org"], d["name"], d["domain"], d["visitors"], d["due"], d["state_text"], d["visited"] or ""]
            for d in data
        ]
        click.echo(table(heads, rows))
    elif data and key == "visits":
        heads = [
            "No." if en else "序号",
            h("org"),
            h("name"),
            "Date" if en else "走访日期",
            "Visitors" if en else "走访人",
            "Form" if en else "形式",
            "Findings" if en else "情况",
            "Problems" if en else "发现的问题",
        ]
        recorded = [{k: v for k, v in d.items() if v is not None} for d in data]  # the findings noted
        click.echo(
            table(
                heads,
                [
                    [
                        d["id"],
                        d["org"],
                        d["name"],
                        d["date"],
                        d["visitors"],
                        d["form"],
                        finding_text(d, lang()),
                        d.get("problems") or "",
                    ]
                    for d in recorded
                ],
            )
        )


@visit.command("template", epilog="示例 / Example:  dingji visit template -o 走访台账.xlsx")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="输出文件（默认：走访台账模板.xlsx）/ output file.",
)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None, help="xlsx（默认）或 csv / format.")
@click.option("--assign", is_flag=True, help="走访分工模板（走访人、完成时限）/ the assignment template.")
@year_option()
@pass_env
def template(env, output, fmt, assign, year):
    """走访台账模板，列出尚未走访的组织；--assign 为走访分工模板 / the visit (or assignment) template."""
    from dingji.services.forms import FORMATS
    from dingji.services.visit_plan import write_template as plan_template
    from dingji.services.visits import write_template

    ws = env.workspace()
    with ws.store() as store:
        write = plan_template if assign else write_template
        got = write(store, the_year(year, ws), output, format_of(fmt, output, FORMATS), lang())
    click.echo(m("assign_template" if assign else "template", n=got["organizations"], path=got["path"]))


@visit.command(
    "assign",
    epilog="示例 / Example:  dingji visit assign cun-01 cun-02 --by 唐建国、罗秀英 --due 2026-03-31;  "
    "dingji visit assign --file 走访分工.xlsx",
)
@click.argument("orgs", nargs=-1)
@click.option("--by", "visitors", default=None, help="走访人（多人用、分隔）/ who is to visit.")
@click.option("--due", default=None, help="完成时限，如 2026-03-31 / visited by this day.")
@click.option("--note", default=None, help="备注 / note.")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="从文件导入分工（xlsx 或 CSV：组织编号、走访人、完成时限）/ assignments from a file.",
)
@year_option()
@pass_env
def assign(env, orgs, visitors, due, note, files, year):
    """走访分工：谁在何时之前走访哪个组织；再次分工即替换 / who is to visit which organization by when.

    Every problem is listed (exit status 1), and then nothing is stored.
    """
    from dingji.services import visit_plan

    if bool(orgs) == bool(files):
        raise click.UsageError("给出组织编号或 --file（二者选一）/ give organizations or --file")
    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        if files:
            got = visit_plan.import_files(store, files, year)
            click.echo(m("assign_imported", n=got["assigned"], id=got["number"]))
            return
        done = visit_plan.assign(store, year, orgs, {"visitors": visitors, "due": due, "note": note})
    sep = ", " if lang() == "en" else "、"
    click.echo(m("assigned", orgs=sep.join(done), by=visitors, due=due))
