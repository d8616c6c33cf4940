"""Standards and plugins as a face shows them (``dingji standards list|show|check|new``,
``dingji plugins``): rows of text, checks, and the starter file of a new domain."""

from __future__ import annotations

import errno
from pathlib import Path

import attrs

from dingji.core.errors import DingjiError
from dingji.core.feeds import feed_of
from dingji.core.numbers import fmt, fmt_weight
from dingji.io.atomic import atomic_path
from dingji.services.starter import starter_text


def standard_rows(registry) -> list[tuple]:
    """``(id, name, domain, version, origin)`` of each loaded standard."""
    return [(s.id, s.name, s.domain, s.version, s.origin) for s in registry.standards.values()]


def shadowed(registry) -> list[tuple]:
    """``(id, origin of the hidden one, origin of the one in its place)`` for each standard
    that another of the same id replaced (a workspace file over a built-in)."""
    return [(hidden.id, hidden.origin, by.origin) for hidden, by in registry.shadowed]


@attrs.frozen
class StandardView:
    """A standard's tables as text cells (numbers formatted as the standard writes them)."""

    standard: object
    indicators: list  # (category name, id, name, points, method, rule)
    sources: list  # (id, name, kind, weight)
    grades: list  # (name, min)
    vetoes: list  # (id, name, condition, effect)
    capped: list  # ("bonus" | "penalty", cap or "—", "name points; ...") for each the standard has
    service: str | None  # the conditions of 服务型, in a line


def standard_view(registry, standard_id: str, lang: str = "zh") -> StandardView:
    """The indicator table, sources, grades, vetoes, bonus/penalty and service rule of a standard."""
    return view_of(registry.standard(standard_id), lang)


def view_of(std, lang: str = "zh") -> StandardView:
    """:func:`standard_view` of a loaded :class:`~dingji.core.standard.Standard` (one just checked, say)."""
    cats = {c.id: c.name for c in std.categories}
    indicators = [(cats[i.category], i.id, i.name, fmt(i.points), i.method, rule(i, lang)) for i in std.indicators]
    sources = [(s.id, s.name, s.kind, fmt_weight(s.weight)) for s in std.sources]  # 0.3, or 1/3 as written
    grades = [(g.name, fmt(g.min)) for g in std.grades]
    vetoes = []
    for v in std.vetoes:
        cond = (
            f"{v.when.metric} < {fmt(v.when.below)}" if v.when else ("entered yes/no" if lang == "en" else "录入 是/否")
        )
        vetoes.append((v.id, v.name, cond, f"≤ {v.max_grade}" if v.max_grade else f"→ {std.lowest_grade}"))
    capped = [
        (which, fmt(c.cap) if c.cap is not None else "—", "; ".join(f"{i.name} {fmt(i.points)}" for i in c.items))
        for which, c in (("bonus", std.bonus), ("penalty", std.penalty))
        if c
    ]
    service = None
    if std.service:
        s = std.service
        inds = ", ".join(f"{k} ≥ {fmt(v * 100)}%" for k, v in s.indicators)
        service = f"{s.name}: ≥ {s.min_grade}; satisfaction ≥ {fmt((s.min_satisfaction or 0) * 100)}%; {inds}"
    return StandardView(std, indicators, sources, grades, vetoes, capped, service)


def rule(ind, lang: str = "zh") -> str:
    """An indicator's scoring rule in a few words (deductions, items, tiers, tracker metric, or its guide);
    a score or rate indicator that a tracker's metric feeds says so first."""
    feed = feed_of(ind)
    if feed and ind.method != "tracker":
        first = (
            f"from tracker {feed[0]}.{feed[1]} where records are kept; "
            if lang == "en"
            else f"有活动台账记录时取 {feed[0]}.{feed[1]}；"
        )
        return first + _rule(ind)
    return _rule(ind)


def _rule(ind) -> str:
    o = ind.options
    if ind.method == "deduct" and "per" in o:
        return f"-{fmt(o['per'])}/{ind.unit or '次'}"
    if ind.method == "deduct":
        return "; ".join(f"{d['name']} -{fmt(d['points'])}" for d in o["deductions"])
    if ind.method == "check" and "items" in o:
        return "; ".join(f"{d['name']} {fmt(d['points'])}" for d in o["items"])
    if ind.method == "tiers":
        return "; ".join(f"≥{fmt(x['min'] * 100)}%:{fmt(x['points'])}" for x in o["tiers"])
    if ind.method == "tracker":
        return f"{o['tracker']}.{o['metric']}"
    return ind.guide or ""


@attrs.frozen
class Check:
    """Standard files checked: those that load, ``(file, standard)`` in order, and every problem of the others."""

    loaded: list
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems


def check_files(registry, files) -> Check:
    """Load and validate each file with the registry's methods and trackers; collect every problem."""
    loaded, problems = [], []
    for f in files:
        try:
            loaded.append((f, registry.load(Path(f), origin="file")))
        except DingjiError as exc:
            problems.extend(exc.problems)
    return Check(loaded, problems)


def starter_path(standard_id: str, ws=None, output=None) -> Path:
    """Where ``standards new`` writes: ``output``, else the workspace's first standards folder,
    else the current folder; the file is ``ID.toml``."""
    if output is not None:
        return Path(output)
    folder = ws.standard_folders[0] if ws is not None else Path.cwd()
    return folder / f"{standard_id}.toml"


def new_standard(
    registry, standard_id: str, base: str | None = None, ws=None, output=None, force: bool = False
) -> Path:
    """Write a commented starter standard (or ``base``'s text under the new id); returns its path.

    The text is checked to load before anything is written, so a bad id writes nothing.
    An existing file is a FileExistsError unless ``force``.
    """
    from dingji.core.errors import StandardError
    from dingji.core.ids import id_problem

    bad = id_problem(standard_id, "ID")
    if bad is not None:  # `standards new ../../evil` would write two folders above the workspace
        raise StandardError([bad])
    text = starter_text(standard_id, registry.standard(base) if base else None)
    path = starter_path(standard_id, ws, output)
    if path.exists() and not force:
        raise FileExistsError(errno.EEXIST, "exists; use force to overwrite", str(path))
    registry.load(text, name=str(path), origin="new")  # what we write must load
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def plugin_rows(registry) -> list[tuple]:
    """``(name, origin, "hook, hook")`` of each registered plugin."""
    return [(name, origin, ", ".join(hooks)) for name, origin, hooks in registry.plugin_rows()]
