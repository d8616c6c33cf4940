"""Stored results back to full :class:`Result` objects, re-graded exactly from the
stored inputs and the stored standard text (what ``explain`` and the ledger use).

Re-grading is checked against the stored score and grade: if a scoring plugin
changed its rule since, the user is told instead of shown a different number.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.inputs import Batch, Organization, collect, spec_for
from dingji.core.scoring import grade
from dingji.core.text import Text
from dingji.store.results import unpack_inputs
from dingji.store.tracking import run_notes


class StandardCache:
    """Standards of stored runs, loaded once each (by run id)."""

    def __init__(self, store, registry):
        self.store, self.registry, self._by_run = store, registry, {}

    def __call__(self, run_id: int):
        got = self._by_run.get(run_id)
        if got is None:
            text = self.store.run_standard_text(run_id)
            std = self.registry.load(text, name=f"<run {run_id}>", origin=f"store run {run_id}")
            got = self._by_run[run_id] = (std, list(spec_for(std).accepts))
        return got


def regrade(row, standard, keys, notes=None):
    """The full Result of one stored row; an error if it no longer matches what was stored.
    ``notes`` (``{(source, item): (zh, en)}``) say how supplied values were obtained."""
    data = [(row.org, s, i, v, row.org) for s, i, v in unpack_inputs(row.inputs, keys)]
    assessment = collect(standard, [Batch(f"run {row.run_id}", data)], notes={row.org: notes or {}})[row.org]
    res = grade(standard, assessment, Organization(row.org, row.name, row.domain))
    same = (
        str(res.score) == row.score
        and res.grade == row.grade
        and res.exact == Decimal(row.exact)
        and ",".join(v.id for v in res.vetoes) == row.vetoes
        and int(res.service_oriented) == row.service
        and res.bonus == Decimal(row.bonus)
        and res.penalty == Decimal(row.penalty)
    )
    if not same:
        raise DingjiError(
            [
                Problem(
                    Place(key=row.org),
                    Text(
                        f"重新计算 {row.org} 得 {res.score} {res.grade}，与保存的 "
                        f"{row.score} {row.grade} 不符：保存之后计分规则有变化（dingji 或插件已升级）；"
                        f"请重新运行 dingji evaluate {row.domain}",
                        f"re-grading {row.org} gives {res.score} {res.grade}, the store has "
                        f"{row.score} {row.grade}: the scoring rules changed since it was stored (dingji or a "
                        f"plugin was upgraded); run dingji evaluate {row.domain} again",
                    ),
                )
            ]
        )
    return res


def iter_results(store, registry, year: int, domain: str | None = None, org: str | None = None, notes: bool = False):
    """Full results of ``year``, one at a time, by domain then org (memory stays flat).
    With ``notes``, each carries the words of the tracker metrics its run used (for
    explanations; one query per organization)."""
    standards = StandardCache(store, registry)
    for row in store.iter_result_rows(year, domain, org):
        std, keys = standards(row.run_id)
        got = run_notes(store, row.run_id, row.org) if notes else None
        yield regrade(row, std, keys, got)


def load_results(store, registry, year: int, domain: str | None = None, org: str | None = None, notes: bool = False):
    """Results of ``year`` (optionally one domain or one organization), in domain and org order."""
    return list(iter_results(store, registry, year, domain, org, notes))


def by_domain(rows):
    """Group stored rows (sorted by domain) into (domain, [rows])."""
    for domain, group in groupby(rows, key=lambda r: r.domain):
        yield domain, list(group)
