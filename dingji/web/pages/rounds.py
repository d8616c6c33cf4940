"""``/rounds``: the rounds of the grading year, the notice (公示) that publishes them, the next round.

- ``/rounds``: every domain's rounds (number, name, published or not, the notice's date and
  period, amendments with their reasons), as ``dingji round list``.
- ``POST /rounds/start``: open the next round (复评) of a domain, as ``dingji round start``;
  the form names the round it follows, so that sending it twice opens one round, not two.
- ``POST /rounds/publish``: issue the notice, as ``dingji notice`` (the same service, which
  publishes the rounds): the file goes into the workspace's folder, named as the command
  names it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from starlette.routing import Route

from dingji import hookimpl
from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.services.ledger import write_notice
from dingji.services.rounds import round_rows, start_round
from dingji.store.rounds import amendments, current, round_name
from dingji.web.grading_view import round_text
from dingji.web.view import lang_of

FORMATS = {"html": ".html", "xlsx": ".xlsx"}


def _say(zh: str, en: str) -> Problem:
    return Problem(Place(), Text(zh, en))


def notice_days(ws) -> int:
    try:
        return int(ws.config.get("notice", {}).get("days", 5)) or 5
    except (TypeError, ValueError):
        return 5


def rounds_page(request, problems=(), links=(), done=None, form=None, status: int = 200):
    desk = request.app.state.desk
    lang = lang_of(request)
    with desk.store() as store, store.reading():
        rows = round_rows(store, desk.registry, desk.year)
        amended = amendments(store, desk.year)
    names = {r["domain"]: r["domain_name"] for r in rows}
    last = {r["domain"]: r for r in rows}
    for r in rows:
        r["current"] = last[r["domain"]] is r
        r["text"] = round_text(r, lang)
        r["shown_name"] = (
            round_name(r["number"], "en") if lang == "en" and r["name"] == round_name(r["number"]) else r["name"]
        )
    for a in amended:
        a["domain_name"] = names.get(a["domain"], a["domain"])
        a["text"] = round_text(a, lang)
    form = form or {}
    links = list(links) or ["#publish"] * len(problems)
    bad = {link[1:]: p.text.say(lang) for p, link in zip(problems, links) if link in ("#notice_from", "#days")}
    return desk.render(
        request,
        "rounds.html",
        status_code=status,
        title="",
        rows=rows,
        amendments=amended,
        problems=list(problems),
        links=links,
        bad=bad,
        summary=None,
        done=done,
        notice_from=form.get("notice_from") or desk.today().isoformat(),
        days=form.get("days") or str(notice_days(desk.ws)),
        fmt=form.get("format") if form.get("format") in FORMATS else "html",
        to_publish=[r for r in last.values() if not r["published_at"] or r["notice_stale"]],
    )


def rounds(request):
    return rounds_page(request)


def start(request):
    """Open the next round of a domain whose current round is published."""
    desk = request.app.state.desk
    lang = lang_of(request)
    form = request.state.form
    domain, after = form.get("domain"), form.get("after")
    std = desk.registry.standards.get(domain) if isinstance(domain, str) else None
    if std is None:
        return rounds_page(request, [_say("没有这个领域", "no such domain")], ["#rounds"], status=400)
    try:
        with desk.store() as store:
            now = current(store, desk.year, std.id)
            if now is not None and str(now["number"]) != str(after):  # sent twice, or another began it
                problem = _say(
                    f"{std.domain}已经是{round_text(now, 'zh')}，未再开始新的一轮",
                    f"{std.id} is in {round_text(now, 'en')} already; no further round was started",
                )
                return rounds_page(request, [problem], [f"#domain-{std.id}"], status=400)
            if now is not None and now["published_at"] is not None and form.get("confirm") != "yes":
                title = Text(f"开始 {std.domain} 的下一轮（复评）？", f"Start the next round (re-grading) of {std.id}?")
                return desk.render(request, "rounds_confirm.html", title=title.say(lang), std=std, now=now)
            got = start_round(store, desk.year, std.id)
    except DingjiError as exc:
        return rounds_page(request, exc.problems, [f"#domain-{std.id}"] * len(exc.problems), status=400)
    done = Text(
        f"已开始 {std.domain} {round_text(got, 'zh')}：本轮定级前，第 {got['number'] - 1} 轮的等次仍为当前等次。",
        f"{round_text(got, 'en').capitalize()} of {std.id} started: until it is graded, the grades of round "
        f"{got['number'] - 1} stand.",
    ).say(lang)
    return rounds_page(request, done={"text": done, "grade": std.id})


def publish(request):
    """Issue the notice: written where ``dingji notice`` writes it, then the rounds are published."""
    desk = request.app.state.desk
    lang = lang_of(request)
    form = request.state.form
    fields = {k: form.get(k) if isinstance(form.get(k), str) else "" for k in ("notice_from", "days", "format")}
    problems, links = [], []
    try:
        day = dt.date.fromisoformat(fields["notice_from"].strip())
    except ValueError:
        problems.append(_say("公示起始日期应为 年-月-日，如 2026-01-05", "the first day must be a date: YYYY-MM-DD"))
        links.append("#notice_from")
    days = fields["days"].strip()
    if not (days.isdigit() and 1 <= int(days) <= 365):
        problems.append(_say("公示天数应为 1～365 的整数", "the days must be a whole number from 1 to 365"))
        links.append("#days")
    suffix = FORMATS.get(fields["format"], ".html")
    if problems:
        return rounds_page(request, problems, links, form=fields, status=400)
    with desk.store() as store, store.reading():
        graded = bool(round_rows(store, desk.registry, desk.year))
    if not graded:
        problem = _say("本年度尚未定级，没有可公示的结果", "nothing is graded this year: there is nothing to publish")
        return rounds_page(request, [problem], ["#publish"], form=fields, status=400)
    try:
        got = write_notice(
            desk.ws,
            desk.registry,
            year=desk.year,
            lang=lang,
            notice_from=day,
            days=int(days),
            folder=desk.ws.root,
            suffix=suffix,
        )
    except DingjiError as exc:
        return rounds_page(request, exc.problems, ["#publish"] * len(exc.problems), form=fields, status=400)
    name = Path(got["path"]).name  # kept in the workspace folder, as dingji notice keeps it
    text = Text(
        f"已发布公示（{got['organizations']} 个组织，{got['period']}），已保存在工作区文件夹中：{name}",
        f"The notice is issued ({got['organizations']} organizations, {got['period']}), kept in the workspace "
        f"folder as {name}",
    ).say(lang)
    return rounds_page(request, done={"text": text, "grade": None, "notice": fields["format"] or "html"})


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/rounds", "轮次与公示", "Rounds")
    return [
        Route("/rounds", rounds, name="rounds"),
        Route("/rounds/start", start, methods=["POST"], name="rounds_start"),
        Route("/rounds/publish", publish, methods=["POST"], name="rounds_publish"),
    ]
