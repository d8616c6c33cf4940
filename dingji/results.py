"""Stored results back to full :class:`Result` objects, re-graded exactly from the
stored inputs and the stored standard text (what ``explain`` and the ledger use)."""

from __future__ import annotations

from collections import defaultdict

from .core.errors import DingjiError, Place, Problem
from .core.inputs import Batch, Organization, collect, spec_for
from .core.scoring import grade_all
from .store import unpack_inputs


def load_results(store, registry, year: int, domain: str | None = None, org: str | None = None):
    """Results of ``year`` (optionally one domain or one organization), in domain and org order."""
    rows = store.result_rows(year, domain, org)
    by_run = defaultdict(list)
    for row in rows:
        by_run[row[0]].append(row)
    out = []
    for run_id, run_rows in by_run.items():
        text = store.run_standard_text(run_id)
        std = registry.load(text, name=f"<run {run_id}>", origin=f"store run {run_id}")
        names = {r[3]: Organization(r[3], r[4], r[2]) for r in run_rows}
        keys = list(spec_for(std).accepts)
        data = [(r[3], s, i, v, r[3]) for r in run_rows for s, i, v in unpack_inputs(r[10], keys)]
        assessments = collect(std, [Batch(f"run {run_id}", data)])
        results = grade_all(std, assessments, names)
        stored = {r[3]: r for r in run_rows}
        for res in results:
            if str(res.score) != stored[res.org][5] or res.grade != stored[res.org][6]:
                raise DingjiError([Problem(Place(key=res.org),
                                           f"re-grading {res.org} gives {res.score} {res.grade}, the store has "
                                           f"{stored[res.org][5]} {stored[res.org][6]}: a scoring plugin changed",
                                           f"重新计算 {res.org} 得 {res.score} {res.grade}，与保存的 "
                                           f"{stored[res.org][5]} {stored[res.org][6]} 不符：计分插件有变化")])
        out.extend(results)
    out.sort(key=lambda r: (r.standard.id, r.org))
    return out
