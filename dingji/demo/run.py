"""``dingji demo``: make the sample township's workspace, grade it, export it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from dingji import demo
from dingji.services.evaluate import evaluate_files
from dingji.services.text import Count
from dingji.services.workspace import CONFIG, STORE, create


def run_demo(directory: Path, *, force: bool = False, lang: str = "zh", as_of: date | None = None):
    """Yield the lines to print; leaves a complete workspace in ``directory``.  ``as_of`` (default
    today) is the first day of the notice, and the day tasks are overdue as of in the ledger; when
    given, the commands suggested at the end take it too."""
    given, as_of = as_of is not None, as_of or date.today()
    directory = Path(directory)
    if force:
        for name in (CONFIG, STORE, STORE + "-wal", STORE + "-shm"):
            (directory / name).unlink(missing_ok=True)
        shutil.rmtree(directory / "inputs", ignore_errors=True)
    ws = create(directory, demo.NAME, demo.YEAR)
    reg = ws.registry()
    orgs = demo.roster()
    inputs = directory / "inputs"
    inputs.mkdir(exist_ok=True)
    roster_csv = inputs / "组织名单.csv"
    demo.write_roster_csv(orgs, roster_csv)
    store = ws.store()
    en = lang == "en"
    try:
        store.replace_roster(orgs, replace=True)
        yield (f"Workspace {ws.name} ({ws.year}): {ws.root}" if en else f"工作区 {ws.name}（{ws.year} 年）：{ws.root}")
        yield (
            f"  roster: {roster_csv} ({Count(len(orgs)):organization})"
            if en
            else f"  组织名单：{roster_csv}（{len(orgs)} 个组织）"
        )
        from dingji.demo.tracks import import_and_measure

        tracked_lines, tracked = import_and_measure(ws, reg, store, orgs, inputs)
        for name, path, n, k in tracked_lines:
            yield (
                f"  {name}: {path} ({Count(n):record}, {Count(k):organization})"
                if en
                else f"  {name}：{path}（{n} 条记录，{k} 个组织）"
            )
        orgs, data = demo.generate(reg.standards, tracked)
        counts_total = {}
        for domain, values in data.items():
            std = reg.standard(domain)
            path = inputs / f"{std.domain}评分.csv"
            demo.write_long_csv(values, path)
            results, run = evaluate_files(reg, std, [path], store=store, year=ws.year, trackers=ws.trackers)
            counts = {g.name: 0 for g in std.grades}
            for r in results:
                counts[r.grade] += 1
                counts_total[r.grade] = counts_total.get(r.grade, 0) + 1
            shown = " ".join(f"{g} {n}" for g, n in counts.items())
            yield (
                f"  {std.domain} ({std.id}): {path.name} → {len(results)} graded: {shown}"
                if en
                else f"  {std.domain}（{std.id}）：{path.name} → {len(results)} 个组织：{shown}"
            )
        from dingji.demo.after import run as after_grading  # last year, visits, rectification

        yield from after_grading(ws, reg, store, orgs, data, inputs, en)
        from dingji.report.ledger import Ledger, export

        ledger = Ledger.from_workspace(ws, store, reg, lang=lang, notice_from=as_of, as_of=as_of)
        book = export(ledger, reg.writer_for("ledger", name="xlsx"), directory / f"{ws.ledger_title()}.xlsx")
        page = directory / f"{ws.name}{ws.year}年分类定级结果公示.html"
        from dingji.services.ledger import write_notice

        # the notice is issued: the demo's rounds are published
        write_notice(ws, reg, output=page, lang=lang, notice_from=as_of)
        yield f"  ledger: {book}" if en else f"  台账：{book}"
        yield f"  notice: {page}" if en else f"  公示：{page}"
    finally:
        store.close()
    yield ""
    yield from to_try(directory, en, f" --as-of {as_of.isoformat()}" if given else "")


def to_try(directory: Path, en: bool, when: str = ""):
    """The commands to try next (``when``: the ``--as-of`` the demo was made with, if any)."""
    yield ("Try:" if en else "接下来可以试试：")
    yield from hints(
        [
            (f"cd {directory}", ""),
            (f"dingji explain {demo.BOUNDARY_ORG}", "89.95 → 90.0 好"),
            (f"dingji explain {demo.VETO_ORG}", "否决 / veto"),
            (f"dingji explain {demo.SERVICE_ORG}", "服务型 / service-oriented"),
            (f"dingji status{when}", "阶段与待办 / the year at a glance"),
            (f"dingji rectify list --overdue{when}", "逾期的整改任务 / overdue tasks"),
            ("dingji standards show village", "农村评分标准 / the village standard"),
            (f"dingji serve{when}", "在浏览器中打开工作台 / the desk in a browser: http://127.0.0.1:8650/"),
        ]
    )


def hints(rows):
    """Commands to try, their comments (#) in one column."""
    width = max(len(command) for command, _ in rows) + 2
    for command, comment in rows:
        yield f"  {command.ljust(width)}# {comment}" if comment else f"  {command}"
