"""``dingji objection add|decide|list|import|template``: objections to the notice (异议处理)."""

from __future__ import annotations

import json
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import h, lang, say
from dingji.cli.options import day_option, day_or_today, the_year, year_option
from dingji.cli.output import short, table, write_csv
from dingji.cli.record_commands import import_command, template_command

MESSAGES = {
    "added": (
        "已记录异议 {id}：{org}，{by} 于 {day} 提出（待处理）",
        "objection {id} recorded: {org}, raised by {by} on {day} (open)",
    ),
    "decided": ("已记录异议 {id} 的处理结果：{result}（{day}）", "objection {id} decided: {result} ({day})"),
    "amend_hint": (
        "异议成立且须改变等次的，请按更正后的评分重新定级：dingji evaluate {domain} 评分文件 --amend --objection {id}",
        "to change a grade the objection upheld: grade again from the corrected scores with "
        "dingji evaluate {domain} FILE --amend --objection {id}",
    ),
    "imported": (
        "已导入 {year} 年异议：新增 {added} 件，更新 {updated} 件（{k} 个组织，第 {id} 次导入）",
        "objections of {year} imported: {added} added, {updated} updated ({k:organization}, import {id})",
    ),
    "template": ("已写出异议处理模板（{n} 件异议）：{path}", "objection template written ({n:objection}): {path}"),
    "tally": ("{year} 年：{text}", "{year}: {text}"),
    "none": ("{year} 年还没有异议记录", "no objections recorded for {year}"),
    "received": ("提出日期", "received on"),
    "decided_on": ("处理日期", "decided on"),
}
RESULT_CHOICE = click.Choice(["成立", "部分成立", "不成立", "upheld", "partly", "rejected"])

m = partial(say, MESSAGES)


@click.group(
    epilog="示例 / Example:  dingji objection add cun-02 --by 张某 --how 电话 --content 上级评定漏计了整改加分"
)
def objection():
    """异议处理：公示期间收到的异议、处理结果和答复 / objections to the notice."""


@objection.command(
    "add",
    epilog="示例 / Example:  dingji objection add cun-02 --on 2026-12-03 --by 张某 --how 电话 --contact 138xxxx1234 "
    "--content 上级评定漏计了整改加分",
)
@click.argument("org")
@click.option("--by", "raised_by", required=True, help="提出人（姓名或单位；不愿署名写“匿名”）/ raised by.")
@click.option("--content", required=True, help="异议内容 / what the objection says.")
@day_option("--on", "提出日期（默认今天）", "the day it was received")
@click.option("--how", "channel", default=None, help="方式：书面、电话、当面、来信… / how it came in.")
@click.option("--contact", default=None, help="联系方式 / how to reach whoever raised it.")
@year_option()
@pass_env
def add(env, org, raised_by, content, on, channel, contact, year):
    """记录一件异议（待处理）/ record an objection (open)."""
    from dingji.services.objections import add as record
    from dingji.services.objections import outside_period

    ws = env.workspace()
    year, day = the_year(year, ws), day_or_today(on, "--on", m("received"))
    values = {"received": day.isoformat(), "raised_by": raised_by, "content": content, "channel": channel}
    with ws.store() as store:
        number = record(store, year, org, {**values, "contact": contact})
        note = outside_period(store, year, day.isoformat())
    click.echo(m("added", id=number, org=org, by=raised_by, day=day))
    if note is not None:
        click.echo(note.say(lang()), err=True)


@objection.command(
    "decide",
    epilog="示例 / Example:  dingji objection decide 1 --result 成立 --decision 经核实漏计加分，更正评分 "
    "--reply 已电话答复本人 --on 2026-12-05",
)
@click.argument("number", type=int)
@click.option("--result", required=True, type=RESULT_CHOICE, help="处理结果：成立、部分成立、不成立 / the result.")
@click.option("--decision", default=None, help="处理意见（成立、部分成立、不成立时必填）/ the decision.")
@day_option("--on", "处理日期（默认今天）", "the day it was decided")
@click.option("--reply", default=None, help="答复情况 / the reply.")
@click.option("--replied-on", "replied_on", default=None, help="答复日期（默认：处理日期）/ the day of the reply.")
@year_option()
@pass_env
def decide(env, number, result, decision, on, reply, replied_on, year):
    """记录异议的处理结果和答复 / record an objection's result and reply."""
    from dingji.core.objection_form import BY_NAME, result_name
    from dingji.services.objections import decide as record
    from dingji.services.objections import objection as one

    ws = env.workspace()
    year, day = the_year(year, ws), day_or_today(on, "--on", m("decided_on"))
    values = {"result": result, "decision": decision, "decided_on": day.isoformat(), "reply": reply}
    values["replied_on"] = replied_on or (day.isoformat() if reply else None)
    with ws.store() as store:
        record(store, year, number, values)
        got = one(store, year, number)
        domain = next((r.domain for r in store.iter_result_rows(year, org=got["org"])), "")
    click.echo(m("decided", id=number, result=result_name(BY_NAME[result], lang()), day=day))
    if got["result"] in ("upheld", "partly") and got["amendment_id"] is None:
        click.echo(m("amend_hint", domain=domain, id=number), err=True)


@objection.command("list", epilog="示例 / Example:  dingji objection list --open")
@click.option("--org", default=None, help="只看一个组织 / one organization.")
@click.option("--open", "open_only", is_flag=True, help="只列待处理的异议 / only those open.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", help="输出格式 / format."
)
@year_option()
@pass_env
def list_(env, org, open_only, fmt, year):
    """异议及其处理结果、答复、更正 / the objections, their results, replies and corrections."""
    from dingji.report.objections import objection_rows, tally_text
    from dingji.report.year_sheets import domain_names
    from dingji.services.roster import known_org

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        if org:
            known_org(store.roster(), org)
        every = objection_rows(store, year, domain_names(env.registry()), lang())
        tally = tally_text(store, year, every, lang())
    data = [r for r in every if (not org or r["org"] == org) and (not open_only or r["result"] == "open")]
    if fmt == "json":
        click.echo(json.dumps({"year": year, "objections": data}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        keys = list(data[0]) if data else ["number", "org"]
        write_csv(keys, ([d[k] for k in keys] for d in data))
        return
    _table(data)
    click.echo(m("tally", year=year, text=tally) if every else m("none", year=year), err=True)


def _table(data):
    en = lang() == "en"
    if not data:
        return
    heads = [
        "No." if en else "异议编号",
        h("org"),
        h("name"),
        h("grade"),
        "Received" if en else "提出日期",
        "Raised by" if en else "提出人",
        "Objection" if en else "异议内容",
        "Result" if en else "处理结果",
        "Reply" if en else "答复",
        "Correction" if en else "更正",
    ]
    rows = [
        [
            d["number"],
            d["org"],
            d["name"],
            d["grade"] or "",
            d["received"],
            d["raised_by"],
            short(d["content"], 24),
            d["result_name"],
            d["replied_on"] or "",
            d["amendment_text"],
        ]
        for d in data
    ]
    click.echo(table(heads, rows))


import_ = import_command(
    objection,
    "dingji.services.objections",
    m,
    "dingji objection import 异议处理.xlsx",
    """导入异议（xlsx 或 CSV）：无异议编号的行新增，有编号的行更新 / add and update objections.

    Every problem of every file is listed (exit status 1), and then nothing is stored.
    """,
)
template = template_command(
    objection,
    "dingji.services.objections",
    m,
    "objections",
    "dingji objection template -o 异议处理.xlsx",
    "异议处理模板，已有异议已填入，修改后再导入 / the template, holding the year's objections to edit.",
)
