"""The ``import`` and ``template`` subcommands every kind of record a township keeps in a form
(rectification tasks, objections) has alike: made here once for a group, with the kind's own
service module (imported when the command runs) and messages."""

from __future__ import annotations

import importlib

import click

from dingji.cli import pass_env
from dingji.cli.i18n import lang
from dingji.cli.options import format_of, the_year, year_option


def import_command(group, service: str, say, example: str, doc: str):
    """``GROUP import FILES``: ``service.import_files(store, files, year)``, said with ``say("imported", ...)``."""

    @group.command("import", epilog=f"示例 / Example:  {example}", help=doc)
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @year_option()
    @pass_env
    def import_(env, files, year):
        import_files = importlib.import_module(service).import_files
        ws = env.workspace()
        year = the_year(year, ws)
        with ws.store() as store:
            got = import_files(store, files, year)
        click.echo(
            say(
                "imported",
                year=year,
                added=got["added"],
                updated=got["updated"],
                k=got["organizations"],
                id=got["number"],
            )
        )

    return import_


def template_command(group, service: str, say, count: str, example: str, doc: str):
    """``GROUP template``: ``service.write_template(store, year, output, fmt, lang)``, said with
    ``say("template", n=got[count], path=...)``."""

    @group.command("template", epilog=f"示例 / Example:  {example}", help=doc)
    @click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="输出文件 / output file.")
    @click.option(
        "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None, help="xlsx（默认）或 csv / format."
    )
    @year_option()
    @pass_env
    def template(env, output, fmt, year):
        from dingji.services.forms import FORMATS

        write_template = importlib.import_module(service).write_template
        ws = env.workspace()
        with ws.store() as store:
            got = write_template(store, the_year(year, ws), output, format_of(fmt, output, FORMATS), lang())
        click.echo(say("template", n=got[count], path=got["path"]))

    return template
