"""Entered rows -> validated :class:`Assessment` objects, every problem with its place.

A reader hands the core a :class:`Batch`: plain tuples ``(org, source, item,
value, where)`` and a ``locate(where)`` that turns its cheap position (a CSV
line number, a ``(sheet, row, column)`` tuple) into a :class:`Place` only when a
problem needs one.  No object is made per row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, NamedTuple

import attrs

from dingji.core.errors import InputError, Place, Problem
from dingji.core.model import BONUS, PENALTY, SURVEY, TRACKER, VETO, Standard
from dingji.core.values import parse


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
    #: when ``rows`` is a one-pass iterator: a function giving the rows again (to name
    #: the first of two conflicting entries)
    reread: Callable[[], Iterable[tuple]] | None = None

    def place(self, where) -> Place:
        if self.locate is None:
            if isinstance(where, int):
                return Place(file=self.file, line=where)
            return Place(file=self.file, key=str(where))
        return self.locate(where)


@attrs.frozen
class Assessment:
    """One organization's entered values: ``{(source, item): value}``, parsed.

    ``notes`` say, for values supplied from elsewhere (tracker metrics), how each was
    obtained: ``{(source, item): (chinese, english)}``; explanations show them."""

    org: str
    values: Mapping[tuple[str, str], Any]
    notes: Mapping[tuple[str, str], tuple[str, str]] = attrs.field(factory=dict)


class Accepted(NamedTuple):
    """What a standard accepts for one (source, item): a value of ``kind`` (see
    :data:`dingji.core.model.INPUT_KINDS`) up to ``max`` (scores), shown as ``label``."""

    kind: str
    max: Decimal | None
    label: str


@attrs.frozen
class Spec:
    """What a standard accepts: ``{(source, item): Accepted}``, and what it requires."""

    accepts: Mapping[tuple[str, str], Accepted]
    required: tuple[tuple[str, str], ...]
    needs_survey: bool
    sources: frozenset


def spec_for(standard: Standard) -> Spec:
    """Every (source, item) ``standard`` accepts in the long form, in the order of its file."""
    accepts: dict = {}
    required: list = []
    ind_sources = [s for s in standard.sources if s.kind == "indicators"]
    for src in ind_sources:
        for ind, scorer in standard.scorers:
            for inp in scorer.inputs:
                key = (TRACKER if inp.shared else src.id, inp.key)
                if key not in accepts:
                    accepts[key] = Accepted(inp.kind, inp.max,
                                            f"{ind.name} · {inp.label}" if inp.label != ind.name else ind.name)
                    required.append(key)
    for src in standard.sources:
        if src.kind == "total":
            accepts[(src.id, "total")] = Accepted("score", standard.total, src.name)
            required.append((src.id, "total"))
    for opt in standard.survey or ():
        accepts[(SURVEY, opt.name)] = Accepted("count", None, opt.name)
    for which, capped in ((BONUS, standard.bonus), (PENALTY, standard.penalty)):
        for item in capped.items if capped else ():
            accepts[(which, item.id)] = Accepted("count", None, item.name)
    for veto in standard.vetoes:
        if veto.when is None:
            accepts[(VETO, veto.id)] = Accepted("yesno", None, veto.name)
    names = {k[0] for k in accepts} | {SURVEY, TRACKER, BONUS, PENALTY, VETO}
    return Spec(accepts, tuple(required), standard.uses_satisfaction(), frozenset(names))


OPTIONAL_SOURCES = (SURVEY, BONUS, PENALTY, VETO)  # not entered = 0 / no


def collect(standard: Standard, batches: Iterable[Batch], *,
            roster: Mapping[str, Organization] | None = None,
            supplied: Mapping[str, Mapping[tuple[str, str], Any]] | None = None,
            notes: Mapping[str, Mapping[tuple[str, str], tuple[str, str]]] | None = None,
            require_all: bool = True) -> dict[str, Assessment]:
    """Validate and group rows into one :class:`Assessment` per organization.

    ``roster`` (org id -> Organization), when given, must know every organization
    and, with ``require_all``, every one of the standard's domain must have data
    (callers pass False when an input file could not be read at all, so that its
    one problem is not buried under a line per organization).  ``supplied`` holds
    values computed elsewhere (tracker metrics) that take precedence over rows; they
    complete organizations that have rows and never make one up.  ``notes`` (per
    organization, per key: chinese and english words) go to each Assessment.
    Raises :class:`InputError` with every problem found.

    Written for millions of rows: per row a dict lookup, a cached parse, no
    object kept but the value; keys are the spec's own tuples.
    """
    spec = spec_for(standard)
    accepts = spec.accepts
    # (source, item) -> (kind, max, label, canonical key, optional, parses of texts by text)
    table = {k: (kind, mx, label, k, k[0] in OPTIONAL_SOURCES, {}) for k, (kind, mx, label) in accepts.items()}
    problems: list[Problem] = []
    admitted: dict[str, Any] = {}  # org as written -> (clean id, its values dict or a rejection [problem, rows])
    blanks: dict = {}  # (org, key) -> first blank place: an error only if no row gives a value
    conflicts: list = []
    cache: dict = {}
    files = []
    batches = list(batches)
    for batch in batches:
        files.append(batch.file)
        for org, source, item, raw, where in batch.rows:
            entry = table.get((source, item))
            if entry is None:
                source, item = source.strip(), item.strip()  # readers need not strip: done here, rarely
                entry = table.get((source, item))
                if entry is None:
                    problems.append(_unknown(batch, where, org, source, item, spec, standard))
                    continue
            got_org = admitted.get(org)
            if got_org is None:
                got_org = admitted[org] = _admitted(org, admitted, roster, standard, batch, where)
            org, values = got_org
            if values.__class__ is list:  # rejected organization: counted, reported once
                values[1] += 1
                continue
            if raw.__class__ is str:  # CSV: a text, parsed once per distinct text of the item
                got = entry[5].get(raw)
                if got is None:
                    if not raw or raw.isspace():
                        if not entry[4]:
                            blanks.setdefault((org, entry[3]), (batch, where, entry))
                        continue
                    got = parse(entry[0], raw, entry[1])
                    if len(entry[5]) < 10_000:
                        entry[5][raw] = got
            elif raw is None:
                if not entry[4]:
                    blanks.setdefault((org, entry[3]), (batch, where, entry))
                continue
            else:  # a workbook cell: the type is part of the key, since True == 1 but is no count
                ck = (entry[0], entry[1], raw.__class__, raw)
                got = cache.get(ck)
                if got is None:
                    got = parse(entry[0], raw, entry[1])
                    if len(cache) < 100_000:
                        cache[ck] = got
            key = entry[3]
            value, err = got
            if err is not None:
                problems.append(Problem(batch.place(where), f"{org} {source}/{item} ({entry[2]}): {err[0]}",
                                        f"{org} {source}/{item}（{entry[2]}）：{err[1]}"))
                values[key] = None
                continue
            old = values.get(key, _MISSING)
            if old is _MISSING:
                values[key] = value
            elif old is not None and old != value:
                conflicts.append((org, key, old, value, batch, where))
        problems.extend(batch.problems)
    by_org = {org: v for raw, (org, v) in admitted.items() if v.__class__ is dict and raw == org}
    for raw, (org, v) in admitted.items():
        if v.__class__ is list and raw == org:
            problem, rows = v
            more = f" ({rows} rows)" if rows > 1 else ""
            problems.append(attrs.evolve(problem, message=problem.message + more,
                                         message_zh=problem.message_zh + (f"（共 {rows} 行）" if rows > 1 else "")))
    problems.extend(_conflicts(conflicts, batches))
    for org, vals in (supplied or {}).items():
        if org in by_org:
            by_org[org].update(vals)
    for (org, key), (batch, where, entry) in blanks.items():
        if key not in by_org[org]:
            problems.append(Problem(batch.place(where), f"{org}: missing value for {key[0]}/{key[1]} ({entry[2]})",
                                    f"{org}：{key[0]}/{key[1]}（{entry[2]}）未填写"))
            by_org[org][key] = None
    here = Place(file=", ".join(files) if files else None)
    if roster is not None and require_all:
        absent = [o for o in roster.values() if o.domain in (standard.id, standard.domain) and o.id not in by_org]
        if len(absent) == 1:
            (org,) = absent
            problems.append(Problem(here, f"{org.id} ({org.name}): no scores entered",
                                    f"{org.id}（{org.name}）：没有任何评分数据"))
        elif absent:  # one problem naming them all, not a line each
            names = ", ".join(f"{o.id} {o.name}" for o in absent)
            problems.append(Problem(here, f"{len(absent)} organizations of {standard.domain} have no scores entered: {names}",
                                    f"{standard.domain}领域有 {len(absent)} 个组织没有任何评分数据：{names}"))
    survey_keys = [(SURVEY, o.name) for o in standard.survey or () if o.valid]
    out = {}
    for org, values in by_org.items():
        missing: dict[str, list] = {}
        for key in spec.required:
            if key not in values:
                missing.setdefault(key[0], []).append(key)
        for source, keys in missing.items():
            problems.append(_missing(org, source, keys, accepts, here.file))
        if spec.needs_survey and not any(values.get(k) for k in survey_keys):
            problems.append(Problem(Place(file=here.file, key=f"{org}/{SURVEY}"),
                                    f"{org}: no valid survey answers (满意度测评), so satisfaction is unknown",
                                    f"{org}：没有有效的满意度测评票数，满意度无法计算"))
        out[org] = Assessment(org, values, (notes or {}).get(org) or {})
    if problems:
        order = {f: i for i, f in enumerate(files)}
        raise InputError(sorted(problems, key=lambda pr: _reading_order(pr, order)))
    return out


def _reading_order(problem: Problem, order: dict):
    """Top to bottom through each file, files in the order given; problems with no line or
    row come last (sorted is stable: sheets and the rest keep the order they were found in)."""
    p = problem.place
    at = p.line if p.line is not None else p.row
    return (at is None, order.get(p.file, len(order)), at if p.sheet is None else 0, at or 0)


def _missing(org, source, keys, accepts, file) -> Problem:
    """One problem per organization and source, naming every value missing there."""
    if len(keys) == 1:
        (key,) = keys
        label = accepts[key][2]
        return Problem(Place(file=file, key=f"{org}/{key[0]}/{key[1]}"),
                       f"{org}: no value for {key[0]}/{key[1]} ({label}); missing data is never taken as 0",
                       f"{org}：缺少 {key[0]}/{key[1]}（{label}）的数据，缺失不按 0 分处理")
    items = ", ".join(k[1] for k in keys)
    return Problem(Place(file=file, key=f"{org}/{source}"),
                   f"{org}: no values for {len(keys)} items of source {source} ({items}); "
                   "missing data is never taken as 0",
                   f"{org}：来源 {source} 缺少 {len(keys)} 项数据（{items}），缺失不按 0 分处理")


def _admitted(org, admitted, roster, standard, batch, where):
    """``(clean id, values)`` for an id as written: ids are stripped, so " o1" and "o1" are one."""
    clean = org.strip() if org.__class__ is str else ""
    known = admitted.get(clean)
    if known is not None:
        return known
    if not clean:
        values = [Problem(batch.place(where), "the organization id is empty", "组织编号为空"), 0]
    else:
        values = _admit(clean, roster, standard, batch, where)
    admitted[clean] = (clean, values)
    return clean, values


def _admit(org, roster, standard, batch, where):
    """A new values dict for an organization, or ``[problem, rows]`` when it is rejected
    (``rows`` counts from 0: the caller counts this row too)."""
    if roster is None:
        return {}
    member = roster.get(org)
    if member is None:
        return [Problem(batch.place(where), f"unknown organization id {org!r} (not in the roster)",
                        f"组织 {org!r} 不在组织名单中"), 0]
    if member.domain not in (standard.id, standard.domain):
        return [Problem(batch.place(where),
                        f"{org} ({member.name}) belongs to domain {member.domain!r}, not {standard.id!r}",
                        f"{org}（{member.name}）属于领域 {member.domain!r}，不属于 {standard.id!r}"), 0]
    return {}


def _conflicts(conflicts, batches):
    """Problems for repeated entries with different values, naming where each was first entered."""
    if not conflicts:
        return []
    wanted = {(org, key) for org, key, *_ in conflicts}
    first: dict = {}
    for batch in batches:  # a second pass, only when there are conflicts
        rows = batch.rows if isinstance(batch.rows, (list, tuple)) else (batch.reread() if batch.reread else ())
        for org, source, item, raw, where in rows:
            k = (org, (source, item))
            if k in wanted and k not in first:
                first[k] = batch.place(where)
    out = []
    for org, key, old, value, batch, where in conflicts:
        at = first.get((org, key))
        en_at, zh_at = (f" at {at}", f"（{at.describe()}）") if at else (" entered earlier", "（先前录入）")
        out.append(Problem(batch.place(where), f"{org} {key[0]}/{key[1]}: {value} conflicts with {old}{en_at}",
                           f"{org} {key[0]}/{key[1]}：{value} 与已录入的 {old}{zh_at}冲突"))
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
