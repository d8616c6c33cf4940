"""The per-standard lookups of grading (:class:`_Plan`), computed once per standard and
forgotten with it (:func:`plan_for`); used by :mod:`.scoring` and the ledger's detail sheets.
"""

from __future__ import annotations

import weakref

from dingji.core.model import BONUS, PENALTY, TRACKER, VETO, Standard
from dingji.core.numbers import pair


class Memo(dict):
    """One indicator's points remembered by the identity of its inputs (see scoring._indicators),
    at most :data:`SIZE` entries.  Shared inputs (what a reader parsed once) take a few hundred;
    a memo that fills up and then keeps missing is switched ``off``: its inputs are made one per
    organization, and there is nothing to remember."""

    __slots__ = ("off", "misses")
    SIZE = 4096

    def __init__(self):
        super().__init__()
        self.off, self.misses = False, 0

    def keep(self, mark, entry) -> None:
        """A miss: remember ``entry`` while there is room; once full, 256 more misses switch it off."""
        if len(self) < self.SIZE:
            self[mark] = entry
        else:
            self.misses += 1
            self.off = self.misses > 256


class _Plan:
    """Per-standard lookups computed once, not per organization."""

    def __init__(self, standard: Standard):
        self.standard = standard
        self.ind_sources = [s for s in standard.sources if s.kind == "indicators"]
        # per indicators source: (index, maximum, points function, key or keys, single input?, memo)
        # memo (one per indicator, shared by its sources): id of the input value -> (the value, its
        # points clamped, as shown); see scoring._indicators
        self.per_source = []
        memos = [Memo() for _ in standard.scorers]
        for src in self.ind_sources:
            rows = []
            for index, (ind, scorer) in enumerate(standard.scorers):
                keys = tuple((TRACKER if i.shared else src.id, i.key) for i in scorer.inputs)
                single = len(keys) == 1
                rows.append((index, ind.points, scorer.points, keys[0] if single else keys, single, memos[index]))
            self.per_source.append((src.id, rows))
        # per source, in order: (id, kind, weight as (numerator, denominator) Decimals): see combine
        self.weights = [(s.id, s.kind, pair(s.weight)) for s in standard.sources]
        # per survey: its id and, for each valid option, (key, value, satisfied?)
        self.surveys = [
            (sv.id, [((sv.key, o.name), o.value, o.satisfied) for o in sv.options if o.valid])
            for sv in standard.surveys
        ]
        self.bonus = [((BONUS, i.id), i.points) for i in standard.bonus.items] if standard.bonus else []
        self.penalty = [((PENALTY, i.id), i.points) for i in standard.penalty.items] if standard.penalty else []
        self.fact_vetoes = [(v, (VETO, v.id)) for v in standard.vetoes if v.when is None]
        self.when_vetoes = [v for v in standard.vetoes if v.when is not None]
        self.grades = [(g.min, g.name) for g in standard.grades]
        self.ranks = {g.name: i for i, g in enumerate(standard.grades)}
        index = {ind.id: i for i, (ind, _) in enumerate(standard.scorers)}
        svc = standard.service
        self.service_need = [
            (index[iid], frac * standard.scorers[index[iid]][0].points) for iid, frac in (svc.indicators if svc else ())
        ]

    def keys(self, source_index: int, index: int):
        """The keys of one indicator's inputs for one ``indicators`` source, as a tuple."""
        key = self.per_source[source_index][1][index][3]
        return (key,) if self.per_source[source_index][1][index][4] else key


_plans: weakref.WeakKeyDictionary[Standard, _Plan] = weakref.WeakKeyDictionary()


def plan_for(standard: Standard) -> _Plan:
    """The standard's plan, made once and forgotten with the standard."""
    plan = _plans.get(standard)
    if plan is None:
        plan = _plans[standard] = _Plan(standard)
    return plan
