"""``dingji roster import|list``."""

from __future__ import annotations

from pathlib import Path

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
    from dingji.core.errors import InputError, Place, Problem
    ws = env.workspace()
    reg = env.registry()
    path = Path(file)
    orgs = reg.reader_for(path, "roster").read_roster(path)
    problems = []
    for o in orgs:
        try:
            reg.standard(o.domain)
        except Exception:  # noqa: BLE001 - reported as a problem below
            known = ", ".join(f"{s.id}/{s.domain}" for s in reg.standards.values())
            problems.append(Problem(Place(file=str(path), key=o.id), f"{o.id}: unknown domain {o.domain!r}; known: {known}",
                                    f"{o.id}：未知领域 {o.domain!r}；可用：{known}"))
    if problems:
        raise InputError(problems)
    store = ws.store()
    added, updated = store.replace_roster(orgs, replace=replace)
    total = len(store.roster())
    store.close()
    click.echo(t("roster_done", added=added, updated=updated, total=total))


@roster.command("list", epilog="示例 / Example:  dingji roster list")
@pass_env
def list_(env):
    """列出组织名单 / list the roster."""
    store = env.workspace().store()
    rows = [(o.id, o.name, o.domain, o.secretary or "", o.members or "") for o in store.roster().values()]
    store.close()
    click.echo(table([h("org"), h("name"), h("domain"), "书记 / secretary", "党员 / members"], rows))
