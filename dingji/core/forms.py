"""Record forms kept after grading — visits (走访台账) and rectification tasks (整改台账) —
read and checked with the activity trackers' machinery.

A :class:`Form` is a record schema of :class:`dingji.Field`s, like a tracker's, with
cross-field checks that may look at the store (a visit recorded already, a task id
that does not exist).  It is checked by :func:`dingji.core.records.check_records`, so
every problem of every row of every file (or of every option of an ``add``) is
reported at once with its place, and nothing is stored when there is any.  Files
are read by the trackers' reader (:mod:`dingji.io.records`): a template made
by :mod:`dingji.io.xlsx.forms`, or any sheet or CSV whose header names the
columns by field id, Chinese or English label.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from dingji.core.errors import Place
from dingji.core.records import RecordBatch, check_records
from dingji.core.tracker import ORG, Field, Tracker

#: A hidden field holding each row's organization, so that checks can look it up.
OWNER = "_org"


def _tuple(x):
    return tuple(x)


@attrs.frozen
class Form:
    """A kind of record: ``fields`` (``shown`` ones are read but not stored: the
    organization's name beside its id), the fields that with the organization make a
    record unique, and ``check(data, org) -> [(field id, english, chinese)]``."""

    id: str
    name: str
    name_en: str
    command: str  # "dingji visit": where its template comes from
    fields: tuple[Field, ...] = attrs.field(converter=_tuple)
    unique: tuple[str, ...] = attrs.field(converter=_tuple)
    shown: tuple[str, ...] = attrs.field(default=("name",), converter=_tuple)
    help: tuple[str, str] = ("", "")

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name

    def field(self, fid: str) -> Field:
        return next(f for f in self.fields if f.id == fid)

    def tracker(self, extra: Callable | None = None) -> Tracker:
        """The form as an (unregistered) tracker, for the trackers' reader and checker."""

        def both(data, config):
            return list(extra(data, data.get(OWNER))) if extra else []

        hidden = Field(OWNER, OWNER)
        return Tracker(
            self.id, self.name, {}, fields=(*self.fields, hidden), member_field=None, unique=self.unique, check=both
        )


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _with_owner(form: Form, batch: RecordBatch, places: list) -> RecordBatch:
    """The batch with each row's organization copied to :data:`OWNER`, and without the rows
    that hold nothing but an organization (a template's rows not filled in); ``places`` gets
    ``(locate, where)`` of every row kept, in order."""
    own = [f.id for f in form.fields if f.id not in form.shown]

    def rows():
        for where, raw in batch.rows:
            if all(_blank(raw.get(f)) for f in own):
                continue
            places.append((batch.locate, where))
            yield where, {**raw, OWNER: raw.get(ORG)}

    return RecordBatch(batch.file, rows(), batch.locate, batch.problems)


def check_rows(form: Form, batches, roster, year: int, extra=None) -> list[tuple[str, dict, Place]]:
    """``[(organization, data without the shown fields, place of the row)]`` of every row;
    an InputError with every problem otherwise.  ``extra(data, org)`` adds checks."""
    places: list = []
    wrapped = [_with_owner(form, b, places) for b in batches]
    records = check_records(form.tracker(extra), {}, wrapped, roster, year)
    drop = set(form.shown) | {OWNER}
    return [
        (r.org, {k: v for k, v in r.data.items() if k not in drop}, locate(where, None))
        for r, (locate, where) in zip(records, places)
    ]


def from_options(form: Form, org: str, values: dict, options: dict, roster, year: int, extra=None):
    """One record given on the command line: ``values`` {field id: raw text}; a problem is
    placed at its option (``options`` {field id: "--date"})."""
    raw = {ORG: org, **{k: v for k, v in values.items() if v is not None}}

    def locate(where, fid):
        return Place(key=options.get(fid) or ("ORG" if fid == ORG else None))

    return check_rows(form, [RecordBatch("", [(None, raw)], locate)], roster, year, extra)[0]


def number_problems(field: str, number, org: str, known: dict, seen: set, words) -> list[tuple[str, str, str]]:
    """``(field, english, chinese)`` problems of a record's own number in an import that updates
    stored records by it: none this year, another organization's, or given twice (``seen`` keeps
    the numbers met).  ``words`` holds three ``(english, chinese)`` templates taking ``{n}``, and
    for the second ``{owner}`` and ``{org}``."""
    if number is None:
        return []
    missing, other, twice = words
    got, out = known.get(number), []
    if got is None:
        out.append((field, missing[0].format(n=number), missing[1].format(n=number)))
    elif got["org"] != org:
        out.append((field, *(w.format(n=number, owner=got["org"], org=org) for w in other)))
    elif number in seen:
        out.append((field, twice[0].format(n=number), twice[1].format(n=number)))
    seen.add(number)
    return out
