"""The ledger's sheets and their rows, generated from the store one organization at a time.

The main sheet (分类定级台账) reads stored results without re-grading.  The detail
sheets need every indicator's points per source: they re-compute them from the
stored inputs with the core's own parsers and per-source plan, and check each
source's total against the stored one (as :func:`dingji.report.results.regrade` checks the
score), so a scoring rule changed since is reported, never shown.  That costs
about a fifth of a full re-grade, which at 400,000 organizations would take
longer than writing the workbook.

The detail sheets are in :mod:`.detail_rows` (:func:`detail_sheet` importable from here too),
what the rows share in :mod:`.row_info`.
"""

from __future__ import annotations

import json

from dingji.report.detail_rows import detail_sheet  # noqa: F401 - re-exported
from dingji.report.notice import notice_sheet, standards_sheet  # noqa: F401 - re-exported
from dingji.report.row_info import _infos, _Numbers
from dingji.report.sheet import Block, Chart, LedgerSheet, numbered


def main_sheet(ledger) -> LedgerSheet:
    L = ledger.label
    sids = list(ledger.source_columns)
    headers = [
        L("org"),
        L("name"),
        L("domain"),
        *ledger.source_columns.values(),
        L("bonus"),
        L("penalty"),
        L("score"),
        L("grade"),
        L("vetoes"),
        L("service"),
        L("previous"),
        L("move"),
        L("rounds"),
    ]
    precision = max(s.precision for s in ledger.standards.values())
    formats = [
        None,
        None,
        None,
        *["0.00"] * len(sids),
        None,
        None,
        "0." + "0" * precision if precision else "0",
        "grade",
        "wrap",
        None,
        "grade",
        None,
        "wrap",
    ]

    def rows():
        from dingji.store.rounds import kept_grades, run_rounds

        info_of, num, yes, tick = _infos(ledger), _Numbers(), L("yes"), ledger.progress
        kept, current = kept_grades(ledger.store, ledger.year), run_rounds(ledger.store, ledger.year)
        for i, (row, previous) in enumerate(ledger.store.iter_ledger_rows(ledger.year)):
            if tick is not None and i % 1000 == 999:
                tick(1000)
            info = info_of(row.run_id)
            src = json.loads(row.sources)
            yield (
                row.org,
                row.name,
                info.domain,
                *[num(src.get(s)) for s in sids],
                num(row.bonus),
                num(row.penalty),
                float(row.score),
                row.grade,
                info.vetoes(row.vetoes, row.score, row.grade),
                yes if row.service else "",
                previous or "",
                info.move(row.grade, previous),
                _rounds_text(kept.get(row.org), current.get(row.run_id), row.grade, info),
            )

    return LedgerSheet(L("main"), headers, rows, title=ledger.title, formats=formats)


def _rounds_text(kept, now, grade: str, info) -> str:
    """``初定 较差 → 复评 一般（升）``: the rounds of the year and the last move, blank with one round."""
    if not kept or now is None:
        return ""
    steps = [f"{name} {g}" for _, name, g in kept] + [f"{now[1]} {grade}"]
    move = info.move(grade, kept[-1][2])
    return " → ".join(steps) + (f"（{move}）" if move else "")


def poor_rows(ledger):
    """(name, domain, org, score, [rules that hold]) of every organization in its standard's lowest grade."""
    info_of = _infos(ledger)
    for domain, std in ledger.standards.items():
        for row, _ in ledger.store.iter_ledger_rows(ledger.year, domain, std.lowest_grade):
            info = info_of(row.run_id)
            yield (
                row.name,
                info.domain,
                row.org,
                float(row.score),
                [x for x in [info.vetoes(row.vetoes, row.score, row.grade)] if x],
            )


def summary_sheet(ledger) -> LedgerSheet:
    L, s = ledger.label, ledger.summary()
    grades = s["grades"]
    headers = [L("domain"), L("count")]
    for g in grades:
        headers += [g, L("share")]
    headers += [L("service"), L("share")]

    def line(name, x):
        out = [name, x["total"]]
        for g in grades:
            out += [x["counts"].get(g, 0), x["shares"].get(g, 0)]
        return out + [x["service"], x["service_share"]]

    table = [line(d["name"], d) for d in s["domains"]] + [line(L("total"), s["overall"])]
    formats = [None, "0"] + ["0", "0.0%"] * (len(grades) + 1)
    lowest = grades[-1] if grades else ""
    poor = [(p["name"], p["domain"], p["org"], p["score"], "；".join(p["rules"])) for p in s["poor"]]
    more: list = []  # the contributed parts (the built-in: 晋位升级, checks, rectification, visits): 三、…
    for part in ledger.summary_parts():
        if part.blocks is not None:
            more += part.blocks(ledger, s, 3 + len(more))
    blocks = (
        Block(L("by_domain"), headers, table, formats),
        Block(
            L("poor", grade=lowest, n=len(poor)),
            [L("name"), L("domain"), L("org"), L("score"), L("rules")],
            poor or [(L("none"),)],
            [None, None, None, "0.0", "wide"],
        ),
        *more,
        Block(
            numbered(3 + len(more), L("about"), ledger.lang),
            [L("item"), L("content")],
            ledger.manifest_lines(),
            [None, "wide"],
        ),
    )
    chart = Chart(L("chart"), 0, [2 + 2 * i for i in range(len(grades))])
    widths = [24, 20, 11] + [9] * (len(headers) - 3)
    return LedgerSheet(L("summary"), title=ledger.title, blocks=blocks, chart=chart, widths=widths)


def json_results(ledger):
    """The result objects of ``evaluate --format json``, re-graded one at a time."""
    from dingji.io.result_text import result_text
    from dingji.report.results import iter_results

    for result in iter_results(ledger.store, ledger.registry, ledger.year):
        yield result_text(result)


def history(ledger):
    """Last year's grade and the move, for each organization that has one."""
    info_of = _infos(ledger)
    for row, previous in ledger.store.iter_ledger_rows(ledger.year):
        if previous is not None:
            yield {"org": row.org, "grade": previous, "move": info_of(row.run_id).move(row.grade, previous)}
