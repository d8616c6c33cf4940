"""``dingji standards list|show|check|new`` and ``dingji plugins``."""

from __future__ import annotations

import click

from dingji.cli import UserError, pass_env
from dingji.cli.i18n import h, lang, t
from dingji.cli.output import table


@click.group(epilog="示例 / Example:  dingji standards show village")
def standards():
    """评分标准：列出、查看、检查、新建 / list, show, check and write standards."""


@standards.command("list", epilog="示例 / Example:  dingji standards list")
@pass_env
def list_(env):
    """列出已加载的标准 / the loaded standards and where each comes from."""
    from dingji.services.standards import shadowed, standard_rows

    reg = env.registry()
    click.echo(table([h("id"), h("standard_name"), h("domain"), h("version"), h("origin")], standard_rows(reg)))
    for sid, hidden, by in shadowed(reg):
        click.echo(("note: " if lang() == "en" else "注：") + f"{sid} ({hidden}) ← {by}", err=True)


@standards.command(epilog="示例 / Example:  dingji standards show village --lang en")
@click.argument("standard_id")
@pass_env
def show(env, standard_id):
    """查看标准的指标、权重、等次与否决规则 / a standard's indicator table."""
    from dingji.services.standards import standard_view

    view = standard_view(env.registry(), standard_id, lang())
    std = view.standard
    click.echo(f"{std.name}  [{std.id} {std.version}]  {std.domain}  sha256 {std.sha256[:12]}  ({std.origin})")
    click.echo()
    click.echo(
        table(
            [h("category"), h("id"), h("indicator"), h("points"), h("method"), h("details")],
            view.indicators,
            numeric=(3,),
        )
    )
    click.echo()
    click.echo(table([h("id"), h("title"), h("kind"), h("weight")], view.sources, numeric=(3,)))
    click.echo()
    click.echo(table([h("grade"), h("min")], view.grades, numeric=(1,)))
    if view.vetoes:
        click.echo()
        click.echo(table([h("id"), h("rule"), h("condition"), h("effect")], view.vetoes))
    for which, cap, items in view.capped:
        click.echo(f"\n{h(which)} (cap {cap}): {items}")
    if view.service:
        click.echo(f"\n{view.service}")


@standards.command(epilog="示例 / Example:  dingji standards check standards/community.toml")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@pass_env
def check(env, files):
    """检查标准文件，列出每个错误及其位置 / validate standard files, every error with its place."""
    from dingji.core.errors import DingjiError
    from dingji.services.standards import check_files

    done = check_files(env.registry(warn_files=False), files)  # the files asked about, no others
    for f, std in done.loaded:
        click.echo(t("check_ok", file=f, id=std.id, version=std.version, n=len(std.indicators)))
    if done.problems:
        raise UserError(DingjiError(done.problems), head="check_head")  # checking never writes


@standards.command(epilog="示例 / Example:  dingji standards new community --from village -o standards/community.toml")
@click.argument("standard_id")
@click.option("--from", "base", default=None, help="以已有标准为底稿 / start from an existing standard.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="输出文件（默认：工作区 standards/ID.toml）/ output file.",
)
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite.")
@pass_env
def new(env, standard_id, base, output, force):
    """写出带注释的新领域标准 / write a commented starter standard for a new domain."""
    from dingji.services.standards import new_standard

    reg = env.registry()
    ws = env.workspace(required=False) if output is None else None
    try:
        path = new_standard(reg, standard_id, base, ws=ws, output=output, force=force)
    except FileExistsError as exc:
        raise click.ClickException(t("exists", path=exc.filename)) from None
    click.echo(t("new_done", path=path))


@click.command(epilog="示例 / Example:  dingji plugins")
@pass_env
def plugins(env):
    """已加载的插件、来源和实现的钩子 / loaded plugins, where each comes from, its hooks."""
    from dingji.services.standards import plugin_rows

    reg = env.registry()
    click.echo(table([h("plugin"), h("origin"), h("hooks")], plugin_rows(reg)))
    for name, what in reg.broken:
        click.echo(f"✗ {name}: {what}", err=True)
