"""``dingji roster import|list``."""

from __future__ import annotations

import click

from dingji.cli.i18n import h, t
from dingji.cli import pass_env
from dingji.cli.output import table


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


@roster.command("list", epilog="示例 / Example:  dingji roster list")
@pass_env
def list_(env):
    """列出组织名单 / list the roster."""
    from dingji.services.roster import organizations
    rows = [(o.id, o.name, o.domain, o.secretary or "", o.members or "") for o in organizations(env.workspace())]
    click.echo(table([h("org"), h("name"), h("domain"), "书记 / secretary", "党员 / members"], rows))
