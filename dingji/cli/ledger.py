"""``dingji ledger export``, ``dingji ledger merge`` and ``dingji notice``: options in, a line out;
the work is :mod:`dingji.services.ledger`'s."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import lang, say, t
from dingji.cli.options import DAY, day_option, day_or_today, the_year, today_note, year_option

MESSAGES = {
    "exported": ("已导出台账（{n} 个组织，{fmt}）：{path}", "ledger exported ({n:organization}, {fmt}): {path}"),
    "merged": ("已合并 {k} 份台账（{n} 个组织）：{path}", "merged {k:ledger} ({n:organization}): {path}"),
    "notice": ("已生成公示（{n} 个组织，{period}）：{path}", "notice written ({n:organization}, {period}): {path}"),
    "format": ("未知的格式 {fmt}；可用：{known}", "unknown format {fmt}; known: {known}"),
    "merge_suffix": ("合并结果须为 .xlsx 或 .json 文件", "the merged ledger must be a .xlsx or .json file"),
    "progress": ("导出台账", "exporting"),
    "unreachable": (
        "提示：公示没有写受理异议的联系电话和地址：请在 dingji.toml 的 [notice] 中设置 office、phone、address",
        "note: the notice gives no telephone or address for objections: set office, phone and address "
        "in [notice] of dingji.toml",
    ),
}


m = partial(say, MESSAGES)


@contextmanager
def _progress(steps: int):
    """A progress bar on standard error for large exports (5000 organizations and more), when it is a terminal."""
    if steps < 10000 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=steps, label=m("progress"), file=sys.stderr) as bar:
        yield bar.update


def _bad_format(exc, hint: str, message: str | None = None):
    """A format no writer has, as click's usage error (exit status 2)."""
    return click.BadParameter(message or m("format", fmt=exc.format, known=", ".join(exc.known)), param_hint=hint)


@click.group(
    epilog="示例 / Example:  dingji ledger export -o 台账.xlsx;  dingji ledger merge 甲乡.xlsx 乙镇.json -o 全县.xlsx"
)
def ledger():
    """台账：导出本单位的分类定级台账，合并下级上报的台账 / the combined ledger."""


@ledger.command(
    "export", epilog="示例 / Example:  dingji ledger export -o 台账.xlsx;  dingji ledger export --format csv -o csv/"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="输出文件（csv：文件夹或文件名前缀）；默认按台账标题命名 / output file (csv: folder or prefix).",
)
@click.option("--format", "fmt", default=None, help="xlsx（默认）、csv、json，或插件注册的格式 / output format.")
@year_option()
@click.option(
    "--from",
    "start",
    type=DAY,
    default=None,
    metavar="YYYY-MM-DD",
    help="公示工作表的公示起始日期（默认：已发布的公示，未发布则今天）/ first day of the publicity period "
    "(default: the notice issued, else today).",
)
@day_option("--as-of", "整改任务按此日计算逾期", "rectification tasks overdue as of this day")
@pass_env
def export(env, output, fmt, year, start, as_of):
    """导出分类定级台账：汇总、分类定级台账、各领域指标明细、走访台账、整改台账、活动台账、公示 / export the ledger."""
    from dingji.services.ledger import FormatError, export_ledger

    ws, reg = env.workspace(), env.registry()
    start = start.date() if start is not None else None
    given, as_of = as_of, day_or_today(as_of, "--as-of", "overdue", note=False)
    try:
        got = export_ledger(
            ws,
            reg,
            year=the_year(year, ws),
            fmt=fmt,
            output=output,
            lang=lang(),
            notice_from=start,
            as_of=as_of,
            progress=_progress,
        )
    except FormatError as exc:
        raise _bad_format(exc, "--format") from None
    if got["notice"]["today"]:
        today_note(got["notice"]["from"], "--from", "from")
    if given is None:
        today_note(as_of, "--as-of", "overdue")
    for name, what in got["broken"]:  # a plugin's sheets that failed were left out
        click.echo(t("broken_plugin", name=name, what=what.splitlines()[0]), err=True)
    out = got["path"]
    shown = "\n  ".join(str(p) for p in out) if isinstance(out, list) else out
    click.echo(
        m("exported", n=got["organizations"], fmt=got["format"], path=shown), err=got["format"] in ("csv", "json")
    )


@ledger.command("merge", epilog="示例 / Example:  dingji ledger merge 甲乡台账.xlsx 乙镇台账.json -o 全县台账.xlsx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="合并后的台账（.xlsx 或 .json）/ output."
)
@click.option("--title", default=None, help="合并台账的标题（默认：工作区的台账标题）/ the title.")
@pass_env
def merge(env, files, output, title):
    """合并各乡镇导出的台账（xlsx 或 json），加“乡镇”列，按乡镇和总体汇总 / combine exported ledgers.

    Refuses ledgers of different years, a township given twice with different
    content, and any organization that appears twice (exit status 1).
    """
    from dingji.services.ledger import FormatError, merge_ledgers

    reg = env.registry()
    try:
        got = merge_ledgers(
            reg,
            files,
            output,
            title=title,
            ws=env.workspace(required=False),
            lang=lang(),
            warn=lambda text: click.echo(text, err=True),
        )
    except FormatError as exc:
        raise _bad_format(exc, "-o", m("merge_suffix")) from None
    click.echo(m("merged", k=got["ledgers"], n=got["organizations"], path=got["path"]))


@click.command(epilog="示例 / Example:  dingji notice --from 2026-01-05 -o 公示.html")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="输出文件：.html（默认）或 .xlsx / output file.",
)
@click.option(
    "--from",
    "start",
    type=DAY,
    default=None,
    metavar="YYYY-MM-DD",
    help="公示起始日期（默认：已发布的公示，未发布则今天）/ first day of the publicity period "
    "(default: the notice issued, else today).",
)
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=None,
    help="公示天数（默认：已发布的公示的天数，或 dingji.toml 的 [notice] days，即 5）/ days of publicity.",
)
@year_option()
@pass_env
def notice(env, output, start, days, year):
    """生成定级结果公示：可打印的 HTML 页面（A4）或 xlsx 工作表 / the public notice of grades."""
    from dingji.services.ledger import FormatError, write_notice

    ws, reg = env.workspace(), env.registry()
    start = start.date() if start is not None else None
    try:
        got = write_notice(ws, reg, year=the_year(year, ws), output=output, lang=lang(), notice_from=start, days=days)
    except FormatError as exc:
        raise _bad_format(exc, "-o") from None
    if got["notice"]["today"]:
        today_note(got["notice"]["from"], "--from", "from")
    click.echo(m("notice", n=got["organizations"], period=got["period"], path=got["path"]))
    if not got["reachable"]:
        click.echo(m("unreachable"), err=True)
