"""``dingji roster import|list``."""

from __future__ import annotations

import json

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, t
from dingji.cli.output import table, write_csv


@click.group(epilog="示例 / Example:  dingji roster import 组织名单.csv")
def roster():
    """组织名单：导入、查看 / the roster of organizations."""


@roster.command("import", epilog="示例 / Example:  dingji roster import 组织名单.xlsx --replace")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="以此文件替换整个名单 / replace the whole roster.")
@pass_env
def import_(env, file, replace):
    """导入组织名单（CSV 或 xlsx：org, name, domain[, parent, secretary, members]）/ import organizations."""
    from dingji.services.roster import import_roster

    ws = env.workspace()
    done = import_roster(env.registry(), ws, file, replace=replace)
    click.echo(t("roster_done", added=done.added, updated=done.updated, total=done.total))


@roster.command("list", epilog="示例 / Example:  dingji roster list --format csv > 组织名单.csv")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    help="输出格式（csv 可再导入）/ output format (the csv imports again).",
)
@pass_env
def list_(env, fmt):
    """列出组织名单 / list the roster."""
    from dingji.services.roster import roster_rows

    rows = roster_rows(env.workspace(), env.registry())
    if fmt == "json":
        click.echo(json.dumps({"organizations": rows}, ensure_ascii=False, indent=2))
        return
    keys = ["org", "name", "domain", "standard", "parent", "secretary", "members"]
    if fmt == "csv":
        write_csv(keys, ([r[k] for k in keys] for r in rows))
        return
    click.echo(
        table(
            [h("org"), h("name"), h("domain"), h("secretary"), h("members")],
            [(r["org"], r["name"], r["domain"], r["secretary"], r["members"]) for r in rows],
            numeric=(4,),
        )
    )
