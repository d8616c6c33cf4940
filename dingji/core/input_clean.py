"""The row loop of :mod:`.input_rows` for rows with nothing to say, in fewer steps per row.

:func:`read_clean` reads ``(org, source, item, value)`` rows of text (a long CSV's, as the csv
module gives them) into the same :class:`~dingji.core.input_rows._Read` the row loop makes, and
gives up (None) at the first row the full loop would have something to say about: an id or
entry it does not know as written, a value it cannot take, a blank that is not a count, the same
entry twice with another value.  Its caller then reads the rows with the full loop, which says
it at its place (grading on two cores does, :mod:`dingji.services.split`).  Per row: one
unpacking, four dictionary lookups and a ``setdefault``; no generator, no line number.
"""

from __future__ import annotations

from collections.abc import Iterable

from dingji.core.input_rows import _Read, _table
from dingji.core.model import Standard
from dingji.core.values import parse


def read_clean(standard: Standard, spec, rows: Iterable, roster, file: str) -> _Read | None:
    """``rows`` read as :func:`~dingji.core.input_rows._read` would, or None when one of them
    has anything to say (then nothing else is said: the caller reads them all again)."""
    by_item: dict = {}  # {source: {item: (key, parses, entry)}}: no tuple made per row to look up
    for (source, item), entry in _table(standard, spec).items():
        by_item.setdefault(source, {})[item] = (entry.key, entry.parses, entry)
    members = _members(roster, standard)
    read = _Read()
    read.files.append(file)
    admitted, blanks = read.admitted, read.blanks
    by_org: dict = {}
    last = values = None
    for row in rows:
        try:
            org, source, item, raw = row
        except ValueError:
            if not any(x.strip() for x in row):
                continue  # a blank line
            return None
        try:
            key, parses, entry = by_item[source][item]
        except KeyError:
            return None
        if org != last:  # rows of one organization usually come together
            values = by_org.get(org)
            if values is None:
                if members is not None and org not in members:
                    return None
                if org != org.strip() or not org:
                    return None
                values = by_org[org] = {}
                admitted[org] = (org, values)
            last = org
        got = parses.get(raw)
        if got is None:
            if not raw or raw.isspace():
                if not entry.optional:  # an optional entry left blank is no entry (as in the full loop)
                    if entry.kind != "count":
                        return None  # a required value left blank: said by the full loop, unless a row fills it
                    blanks.setdefault((org, key), (None, None, entry))  # no occurrence (collect)
                continue
            got = parse(entry.kind, raw, entry.max)
            if len(parses) < 10_000:
                parses[raw] = got
        value, err = got
        if err is not None:  # said by the full loop (which keeps its failed parses here too)
            return None
        old = values.setdefault(key, value)
        if old is not value and old != value:
            return None
    return read


def _members(roster, standard: Standard):
    """The ids of the roster's organizations of ``standard`` (None: no roster, any id)."""
    if roster is None:
        return None
    domains = (standard.id, standard.domain)
    return frozenset(o.id for o in roster.values() if o.domain in domains)


def read_clean_cells(standard: Standard, spec, tables: Iterable, roster, file: str) -> _Read | None:
    """Workbook rows read as the row loop reads a template's cells, or None at the first thing
    to say.  ``tables``: per data sheet ``(columns, rows)``, ``columns`` the ``(index, (source,
    item))`` of its input columns (the standard's own key tuples), ``rows`` its data rows (lists
    of cells: float, str, bool, int, None; the organization id in the first)."""
    table = _table(standard, spec)
    members = _members(roster, standard)
    read = _Read()
    read.files.append(file)
    admitted, blanks = read.admitted, read.blanks
    by_org: dict = {}
    caches: dict = {}  # per (kind, max): the parse of each (class, cell), as the full loop keys it
    for columns, rows in tables:
        entries = []
        for c, key in columns:
            entry = table[key]
            cache = caches.setdefault((entry.kind, entry.max), {})
            entries.append((c, entry.key, cache, entry))
        for row in rows:
            org = row[0]
            if org.__class__ is not str or not org or org != org.strip():
                if (org is None or org == "") and not any(row[c] not in (None, "") for c, *_ in entries):
                    continue  # a row left empty
                return None
            values = by_org.get(org)
            if values is None:
                if members is not None and org not in members:
                    return None
                values = by_org[org] = {}
                admitted[org] = (org, values)
            for c, key, cache, entry in entries:
                v = row[c]
                got = cache.get((v.__class__, v))
                if got is None:
                    if v is None or v == "":
                        if not entry.optional:
                            if entry.kind != "count":
                                return None
                            blanks.setdefault((org, key), (None, None, entry))
                        continue
                    if v.__class__ not in _CELLS:
                        return None  # a date or time: refused at its cell by the full loop
                    got = parse(entry.kind, v, entry.max)
                    if got[1] is not None:
                        return None
                    if len(cache) < 100_000:
                        cache[(v.__class__, v)] = got
                value = got[0]
                old = values.setdefault(key, value)
                if old is not value and old != value:
                    return None
    return read


_CELLS = frozenset((float, str, bool, int))
