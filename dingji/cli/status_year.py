"""The lines of ``dingji status`` for the plan's later phases: 学习先进 (the 先进典型 recorded)
and 巩固成果 (what stays open, the year's moves from round to round, what carries into next
year).  See :mod:`dingji.services.consolidate` for the data."""

from __future__ import annotations

from functools import partial

from dingji.cli.i18n import lang, say
from dingji.report.graded import DOWN, SAME, UP
from dingji.services.consolidate import CONSOLIDATE, LEARN, in_phase

T = {
    "learn": (
        "学习先进：先进典型 {n} 个（党组织 {orgs} 个，党员 {members} 名），已表彰 {commended} 个（dingji exemplar list）",
        "Exemplars: {n} ({orgs:organization}, {members:member}), {commended} commended (dingji exemplar list)",
    ),
    "learn_none": (
        "学习先进：尚未记录先进典型（dingji exemplar add）",
        "Exemplars: none recorded yet (dingji exemplar add)",
    ),
    "head": ("巩固成果：", "Consolidating the year:"),
    "open": ("  仍未结束：", "  Still open:"),
    "tasks": (
        "    - 整改任务未验收销号 {n} 项（{parts}），涉及 {orgs} 个组织，其中逾期 {late} 项（dingji rectify list）",
        "    - rectification tasks not closed: {n} ({parts}), of {orgs:organization}; {late} overdue (dingji rectify list)",
    ),
    "tasks_none": ("    - 整改任务已全部验收销号", "    - every rectification task is closed"),
    "visits": (
        "    - 未走访的组织 {n} 个（dingji visit list --missing）",
        "    - organizations not visited: {n} (dingji visit list --missing)",
    ),
    "moves": ("  本年定级：", "  This year's grading:"),
    "one_round": ("（仅{name}，未复评）", " (only the {name}; not graded again)"),
    "moved": ("；较{first}：升 {up}，平 {same}，降 {down}", "; against the {first}: up {up}, same {same}, down {down}"),
    "next": (
        "  转入 {year} 年：未销号的整改任务 {n} 项；{year} 年的晋位升级与本年最后一轮的等次比较",
        "  Into {year}: {n:open task}; {year}'s moves compare with this year's latest round",
    ),
}
s = partial(say, T)


def lines(got: dict) -> list[str]:
    """The 学习先进 line (in that phase, or once there are exemplars) and, in the last phase, the 巩固成果 block."""
    out = []
    ex = got["exemplars"]
    if ex["count"]:
        out.append(
            s("learn", n=ex["count"], orgs=ex["organizations"], members=ex["members"], commended=ex["commended"])
        )
    elif in_phase(got, LEARN):
        out.append(s("learn_none"))
    if in_phase(got, CONSOLIDATE):
        out += ["", *_consolidate(got["consolidation"])]
    return out


def _consolidate(c: dict) -> list[str]:
    from dingji.core.rectify_form import status_name
    from dingji.store.rounds import round_name

    en = lang() == "en"
    sep = ", " if en else "，"
    o = c["open"]
    out = [s("head"), s("open")]
    if o["tasks"]:
        parts = sep.join(f"{status_name(k, lang())} {n}" for k, n in o["statuses"].items() if n)
        out.append(s("tasks", n=o["tasks"], parts=parts, orgs=o["organizations"], late=o["overdue"]))
    else:
        out.append(s("tasks_none"))
    if o["not_visited"]:
        out.append(s("visits", n=o["not_visited"]))
    out.append(s("moves"))
    for d in c["rounds"]:
        steps = []
        for r in d["rounds"]:
            counts = " ".join(f"{g} {n}" for g, n in r["counts"].items())
            steps.append(f"{round_name(r['round'], lang())} {counts}")
        line = f"    - {d['name']}{': ' if en else '：'}{' → '.join(steps)}"
        if d["moves"] is None:
            line += s("one_round", name=round_name(d["rounds"][0]["round"], lang()))
        else:
            m, first = d["moves"], round_name(d["rounds"][0]["round"], lang())
            line += s("moved", first=first, up=m[UP], same=m[SAME], down=m[DOWN])
        out.append(line)
    out.append(s("next", year=c["next_year"]["year"], n=c["next_year"]["tasks"]))
    return out
