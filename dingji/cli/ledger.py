"""``dingji ledger export``, ``dingji ledger merge`` and ``dingji notice``."""

from __future__ import annotations

import re
import sys
from functools import partial
from pathlib import Path

import click

from dingji.cli.i18n import lang, say, t
from dingji.cli import pass_env

MESSAGES = {
    "exported": ("已导出台账（{n} 个组织，{fmt}）：{path}", "ledger exported ({n} organizations, {fmt}): {path}"),
    "merged": ("已合并 {k} 份台账（{n} 个组织）：{path}", "merged {k} ledgers ({n} organizations): {path}"),
    "notice": ("已生成公示（{n} 个组织，{period}）：{path}", "notice written ({n} organizations, {period}): {path}"),
    "format": ("未知的格式 {fmt}；可用：{known}", "unknown format {fmt}; known: {known}"),
    "merge_suffix": ("合并结果须为 .xlsx 或 .json 文件", "the merged ledger must be a .xlsx or .json file"),
    "folder": ("{path} 是文件夹；请给出文件名", "{path} is a folder; give a file name"),
    "write": ("无法写入：{why}", "cannot write: {why}"),
    "progress": ("导出台账", "exporting"),
}


m = partial(say, MESSAGES)


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip() or "ledger"


def _write(do, target):
    """Run a writer; a file system failure is the user's problem, named with the file."""
    from dingji.core.errors import DingjiError, Place, Problem
    if Path(target).is_dir() and not str(target).endswith(("/", "\\")):
        raise DingjiError([Problem(Place(file=str(target)), m("folder", path=target), m("folder", path=target))])
    try:
        return do()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DingjiError([Problem(Place(file=str(exc.filename or target)), f"cannot write: {why}",
                                   f"无法写入：{why}")]) from None


def _progress(ledger):
    """A progress bar on standard error for large exports, when it is a terminal."""
    if ledger.size < 5000 or not sys.stderr.isatty():
        return None
    bar = click.progressbar(length=ledger.size * 2, label=m("progress"), file=sys.stderr)
    bar.__enter__()
    ledger.progress = bar.update
    return bar


@click.group(epilog="示例 / Example:  dingji ledger export -o 台账.xlsx;  dingji ledger merge 甲乡.xlsx 乙镇.json -o 全县.xlsx")
def ledger():
    """台账：导出本单位的分类定级台账，合并下级上报的台账 / the combined ledger."""


@ledger.command("export", epilog="示例 / Example:  dingji ledger export -o 台账.xlsx;  dingji ledger export --format csv -o csv/")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="输出文件（csv：文件夹或文件名前缀）；默认按台账标题命名 / output file (csv: folder or prefix).")
@click.option("--format", "fmt", default=None, help="xlsx（默认）、csv、json，或插件注册的格式 / output format.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="公示工作表的公示起始日期（默认今天）/ first day of the publicity period.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="整改任务按此日计算逾期（默认今天）/ rectification tasks overdue as of this day.")
@pass_env
def export(env, output, fmt, year, start, as_of):
    """导出分类定级台账：汇总、分类定级台账、各领域指标明细、走访台账、整改台账、活动台账、公示 / export the ledger."""
    from dingji.report.ledger import Ledger, export as write
    ws, reg = env.workspace(), env.registry()
    writers = reg.writers
    if fmt is None and output:
        fmt = next((w.name for w in writers.values() if w.suffix and str(output).lower().endswith(w.suffix)), None)
    fmt = fmt or "xlsx"
    if fmt not in writers:
        raise click.BadParameter(m("format", fmt=fmt, known=", ".join(sorted(writers))), param_hint="--format")
    writer = writers[fmt]
    store, broken = ws.store(), len(reg.broken)
    try:
        book = Ledger.from_workspace(ws, store, reg, year, lang=lang(), notice_from=start.date() if start else None,
                                     as_of=as_of.date() if as_of else None)
        target = output or (_safe_name(book.title) + (writer.suffix if not writer.many else "-csv/"))
        bar = _progress(book)
        try:
            out = _write(lambda: write(book, writer, target), target)
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
    finally:
        store.close()
    for name, what in reg.broken[broken:]:  # a plugin's sheets that failed were left out
        click.echo(t("broken_plugin", name=name, what=what.splitlines()[0]), err=True)
    shown = "\n  ".join(str(p) for p in out) if isinstance(out, list) else out
    click.echo(m("exported", n=book.size, fmt=fmt, path=shown), err=fmt in ("csv", "json"))


@ledger.command("merge", epilog="示例 / Example:  dingji ledger merge 甲乡台账.xlsx 乙镇台账.json -o 全县台账.xlsx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="合并后的台账（.xlsx 或 .json）/ output.")
@click.option("--title", default=None, help="合并台账的标题（默认：工作区的台账标题）/ the title.")
@pass_env
def merge(env, files, output, title):
    """合并各乡镇导出的台账（xlsx 或 json），加“乡镇”列，按乡镇和总体汇总 / combine exported ledgers.

    Refuses ledgers of different years, a township given twice with different
    content, and any organization that appears twice (exit status 1).
    """
    from dingji.report.ledger import export as write
    from dingji.report.merge import MergedLedger, read_all
    writers = {w.suffix: w for w in env.registry().writers.values() if w.suffix and not w.many}
    writer = writers.get(Path(output).suffix.lower())
    if writer is None:
        raise click.BadParameter(m("merge_suffix"), param_hint="-o")
    inputs = read_all(files, warn=lambda text: click.echo(text, err=True))
    ws = env.workspace(required=False)
    if title is None and ws is not None:
        title = ws.ledger_title(inputs[0]["year"])
    book = MergedLedger(inputs, title=title, lang=lang())
    _write(lambda: write(book, writer, output), output)
    click.echo(m("merged", k=len(inputs), n=book.size, path=output))


@click.command(epilog="示例 / Example:  dingji notice --from 2026-01-05 -o 公示.html")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="输出文件：.html（默认）或 .xlsx / output file.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="公示起始日期（默认今天）/ first day of the publicity period.")
@click.option("--days", type=click.IntRange(1, 365), default=None,
              help="公示天数（默认 dingji.toml 的 [notice] days，即 5）/ days of publicity.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@pass_env
def notice(env, output, start, days, year):
    """生成定级结果公示：可打印的 HTML 页面（A4）或 xlsx 工作表 / the public notice of grades."""
    from dingji.report.ledger import Ledger, export as write
    ws, reg = env.workspace(), env.registry()
    writers = {w.suffix: w for w in reg.writers_for("notice").values()}
    suffix = Path(output).suffix.lower() if output else ".html"
    if suffix == ".htm":
        suffix = ".html"
    if suffix not in writers:
        raise click.BadParameter(m("format", fmt=suffix, known=", ".join(writers)), param_hint="-o")
    store = ws.store()
    try:
        extra = {"notice_days": days} if days else {}
        book = Ledger.from_workspace(ws, store, reg, year, lang=lang(), notice_from=start.date() if start else None,
                                     **extra)
        target = output or _safe_name(f"{book.name}{book.year}年分类定级结果公示") + ".html"

        _write(lambda: write(book, writers[suffix], target), target)
    finally:
        store.close()
    click.echo(m("notice", n=book.size, period=book.notice_text(), path=target))
