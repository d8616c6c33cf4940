"""Entered rows -> validated :class:`Assessment` objects, every problem with its place.

A reader hands the core a :class:`Batch`: plain tuples ``(org, source, item,
value, where)`` and a ``locate(where)`` that turns its cheap position (a CSV
line number, a ``(sheet, row, column)`` tuple) into a :class:`Place` only when a
problem needs one.  No object is made per row.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import attrs

from .errors import InputError, Place, Problem
from .model import BONUS, PENALTY, SURVEY, TRACKER, VETO, Standard
from .values import is_blank, parse


@attrs.frozen
class Organization:
    id: str
    name: str
    domain: str
    parent: str | None = None
    secretary: str | None = None
    members: int | None = None


@attrs.frozen
class Batch:
    """Rows from one input file."""

    file: str
    rows: Iterable[tuple]
    locate: Callable[[Any], Place] = attrs.field(default=None)
    #: problems the reader finds while ``rows`` is iterated (bad lines, bad cells)
    problems: list = attrs.field(factory=list)

    def place(self, where) -> Place:
        if self.locate is None:
            if isinstance(where, int):
                return Place(file=self.file, line=where)
            return Place(file=self.file, key=str(where))
        return self.locate(where)


@attrs.frozen
class Assessment:
    """One organization's entered values: ``{(source, item): value}``, parsed."""

    org: str
    values: Mapping[tuple[str, str], Any]


@attrs.frozen
class Spec:
    """What a standard accepts: ``{(source, item): (kind, max, label)}`` and what it requires."""

    accepts: Mapping[tuple[str, str], tuple]
    required: tuple[tuple[str, str], ...]
    needs_survey: bool
    sources: frozenset


def spec_for(standard: Standard) -> Spec:
    accepts: dict = {}
    required: list = []
    ind_sources = [s for s in standard.sources if s.kind == "indicators"]
    for src in ind_sources:
        for ind, scorer in standard.scorers:
            for inp in scorer.inputs:
                key = (TRACKER if inp.shared else src.id, inp.key)
                if key not in accepts:
                    accepts[key] = (inp.kind, inp.max, f"{ind.name} · {inp.label}" if inp.label != ind.name else ind.name)
                    required.append(key)
    for src in standard.sources:
        if src.kind == "total":
            accepts[(src.id, "total")] = ("score", standard.total, src.name)
            required.append((src.id, "total"))
    for opt in standard.survey or ():
        accepts[(SURVEY, opt.name)] = ("count", None, opt.name)
    for which, capped in ((BONUS, standard.bonus), (PENALTY, standard.penalty)):
        for item in capped.items if capped else ():
            accepts[(which, item.id)] = ("count", None, item.name)
    for veto in standard.vetoes:
        if veto.when is None:
            accepts[(VETO, veto.id)] = ("yesno", None, veto.name)
    names = {k[0] for k in accepts} | {SURVEY, TRACKER, BONUS, PENALTY, VETO}
    return Spec(accepts, tuple(required), standard.uses_satisfaction(), frozenset(names))


def collect(standard: Standard, batches: Iterable[Batch], *,
            roster: Mapping[str, Organization] | None = None,
            supplied: Mapping[str, Mapping[tuple[str, str], Any]] | None = None) -> dict[str, Assessment]:
    """Validate and group rows into one :class:`Assessment` per organization.

    ``roster`` (org id -> Organization), when given, must know every organization
    and every one of the standard's domain must have data.  ``supplied`` holds
    values computed elsewhere (tracker metrics) that take precedence over rows.
    Raises :class:`InputError` with every problem found.
    """
    spec = spec_for(standard)
    accepts = spec.accepts
    problems: list[Problem] = []
    by_org: dict[str, dict] = {}
    first_seen: dict = {}
    files = []
    for batch in batches:
        files.append(batch.file)
        for org, source, item, raw, where in batch.rows:
            key = (source, item)
            kinds = accepts.get(key)
            if kinds is None:
                problems.append(_unknown(batch, where, org, source, item, spec, standard))
                continue
            if roster is not None:
                member = roster.get(org)
                if member is None:
                    problems.append(Problem(batch.place(where), f"unknown organization id {org!r} (not in the roster)",
                                            f"组织 {org!r} 不在组织名单中"))
                    continue
                if member.domain not in (standard.id, standard.domain):
                    problems.append(Problem(batch.place(where),
                                            f"{org} ({member.name}) belongs to domain {member.domain!r}, not {standard.id!r}",
                                            f"{org}（{member.name}）属于领域 {member.domain!r}，不属于 {standard.id!r}"))
                    continue
            values = by_org.get(org)
            if values is None:
                values = by_org[org] = {}
            if is_blank(raw):
                if key in values or source in (SURVEY, BONUS, PENALTY, VETO):
                    continue
                problems.append(Problem(batch.place(where), f"{org}: missing value for {source}/{item} ({kinds[2]})",
                                        f"{org}：{source}/{item}（{kinds[2]}）未填写"))
                values[key] = None
                continue
            value, err = parse(kinds[0], raw, kinds[1])
            if err is not None:
                problems.append(Problem(batch.place(where), f"{org} {source}/{item} ({kinds[2]}): {err[0]}",
                                        f"{org} {source}/{item}（{kinds[2]}）：{err[1]}"))
                values[key] = None
                continue
            old = values.get(key, _MISSING)
            if old is _MISSING:
                values[key] = value
                first_seen[(org, key)] = (batch, where)
            elif old is not None and old != value:
                b0, w0 = first_seen[(org, key)]
                problems.append(Problem(batch.place(where),
                                        f"{org} {source}/{item}: {value} conflicts with {old} at {b0.place(w0)}",
                                        f"{org} {source}/{item}：{value} 与 {b0.place(w0).describe()} 处的 {old} 冲突"))
        problems.extend(batch.problems)
    for org, vals in (supplied or {}).items():
        by_org.setdefault(org, {}).update(vals)
    here = Place(file=", ".join(files) if files else None)
    if roster is not None:
        for org in roster.values():
            if org.domain in (standard.id, standard.domain) and org.id not in by_org:
                problems.append(Problem(here, f"{org.id} ({org.name}): no scores entered",
                                        f"{org.id}（{org.name}）：没有任何评分数据"))
    out = {}
    for org, values in by_org.items():
        missing = [k for k in spec.required if k not in values]
        for source, item in missing:
            label = accepts[(source, item)][2]
            problems.append(Problem(Place(file=here.file, key=f"{org}/{source}/{item}"),
                                    f"{org}: no value for {source}/{item} ({label}); missing data is never taken as 0",
                                    f"{org}：缺少 {source}/{item}（{label}）的数据，缺失不按 0 分处理"))
        if spec.needs_survey and not any(
                values.get((SURVEY, o.name)) for o in standard.survey or () if o.valid):
            problems.append(Problem(Place(file=here.file, key=f"{org}/{SURVEY}"),
                                    f"{org}: no valid survey answers (满意度测评), so satisfaction is unknown",
                                    f"{org}：没有有效的满意度测评票数，满意度无法计算"))
        out[org] = Assessment(org, values)
    if problems:
        raise InputError(problems)
    return out


_MISSING = object()


def _unknown(batch, where, org, source, item, spec, standard) -> Problem:
    if source not in spec.sources:
        known = ", ".join(sorted(s.id for s in standard.sources) + [SURVEY, TRACKER, BONUS, PENALTY, VETO])
        return Problem(batch.place(where), f"unknown source {source!r} for standard {standard.id}; known: {known}",
                       f"标准 {standard.id} 中没有来源 {source!r}；可用：{known}")
    items = sorted(i for s, i in spec.accepts if s == source)
    shown = ", ".join(items[:30]) + (" …" if len(items) > 30 else "")
    return Problem(batch.place(where), f"unknown item {item!r} for source {source!r}; known: {shown}",
                   f"来源 {source!r} 中没有项目 {item!r}；可用：{shown}")
