"""The row loop of :func:`dingji.core.inputs.collect`: every entered row into its organization's
values (a dict lookup and a cached parse per row), each organization admitted once, and the
required values no row gave.
"""

from __future__ import annotations

import weakref
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from dingji.core import input_problems as say
from dingji.core import input_typos as typos
from dingji.core.errors import Bounded, Problem
from dingji.core.input_typos import Rejected
from dingji.core.model import SURVEY, Standard, optional_source
from dingji.core.text import Text
from dingji.core.values import parse

if TYPE_CHECKING:
    from dingji.core.inputs import Batch, Spec


@attrs.frozen
class _Entry:
    """What the row loop needs of one accepted (source, item).  A slotted attrs class: its
    attributes read as fast as a tuple's items (a NamedTuple's read twice as slow)."""

    kind: str
    max: Decimal | None
    label: str
    key: tuple[str, str]  # the spec's own tuple, so every organization's values share it
    optional: bool  # not entered = 0 / no (model.optional_source): a blank is no problem
    parses: dict  # the parse of each text seen, by text


@attrs.define
class _Read:
    """What the rows gave, before the checks that need all of them."""

    admitted: dict = attrs.field(factory=dict)  # org as written -> (clean id, values dict or Rejected)
    blanks: dict = attrs.field(
        factory=dict
    )  # (org, key) -> first blank (batch, where, entry): an error if no row fills it
    conflicts: list = attrs.field(factory=Bounded)  # (org, key, old, value, batch, where)
    problems: list = attrs.field(factory=Bounded)
    files: list = attrs.field(factory=list)


def _read(standard: Standard, spec: Spec, batches: list[Batch], roster) -> _Read:
    """Every row into its organization's values dict: per row a dict lookup, a parse only for a
    text or cell not seen before (written for millions of rows; one function, no call per row)."""
    table = _table(standard, spec)
    read = _Read()
    admitted, blanks, conflicts, problems = read.admitted, read.blanks, read.conflicts, read.problems
    cache: dict = {}
    for batch in batches:
        read.files.append(batch.file)
        for org, source, item, raw, where in batch.rows:
            entry = table.get((source, item))
            if entry is None:
                source, item = source.strip(), item.strip()  # readers need not strip: done here, rarely
                entry = table.get((source, item))
                if entry is None:
                    problems.append(say.unknown(batch, where, org, source, item, spec, standard))
                    continue
            got_org = admitted.get(org)
            if got_org is None:
                got_org = admitted[org] = _admitted(org, admitted, roster, standard)
            org, values = got_org
            if values.__class__ is Rejected:  # a refused id: its rows noted, said once per row (file of a CSV)
                values.add(batch, where, entry.key)
                continue
            if raw.__class__ is str:  # CSV: a text, parsed once per distinct text of the item
                got = entry.parses.get(raw)
                if got is None:
                    if not raw or raw.isspace():
                        if not entry.optional:
                            blanks.setdefault((org, entry.key), (batch, where, entry))
                        continue
                    got = parse(entry.kind, raw, entry.max)
                    if len(entry.parses) < 10_000:
                        entry.parses[raw] = got
            elif raw is None:
                if not entry.optional:
                    blanks.setdefault((org, entry.key), (batch, where, entry))
                continue
            else:  # a workbook cell: the type is part of the key, since True == 1 but is no count
                ck = (entry.kind, entry.max, raw.__class__, raw)
                got = cache.get(ck)
                if got is None:
                    got = parse(entry.kind, raw, entry.max)
                    if len(cache) < 100_000:
                        cache[ck] = got
            key = entry.key
            value, err = got
            if err is not None:
                problems.append(say.bad_value(batch, where, org, source, item, entry.label, err))
                values[key] = None
                continue
            old = values.get(key, _MISSING)
            if old is _MISSING:
                values[key] = value
            elif old is not None and old != value:
                conflicts.append((org, key, old, value, batch, where))
        problems.extend(batch.problems)
    return read


_MISSING = object()
_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _table(standard: Standard, spec: Spec) -> dict:
    """``{(source, item): _Entry}``, made once per standard: its parse caches then serve every
    call (the ledger re-grades one organization per call)."""
    got = _tables.get(standard)
    if got is None or got[0] is not spec:
        required = set(spec.required)  # veto facts of a standard that requires them: never optional
        table = {
            k: _Entry(a.kind, a.max, a.label, k, optional_source(k[0]) and k not in required, {})
            for k, a in spec.accepts.items()
        }
        got = _tables[standard] = (spec, table)
    return got[1]


def _incomplete(org, values, spec: Spec, file) -> list[Problem]:
    """An organization's required values that no row gave (one problem per source), and each
    survey it needs without valid answers (its satisfaction would be unknown)."""
    missing: dict[str, list] = {}
    for key in spec.required:
        if key not in values:
            missing.setdefault(key[0], []).append(key)
    out = [say.missing(org, source, keys, spec.accepts, file) for source, keys in missing.items()]
    for survey, keys in spec.surveys:
        if not any(values.get(k) for k in keys):
            out.append(say.no_survey(org, file, survey if len(spec.surveys) > 1 or survey.key != SURVEY else None))
    return out


def _admitted(org, admitted, roster, standard):
    """``(clean id, values)`` for an id as written: ids are stripped, so " o1" and "o1" are one."""
    clean = org.strip() if org.__class__ is str else ""
    known = admitted.get(clean)
    if known is not None:
        return known
    if not clean:
        values = typos.refused(clean, Text("组织编号为空", "the organization id is empty"))
    else:
        values = _admit(clean, roster, standard)
    admitted[clean] = (clean, values)
    return clean, values


def _admit(org, roster, standard):
    """A new values dict for an organization, or a :class:`Rejected` when it is refused (the
    caller adds this row to it, as every other)."""
    if roster is None:
        return {}
    member = roster.get(org)
    if member is None:
        return typos.unknown(org)
    if member.domain not in (standard.id, standard.domain):
        return typos.refused(
            org,
            Text(
                f"{org}（{member.name}）属于领域 {member.domain!r}，不属于 {standard.id!r}",
                f"{org} ({member.name}) belongs to domain {member.domain!r}, not {standard.id!r}",
            ),
        )
    return {}


def clean(read: _Read, batches) -> bool:
    """Whether the rows read so far found nothing to say: no problem, no conflict, no refused id."""
    return (
        not read.problems
        and not read.conflicts
        and not any(b.problems for b in batches)
        and all(v.__class__ is dict for _, v in read.admitted.values())
    )


def org_ids(read: _Read) -> list[str]:
    """The organizations the rows gave values for (ids as cleaned)."""
    return [org for raw, (org, v) in read.admitted.items() if raw == org and v.__class__ is dict]


def hand_over(read: _Read, orgs) -> dict:
    """Take the organizations ``orgs`` out of ``read``: ``{org: (values, keys left blank)}``, for
    the part of the rows that also has rows of theirs (:func:`take_over`)."""
    orgs = set(orgs)
    out = {org: (v, []) for raw, (org, v) in read.admitted.items() if raw == org and org in orgs}
    for raw in [raw for raw, (org, _) in read.admitted.items() if org in orgs]:
        del read.admitted[raw]
    for org, key in [k for k in read.blanks if k[0] in orgs]:
        out[org][1].append(key)
        del read.blanks[(org, key)]
    return out


def take_over(standard: Standard, spec: Spec, read: _Read, given: dict) -> bool:
    """Add what :func:`hand_over` gave, rows that came after this part's, to ``read`` as the row
    loop would have: a value not yet given is taken, the same value again is no news, a blank
    count stays 0.  False when the two parts disagree (a conflict, or a blank that is not a count):
    then the rows must be read again in one piece, for the problem to be said at its place."""
    table = _table(standard, spec)
    for org, (values, blanks) in given.items():
        got = read.admitted.get(org)
        if got is None:
            read.admitted[org] = (org, values)
            mine = values
        else:
            mine = got[1]
            for key, value in values.items():
                old = mine.get(key, _MISSING)
                if old is _MISSING:
                    mine[key] = value
                elif old != value:
                    return False
        for key in blanks:
            entry = table[key]
            if entry.kind != "count" and key not in mine:
                return False
            read.blanks.setdefault((org, key), (None, None, entry))
    return True
