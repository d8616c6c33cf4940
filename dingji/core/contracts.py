"""The plugin contracts of the core (re-exported by :mod:`.model`): what a scorer needs and
returns (:class:`Input`, :class:`Scorer`), a scoring method (:class:`Method`), a metric a rule
may test (:class:`Metric`) and an input format (:class:`Reader`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from dingji.core.model import Indicator


def _tuple(x):
    return tuple(x)


@attrs.frozen
class Input:
    """One value a scorer needs for an indicator.

    ``key`` is the long-form ``item`` (``meetings`` or ``meetings.no_plan``);
    ``shared`` inputs are entered once under the source ``tracker`` and used by
    every ``indicators`` source.
    """

    key: str
    kind: str
    label: str
    max: Decimal | None = None
    shared: bool = False


@attrs.frozen
class Scorer:
    """What a method compiles an indicator into.

    ``points(*values)`` returns the indicator's points before clamping, one value
    per input in order.  ``explain(values, points, lang)`` says why, in one line.
    ``explain_note(values, points, lang, note)``, when given, says it for a shared
    value that came with a note on how it was obtained (a tracker's counts); without
    it the line is ``note → explain(...)``.
    """

    inputs: tuple[Input, ...] = attrs.field(converter=_tuple)
    points: Callable[..., Decimal]
    explain: Callable[[tuple, Decimal, str], str]
    explain_note: Callable[[tuple, Decimal, str, str], str] | None = None


@attrs.frozen
class Method:
    """A scoring method, registered by a plugin through ``dingji_register_methods``.

    ``keys`` are the extra TOML keys the method accepts on an indicator.
    ``check(indicator, context)`` returns a list of ``(key, english, chinese)``
    problems with those keys (``context["trackers"]`` maps each known tracker id
    to its metric names); ``compile(indicator)`` returns a :class:`Scorer`.
    """

    name: str
    description: str
    compile: Callable[[Indicator], Scorer]
    check: Callable[[Indicator, Mapping], list] = lambda ind, context: []
    keys: frozenset = attrs.field(default=frozenset(), converter=frozenset)


@attrs.frozen
class Metric:
    """A computed organization metric a ``when`` rule may test (``satisfaction`` is built in).

    ``compute(standard, assessment)`` returns a Decimal in 0..1, or None when unknown.
    """

    name: str
    description: str
    compute: Callable[[Any, Any], Decimal | None]


@attrs.frozen
class Reader:
    """An input format.  ``read_scores(path, standard) -> Batch``;
    ``read_roster(path) -> list[Organization]``; either may be None."""

    name: str
    suffixes: tuple[str, ...] = attrs.field(converter=_tuple)
    read_scores: Callable | None = None
    read_roster: Callable | None = None
