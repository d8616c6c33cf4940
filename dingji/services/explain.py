"""Why an organization has its grade (``dingji explain``): its stored result of a year,
with the explanation of every point, and last year beside it."""

from __future__ import annotations

import attrs

from dingji.report.results import load_results
from dingji.services.compare import comparison


@attrs.frozen
class Explanation:
    """One organization's result of a year; ``comparison`` is ``(heading, headers, rows)``
    against the year before (``(a line, None, None)`` when it has no result then), or
    None when not asked for."""

    result: object
    year: int
    comparison: tuple | None = None

    def lines(self, lang: str = "zh") -> list[str]:
        """The explanation, one line each: every indicator per source, bonus/penalty, vetoes,
        the distance to the next grade."""
        return self.result.explain(lang)


def explain(registry, ws, org: str, year: int | None = None, lang: str = "zh",
            compare: bool = True) -> Explanation | None:
    """The result of ``org`` in ``year`` (default: the workspace's), with its notes; None when
    there is none.  ``compare``: also last year's result beside it."""
    year = year or ws.year
    with ws.store() as store:
        results = load_results(store, registry, year, org=org, notes=True)
        if not results:
            return None
        beside = comparison(store, registry, results[0], year, lang) if compare else None
    return Explanation(results[0], year, beside)
