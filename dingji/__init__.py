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

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports on first use
    from dingji._marker import hookimpl
    from dingji.api import evaluate, get_standard, load_standard, read_scores, standards
    from dingji.core.errors import DingjiError, InputError, Place, Problem, StandardError
    from dingji.core.inputs import Accepted, Assessment, Batch, Organization, Spec, spec_for
    from dingji.core.model import Indicator, Input, Method, Metric, Reader, Scorer, Standard
    from dingji.core.numbers import fmt, pct
    from dingji.core.scoring import Result
    from dingji.core.tracker import Field, MetricValue, OrgRecords, Tracker, TrackerInfo, TrackerMetric
    from dingji.report.sheet import LedgerSheet, LedgerWriter


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
