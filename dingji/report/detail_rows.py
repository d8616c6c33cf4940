"""The ledger's detail sheets: every indicator's points per source for one domain.

They need every indicator's points per source: they re-compute them from the stored inputs
with the core's own parsers and per-source plan, and check each source's total against the
stored one (as :func:`dingji.report.results.regrade` checks the score), so a scoring rule
changed since is reported, never shown.
"""

from __future__ import annotations

import json
from decimal import Decimal
from operator import itemgetter

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.numbers import dec, fmt
from dingji.core.scoring import plan_for
from dingji.core.text import Text
from dingji.core.values import parse
from dingji.report.row_info import _BP, _ZERO, _Numbers
from dingji.report.sheet import LedgerSheet


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

        self.run_id, accepts, self.room = run_id, spec_for(std).accepts, 500_000
        pos, memos = {k: i for i, k in enumerate(keys)}, {}  # an indicator's memo, shared by its sources
        self.sources = []
        for sid, plan_rows in plan_for(std).per_source:
            items = []
            for index, maximum, points, key, single, _ in plan_rows:
                ks = (key,) if single else key
                at, kinds = [pos[k] for k in ks], tuple(accepts[k][:2] for k in ks)
                take = itemgetter(*at) if at else lambda _: ()  # the entered text, or texts (a tuple)
                items.append((take, memos.setdefault(index, {}), kinds, len(at) == 1, maximum, points))
            self.sources.append((sid, items))

    def __call__(self, row, stored) -> list[list[float]]:
        parts, out = row.inputs.split("\t"), []
        for sid, items in self.sources:
            subtotal, got = _ZERO, []
            for take, memo, kinds, single, maximum, points in items:
                raw = take(parts)
                hit = memo.get(raw)
                if hit is None:
                    raws = (raw,) if single else raw
                    p = points(*[parse(kind, r, mx)[0] for (kind, mx), r in zip(kinds, raws)])
                    p = _ZERO if p < 0 else maximum if p > maximum else p
                    hit = (p, float(p))
                    if self.room:
                        self.room -= 1
                        memo[raw] = hit
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
