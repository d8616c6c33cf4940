"""``dingji template``, ``dingji evaluate`` and ``dingji explain``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from dingji.cli.i18n import h, lang, t
from dingji.cli import pass_env
from dingji.cli.output import table


@click.command(epilog="示例 / Example:  dingji template village -o 农村填报模板.xlsx")
@click.argument("domain")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="输出文件（默认：DOMAIN-template.xlsx）/ output file.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="xlsx 填报工作簿（默认），或 csv 长表 / workbook or long CSV.")
@pass_env
def template(env, domain, output, fmt):
    """生成某领域的填报模板（名单中该领域的组织已填好）/ the data-entry file for a domain."""
    from dingji.io.atomic import atomic_path
    reg = env.registry()
    std = reg.standard(domain)
    ws = env.workspace(required=False)
    roster = []
    if ws is not None:
        store = ws.store()
        roster = [o for o in store.roster().values() if o.domain in (std.id, std.domain)]
        store.close()
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output else "xlsx")
    if fmt not in reg.writers_for("template"):
        fmt = "xlsx"
    writer = reg.writer_for("template", name=fmt)
    output = Path(output or f"{std.id}-template{writer.suffix}")
    with atomic_path(output) as tmp:
        writer.write(std, roster, tmp, lang())
    click.echo(t("template_done", path=output))


@click.command(epilog="示例 / Example:  dingji evaluate village 农村评分.xlsx --format json")
@click.argument("domain")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="输出格式 / output format.")
@click.option("--dry-run", is_flag=True, help="只计算，不保存 / grade but store nothing.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="定级年度（默认：工作区年度）/ the year.")
@pass_env
def evaluate(env, domain, files, fmt, dry_run, year):
    """读取评分（xlsx 模板或长表 CSV），计分定级并保存 / read scores, grade, store.

    Every problem of every file is listed at once (exit status 1), and then
    nothing is stored.
    """
    from dingji.services.evaluate import evaluate_files
    reg = env.registry()
    std = reg.standard(domain)
    ws = env.workspace(required=False)
    store = ws.store() if ws else None
    year = year or (ws.year if ws else None)
    from dingji.report.plan import distribution, grading_warnings
    config, config_file = (ws.config, str(ws.config_path)) if ws else ({}, None)
    distribution(config, config_file)  # a bad [distribution] is reported before anything is stored
    try:
        results, run = evaluate_files(reg, std, files, store=store, year=year, dry_run=dry_run, grader=_grade,
                                      trackers=ws.trackers if ws else None,
                                      config_file=str(ws.config_path) if ws else None)
    finally:
        if store is not None:
            store.close()
    _print(results, std, fmt)
    if run is not None:
        click.echo(t("stored", n=len(results), domain=std.id, year=year, run=run), err=True)
    elif dry_run:
        click.echo(t("dry_run"), err=True)
    else:
        click.echo(t("not_stored"), err=True)
    for line in grading_warnings(std, results, config, config_file, lang()):  # warnings only: no grade changes
        click.echo(line, err=True)


def _grade(std, assessments, roster):
    from dingji.core.scoring import grade_all
    if len(assessments) < 2000 or not sys.stderr.isatty():
        return grade_all(std, assessments, roster)
    from dingji.core.scoring import grade
    out = []
    with click.progressbar(list(assessments.values()), label="定级 / grading", file=sys.stderr) as bar:
        for a in bar:
            out.append(grade(std, a, (roster or {}).get(a.org)))
    return out


def _print(results, std, fmt):
    from dingji.core.numbers import fmt as num, fmt_fixed
    if fmt == "json":
        from dingji.core.explain import SCHEMA_VERSION
        doc = {"schema_version": SCHEMA_VERSION, "results": [r.to_dict() for r in results]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["org", "name", "domain", "standard", "version", *[s.id for s in std.sources],
                    "bonus", "penalty", "score", "grade", "vetoes", "service_oriented", "satisfaction"])
        for r in results:
            w.writerow([r.org, r.name, r.domain, std.id, std.version, *[num(r.sources[s.id]) for s in std.sources],
                        num(r.bonus), num(r.penalty), fmt_fixed(r.score, std.precision), r.grade,
                        ";".join(v.id for v in r.vetoes), int(r.service_oriented),
                        "" if r.satisfaction is None else num(r.satisfaction)])
        return
    from dingji.core.model import label
    headers = [h("org"), h("name"), *[label(s, lang()) for s in std.sources], h("bonus"), h("penalty"), h("score"),
               h("grade"), h("vetoes"), h("service")]
    rows = []
    for r in results:
        rows.append([r.org, r.name, *[num(r.sources[s.id], 2) for s in std.sources], num(r.bonus), num(r.penalty),
                     fmt_fixed(r.score, std.precision), r.grade, "；".join(v.name for v in r.vetoes),
                     h("yes") if r.service_oriented else ""])
    n = len(std.sources)
    click.echo(table(headers, rows, numeric=tuple(range(2, 2 + n + 3))))
    counts = {g.name: 0 for g in std.grades}
    for r in results:
        counts[r.grade] += 1
    click.echo()
    parts = [f"{g} {c}" for g, c in counts.items()]
    service = sum(r.service_oriented for r in results)
    extra = f"，{std.service.name} {service}" if std.service and lang() != "en" else (
        f", {label(std.service, 'en')} {service}" if std.service else "")
    click.echo(f"{t('counts')}：" + "  ".join(parts) + f"  （{t('total')} {len(results)}{extra}）"
               if lang() != "en" else f"{t('counts')}: " + "  ".join(parts) + f"  ({t('total')} {len(results)}{extra})")


@click.command(epilog="示例 / Example:  dingji explain cun-01 --lang en")
@click.argument("org")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式 / output format.")
@pass_env
def explain(env, org, year, fmt):
    """说明某组织每一分的来历、否决规则和距下一等次的差距 / why that grade."""
    from dingji.services.compare import comparison
    from dingji.report.results import load_results
    ws = env.workspace()
    year = year or ws.year
    store = ws.store()
    try:
        results = load_results(store, env.registry(), year, org=org, notes=True)
        if not results:
            raise click.ClickException(t("no_result", year=year, org=org))
        if fmt == "json":
            click.echo(json.dumps(results[0].to_dict(), ensure_ascii=False, indent=2))
            return
        head, headers, rows = comparison(store, env.registry(), results[0], year, lang())  # last year beside this
    finally:
        store.close()
    click.echo("\n".join(results[0].explain(lang())))
    click.echo(head)
    if rows:
        click.echo("\n".join("  " + line for line in table(headers, rows).splitlines()))
