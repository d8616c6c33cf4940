"""A year's stored grades beside last year's, read without re-grading (streamed).

What rectification (定级结果, 备案 of the lowest grade), 晋位升级 (the move against the
year before), the distribution checks and ``dingji status`` need of each graded
organization: its domain, score, grade, the grade its score alone gives, whether
that is its standard's lowest, and last year's grade and score.  The move compares
the two grades by the rank of this year's standard (a grade it does not have: no
move).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from dingji.report.results import StandardCache
from dingji.store.graded import iter_graded_rows, result_runs

UP, SAME, DOWN = "up", "same", "down"
MOVES = {UP: ("升", "up"), SAME: ("平", "same"), DOWN: ("降", "down")}


class Graded(NamedTuple):
    org: str
    name: str
    domain: str  # the standard's id
    domain_name: str  # its 领域 name
    score: Decimal
    grade: str
    score_grade: str  # by the score alone; differs when a veto or cap rule decided
    lowest: bool  # graded its standard's lowest grade
    vetoes: tuple  # names of the rules that hold
    previous: str | None  # last year's grade
    previous_score: Decimal | None
    move: str | None  # UP, SAME, DOWN, or None without a comparable last year
    nearest: tuple | None  # (grade, its min): the grade threshold (above 0) nearest the score
    grades: tuple = ()  # the standard's grades, best first

    @property
    def decided_by_rule(self) -> bool:
        return self.grade != self.score_grade

    @property
    def rectify_class(self) -> str:
        """巩固先进 (``advanced``) for the standard's best grade, 整顿后进 (``backward``) for its
        lowest, 推动一般 (``middle``) between (the township plan's three kinds of rectification)."""
        return class_of(self.grades, self.grade, self.lowest)


#: the three kinds of rectification, by grade: 巩固先进 (好), 推动一般 (较好, 一般), 整顿后进 (较差)
CLASSES = {
    "advanced": ("巩固先进", "consolidate the advanced"),
    "middle": ("推动一般", "push the average forward"),
    "backward": ("整顿后进", "rectify the lagging"),
}
_CLASS_RANK = {c: i for i, c in enumerate(CLASSES)}


def class_rank(cid) -> int:
    """Where a kind of rectification comes in lists: 巩固先进, 推动一般, 整顿后进, then any other
    (tasks of organizations not graded)."""
    return _CLASS_RANK.get(cid, len(_CLASS_RANK))


def class_of(grades, grade: str, lowest: bool = False) -> str:
    """The kind of rectification of ``grade`` among ``grades`` (best first; without them, by
    ``lowest`` alone)."""
    grades = list(grades)
    if grade in grades:
        i = grades.index(grade)
        return "advanced" if i == 0 else "backward" if i == len(grades) - 1 else "middle"
    return "backward" if lowest else "middle"


def class_name(cid: str | None, lang: str = "zh") -> str:
    return "" if cid is None else CLASSES[cid][lang == "en"]


def class_heading(cid: str, standards, lang: str = "zh") -> str:
    """``巩固先进（好）``: the class with its grades in ``standards`` (best first, each once)."""
    names: list[str] = []
    for std in standards:
        for g in (g.name for g in std.grades):
            if class_of([x.name for x in std.grades], g) == cid and g not in names:
                names.append(g)
    shown = ("、" if lang != "en" else ", ").join(names)
    if not shown:
        return class_name(cid, lang)
    return f"{class_name(cid, lang)}（{shown}）" if lang != "en" else f"{class_name(cid, lang)} ({shown})"


def move_name(move: str | None, lang: str = "zh") -> str:
    return "" if move is None else MOVES[move][lang == "en"]


class _Info:
    def __init__(self, std):
        self.std = std
        self.ranks = {g.name: i for i, g in enumerate(std.grades)}
        self.grades = [(Decimal(g.min), g.name) for g in std.grades]
        self.names = tuple(g.name for g in std.grades)
        self.vetoes = {v.id: v.name for v in std.vetoes}

    def score_grade(self, score: Decimal) -> str:
        return next((name for low, name in self.grades if score >= low), self.grades[-1][1])

    def nearest(self, score: Decimal):
        cuts = [(abs(score - low), name, low) for low, name in self.grades if low > 0]
        return min(cuts)[1:] if cuts else None

    def move(self, grade, previous):
        if previous is None or previous not in self.ranks:
            return None
        d = self.ranks[grade] - self.ranks[previous]
        return UP if d < 0 else DOWN if d > 0 else SAME


def iter_graded(
    store,
    standard_of,
    year: int,
    domain: str | None = None,
    *,
    moved: bool = False,
    rectifying: bool = False,
    scores=(),
    grades=(),
):
    """:class:`Graded` of every organization with a result in ``year`` (of one domain; filtered as
    :func:`dingji.store.graded.iter_graded_rows` says), by domain then org.
    ``standard_of(run id) -> (Standard, keys)`` is a :class:`dingji.report.results.StandardCache`."""
    infos: dict[int, _Info] = {}
    for run_id, org, name, dom, score, grade, vetoes, prev, prev_score in iter_graded_rows(
        store, year, domain, moved=moved, rectifying=rectifying, scores=scores, grades=grades
    ):
        info = infos.get(run_id)
        if info is None:
            info = infos[run_id] = _Info(standard_of(run_id)[0])
        s = Decimal(score)
        yield Graded(
            org,
            name,
            dom,
            info.std.domain,
            s,
            grade,
            info.score_grade(s),
            grade == info.std.lowest_grade,
            tuple(info.vetoes.get(v, v) for v in vetoes.split(",") if v),
            prev,
            None if prev_score is None else Decimal(prev_score),
            info.move(grade, prev),
            info.nearest(s),
            info.names,
        )


def graded(store, registry, year: int) -> dict[str, Graded]:
    """``{org: Graded}`` of ``year`` (a township's or county's worth; the ledger streams instead)."""
    return {g.org: g for g in iter_graded(store, StandardCache(store, registry), year)}


def move_of(std, grade: str, previous: str | None) -> str | None:
    return _Info(std).move(grade, previous)


def iter_near(store, standard_of, year: int, margin: Decimal):
    """:class:`Graded` whose score is within ``margin`` of one of its standard's grade lines (the
    candidates found in SQL, each checked exactly by :func:`dingji.report.plan.near`)."""
    if not margin:
        return
    lines = sorted(
        {
            (run_id, float(g.min))
            for run_id in result_runs(store, year)
            for g in standard_of(run_id)[0].grades
            if g.min > 0
        }
    )
    if not lines:
        return
    ranges = [(run_id, low - float(margin) - 0.01, low + float(margin) + 0.01) for run_id, low in lines]
    yield from iter_graded(store, standard_of, year, scores=ranges)
