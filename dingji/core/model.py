"""The value classes of dingji: a standard, its parts, and the scorer contract.

Everything here is immutable (attrs ``frozen``) and free of I/O.  Numbers are
:class:`decimal.Decimal` throughout; floats never reach a grade.

The plugin contracts (:class:`Input`, :class:`Scorer`, :class:`Method`, :class:`Metric`,
:class:`Reader`) are in :mod:`.contracts`, importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from dingji.core.contracts import Input, Method, Metric, Reader, Scorer, _tuple  # noqa: F401 - re-exported

#: The kinds of value a scorer asks for; the core parses and range-checks them.
#: ``score`` 0..max, ``count`` a whole number >= 0, ``yesno`` a boolean,
#: ``rate`` 0..1 (``85%`` accepted).
INPUT_KINDS = ("score", "count", "yesno", "rate")

#: Reserved source names of the long-form input (besides the standard's own sources).
SURVEY, TRACKER, BONUS, PENALTY, VETO = "survey", "tracker", "bonus", "penalty", "veto"
RESERVED_SOURCES = (SURVEY, TRACKER, BONUS, PENALTY, VETO)
#: Long-form sources whose values not entered count 0 / no; with several surveys each
#: survey's own source ``survey.<id>`` is one too (see :func:`optional_source`).
OPTIONAL_SOURCES = (SURVEY, BONUS, PENALTY, VETO)
#: The built-in metric: the lowest satisfaction of an organization's surveys;
#: ``satisfaction.<survey id>`` is one survey's.
SATISFACTION = "satisfaction"
#: The name of a single ``[survey]`` that gives none.
SURVEY_NAME = "满意度测评"


def optional_source(source: str) -> bool:
    """True for a long-form source whose values, not entered, count 0 / no: survey answers
    (``survey`` or ``survey.<id>``), bonus and penalty occurrences, veto facts."""
    return source in OPTIONAL_SOURCES or source.startswith(SURVEY + ".")


#: The years a grading year may be: from the Party's founding to a bound far ahead.
FIRST_YEAR, LAST_YEAR = 1921, 2999


def label(thing, lang: str = "zh") -> str:
    """A standard's part by name, in English where the standard gives ``name_en``."""
    if lang == "en" and getattr(thing, "name_en", None):
        return thing.name_en
    return thing.name


@attrs.frozen
class Grade:
    name: str
    min: Decimal


@attrs.frozen
class Source:
    """A source of scores.  ``weight`` is a Decimal as written (0.3), or a
    :class:`dingji.core.numbers.Ratio` for a fraction written in quotes ("1/3")."""

    id: str
    name: str
    weight: Decimal
    kind: str = "indicators"  # "indicators" | "survey" | "total"
    name_en: str | None = None
    #: for kind "survey": the id of the survey its score comes from
    survey: str | None = None


@attrs.frozen
class SurveyOption:
    name: str
    value: Decimal
    satisfied: bool = False
    valid: bool = True


@attrs.frozen
class Survey:
    """A 满意度测评: ``[survey]`` (id ``survey``) or one of several ``[[survey]]`` tables.

    ``key`` is its source in the long form and the workbook: ``survey`` when the standard
    has one survey, ``survey.<id>`` when it has several."""

    id: str
    name: str
    options: tuple[SurveyOption, ...] = attrs.field(converter=_tuple)
    key: str = SURVEY
    name_en: str | None = None

    @property
    def metric(self) -> str:
        """The metric of this survey's satisfaction, for ``when`` rules: ``satisfaction.<id>``."""
        return f"{SATISFACTION}.{self.id}"


@attrs.frozen
class Item:
    """A named part with points: a check item, a named deduction, a bonus or penalty item."""

    id: str
    name: str
    points: Decimal


@attrs.frozen
class Indicator:
    id: str
    name: str
    points: Decimal
    method: str
    category: str
    guide: str | None = None
    unit: str | None = None
    #: the method's own keys from the TOML table (``per``, ``tiers``, ``items`` ...)
    options: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    name_en: str | None = None


@attrs.frozen
class Category:
    id: str
    name: str
    points: Decimal
    indicators: tuple[Indicator, ...] = attrs.field(converter=_tuple)
    name_en: str | None = None


@attrs.frozen
class Capped:
    """Bonus (加分) or penalty (扣分): items counted per occurrence, total capped."""

    items: tuple[Item, ...] = attrs.field(converter=_tuple)
    cap: Decimal | None = None


@attrs.frozen
class When:
    metric: str
    below: Decimal


@attrs.frozen
class Veto:
    id: str
    name: str
    when: When | None = None
    max_grade: str | None = None
    name_en: str | None = None


@attrs.frozen
class Service:
    name: str
    min_grade: str
    min_satisfaction: Decimal | None = None
    indicators: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_tuple)
    name_en: str | None = None


@attrs.frozen(eq=False)
class Standard:
    id: str
    name: str
    domain: str
    version: str
    total: Decimal
    precision: int
    grades: tuple[Grade, ...] = attrs.field(converter=_tuple)
    sources: tuple[Source, ...] = attrs.field(converter=_tuple)
    categories: tuple[Category, ...] = attrs.field(converter=_tuple)
    surveys: tuple[Survey, ...] = attrs.field(default=(), converter=_tuple)
    bonus: Capped | None = None
    penalty: Capped | None = None
    vetoes: tuple[Veto, ...] = attrs.field(default=(), converter=_tuple)
    service: Service | None = None
    issued_by: str | None = None
    schema: int = 1
    text: str = ""
    sha256: str = ""
    origin: str = ""
    path: str | None = None
    #: compiled scorers, one per indicator in file order
    scorers: tuple[tuple[Indicator, Scorer], ...] = attrs.field(default=(), converter=_tuple)
    metrics: Mapping[str, Metric] = attrs.field(factory=dict)
    name_en: str | None = None
    #: ``[standard] require_veto_facts``: every fact veto must be entered yes/no for every
    #: organization (without it, one not entered does not hold)
    require_veto_facts: bool = False

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for cat in self.categories for ind in cat.indicators)

    def indicator(self, id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == id:
                return ind
        raise KeyError(id)

    def source(self, id: str) -> Source:
        for src in self.sources:
            if src.id == id:
                return src
        raise KeyError(id)

    @property
    def survey(self) -> tuple[SurveyOption, ...] | None:
        """The options of the standard's only survey (None without one, or with several:
        then see :attr:`surveys`, whose long-form sources are ``survey.<id>``)."""
        return self.surveys[0].options if len(self.surveys) == 1 else None

    def survey_by_id(self, id: str) -> Survey:
        for sv in self.surveys:
            if sv.id == id:
                return sv
        raise KeyError(id)

    def grade_rank(self, name: str) -> int:
        """0 for the best grade; larger is worse."""
        for i, g in enumerate(self.grades):
            if g.name == name:
                return i
        raise KeyError(name)

    @property
    def lowest_grade(self) -> str:
        return self.grades[-1].name

    def uses_satisfaction(self) -> bool:
        return bool(self.needed_surveys())

    def needed_surveys(self) -> tuple[Survey, ...]:
        """The surveys every organization must have valid answers in: those a ``survey``
        source scores from or a rule names (``satisfaction.<id>``), and all of them when a
        rule or 服务型 uses plain satisfaction, the lowest of them."""
        if any(v.when is not None and v.when.metric == SATISFACTION for v in self.vetoes) or (
            self.service and self.service.min_satisfaction is not None
        ):
            return self.surveys
        named = {s.survey for s in self.sources if s.kind == "survey"}
        named |= {
            v.when.metric.partition(".")[2]
            for v in self.vetoes
            if v.when is not None and v.when.metric.startswith(SATISFACTION + ".")
        }
        return tuple(sv for sv in self.surveys if sv.id in named)

    def ref(self) -> dict:
        return {"id": self.id, "version": self.version, "sha256": self.sha256}
