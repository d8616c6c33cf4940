"""What the desk shows of one organization (``/org/<id>`` and its 评分表), read from the store
of one request: its grade in every round and last year, the explanation of every point (the
lines of ``dingji explain``, as a tree), the score sheet, its visits and rectification tasks.

Every query is of this one organization (a city's store stays on disk): the services that list
a whole year's visits or tasks with their grades are not called here."""

from __future__ import annotations

from decimal import InvalidOperation

from dingji.core.model import BONUS, PENALTY, label
from dingji.core.numbers import fmt, fmt_exact, fmt_fixed, fmt_weight, pct
from dingji.core.rectify_form import overdue_days, status_name
from dingji.core.visit_form import finding_text
from dingji.report.graded import move_name, move_of
from dingji.report.results import load_results
from dingji.services.compare import comparison
from dingji.store.orgs import organization
from dingji.store.rectify import stored
from dingji.store.result_checks import check_values
from dingji.store.rounds import history, round_name
from dingji.store.visits import visits


def standard_of(registry, domain: str | None):
    """The standard a roster domain names (its id or its 领域 name), or None."""
    for std in registry.standards.values():
        if domain in (std.id, std.domain):
            return std
    return None


def one(desk, store, org: str, lang: str) -> dict | None:
    """Everything ``/org/<id>`` shows of ``org`` in the desk's year; None when neither the
    roster nor the year's results know it."""
    year = desk.year
    entry = organization(store, year, org)
    if entry is None:
        return None
    result = _result(store, desk.registry, year, org)
    std = result.standard if result else standard_of(desk.registry, entry["domain"])
    return {
        "entry": entry,
        "domain_name": std.domain if std else entry["domain"],
        "year": year,
        "result": result,
        "summary": summary(result, lang) if result else None,
        "rounds": rounds(history(store, year, org), std, lang),
        "last_year": last_year(store, year, org, std, result, lang),
        "comparison": comparison(store, desk.registry, result, year, lang) if result else None,
        "explanation": tree(result.explain(lang)) if result else [],
        "sheet": sheet(result, lang) if result else None,
        "visits": [{**v, "findings": finding_text(v, lang)} for v in visits(store, year, org)],
        "tasks": tasks(store, year, org, desk.today(), lang),
    }


def _result(store, registry, year: int, org: str):
    """``org``'s result of ``year``, re-graded from the store (None without one); a hand-edited
    number is named as the commands name it."""
    try:
        got = load_results(store, registry, year, org=org, notes=True)
    except (InvalidOperation, ValueError):
        check_values(store, year)  # says which value of the store is not a number
        raise
    return got[0] if got else None


def tree(lines: list[str]) -> list[dict]:
    """The lines of an explanation, indented two spaces a level, as ``[{text, children}]``."""
    root: list[dict] = []
    stack: list[tuple[int, list]] = [(-1, root)]
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        node = {"text": line.strip(), "children": []}
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((depth, node["children"]))
    return root


def summary(result, lang: str) -> dict:
    """The grade at a glance: score, grade (and the score's own when a rule decided), the rules
    that changed it, 服务型, and the next grade with the points still missing."""
    std = result.standard
    nxt = result.next_grade()
    return {
        "standard": f"{label(std, lang)} {std.version}",
        "score": fmt_fixed(result.score, std.precision),
        "grade": result.grade,
        "score_grade": result.score_grade,
        "reasons": [label(v, lang) for v in result.reasons],
        "service": None if std.service is None else result.service_oriented,
        "service_name": label(std.service, lang) if std.service else "",
        "next": None if nxt is None else {"grade": nxt[0], "gap": fmt(nxt[1])},
        "satisfaction": None if not std.surveys else pct(result.satisfaction, 2),
    }


def rounds(got: list[dict], std, lang: str) -> list[dict]:
    """The grade in every round of the year and the move from the round before (升/平/降)."""
    by_number = {h["number"]: h for h in got}  # the current round once, if also kept
    out, before = [], None
    for number in sorted(by_number):
        h = by_number[number]
        move = move_of(std, h["grade"], before) if std and before else None
        out.append(
            {
                **h,
                "label": round_name(number, "en") if lang == "en" else h["name"],
                "move": move_name(move, lang),
            }
        )
        before = h["grade"]
    return out


def last_year(store, year: int, org: str, std, result, lang: str) -> dict | None:
    """Last year's stored grade and score, and the move to this year's grade (None without one)."""
    rows = store.result_rows(year - 1, org=org)
    if not rows:
        return None
    row = rows[0]
    move = move_of(std, result.grade, row.grade) if result and std else None
    return {"year": year - 1, "grade": row.grade, "score": row.score, "move": move, "move_name": move_name(move, lang)}


def sheet(result, lang: str) -> dict:
    """The 评分表: each indicator's points per ``indicators`` source (categories spanning their
    rows), the other sources' scores, bonus and penalty, the total, grade and the rules."""
    std = result.standard
    columns = [s for s in std.sources if s.kind == "indicators"]
    cats = {c.id: label(c, lang) for c in std.categories}
    rows: list[dict] = []
    for index, (ind, _) in enumerate(std.scorers):
        first = not rows or rows[-1]["category_id"] != ind.category
        rows.append(
            {
                "category_id": ind.category,
                "category": cats.get(ind.category, ind.category) if first else None,
                "span": 0,
                "name": label(ind, lang),
                "points": fmt(ind.points),
                "got": [fmt(result.points[s.id][index]) for s in columns],
            }
        )
    for row in rows:  # how many rows each category's first row spans
        if row["category"] is not None:
            head = row
        head["span"] += 1
    return {
        "columns": [{"name": label(s, lang), "weight": fmt_weight(s.weight)} for s in columns],
        "rows": rows,
        "totals": [fmt_exact(result.sources[s.id], 4) for s in columns],
        "full": fmt(sum((ind.points for ind in std.indicators), 0)),
        "others": [
            {"name": label(s, lang), "weight": fmt_weight(s.weight), "score": fmt_exact(result.sources[s.id], 4)}
            for s in std.sources
            if s.kind != "indicators"
        ],
        "bonus": _capped(result, std.bonus, BONUS, result.bonus, result.bonus_raw),
        "penalty": _capped(result, std.penalty, PENALTY, result.penalty, result.penalty_raw),
        "vetoes": [{"name": label(v, lang), "changed": result.changed_grade(v)} for v in result.vetoes],
        "formula": formula(result),
    }


def formula(result) -> str:
    """``0.2 × 79.2571… + 0.3 × 91.9444… + 0.5 × 82.8271… = 84.848333… → 84.8``: the combined score's
    arithmetic, each term as the explanation shows it."""
    std = result.standard
    text = " + ".join(f"{fmt_weight(s.weight)} × {fmt_exact(result.sources[s.id], 4)}" for s in std.sources)
    if result.bonus:
        text += f" + {fmt(result.bonus)}"
    if result.penalty:
        text += f" − {fmt(result.penalty)}"
    return f"{text} = {fmt_exact(result.unclamped)} → {fmt_fixed(result.score, std.precision)}"


def _capped(result, capped, which: str, counted, raw) -> dict | None:
    """Bonus or penalty: each item that occurred (name, times, points), the total and its cap."""
    if capped is None:
        return None
    values = result.assessment.values
    items = [(i, values.get((which, i.id))) for i in capped.items]
    return {
        "lines": [
            {"name": i.name, "count": fmt(n), "points": fmt(i.points), "value": fmt(n * i.points)}
            for i, n in items
            if n
        ],
        "total": fmt(counted),
        "raw": fmt(raw),
        "cap": None if capped.cap is None else fmt(capped.cap),
    }


def tasks(store, year: int, org: str, today, lang: str) -> list[dict]:
    """``org``'s rectification tasks of ``year``, each with its status in words and days overdue."""
    return [
        {**t, "status_name": status_name(t["status"], lang), "overdue": overdue_days(t, today)}
        for t in stored(store, year, org)
    ]
