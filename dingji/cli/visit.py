"""``dingji visit add|import|list|template``: the visit ledger (走访台账)."""

from __future__ import annotations

import json
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang, say
from dingji.cli.options import format_of, the_year, year_option
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


@visit.command("list", epilog="示例 / Example:  dingji visit list --missing")
@click.option("--missing", is_flag=True, help="只列出尚未走访的组织（一个不漏）/ organizations not yet visited.")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format."
)
@year_option()
@pass_env
def list_(env, missing, org, fmt, year):
    """走访记录，或未走访的组织 / the visits, or the organizations not yet visited."""
    from dingji.services.roster import known_org
    from dingji.services.visits import missing_rows, tally, visit_rows

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        data = missing_rows(store, env.registry(), year) if missing else visit_rows(store, year, org)
        if org and not data and not missing:  # none: a typo, or no visit yet
            known_org(store.roster(), org)
        got = tally(store, year)
    if fmt == "json":
        click.echo(json.dumps({"year": year, "missing" if missing else "visits": data}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        _csv(data, ["org", "name", "domain", "secretary"] if missing else ["id", "org"])
        return
    _table(data, missing)
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


def _table(data, missing):
    from dingji.core.visit_form import finding_text

    en = lang() == "en"
    if missing:
        heads = [h("org"), h("name"), h("domain"), h("secretary")]
        click.echo(table(heads, [[d["org"], d["name"], d["domain"], d["secretary"] or ""] for d in data]))
    elif data:
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
@year_option()
@pass_env
def template(env, output, fmt, year):
    """走访台账模板，列出尚未走访的组织 / the visit template, listing the organizations not yet visited."""
    from dingji.services.forms import FORMATS
    from dingji.services.visits import write_template

    ws = env.workspace()
    with ws.store() as store:
        got = write_template(store, the_year(year, ws), output, format_of(fmt, output, FORMATS), lang())
    click.echo(m("template", n=got["organizations"], path=got["path"]))
