"""``dingji round list`` and ``dingji round start``: the rounds of the grading year."""

from __future__ import annotations

from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import lang, say
from dingji.cli.options import the_year, year_option
from dingji.cli.output import table

MESSAGES = {
    "started": (
        "已开始 {year} 年 {domain} 第 {number} 轮（{name}）：本轮定级前，现有等次（第 {prev} 轮）仍为当前等次；"
        "用 dingji evaluate {domain} 定级",
        "round {number} ({name}) of {domain} {year} started: until it is graded, the grades of round {prev} "
        "stand; grade it with dingji evaluate {domain}",
    ),
    "none": (
        "{year} 年还没有定级（dingji evaluate 开始第一轮）",
        "nothing graded in {year} yet (dingji evaluate opens round 1)",
    ),
    "head": (
        ("领域", "轮次", "名称", "开始", "公示", "更正", "公示状态"),
        ("Domain", "Round", "Name", "Opened", "Published", "Amended", "Notice"),
    ),
    "unpublished": ("未公示", "not published"),
    "current": ("有效", "current"),
    "stale": ("已过期，须重新公示", "out of date"),
}
m = partial(say, MESSAGES)


@click.group(epilog="示例 / Example:  dingji round list;  dingji round start village")
def round_():
    """定级轮次：初定、公示后整改复评（晋位升级）/ rounds of the grading year."""


@round_.command("list", epilog="示例 / Example:  dingji round list --year 2026")
@year_option()
@pass_env
def list_(env, year):
    """各领域本年度的定级轮次、公示与更正 / every round of the year, its notice and amendments."""
    from dingji.services.rounds import round_rows
    from dingji.store.rounds import round_name

    ws = env.workspace()
    year = the_year(year, ws)
    with ws.store() as store:
        rows = round_rows(store, env.registry(), year)
    if not rows:
        click.echo(m("none", year=year))
        return
    en = lang() == "en"
    head = MESSAGES["head"][1 if en else 0]
    out = []
    for r in rows:
        state = m("unpublished") if not r["published_at"] else m("stale") if r["notice_stale"] else m("current")
        name = round_name(r["number"], "en") if en and r["name"] == round_name(r["number"]) else r["name"]
        out.append(
            [
                r["domain_name"],
                r["number"],
                name,
                r["opened_at"][:10],
                (r["notice_from"] or "")[:10],
                r["amendments"] or "",
                state,
            ]
        )
    click.echo(table(head, out, numeric=(1, 5)))


@round_.command("start", epilog="示例 / Example:  dingji round start village")
@click.argument("domain")
@click.option("--name", default=None, help="本轮名称（默认：复评）/ the round's name (default 复评).")
@year_option()
@pass_env
def start(env, domain, name, year):
    """公示、整改之后开始下一轮定级（复评）/ open the next round after the notice and rectification."""
    from dingji.services.rounds import start_round

    ws = env.workspace()
    year = the_year(year, ws)
    std = env.registry().standard(domain)
    with ws.store() as store:
        got = start_round(store, year, std.id, name)
    click.echo(m("started", year=year, domain=std.id, number=got["number"], name=got["name"], prev=got["number"] - 1))
