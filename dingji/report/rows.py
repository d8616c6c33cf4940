"""The ledger's sheets and their rows, generated from the store one organization at a time.

The main sheet (分类定级台账) reads stored results without re-grading.  The detail
sheets need every indicator's points per source: they re-compute them from the
stored inputs with the core's own parsers and per-source plan, and check each
source's total against the stored one (as :func:`dingji.report.results.regrade` checks the
score), so a scoring rule changed since is reported, never shown.  That costs
about a fifth of a full re-grade, which at 400,000 organizations would take
longer than writing the workbook.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.numbers import dec, fmt
from dingji.core.scoring import plan_for
from dingji.core.text import Text
from dingji.core.values import parse
from dingji.report.sheet import Block, Chart, LedgerSheet, numbered

_CENT, _BP, _ZERO = Decimal("0.01"), Decimal("0.0001"), Decimal(0)


class _Numbers:
    """Stored decimal texts as floats for the sheet, rounded half up to 2 places (cached)."""

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, text):
        if text is None:
            return None
        got = self.cache.get(text)
        if got is None:
            got = float(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP))
            if len(self.cache) < 200_000:
                self.cache[text] = got
        return got


class _RunInfo:
    """Per stored run: the domain's name, veto names, grade ranks."""

    def __init__(self, ledger, run_id: int):
        std, _ = ledger.standard_of(run_id)
        self.standard, self.lang = std, ledger.lang
        self.domain = std.domain
        self.veto_names = {v.id: v.name for v in std.vetoes}
        self.ranks = {g.name: i for i, g in enumerate(std.grades)}
        self._vetoes: dict[str, str] = {}
        self.moves = {-1: ledger.label("up"), 0: ledger.label("same"), 1: ledger.label("down")}

    def vetoes(self, ids: str, score: str, grade: str) -> str:
        """The rules that changed the grade, then those that hold without effect (labelled)."""
        if not ids:
            return ""
        from dingji.core.rules import rules_text, score_grade_of

        key = (ids, score_grade_of(self.standard, Decimal(score)), grade)
        got = self._vetoes.get(key)
        if got is None:
            rules = [v for v in self.standard.vetoes if v.id in ids.split(",")]
            got = self._vetoes[key] = rules_text(self.standard, Decimal(score), grade, rules, self.lang)
        return got

    def move(self, grade: str, previous: str | None) -> str:
        if previous is None or previous not in self.ranks:
            return ""
        d = self.ranks[grade] - self.ranks[previous]
        return self.moves[(d > 0) - (d < 0)]


def _infos(ledger):
    cache: dict[int, _RunInfo] = {}

    def get(run_id):
        info = cache.get(run_id)
        if info is None:
            info = cache[run_id] = _RunInfo(ledger, run_id)
        return info

    return get


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


def detail_sheet(ledger, domain: str) -> LedgerSheet:
    """Every indicator's points per source for one domain, then the source totals and the grade."""
    L = ledger.label
    std = ledger.standards[domain]
    n_sources = sum(s.kind == "indicators" for s in std.sources)
    ind_sources = [(s.id, s.name) for s in std.sources if s.kind == "indicators"]
    groups, headers = ["", ""], [L("org"), L("name")]
    for ind, _ in std.scorers:
        for _, name in ind_sources:
            groups.append(f"{ind.name}（{fmt(ind.points)}分）")
            headers.append(name)
    tail = [L("subtotal", source=s.name) for s in std.sources]
    tail += ([L("satisfaction")] if std.uses_satisfaction() else []) + [
        L("bonus"),
        L("penalty"),
        L("score"),
        L("grade"),
    ]
    groups += [""] * len(tail)
    headers += tail
    n_points = len(headers) - 2 - len(tail)
    score_format = "0" if std.precision == 0 else "0." + "0" * std.precision
    formats = [None, None, *[None] * n_points, *["0.00"] * len(std.sources)]
    formats += (["0.0%"] if std.uses_satisfaction() else []) + [None, None, score_format, "grade"]
    order = [(si, index) for index in range(len(std.scorers)) for si in range(n_sources)]

    def rows():
        num, tick, sat = _Numbers(), ledger.progress, std.uses_satisfaction()
        points = None
        for i, row in enumerate(ledger.store.iter_result_rows(ledger.year, domain)):
            if tick is not None and i % 1000 == 999:
                tick(1000)
            if points is None or points.run_id != row.run_id:
                points = _Points(row.run_id, *ledger.standard_of(row.run_id))
            stored = json.loads(row.sources)
            per_source = points(row, stored)
            out = [row.org, row.name]
            out += [per_source[si][index] for si, index in order]
            out += [num(stored.get(s.id)) for s in std.sources]
            if sat:
                out.append(None if row.satisfaction is None else float(Decimal(row.satisfaction).quantize(_BP)))
            out += [num(row.bonus), num(row.penalty), float(row.score), row.grade]
            yield out

    return LedgerSheet(
        L("detail", domain=std.domain),
        headers,
        rows,
        title=f"{ledger.title}·{std.domain}",
        formats=formats,
        groups=groups,
    )


class _Points:
    """Each indicator's points per ``indicators`` source from a stored row's inputs, memoized on
    the entered texts (a township's values repeat: 5, 4.5, 是 ...), each source's total
    checked against the stored one."""

    def __init__(self, run_id, std, keys):
        from dingji.core.inputs import spec_for

        self.run_id, accepts, cache = run_id, spec_for(std).accepts, {}
        pos = {k: i for i, k in enumerate(keys)}
        self.sources = []
        for sid, plan_rows in plan_for(std).per_source:
            items = []
            for index, maximum, points, key, single in plan_rows:
                ks = (key,) if single else key
                items.append((index, tuple(pos[k] for k in ks), tuple(accepts[k][:2] for k in ks), maximum, points))
            self.sources.append((sid, items))
        self.cache = cache

    def __call__(self, row, stored) -> list[list[float]]:
        parts, cache, out = row.inputs.split("\t"), self.cache, []
        for sid, items in self.sources:
            subtotal, got = _ZERO, []
            for index, poss, kinds, maximum, points in items:
                raw = parts[poss[0]] if len(poss) == 1 else tuple(parts[p] for p in poss)
                hit = cache.get((index, raw))
                if hit is None:
                    raws = (raw,) if len(poss) == 1 else raw
                    p = points(*[parse(kind, r, mx)[0] for (kind, mx), r in zip(kinds, raws)])
                    p = _ZERO if p < 0 else maximum if p > maximum else p
                    hit = (p, float(p))
                    if len(cache) < 500_000:
                        cache[(index, raw)] = hit
                subtotal += hit[0]
                got.append(hit[1])
            if dec(subtotal) != Decimal(stored[sid]):  # a fraction (43/56 × 6) is stored to 60 digits
                _changed(row, sid, subtotal, stored[sid])
            out.append(got)
        return out


def _changed(row, sid, got, stored):
    raise DingjiError(
        [
            Problem(
                Place(key=row.org),
                Text(
                    f"重新计算 {row.org} 的 {sid} 得 {got}，与保存的 {stored} 不符：保存之后计分规则有变化"
                    f"（dingji 或插件已升级）；请重新运行 dingji evaluate {row.domain}",
                    f"re-computing {row.org} gives {got} for source {sid}, the store has {stored}: "
                    "the scoring rules changed since it was stored (dingji or a plugin was upgraded); "
                    f"run dingji evaluate {row.domain} again",
                ),
            )
        ]
    )


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


def notice_sheet(ledger) -> LedgerSheet:
    L = ledger.label
    headers = [L("no"), L("name"), L("domain"), L("notice_grade"), L("notice_service")]

    def rows():
        names, yes = {d: std.domain for d, std in ledger.standards.items()}, L("yes")
        for i, row in enumerate(ledger.store.iter_result_rows(ledger.year), 1):
            yield i, row.name, names.get(row.domain, row.domain), row.grade, yes if row.service else ""

    return LedgerSheet(
        L("notice"),
        headers,
        rows,
        title=L("notice_title", name=ledger.name, year=ledger.year),
        notes=[ledger.notice_text()],
        formats=[None, None, None, "grade", None],
    )


def json_results(ledger):
    """The result objects of ``evaluate --format json``, re-graded one at a time."""
    from dingji.report.results import iter_results

    for result in iter_results(ledger.store, ledger.registry, ledger.year):
        yield result.to_dict()


def history(ledger):
    """Last year's grade and the move, for each organization that has one."""
    info_of = _infos(ledger)
    for row, previous in ledger.store.iter_ledger_rows(ledger.year):
        if previous is not None:
            yield {"org": row.org, "grade": previous, "move": info_of(row.run_id).move(row.grade, previous)}
