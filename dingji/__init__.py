"""dingji (定级): grade grassroots Party organizations on a 100-point scale.

The library API::

    import dingji
    std = dingji.get_standard("village")          # or dingji.load_standard("my.toml")
    results = dingji.evaluate(std, rows)         # rows: (org, source, item, value)
    print("\\n".join(results[0].explain()))

Names are imported on first use, so ``import dingji`` (and ``dingji --help``)
stays as light as click itself.
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

_LAZY = {
    "hookimpl": ("dingji._marker", "hookimpl"),
    "evaluate": ("dingji.api", "evaluate"),
    "get_standard": ("dingji.api", "get_standard"),
    "load_standard": ("dingji.api", "load_standard"),
    "read_scores": ("dingji.api", "read_scores"),
    "standards": ("dingji.api", "standards"),
    "DingjiError": ("dingji.core.errors", "DingjiError"),
    "InputError": ("dingji.core.errors", "InputError"),
    "StandardError": ("dingji.core.errors", "StandardError"),
    "Place": ("dingji.core.errors", "Place"),
    "Problem": ("dingji.core.errors", "Problem"),
    "Text": ("dingji.core.text", "Text"),
    "Accepted": ("dingji.core.inputs", "Accepted"),
    "Assessment": ("dingji.core.inputs", "Assessment"),
    "Batch": ("dingji.core.inputs", "Batch"),
    "Organization": ("dingji.core.inputs", "Organization"),
    "Spec": ("dingji.core.inputs", "Spec"),
    "spec_for": ("dingji.core.inputs", "spec_for"),
    "Indicator": ("dingji.core.model", "Indicator"),
    "Input": ("dingji.core.model", "Input"),
    "Method": ("dingji.core.model", "Method"),
    "Metric": ("dingji.core.model", "Metric"),
    "Reader": ("dingji.core.model", "Reader"),
    "Scorer": ("dingji.core.model", "Scorer"),
    "Standard": ("dingji.core.model", "Standard"),
    "Survey": ("dingji.core.model", "Survey"),
    "TrackerInfo": ("dingji.core.tracker", "TrackerInfo"),
    "Tracker": ("dingji.core.tracker", "Tracker"),
    "TrackerMetric": ("dingji.core.tracker", "TrackerMetric"),
    "MetricValue": ("dingji.core.tracker", "MetricValue"),
    "Field": ("dingji.core.tracker", "Field"),
    "OrgRecords": ("dingji.core.tracker", "OrgRecords"),
    "Result": ("dingji.core.scoring", "Result"),
    "LedgerSheet": ("dingji.report.sheet", "LedgerSheet"),
    "LedgerWriter": ("dingji.report.sheet", "LedgerWriter"),
    "fmt": ("dingji.core.numbers", "fmt"),
    "pct": ("dingji.core.numbers", "pct"),
}

__all__ = sorted(_LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs ("X as X": re-exported); at run time __getattr__ imports
    from dingji._marker import hookimpl as hookimpl
    from dingji.api import (
        evaluate as evaluate, get_standard as get_standard, load_standard as load_standard,
        read_scores as read_scores, standards as standards,
    )
    from dingji.core.errors import (
        DingjiError as DingjiError, InputError as InputError, Place as Place, Problem as Problem,
        StandardError as StandardError,
    )
    from dingji.core.inputs import (
        Accepted as Accepted, Assessment as Assessment, Batch as Batch, Organization as Organization,
        Spec as Spec, spec_for as spec_for,
    )
    from dingji.core.model import (
        Indicator as Indicator, Input as Input, Method as Method, Metric as Metric, Reader as Reader,
        Scorer as Scorer, Standard as Standard, Survey as Survey,
    )
    from dingji.core.numbers import fmt as fmt, pct as pct
    from dingji.core.scoring import Result as Result
    from dingji.core.text import Text as Text
    from dingji.core.tracker import (
        Field as Field, MetricValue as MetricValue, OrgRecords as OrgRecords, Tracker as Tracker,
        TrackerInfo as TrackerInfo, TrackerMetric as TrackerMetric,
    )
    from dingji.report.sheet import LedgerSheet as LedgerSheet, LedgerWriter as LedgerWriter


def __getattr__(name):
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'dingji' has no attribute {name!r}") from None
    import importlib
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
