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
        evaluate as evaluate,
    )
    from dingji.api import (
        get_standard as get_standard,
    )
    from dingji.api import (
        load_standard as load_standard,
    )
    from dingji.api import (
        read_scores as read_scores,
    )
    from dingji.api import (
        standards as standards,
    )
    from dingji.core.errors import (
        DingjiError as DingjiError,
    )
    from dingji.core.errors import (
        InputError as InputError,
    )
    from dingji.core.errors import (
        Place as Place,
    )
    from dingji.core.errors import (
        Problem as Problem,
    )
    from dingji.core.errors import (
        StandardError as StandardError,
    )
    from dingji.core.inputs import (
        Accepted as Accepted,
    )
    from dingji.core.inputs import (
        Assessment as Assessment,
    )
    from dingji.core.inputs import (
        Batch as Batch,
    )
    from dingji.core.inputs import (
        Organization as Organization,
    )
    from dingji.core.inputs import (
        Spec as Spec,
    )
    from dingji.core.inputs import (
        spec_for as spec_for,
    )
    from dingji.core.model import (
        Indicator as Indicator,
    )
    from dingji.core.model import (
        Input as Input,
    )
    from dingji.core.model import (
        Method as Method,
    )
    from dingji.core.model import (
        Metric as Metric,
    )
    from dingji.core.model import (
        Reader as Reader,
    )
    from dingji.core.model import (
        Scorer as Scorer,
    )
    from dingji.core.model import (
        Standard as Standard,
    )
    from dingji.core.model import (
        Survey as Survey,
    )
    from dingji.core.numbers import fmt as fmt
    from dingji.core.numbers import pct as pct
    from dingji.core.scoring import Result as Result
    from dingji.core.text import Text as Text
    from dingji.core.tracker import (
        Field as Field,
    )
    from dingji.core.tracker import (
        MetricValue as MetricValue,
    )
    from dingji.core.tracker import (
        OrgRecords as OrgRecords,
    )
    from dingji.core.tracker import (
        Tracker as Tracker,
    )
    from dingji.core.tracker import (
        TrackerInfo as TrackerInfo,
    )
    from dingji.core.tracker import (
        TrackerMetric as TrackerMetric,
    )
    from dingji.report.sheet import LedgerSheet as LedgerSheet
    from dingji.report.sheet import LedgerWriter as LedgerWriter


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
