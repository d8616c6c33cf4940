"""dingji (定级): grade grassroots Party organizations on a 100-point scale.

The library API::

    import dingji
    std = dingji.get_standard("village")          # or dingji.load_standard("my.toml")
    results = dingji.evaluate(std, rows)         # rows: (org, source, item, value)
    print("\\n".join(results[0].explain()))
"""

import pluggy

hookimpl = pluggy.HookimplMarker("dingji")

from .api import evaluate, get_standard, load_standard, read_scores, standards  # noqa: E402
from .core.errors import DingjiError, InputError, Place, Problem, StandardError  # noqa: E402
from .core.inputs import Assessment, Batch, Organization  # noqa: E402
from .core.model import Indicator, Input, Method, Metric, Reader, Scorer, Standard, TrackerInfo  # noqa: E402
from .core.scoring import Result  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "Assessment", "Batch", "DingjiError", "Indicator", "Input", "InputError", "Method", "Metric",
    "Organization", "Place", "Problem", "Reader", "Result", "Scorer", "Standard", "StandardError",
    "TrackerInfo", "evaluate", "get_standard", "hookimpl", "load_standard", "read_scores", "standards",
]
