"""``dingji track``: activity trackers' records — list, template, import, report.

``dingji track TRACKER ...`` is a group made per registered tracker when it is used;
a tracker's ``commands(group, tracker)`` may add its own subcommands to it (the
built-in ``sanliang`` adds ``pledges``).
"""

from __future__ import annotations

import json

import click

from dingji.cli import Env, pass_env
from dingji.cli.i18n import h, lang, t
from dingji.cli.options import format_of, the_year, year_option
from dingji.cli.output import table, write_csv


class TrackGroup(click.Group):
    """``list`` plus one subgroup per registered tracker, built when asked for."""

    def list_commands(self, ctx):
        return ["list", *sorted(_registry(ctx).trackers)]

    def get_command(self, ctx, name):
        if name == "list":
            return list_
        tracker = _registry(ctx).trackers.get(name)
        return tracker_group(tracker, _registry(ctx)) if tracker is not None else None

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            known = ", ".join(self.list_commands(ctx)[1:]) or "—"
            raise click.UsageError(f"未知的活动台账 / unknown tracker {args[0]!r}; 可用 / known: {known}", ctx)
        return super().resolve_command(ctx, args)


def _registry(ctx):
    env = ctx.find_object(Env)
    if env is None:  # a context made outside the command (help walkers)
        from dingji.registry import default_registry

        return default_registry()
    return env.registry()


@click.group(cls=TrackGroup, epilog="示例 / Example:  dingji track sanliang import 三亮三比三评.xlsx")
def track():
    """活动台账：模板、导入、统计 / activity trackers' records."""


@click.command("list", epilog="示例 / Example:  dingji track list")
@pass_env
def list_(env):
    """列出活动台账及其指标 / the trackers, their metrics and records."""
    from dingji.services.tracking import overview

    ws = env.workspace(required=False)
    rows = [
        (
            x["id"],
            x["name"],
            "—" if x["records"] is None else x["records"],
            _metrics_text(x["metrics"], x["titles"]),
        )
        for x in overview(env.registry(), ws, lang())
    ]
    en = lang() == "en"
    year = f" {ws.year}" if ws else ""
    click.echo(
        table([h("id"), h("tracker_name"), ("Records" if en else "记录数") + year, "Metrics" if en else "指标"], rows)
    )


def _metrics_text(metrics: dict, titles: dict) -> str:
    """Each metric described: in Chinese by its name with its id (a standard's ``metric =``
    names the id), ``完成率（completion）：…``; in English by its id."""
    if lang() == "en":
        return "; ".join(f"{m}: {text}" for m, text in metrics.items())
    return "；".join(f"{titles[m]}（{m}）：{text}" if titles[m] != m else f"{m}：{text}" for m, text in metrics.items())


def tracker_group(tracker, registry) -> click.Group:
    """``dingji track <id>``: template, import, report, and the tracker's own commands."""
    group = click.Group(
        tracker.id,
        help=f"{tracker.name}：{tracker.description or ''} / {tracker.name_en or tracker.id}",
        epilog=f"示例 / Example:  dingji track {tracker.id} template -o {tracker.id}.xlsx",
    )
    group.add_command(_template(tracker))
    group.add_command(_import(tracker))
    group.add_command(_report(tracker))
    for command in registry.commands_under(f"track {tracker.id}").values():  # through dingji_commands
        group.add_command(command)
    if tracker.commands is not None:  # the 0.1 way, kept for plugins written against it
        try:
            tracker.commands(group, tracker)
        except Exception as exc:  # noqa: BLE001 - a broken plugin loses its own commands, not the group
            click.echo(t("broken_plugin", name=tracker.id, what=f"commands: {type(exc).__name__}: {exc}"), err=True)
    return group


def context(env, tracker, year=None, need_workspace=True):
    """(workspace or None, settings, year) for a tracker command."""
    from dingji.services.tracking import records_tracker, tracker_settings

    records_tracker(env.registry(), tracker.id)
    ws = env.workspace(required=need_workspace)
    return ws, tracker_settings(tracker, ws), the_year(year, ws)


def _template(tracker):
    @click.command("template", epilog=f"示例 / Example:  dingji track {tracker.id} template -o 台账.xlsx")
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help=f"输出文件（默认：{tracker.id}-records.xlsx）/ output file.",
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None, help="xlsx（默认）或 csv / format."
    )
    @pass_env
    def template(env, output, fmt):
        """生成记录模板（xlsx 带数据验证，或 CSV 表头）/ the record template."""
        from dingji.services.tracking import TEMPLATE_FORMATS, write_records_template

        ws, config, _ = context(env, tracker, need_workspace=False)
        path = write_records_template(tracker, ws, output, format_of(fmt, output, TEMPLATE_FORMATS), lang())
        click.echo(t("track_template", name=tracker.label(config), path=path))

    return template


def _import(tracker):
    @click.command("import", epilog=f"示例 / Example:  dingji track {tracker.id} import 台账.xlsx --year 2026")
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @year_option()
    @pass_env
    def import_(env, files, year):
        """导入记录（xlsx 或 CSV），替换该台账该年度的全部记录 / import records, replacing the year's.

        Every problem of every file is listed (exit status 1), and then nothing is stored.
        """
        from dingji.services.tracking import import_files

        ws, config, year = context(env, tracker, year)
        with ws.store() as store:
            got = import_files(tracker, config, store, files, year)
        click.echo(
            t(
                "track_imported",
                name=tracker.label(config),
                year=year,
                n=got["records"],
                orgs=got["organizations"],
                id=got["number"],
                old=got["replaced"],
            )
        )

    return import_


def _report(tracker):
    @click.command("report", epilog=f"示例 / Example:  dingji track {tracker.id} report --format json")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        help="输出格式 / output format.",
    )
    @year_option()
    @pass_env
    def report(env, fmt, year):
        """每个组织的指标及其计算依据 / per organization, the metrics and their inputs."""
        from dingji.services.tracking import report as make
        from dingji.services.tracking import report_document

        ws, config, year = context(env, tracker, year)
        with ws.store() as store:
            rows = make(tracker, config, store, year)
        if fmt == "json":
            click.echo(json.dumps(report_document(tracker, config, year, rows, lang()), ensure_ascii=False, indent=2))
        elif fmt == "csv":
            _report_csv(tracker, rows)
        elif not rows:
            click.echo(t("track_none", year=year, name=tracker.label(config), id=tracker.id), err=True)
        else:
            _report_table(tracker, rows)

    return report


def _report_csv(tracker, rows):
    from dingji.core.numbers import fmt as num

    names, en = list(tracker.metrics), lang() == "en"
    write_csv(
        ["org", "name", "domain", "members", "with_records", "records", *names, *[f"{m}_text" for m in names]],
        (
            [
                r["org"],
                r["name"],
                r["domain"],
                r["members"],
                r["with_records"],
                r["records"],
                *[num(r["metrics"][m].value) for m in names],
                *[(r["metrics"][m].en if en else r["metrics"][m].zh) for m in names],
            ]
            for r in rows
        ),
        numbers=names,
    )


def _report_table(tracker, rows):
    from dingji.core.numbers import fmt as num

    names, en = list(tracker.metrics), lang() == "en"
    titles = [tracker.metrics[m].title(lang()) for m in names]  # 完成率; completion in English
    head = [h("org"), h("name"), h("members"), "Records" if en else "记录数", *titles, "Inputs" if en else "计算依据"]
    said = "{}: {}" if en else "{}：{}"
    body = [
        [
            r["org"],
            r["name"],
            r["members"],
            r["records"],
            *[num(r["metrics"][m].value) for m in names],
            ("; " if en else "；").join(
                said.format(title, r["metrics"][m].en if en else r["metrics"][m].zh) for m, title in zip(names, titles)
            ),
        ]
        for r in rows
    ]
    click.echo(table(head, body, numeric=tuple(range(2, 4 + len(names)))))
