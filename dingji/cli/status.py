"""``dingji status``: the phases of the year and what is outstanding."""

from __future__ import annotations

import json
from functools import partial

import click

from dingji.cli import pass_env
from dingji.cli.i18n import lang, say
from dingji.cli.options import day_option, day_or_today, the_year, year_option
from dingji.services.text import Count

T = {
    "head": ("{name} {year} 年 · 截至 {day}", "{name} {year} · as of {day}"),
    "phases": ("阶段：", "Phases:"),
    "undated": ("（未设日期）", "(no dates)"),
    "no_dates": (
        "  在 dingji.toml 的 [phases] 中设置各阶段的日期",
        "  set the phases' dates in [phases] of dingji.toml",
    ),
    "now_in": ("当前阶段：{name}（还有 {days} 天结束）", "Current phase: {name} ({days:day} left)"),
    "now_last": ("当前阶段：{name}（今天结束）", "Current phase: {name} (ends today)"),
    "before": ("尚未开始：{name} 于 {start} 开始", "Not started yet: {name} begins on {start}"),
    "between": ("两阶段之间：下一阶段 {name} 于 {start} 开始", "Between phases: {name} begins on {start}"),
    "after": ("全部阶段已结束", "Every phase is over"),
    "state_undated": ("当前阶段：未知（阶段未设日期）", "Current phase: unknown (no dates)"),
    "todo": ("待办：", "Outstanding:"),
    "not_visited": (
        "未走访的组织：{n} 个{names}（dingji visit list --missing）",
        "organizations not visited: {n}{names} (dingji visit list --missing)",
    ),
    "not_evaluated": ("未定级的领域：{items}（dingji evaluate）", "domains not evaluated: {items} (dingji evaluate)"),
    "not_graded": ("没有定级结果的组织：{n} 个{names}", "organizations without a grade: {n}{names}"),
    "overdue": (
        "逾期未完成的整改任务：{n} 项{items}（dingji rectify list --overdue）",
        "rectification tasks overdue: {n}{items} (dingji rectify list --overdue)",
    ),
    "to_file": (
        "整改方案待报市委组织部备案：{items}（dingji rectify filed）",
        "plans to be filed: {items} (dingji rectify filed)",
    ),
    "no_plan": (
        "定级为一般、较差但没有整改方案的组织：{n} 个{names}（dingji rectify suggest）",
        "organizations graded 一般 or 较差 without a rectification plan: {n}{names} (dingji rectify suggest)",
    ),
    "nothing": ("  无", "  nothing"),
    "visits_overdue": (
        "逾期未走访的分工：{n} 个{items}（dingji visit list --missing）",
        "visits assigned and overdue: {n}{items} (dingji visit list --missing)",
    ),
    "classes": ("整改任务：{items}", "Rectification: {items}"),
    "class_item": ("{name} {n} 项（逾期 {late}）", "{name} {n} ({late} overdue)"),
    "plan": (
        "走访分工：已分工 {assigned} 个，已走访 {done}，逾期未走访 {overdue}，未到期 {pending}；未分工且未走访 {unassigned} 个",
        "Visits assigned: {assigned}: {done} visited, {overdue} overdue, {pending} not due yet; "
        "{unassigned} neither assigned nor visited",
    ),
    "rounds": ("定级轮次：{items}", "Rounds: {items}"),
    "r_item": ("{domain} 第 {n} 轮（{name}，{state}）", "{domain} round {n} ({name}, {state})"),
    "r_open": ("未公示", "not published"),
    "r_published": ("{day} 已公示", "published {day}"),
    "r_stale": ("更正后未重新公示", "amended since its notice: issue it again"),
    "moves": (
        "晋位升级（与 {prev} 年比较）：升 {up}，平 {same}，降 {down}",
        "Moving up (against {prev}): up {up}, same {same}, down {down}",
    ),
    "no_moves": ("晋位升级：{prev} 年没有定级结果，不作比较", "Moving up: no results for {prev}"),
    "checks": ("分布核查（仅作提示）：", "Distribution checks (guidance only):"),
    "checks_ok": ("全部 {n} 项符合", "all {n} met"),
    "checks_rest": ("  其余 {n} 项符合", "  the other {n} met"),
    "near": (
        "距分数线 {margin} 分以内、建议复核：{items}",
        "Within {points} of a grade line, for a second look: {items}",
    ),
    "count": (
        "{n} 个组织，已定级 {graded}，已走访 {visited}，整改任务 {tasks} 项",
        "{n:organization}, {graded} graded, {visited} visited, {tasks:rectification task}",
    ),
}
STATE = {"done": ("已结束", "over"), "now": ("进行中", "now"), "later": ("未开始", "to come")}


s = partial(say, T)


def cut(texts: list[str], n: int, sep: str, unit: str = "个") -> str:
    """The first ``n`` texts; when there are more, an ellipsis and how many more:
    ``甲、乙……另有 3 个`` / ``a, b … and 3 more``."""
    shown = sep.join(texts[:n])
    if len(texts) <= n:
        return shown
    more = len(texts) - n
    return shown + (f" … and {more} more" if lang() == "en" else f"……另有 {more} {unit}")


def _listed(texts: list[str]) -> str:
    """At most :data:`SHOWN` texts; past that, how many more and where all of them are."""
    from dingji.report.notices import SHOWN

    shown = cut(texts, SHOWN, ", " if lang() == "en" else "、")
    if len(texts) <= SHOWN:
        return shown
    return shown + (
        "; all of them: dingji status --format json" if lang() == "en" else "；全部：dingji status --format json"
    )


def _names(items, n=5):
    if not items:
        return ""
    shown = cut([x["name"] for x in items], n, ", " if lang() == "en" else "、")
    return f" ({shown})" if lang() == "en" else f"（{shown}）"


@click.command(epilog="示例 / Example:  dingji status --as-of 2026-07-01")
@day_option("--as-of", "按此日查看", "as of this day")
@year_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式 / format.")
@pass_env
def status(env, as_of, year, fmt):
    """本年度工作进展：各阶段及日期、当前阶段、待办事项 / the year at a glance."""
    from dingji.services.status import status as make

    ws = env.workspace()
    day = day_or_today(as_of, note=False)  # its first line names the day
    with ws.store() as store:
        got = make(ws, store, env.registry(), the_year(year, ws), day, lang())
    if fmt == "json":
        click.echo(json.dumps(got, ensure_ascii=False, indent=2))
        return
    for line in lines(got):
        click.echo(line)


def lines(got: dict) -> list[str]:
    """The text of ``dingji status``: heading, phases, what is outstanding, moves, checks; the 先进典型
    and, in the last phase, what stays open and the year's rounds (:mod:`.status_year`)."""
    out = [
        s("head", name=got["workspace"], year=got["year"], day=got["as_of"]),
        s("count", n=got["organizations"], graded=got["graded"], visited=got["visited"], tasks=got["tasks"]),
        "",
        s("phases"),
        *_phase_lines(got),
        "",
        s("todo"),
    ]
    out += [f"  - {x}" for x in _todo(got["outstanding"])] or [s("nothing")]
    from dingji.cli import status_year  # 学习先进, 巩固成果

    return out + ["", *_round_lines(got["rounds"]), *_after(got), *status_year.lines(got)]


def _round_lines(rounds: list[dict]) -> list[str]:
    """定级轮次: each domain's current round, published or not; an out-of-date notice stands out."""
    if not rounds:
        return []
    from dingji.store.rounds import round_name

    en, sep = lang() == "en", ("; " if lang() == "en" else "；")
    parts = []
    for r in rounds:
        name = round_name(r["round"], "en") if en and r["round_name"] == round_name(r["round"]) else r["round_name"]
        state = (
            (s("r_stale") if r["notice_out_of_date"] else s("r_published", day=r["published"]))
            if r["published"]
            else s("r_open")
        )
        parts.append(s("r_item", domain=r["name"], n=r["round"], name=name, state=state))
    return [s("rounds", items=sep.join(parts))]


def _phase_lines(got: dict) -> list[str]:
    from dingji.cli.output import pad, width
    from dingji.report.plan import Phase

    en, out = lang() == "en", []
    names = [Phase(p["name"]).label(lang()) for p in got["phases"]]
    wide = max(map(width, names), default=0)
    for i, p in enumerate(got["phases"], 1):
        name = pad(names[i - 1], wide)
        if p["start"] is None:
            out.append(f"  {i}. {name} {s('undated')}")
            continue
        state = "now" if p["current"] else "done" if p["end"] < got["as_of"] else "later"
        mark = "▶" if p["current"] else " "
        out.append(f"{mark} {i}. {name}  {p['start']} {'to' if en else '至'} {p['end']}  {STATE[state][en]}")
    if got["state"] == "undated":
        out += [s("no_dates"), s("state_undated")]
    elif got["state"] == "in":
        cur = Phase(got["current"]).label(lang())
        out.append(s("now_in", name=cur, days=got["days_left"]) if got["days_left"] else s("now_last", name=cur))
    elif got["state"] == "after":
        out.append(s("after"))
    else:
        out.append(s(got["state"], name=Phase(got["next"]["name"]).label(lang()), start=got["next"]["start"]))
    return out


def _todo(o: dict) -> list[str]:
    en, todo = lang() == "en", []
    if o["not_visited"]:
        todo.append(s("not_visited", n=len(o["not_visited"]), names=_names(o["not_visited"])))
    if o.get("visits_overdue"):
        items = cut(
            [
                f"{x['name']}：{x['visitors']}，{x['due']}" if not en else f"{x['name']}: {x['visitors']}, {x['due']}"
                for x in o["visits_overdue"]
            ],
            3,
            "; " if en else "；",
        )
        todo.append(s("visits_overdue", n=len(o["visits_overdue"]), items=f" ({items})" if en else f"（{items}）"))
    if o["domains_not_evaluated"]:
        sep = ", " if en else "、"
        todo.append(
            s(
                "not_evaluated",
                items=sep.join(
                    f"{d['name']}（{d['organizations']} 个组织）"
                    if not en
                    else f"{d['name']} ({Count(d['organizations']):organization})"
                    for d in o["domains_not_evaluated"]
                ),
            )
        )
    if o["not_graded"]:
        todo.append(s("not_graded", n=len(o["not_graded"]), names=_names(o["not_graded"])))
    if o["overdue"]:
        items = cut(
            [
                f"{t['org']} {_short(t['problem'])}" + (f" ({t['deadline']})" if en else f"（{t['deadline']}）")
                for t in o["overdue"]
            ],
            3,
            "; " if en else "；",
            "项",
        )
        todo.append(s("overdue", n=len(o["overdue"]), items=f"：{items}" if not en else f": {items}"))
    if o["no_plan"]:
        todo.append(s("no_plan", n=len(o["no_plan"]), names=_names(o["no_plan"])))
    if o["to_file"]:
        todo.append(
            s(
                "to_file",
                items=_listed(
                    [f"{x['name']} ({x['org']})" if en else f"{x['name']}（{x['org']}）" for x in o["to_file"]]
                ),
            )
        )
    return todo


def _after(got: dict) -> list[str]:
    """The rectification per kind and the visits assigned; 晋位升级, the distribution checks, and the
    scores within the margin of a grade line."""
    from dingji.report.graded import class_name

    en, mv = lang() == "en", got["moves"]
    out = []
    kinds = {c: x for c, x in got.get("rectification", {}).items() if c != "none"}
    if any(x["tasks"] for x in kinds.values()):
        items = [s("class_item", name=class_name(c, lang()), n=x["tasks"], late=x["overdue"]) for c, x in kinds.items()]
        out.append(s("classes", items=(", " if en else "，").join(items)))
    if got.get("visits_plan", {}).get("assigned"):
        out.append(s("plan", **got["visits_plan"]))
    out += [
        s("moves", prev=mv["previous_year"], up=mv["up"], same=mv["same"], down=mv["down"])
        if mv["compared"]
        else s("no_moves", prev=mv["previous_year"])
    ]
    if got["checks"]:
        bad = [c for c in got["checks"] if not c["ok"]]
        out.append(s("checks") + ("" if bad else s("checks_ok", n=len(got["checks"]))))
        out += [f"  ⚠ {c['text']}" for c in bad]
        if bad and len(bad) < len(got["checks"]):
            out.append(s("checks_rest", n=len(got["checks"]) - len(bad)))
    if got["near"]:
        margin = got["margin"]
        out.append(
            s(
                "near",
                margin=margin,
                points="a point" if margin == 1 else f"{margin} points",
                items=_listed([f"{x['name']} {x['score']}" for x in got["near"]]),
            )
        )
    return out


def _short(text: str, limit: int = 16) -> str:
    """A task's problem in a one-line list: whole if short, else cut with "…" (never on a comma)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rstrip("，,；;、 ") + "…"
