"""What the ledger's rows share (:mod:`.rows`, :mod:`.detail_rows`): stored decimal texts as
floats (:class:`_Numbers`), and per stored run its domain, veto names and grade ranks
(:class:`_RunInfo`, cached by :func:`_infos`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_CENT, _BP, _ZERO = Decimal("0.01"), Decimal("0.0001"), Decimal(0)


class _Numbers:
    """Stored decimal texts as floats for the sheet, rounded half up to 2 places (cached)."""

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, text):
        if text is None:
            return None
        got = self.cache.get(text)
        if got is None:
            got = float(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP))
            if len(self.cache) < 200_000:
                self.cache[text] = got
        return got


class _RunInfo:
    """Per stored run: the domain's name, veto names, grade ranks."""

    def __init__(self, ledger, run_id: int):
        std, _ = ledger.standard_of(run_id)
        self.standard, self.lang = std, ledger.lang
        self.domain = std.domain
        self.veto_names = {v.id: v.name for v in std.vetoes}
        self.ranks = {g.name: i for i, g in enumerate(std.grades)}
        self._vetoes: dict[str, str] = {}
        self.moves = {-1: ledger.label("up"), 0: ledger.label("same"), 1: ledger.label("down")}

    def vetoes(self, ids: str, score: str, grade: str) -> str:
        """The rules that changed the grade, then those that hold without effect (labelled)."""
        if not ids:
            return ""
        from dingji.core.rules import rules_text, score_grade_of

        key = (ids, score_grade_of(self.standard, Decimal(score)), grade)
        got = self._vetoes.get(key)
        if got is None:
            rules = [v for v in self.standard.vetoes if v.id in ids.split(",")]
            got = self._vetoes[key] = rules_text(self.standard, Decimal(score), grade, rules, self.lang)
        return got

    def move(self, grade: str, previous: str | None) -> str:
        if previous is None or previous not in self.ranks:
            return ""
        d = self.ranks[grade] - self.ranks[previous]
        return self.moves[(d > 0) - (d < 0)]


def _infos(ledger):
    cache: dict[int, _RunInfo] = {}

    def get(run_id):
        info = cache.get(run_id)
        if info is None:
            info = cache[run_id] = _RunInfo(ledger, run_id)
        return info

    return get
