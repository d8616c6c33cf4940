"""Activity trackers (活动台账) as values: a record schema, per-organization metrics.

A :class:`Tracker` is what a plugin registers through ``dingji_register_trackers``:
its id and name, the fields of one record, which fields name the member and the
period and make a record unique, and its metrics.  Each metric's ``compute`` turns
one organization's records (an :class:`OrgRecords`: the records, the roster entry,
the ``[trackers.<id>]`` configuration, the year) into a :class:`MetricValue`: a
share 0..1 with the counts behind it in words.  Checking raw records against the
schema is in :mod:`dingji.core.records`; files and the store live outside the core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from dingji.core.numbers import Ratio

#: ``text`` any text; ``int`` a whole number 0 or more; ``date`` a day (stored ISO,
#: 2026-03-01); ``yesno`` 是/否; ``choice`` one of the field's ``choices``.
FIELD_KINDS = ("text", "int", "date", "yesno", "choice")
#: Decimals a metric is shown with (10 of 12 → 0.8333); it is graded exactly (10/12), so
#: rounding happens once, at the end of the combined score.
METRIC_PLACES = 4
ORG = "org"
#: Configuration keys every tracker understands (the rest come from ``Tracker.defaults``).
COMMON_CONFIG = {"name": "", "labels": {}, "denominator": "roster"}
ZERO, ONE = Decimal(0), Decimal(1)


def _tuple(x):
    return tuple(x)


@attrs.frozen
class Field:
    """One column of a tracker's records.  ``id`` is the key in the stored data and a
    header the importer accepts besides ``label`` (which ``[trackers.<id>.labels]`` may
    change) and ``label_en``."""

    id: str
    label: str
    kind: str = attrs.field(default="text", validator=attrs.validators.in_(FIELD_KINDS))
    required: bool = False
    choices: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    label_en: str | None = None
    help: str = ""


@attrs.frozen
class MetricValue:
    """A metric for one organization: ``value`` 0..1 (a Decimal, or the exact fraction of its
    counts: :meth:`OrgRecords.share` gives a :class:`dingji.core.numbers.Ratio`) and its inputs, as counts (``inputs``)
    and as words (``zh``, ``en``: "12名党员中10名完成三亮三评")."""

    value: Decimal
    zh: str
    en: str
    inputs: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class TrackerMetric:
    """A metric of a tracker.  ``name`` is its id (what a standard's ``metric =`` names, and
    English output); ``label`` what Chinese output calls it (完成率; without one, the id).
    ``description`` states the formula (``description_zh`` in Chinese, for templates and the
    ledger); ``compute(OrgRecords)`` returns a :class:`MetricValue` (None for a tracker that
    keeps no records)."""

    name: str
    description: str
    compute: Callable[[OrgRecords], MetricValue] | None = None
    description_zh: str | None = None
    label: str | None = None

    def describe(self, lang: str = "zh") -> str:
        return self.description if lang == "en" or not self.description_zh else self.description_zh

    def title(self, lang: str = "zh") -> str:
        """What the metric is called: its Chinese label, its id in English."""
        return self.name if lang == "en" or not self.label else self.label


def _metrics(value) -> dict:
    out = {}
    for name, m in dict(value).items():
        out[name] = m if isinstance(m, TrackerMetric) else TrackerMetric(name, str(m))
    return out


@attrs.frozen
class Record:
    """One checked record: its organization and its fields' values (text, int, bool, or a
    date as ISO text; a blank optional field is absent)."""

    org: str
    data: Mapping[str, Any]
    member: str | None = None
    period: str | None = None


@attrs.frozen
class OrgRecords:
    """What a metric sees of one organization."""

    org: str
    records: tuple[Record, ...] = attrs.field(converter=_tuple)
    config: Mapping[str, Any] = attrs.field(factory=dict)
    year: int = 0
    roster_members: int | None = None  # the roster's 党员数, when it has one
    #: the roster (org id -> its entry, with ``name``): a metric may name other organizations
    roster: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def members(self) -> list[str]:
        """Members with records, in the order they first appear."""
        return list(dict.fromkeys(r.member for r in self.records if r.member))

    def by_member(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for r in self.records:
            out.setdefault(r.member or "", []).append(r)
        return out

    @property
    def denominator(self) -> int:
        """The members a share is taken of: those with records; with ``denominator =
        "roster"`` (the default) the roster's 党员数 instead when it is larger, so that
        leaving a member out of the records can never raise a share."""
        n = len(self.members)
        if self.config.get("denominator", "roster") == "roster" and (self.roster_members or 0) > n:
            return int(self.roster_members)
        return n

    def members_text(self) -> tuple[str, str]:
        """("12名党员", "12 members"), naming the roster when it set the denominator."""
        n, have = self.denominator, len(self.members)
        if n > have:
            return (
                f"{n}名党员（按组织名单；台账记录{have}名）",
                f"{n} members (the roster's count; {have} with records)",
            )
        return f"{n}名党员", f"{n} members"

    def share(self, part: int | Decimal, of: int | Decimal | None = None) -> Decimal | Ratio:
        """``part / of`` (default: the denominator), capped at 1, exactly: 43 of 56 is the
        :class:`~dingji.core.numbers.Ratio` 43/56, never cut to a few decimals."""
        of = self.denominator if of is None else of
        if not of:
            return ZERO
        return min(ONE, Ratio(_exact(part)) / _exact(of))


def _exact(x) -> Fraction:
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


@attrs.frozen
class Tracker:
    """An activity tracker.

    ``fields`` is the record schema (or a function of the configuration returning it);
    ``member_field`` and ``period_field`` name the fields stored as the record's member
    and period (a blank period is the year); ``unique`` the fields that, with the
    organization, identify a record (a repeat is an error).  ``check(data, config)``
    returns ``(field id, english, chinese)`` problems of one record beyond its fields'
    own rules.  ``defaults`` are the ``[trackers.<id>]`` keys it reads, with their
    default values (a configured value must have the default's type).  ``commands(group,
    tracker)`` may add click commands to ``dingji track <id>``.  A tracker without
    fields keeps no records: its values come from the long CSV's ``tracker`` rows
    (:func:`TrackerInfo` makes one).
    """

    id: str
    name: str
    metrics: Mapping[str, TrackerMetric] = attrs.field(factory=dict, converter=_metrics)
    fields: Any = ()
    member_field: str | None = "member"
    period_field: str | None = None
    unique: tuple[str, ...] = attrs.field(default=("member",), converter=_tuple)
    check: Callable[[Mapping, Mapping], list] | None = None
    defaults: Mapping[str, Any] = attrs.field(factory=dict)
    description: str = ""
    name_en: str | None = None
    commands: Callable | None = None

    @property
    def keeps_records(self) -> bool:
        return bool(self.fields)

    def configure(self, config: Mapping | None) -> dict:
        """The defaults overlaid with a ``[trackers.<id>]`` table (checked by :func:`config_problems`)."""
        out = {**COMMON_CONFIG, **dict(self.defaults)}
        out.update(dict(config or {}))
        return out

    def label(self, config: Mapping | None = None) -> str:
        return (config or {}).get("name") or self.name

    def schema(self, config: Mapping | None = None) -> tuple[Field, ...]:
        """The record fields for a configuration, with ``labels`` applied."""
        config = self.configure(config)
        fields = self.fields(config) if callable(self.fields) else self.fields
        labels = config.get("labels") or {}
        return tuple(attrs.evolve(f, label=str(labels[f.id])) if f.id in labels else f for f in fields)


def TrackerInfo(id: str, name: str, metrics: Mapping[str, str] | None = None) -> Tracker:  # noqa: N802 - kept name
    """A tracker known by its metric names only (``{name: description}``): standards may
    use it, and its values come from the long CSV's ``tracker`` rows."""
    return Tracker(id, name, metrics or {}, fields=())


def config_problems(tracker: Tracker, config: Mapping | None) -> list[tuple[str, str, str]]:
    """``(key, english, chinese)`` for every configured value whose type is not its default's."""
    out = []
    known = {**COMMON_CONFIG, **dict(tracker.defaults)}
    for key, value in dict(config or {}).items():
        if key not in known:
            out.append(
                (
                    key,
                    f"unknown key; {tracker.id} reads {', '.join(sorted(known))}",
                    f"未知的键；{tracker.id} 可用的键：{'、'.join(sorted(known))}",
                )
            )
            continue
        want = known[key]
        if isinstance(want, bool):
            good = isinstance(value, bool)
        elif isinstance(want, (int, float, Decimal)):
            good = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        elif isinstance(want, (list, tuple)):
            good = isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)
        elif isinstance(want, dict):
            good = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        else:
            good = isinstance(value, str)
        if key == "denominator" and good and value not in ("roster", "records"):
            good = False
        if not good:
            out.append(
                (key, f"expected a value like {want!r}, got {value!r}", f"应为类似 {want!r} 的值，实为 {value!r}")
            )
    return out
