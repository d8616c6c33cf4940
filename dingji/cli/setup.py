"""``dingji init`` and ``dingji demo``."""

from __future__ import annotations

from pathlib import Path

import click

from dingji.cli import pass_env
from dingji.cli.i18n import lang, t
from dingji.cli.options import FIRST_YEAR, LAST_YEAR, day_option, day_or_today


@click.command(epilog="示例 / Example:  dingji init 岩樟乡 --name 岩樟乡 --year 2026")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--name", required=True, help="单位名称，如 岩樟乡 / the township's name.")
@click.option("--year", type=click.IntRange(FIRST_YEAR, LAST_YEAR), required=True, help="定级年度 / the grading year.")
@click.option("--level", default="乡镇", show_default=True, help="层级：乡镇、县、市 / level.")
def init(directory, name, year, level):
    """创建工作区：dingji.toml、数据库和 standards/ 目录 / create a workspace."""
    from dingji.services.workspace import create

    ws = create(Path(directory), name, year, level)
    click.echo(t("init_done", name=name, year=year, root=ws.root))


@click.command(epilog="示例 / Example:  dingji demo && cd dingji-demo && dingji explain cun-01")
@click.argument("directory", default="dingji-demo", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="目录已有工作区时先清空 / start over in an existing demo folder.")
@day_option("--as-of", "公示起始、逾期计算的日期", "the day of the notice and of the overdue tasks")
@pass_env
def demo(env, directory, force, as_of):
    """生成示例乡镇（四个领域约 40 个组织），完成定级并导出 / a sample township, graded."""
    from dingji.demo.run import run_demo

    if as_of is None:  # today, said
        day_or_today(None, "--as-of", "demo")
    for line in run_demo(Path(directory), force=force, lang=lang(), as_of=as_of and as_of.date()):
        click.echo(line)
