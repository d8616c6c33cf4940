"""``dingji template``, ``dingji evaluate`` and ``dingji explain``."""

from __future__ import annotations

import functools
import json
import sys

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang, t
from dingji.cli.options import format_of, the_year, year_option
from dingji.cli.output import table, write_csv


@click.command(epilog="示例 / Example:  dingji template village -o 农村填报模板.xlsx")
@click.argument("domain")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="输出文件（默认：DOMAIN-template.xlsx）/ output file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default=None,
    help="xlsx 填报工作簿（默认），或 csv 长表 / workbook or long CSV.",
)
@pass_env
def template(env, domain, output, fmt):
    """生成某领域的填报模板（名单中该领域的组织已填好）/ the data-entry file for a domain."""
    from dingji.services.template import write_template

    reg = env.registry()
    ws = env.workspace(required=False)
    fmt = format_of(fmt, output, reg.writers_for("template"))
    path = write_template(reg, domain, ws, output, fmt, lang())
    click.echo(t("template_done", path=path))


@click.command(epilog="示例 / Example:  dingji evaluate village 农村评分.xlsx --format json")
@click.argument("domain")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / output format."
)
@click.option("--dry-run", is_flag=True, help="只计算，不保存 / grade but store nothing.")
@click.option(
    "--amend", is_flag=True, help="更正已公示的结果（须 --reason）/ correct a published round (needs --reason)."
)
@click.option("--reason", default=None, help="更正理由，记录在案 / why the published grades are corrected.")
@click.option(
    "--objection",
    "objections",
    type=int,
    multiple=True,
    help="此次更正答复的异议编号（可重复；未给 --reason 时以异议为理由）/ the objection(s) a correction answers.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="列出全部提示（默认每类最多 20 个）/ list every warning (at most 20 of each kind without it).",
)
@year_option("定级年度（默认：工作区年度）")
@pass_env
def evaluate(env, domain, files, fmt, dry_run, amend, reason, objections, show_all, year):
    """读取评分（xlsx 模板或长表 CSV），计分定级并保存 / read scores, grade, store.

    所有文件的全部问题一次列出（退出码 1），此时不保存任何内容。已公示的一轮不再改动，
    除非加 --amend --reason 更正（记录在案）。

    Every problem of every file is listed at once (exit status 1), and then
    nothing is stored.  A published round is not changed, unless amended on
    purpose with --amend --reason (recorded).
    """
    from dingji.core.bulk import bulk
    from dingji.services.evaluate import evaluate as grade_files
    from dingji.services.rounds import change_lines

    reg = env.registry()
    ws = env.workspace(required=False)
    year = the_year(year, ws)
    with bulk():  # millions of objects that live until the results are written: no collector passes
        done = grade_files(
            reg,
            ws,
            domain,
            files,
            year=year,
            dry_run=dry_run,
            progress=_progress,
            lang=lang(),
            amend=amend,
            reason=reason,
            objections=objections,
            render=_renderer(reg.standard(domain), fmt),
        )
        _print(done, fmt)
    if done.run is not None:
        from dingji.store.rounds import round_name

        click.echo(
            t(
                "stored",
                n=len(done.results),
                domain=done.standard.id,
                year=year,
                run=done.seq,
                round=done.round["number"],
                round_name=round_name(done.round["number"], lang()) if lang() == "en" else done.round["name"],
            ),
            err=True,
        )
        if done.changes is not None:
            click.echo("\n".join(change_lines(done.changes, lang())), err=True)
        if done.amended:
            click.echo(t("amended", reason=done.reason), err=True)
            if objections:
                click.echo(t("linked", ids=("、" if lang() != "en" else ", ").join(map(str, objections))), err=True)
    elif dry_run:
        click.echo(t("dry_run"), err=True)
    else:
        click.echo(t("not_stored"), err=True)
    _warn(done, show_all)


def _warn(done, show_all: bool) -> None:
    """The warnings (no grade changes) on standard error: per kind a count, at most 20 named
    lines and, when some are left out, that --all lists them (cli.md, "Output that scales")."""
    from dingji.report.notices import Notice

    notices = list(done.notices)
    if done.replaced:
        items = [t("replaced_item", org=o, item=i, typed=typed, got=got) for o, _, i, typed, got in done.replaced]
        notices.insert(0, Notice("replaced", t("replaced", n=len(done.replaced)), items))
    lines = []
    for notice in notices:
        lines += notice.lines(None if show_all else 20, t("all_hint"), lang())
    if lines:
        click.echo("\n".join(lines), err=True)


def _progress(items):
    """A progress bar on standard error while grading thousands at a terminal; else the items."""
    if len(items) < 2000 or not sys.stderr.isatty():
        return items
    return _bar(items)


def _bar(items):
    with click.progressbar(items, label="定级 / grading", file=sys.stderr) as bar:
        yield from bar


CSV_NUMBERS = ("bonus", "penalty", "score", "satisfaction")


def _renderer(std, fmt):
    """What ``--format`` writes of one result (a JSON object's text, a CSV row, a table row), made
    where the result is graded (two cores for a large file)."""
    if fmt == "json":
        from dingji.io.result_text import result_text

        return result_text
    if fmt == "csv":
        return functools.partial(_csv_row, std)
    return functools.partial(_table_row, std, lang(), h("yes"))


def _table_row(std, language: str, yes: str, r) -> list:
    from dingji.core.model import label
    from dingji.core.numbers import fmt as num
    from dingji.core.numbers import fmt_fixed
    from dingji.core.rules import rules_text

    return [
        r.org,
        r.name,
        *[num(r.sources[s.id], 2) for s in std.sources],
        num(r.bonus),
        num(r.penalty),
        fmt_fixed(r.score, std.precision),
        r.grade,
        rules_text(std, r.score, r.grade, r.vetoes, language, lambda v: label(v, language)),
        yes if r.service_oriented else "",
    ]


def _csv_row(std, r) -> list:
    from dingji.core.numbers import fmt as num
    from dingji.core.numbers import fmt_fixed

    return [
        r.org,
        r.name,
        r.domain,
        std.id,
        std.version,
        *[num(r.sources[s.id]) for s in std.sources],
        num(r.bonus),
        num(r.penalty),
        fmt_fixed(r.score, std.precision),
        r.grade,
        ";".join(v.id for v in r.vetoes),
        int(r.service_oriented),
        None if r.satisfaction is None else num(r.satisfaction),
    ]


def _print(done, fmt):

    results, std = done.results, done.standard
    if fmt == "json":  # one result at a time: the document is never whole in memory
        from dingji.core.explain import SCHEMA_VERSION
        from dingji.io.jsonout import Texts, write_document

        out = sys.stdout
        write_document(out, [("schema_version", SCHEMA_VERSION), ("results", Texts(done.rendered))])
        out.flush()
        return
    if fmt == "csv":
        sources = [s.id for s in std.sources]
        header = ["org", "name", "domain", "standard", "version", *sources, "bonus", "penalty", "score", "grade"]
        write_csv(
            [*header, "vetoes", "service_oriented", "satisfaction"],
            done.rendered,
            numbers=(*sources, *CSV_NUMBERS),
        )
        return
    from dingji.core.model import label

    headers = [
        h("org"),
        h("name"),
        *[label(s, lang()) for s in std.sources],
        h("bonus"),
        h("penalty"),
        h("score"),
        h("grade"),
        h("vetoes"),
        h("service"),
    ]
    rows = list(done.rendered)
    n = len(std.sources)
    click.echo(table(headers, rows, numeric=tuple(range(2, 2 + n + 3))))
    click.echo()
    parts = [f"{g} {c}" for g, c in done.counts.items()]
    service = done.service_oriented
    extra = (
        f"，{std.service.name} {service}"
        if std.service and lang() != "en"
        else (f", {label(std.service, 'en')} {service}" if std.service else "")
    )
    click.echo(
        f"{t('counts')}：" + "  ".join(parts) + f"  （{t('total')} {len(results)}{extra}）"
        if lang() != "en"
        else f"{t('counts')}: " + "  ".join(parts) + f"  ({t('total')} {len(results)}{extra})"
    )


@click.command(epilog="示例 / Example:  dingji explain cun-01 --lang en")
@click.argument("org")
@year_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式 / output format.")
@pass_env
def explain(env, org, year, fmt):
    """说明某组织每一分的来历、否决规则和距下一等次的差距 / why that grade."""
    from dingji.services.explain import explain as why

    ws = env.workspace()
    year = the_year(year, ws)
    found = why(env.registry(), ws, org, year, lang(), compare=fmt != "json")  # last year beside this
    if found is None:
        from dingji.services.roster import check_org

        check_org(ws, org)  # a typo is named as one, with the ids nearest it
        raise click.ClickException(t("no_result", year=year, org=org))
    if fmt == "json":
        click.echo(json.dumps(found.result.to_dict(), ensure_ascii=False, indent=2))
        return
    head, headers, rows = found.comparison
    click.echo("\n".join(found.lines(lang())))
    if found.rounds_line(lang()):
        click.echo(found.rounds_line(lang()))
    click.echo(head)
    if rows:
        click.echo("\n".join("  " + line for line in table(headers, rows).splitlines()))
