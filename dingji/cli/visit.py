"""``dingji visit add|import|list|template``: the visit ledger (走访台账)."""

from __future__ import annotations

import csv
import json
import sys
from functools import partial
from pathlib import Path

import click

from dingji.cli.i18n import h, lang, say
from dingji.cli import pass_env
from dingji.cli.output import table

MESSAGES = {
    "added": ("已记录走访（第 {id} 条）：{org} {date}，{by}", "visit recorded (no. {id}): {org} {date}, {by}"),
    "imported": ("已导入 {year} 年走访记录 {n} 条（{k} 个组织，第 {id} 次导入）{old}",
                 "imported {n} visits of {year} ({k} organizations, import {id}){old}"),
    "replaced": ("；替换了之前的 {n} 条", "; {n} replaced"),
    "template": ("已写出走访台账模板（{n} 个未走访的组织已列出）：{path}",
                 "visit template written ({n} organizations not yet visited listed): {path}"),
    "tally": ("{year} 年已走访 {n} / {total} 个组织（走访 {k} 次）；未走访 {m} 个{hint}",
              "{year}: {n} of {total} organizations visited ({k} visits); {m} not visited{hint}"),
    "hint": ("（dingji visit list --missing）", " (dingji visit list --missing)"),
    "all": ("{year} 年名单中的 {total} 个组织都已走访，一个不漏", "{year}: all {total} organizations of the roster visited"),
    "none": ("{year} 年还没有走访记录", "no visits recorded for {year}"),
}
YESNO_CHOICE = click.Choice(["是", "否", "yes", "no"])


m = partial(say, MESSAGES)


def _year(ws, year):
    return year or ws.year


@click.group(epilog="示例 / Example:  dingji visit add cun-01 --date 2026-03-12 --by 王书记、李委员 --form 实地查看")
def visit():
    """走访台账：记录走访、导入、查看未走访的组织 / the visit ledger."""


@visit.command("add", epilog="示例 / Example:  dingji visit add cun-01 --date 2026-03-12 --by 王建国 --form 座谈了解 "
                             "--team 否 --problems 班子缺1名委员")
@click.argument("org")
@click.option("--date", required=True, help="走访日期，如 2026-03-12 / the day of the visit.")
@click.option("--by", "visitors", required=True, help="走访人（多人用、分隔）/ who visited.")
@click.option("--form", "form_", required=True, help="走访形式：实地查看、座谈了解、个别谈话… / how.")
@click.option("--setup", type=YESNO_CHOICE, help="设置是否合理 / set-up sound.")
@click.option("--team", type=YESNO_CHOICE, help="班子是否健全 / leadership complete.")
@click.option("--rules", type=YESNO_CHOICE, help="制度是否完善 / rules complete.")
@click.option("--venue", type=YESNO_CHOICE, help="场所是否达标 / premises up to standard.")
@click.option("--support", type=YESNO_CHOICE, help="保障是否到位 / resources in place.")
@click.option("--role", help="作用发挥：好、较好、一般、差 / role played.")
@click.option("--masses", help="群众满意：满意、基本满意、不满意 / masses satisfied.")
@click.option("--problems", help="发现的问题 / problems found.")
@click.option("--note", help="备注 / note.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@pass_env
def add(env, org, date, visitors, form_, year, **findings):
    """记录一次走访 / record one visit."""
    from dingji.services.visits import add as record
    ws = env.workspace()
    store = ws.store()
    try:
        vid = record(store, _year(ws, year), org, {"date": date, "visitors": visitors, "form": form_, **findings})
    finally:
        store.close()
    click.echo(m("added", id=vid, org=org, date=date, by=visitors))


@visit.command("import", epilog="示例 / Example:  dingji visit import 走访台账.xlsx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="以这些文件替换本年度全部走访记录 / replace the year's visits.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@pass_env
def import_(env, files, replace, year):
    """导入走访记录（xlsx 或 CSV），加入本年度记录 / add the visits of files.

    Every problem of every file is listed (exit status 1), and then nothing is stored;
    a visit already recorded (same organization, date and visitors) is one.
    """
    from dingji.services.visits import import_files
    ws = env.workspace()
    year = _year(ws, year)
    store = ws.store()
    try:
        got = import_files(store, files, year, replace)
    finally:
        store.close()
    old = m("replaced", n=got["removed"]) if replace else ""
    click.echo(m("imported", year=year, n=got["visits"], k=got["organizations"], id=got["import"], old=old))


@visit.command("list", epilog="示例 / Example:  dingji visit list --missing")
@click.option("--missing", is_flag=True, help="只列出尚未走访的组织（一个不漏）/ organizations not yet visited.")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@pass_env
def list_(env, missing, org, fmt, year):
    """走访记录，或未走访的组织 / the visits, or the organizations not yet visited."""
    from dingji.core.visit_form import FORM, finding_text
    from dingji.services.visits import missing as not_visited
    from dingji.store.visits import visited, visits
    ws = env.workspace()
    year = _year(ws, year)
    store = ws.store()
    try:
        roster, seen = store.roster(), visited(store, year)
        rows = not_visited(store, year) if missing else visits(store, year, org)
    finally:
        store.close()
    en = lang() == "en"
    if missing:
        from dingji.report.year_sheets import domain_names
        names = domain_names(env.registry())
        data = [{"org": o.id, "name": o.name, "domain": names.get(o.domain, o.domain), "secretary": o.secretary}
                for o in rows]
        heads = [h("org"), h("name"), h("domain"), "secretary" if en else "书记"]
    else:
        fields = [f.id for f in FORM.fields if f.id != "name"]
        data = [{"id": v["id"], "org": v["org"], "name": roster[v["org"]].name if v["org"] in roster else "",
                 **{f: v.get(f) for f in fields}} for v in rows]
    if fmt == "json":
        click.echo(json.dumps({"year": year, "missing" if missing else "visits": data}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        keys = list(data[0]) if data else (["org", "name", "domain", "secretary"] if missing else ["id", "org"])
        w.writerow(keys)
        for d in data:
            w.writerow(["" if d[k] is None else ("yes" if d[k] else "no") if isinstance(d[k], bool) else d[k]
                        for k in keys])
        return
    if missing:
        click.echo(table(heads, [[d["org"], d["name"], d["domain"], d["secretary"] or ""] for d in data]))
    elif data:
        heads = ["no." if en else "序号", h("org"), h("name"), "date" if en else "走访日期", "visitors" if en else "走访人",
                 "form" if en else "形式", "findings" if en else "情况", "problems" if en else "发现的问题"]
        click.echo(table(heads, [[v["id"], v["org"], d["name"], v["date"], v["visitors"], v["form"],
                                  finding_text(v, lang()), v.get("problems") or ""] for v, d in zip(rows, data)]))
    total, n = len(roster), sum(1 for o in roster if o in seen)
    if not seen:
        click.echo(m("none", year=year), err=True)
    elif n == total:
        click.echo(m("all", year=year, total=total), err=True)
    else:
        click.echo(m("tally", year=year, n=n, total=total, k=sum(seen.values()), m=total - n,
                     hint="" if missing else m("hint")), err=True)


@visit.command("template", epilog="示例 / Example:  dingji visit template -o 走访台账.xlsx")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="输出文件（默认：走访台账模板.xlsx）/ output file.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None, help="xlsx（默认）或 csv / format.")
@click.option("--year", type=click.IntRange(1921, 2999), default=None, help="年度（默认：工作区年度）/ the year.")
@pass_env
def template(env, output, fmt, year):
    """走访台账模板，列出尚未走访的组织 / the visit template, listing the organizations not yet visited."""
    from dingji.io.atomic import atomic_path
    from dingji.io.xlsx.forms import write
    from dingji.core.visit_form import FORM, FORMS
    from dingji.services.visits import missing as not_visited
    ws = env.workspace()
    store = ws.store()
    try:
        roster, todo = store.roster(), not_visited(store, _year(ws, year))
    finally:
        store.close()
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output else "xlsx")
    fmt = fmt if fmt in ("xlsx", "csv") else "xlsx"
    path = Path(output or f"走访台账模板.{fmt}")
    rows = [{"org": o.id, "name": o.name} for o in todo]
    with atomic_path(path) as tmp:
        write(FORM, rows, roster, tmp, fmt, lang(), {"form": FORMS})
    click.echo(m("template", n=len(rows), path=path))
