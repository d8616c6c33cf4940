"""Entered rows -> validated :class:`Assessment` objects, every problem with its place.

A reader hands the core a :class:`Batch`: plain tuples ``(org, source, item,
value, where)`` and a ``locate(where)`` that turns its cheap position (a CSV
line number, a ``(sheet, row, column)`` tuple) into a :class:`Place` only when a
problem needs one.  No object is made per row.

The row loop is in :mod:`.input_rows`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from dingji.core import input_problems as say
from dingji.core import input_typos as typos
from dingji.core.errors import Bounded, InputError, Place
from dingji.core.input_rows import _MISSING, _admit, _admitted, _Entry, _incomplete, _Read, _read  # noqa: F401 - re-exported
from dingji.core.model import BONUS, PENALTY, SURVEY, TRACKER, VETO, Standard
from dingji.core.numbers import as_ratio

#: What a blank count cell stands for: 0 occurrences (a score left blank stays an error).
NO_OCCURRENCE = Decimal(0)


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
    #: problems the reader finds while ``rows`` is iterated (bad lines, bad cells); the first
    #: thousand kept, the rest counted
    problems: list = attrs.field(factory=Bounded)
    #: when ``rows`` is a one-pass iterator: a function giving the rows again (to name
    #: the first of two conflicting entries)
    reread: Callable[[], Iterable[tuple]] | None = None
    #: the place of the organization id of a row's ``where`` (its cell in column A, its CSV
    #: line's org column), for problems with the id; without it, :meth:`place`
    locate_org: Callable[[Any], Place] | None = None
    #: the ``(source, item)`` keys of parts of the file the reader could not read (a sheet
    #: whose key row is gone), said once in ``problems``: not also missing for every organization
    unread: frozenset = frozenset()
    #: ``(sha256, bytes)`` of the file as the reader read it, once ``rows`` were read to the end
    #: (None before, or when the reader gives none: then the file is hashed afterwards)
    digest: Callable[[], tuple[str, int] | None] | None = None
    #: for a file that can be read in parts at once, one per process (a long CSV):
    #: ``parts(shares)`` gives one part per share (about that fraction of the file), each with
    #: ``rows()``, ``ok()`` and ``read_clean(standard, spec, roster, file)`` (see
    #: :mod:`dingji.io.csvparts`, :mod:`dingji.io.xlsx.template_rows`), or None
    parts: Callable[[tuple], list | None] | None = None

    def place(self, where) -> Place:
        if self.locate is None:
            if isinstance(where, int):
                return Place(file=self.file, line=where)
            return Place(file=self.file, key=str(where))
        return self.locate(where)

    def org_place(self, where) -> Place:
        """Where the organization id of ``where``'s row is written."""
        return self.place(where) if self.locate_org is None else self.locate_org(where)


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
    """What a standard accepts: ``{(source, item): Accepted}``, and what it requires.
    ``surveys`` holds, per survey every organization must answer (see
    :meth:`Standard.needed_surveys`), the survey and the keys of its valid options."""

    accepts: Mapping[tuple[str, str], Accepted]
    required: tuple[tuple[str, str], ...]
    needs_survey: bool
    sources: frozenset
    surveys: tuple = ()


def spec_for(standard: Standard) -> Spec:
    """Every (source, item) ``standard`` accepts in the long form, in the order of its file; made
    once per standard (the ledger asks for it once per organization it re-grades)."""
    got = _specs.get(standard)
    if got is None:
        got = _specs[standard] = _spec_for(standard)
    return got


_specs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _spec_for(standard: Standard) -> Spec:
    accepts: dict = {}
    required: list = []
    ind_sources = [s for s in standard.sources if s.kind == "indicators"]
    for src in ind_sources:
        for ind, scorer in standard.scorers:
            for inp in scorer.inputs:
                key = (TRACKER if inp.shared else src.id, inp.key)
                if key not in accepts:
                    accepts[key] = Accepted(
                        inp.kind, inp.max, f"{ind.name} · {inp.label}" if inp.label != ind.name else ind.name
                    )
                    required.append(key)
    for src in standard.sources:
        if src.kind == "total":
            accepts[(src.id, "total")] = Accepted("score", standard.total, src.name)
            required.append((src.id, "total"))
    several = len(standard.surveys) > 1
    for sv in standard.surveys:
        for opt in sv.options:
            accepts[(sv.key, opt.name)] = Accepted("count", None, f"{sv.name} · {opt.name}" if several else opt.name)
    for which, capped in ((BONUS, standard.bonus), (PENALTY, standard.penalty)):
        for item in capped.items if capped else ():
            accepts[(which, item.id)] = Accepted("count", None, item.name)
    for veto in standard.vetoes:
        if veto.when is None:
            accepts[(VETO, veto.id)] = Accepted("yesno", None, veto.name)
            if standard.require_veto_facts:  # [standard] require_veto_facts: yes or no, never left out
                required.append((VETO, veto.id))
    names = {k[0] for k in accepts} | {SURVEY, TRACKER, BONUS, PENALTY, VETO}
    needed = tuple((sv, tuple((sv.key, o.name) for o in sv.options if o.valid)) for sv in standard.needed_surveys())
    return Spec(accepts, tuple(required), bool(needed), frozenset(names), needed)


def collect(
    standard: Standard,
    batches: Iterable[Batch],
    *,
    roster: Mapping[str, Organization] | None = None,
    supplied: Mapping[str, Mapping[tuple[str, str], Any]] | None = None,
    notes: Mapping[str, Mapping[tuple[str, str], tuple[str, str]]] | None = None,
    require_all: bool = True,
) -> dict[str, Assessment]:
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
    batches = list(batches)
    read = _read(standard, spec, batches, roster)
    return complete(standard, read, batches, roster=roster, supplied=supplied, notes=notes, require_all=require_all)


def complete(
    standard: Standard,
    read: _Read,
    batches: list[Batch],
    *,
    roster: Mapping[str, Organization] | None = None,
    supplied: Mapping[str, Mapping[tuple[str, str], Any]] | None = None,
    notes: Mapping[str, Mapping[tuple[str, str], tuple[str, str]]] | None = None,
    require_all: bool = True,
) -> dict[str, Assessment]:
    """What :func:`collect` does once every row is read (``read``, of ``batches``): conflicts,
    supplied values, blanks, mistyped ids, organizations without data, required values no row
    gave; the assessments, or :class:`InputError` with every problem.  Grading in two processes
    (:mod:`dingji.services.split`) calls it on each process's share of the rows."""
    spec = spec_for(standard)
    problems = read.problems
    by_org = {org: v for raw, (org, v) in read.admitted.items() if v.__class__ is dict and raw == org}
    problems.extend(say.conflicts(read.conflicts, batches))
    problems.more += read.conflicts.more  # conflicts past the bound: counted, not listed
    for org, vals in (supplied or {}).items():
        if org in by_org:  # a computed fraction (43/56) stays exact, as a Ratio that mixes with Decimal
            by_org[org].update({k: as_ratio(v) for k, v in vals.items()})
    for (org, key), (batch, where, entry) in read.blanks.items():
        if key not in by_org[org]:
            if entry.kind == "count":  # a blank count is no occurrence, in every count column
                by_org[org][key] = NO_OCCURRENCE
                continue
            problems.append(say.blank(org, key, batch, where, entry.label))
            by_org[org][key] = None
    # a mistyped id: said once, at its cell; the organization meant lacks its rows' values only because of it
    refused, meant = typos.rejected(read.admitted, by_org, roster, standard, spec)
    problems.extend(refused)
    unread = frozenset().union(*(b.unread for b in batches))  # said by the reader, once
    here = Place(file=", ".join(read.files) if read.files else None)
    if roster is not None and require_all:
        problems.extend(say.absent(roster, standard, by_org.keys() | meant.keys(), here))
    out = {}
    for org, values in by_org.items():
        given = meant.get(org, frozenset()) | unread
        problems.extend(
            _incomplete(org, {**values, **dict.fromkeys(given, True)} if given else values, spec, here.file)
        )
        out[org] = Assessment(org, values, (notes or {}).get(org) or {})
    if problems:
        order = {f: i for i, f in enumerate(read.files)}
        listed = sorted(problems, key=lambda pr: say.reading_order(pr, order))
        more = problems.summary(here) if isinstance(problems, Bounded) else None
        error = InputError(listed + [more] if more is not None else listed)
        error.more = problems.more if more is not None else 0  # found beyond those listed
        raise error
    return out
