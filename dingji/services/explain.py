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
    rounds: list = attrs.Factory(list)  # its grade in every round of the year (number, name, grade, score …)

    def rounds_line(self, lang: str = "zh") -> str | None:
        """Every round of the year and the move between them (晋位升级 inside the year), or None
        with a single round."""
        return rounds_text(self.rounds, lang)

    def lines(self, lang: str = "zh") -> list[str]:
        """The explanation, one line each: every indicator per source, bonus/penalty, vetoes,
        the distance to the next grade."""
        return self.result.explain(lang)


def explain(
    registry, ws, org: str, year: int | None = None, lang: str = "zh", compare: bool = True
) -> Explanation | None:
    """The result of ``org`` in ``year`` (default: the workspace's), with its notes; None when
    there is none.  ``compare``: also last year's result beside it."""
    year = year or ws.year
    with ws.store() as store:
        from dingji.store.results import check_values

        check_values(store, year)
        results = load_results(store, registry, year, org=org, notes=True)
        if not results:
            return None
        beside = comparison(store, registry, results[0], year, lang) if compare else None
        history = rounds_history(store, year, org)
    return Explanation(results[0], year, beside, history)


def rounds_history(store, year: int, org: str) -> list[dict]:
    from dingji.store.rounds import history

    return history(store, year, org)


def rounds_text(history: list[dict], lang: str = "zh") -> str | None:
    """``本年度各轮：初定 较差 55.8 → 复评 一般 65.0`` (None with fewer than two rounds)."""
    from dingji.store.rounds import round_name

    if len(history) < 2:
        return None
    en = lang == "en"
    parts = [
        f"{round_name(h['number'], 'en') if en else h['name']} {h['grade']} {h['score']}"
        + ("" if h["published_at"] else (" (not published)" if en else "（未公示）"))
        for h in history
    ]
    return ("Rounds this year: " if en else "本年度各轮：") + " → ".join(parts)
