"""The standard file's tables besides its categories: grades, sources, survey, bonus and
penalty, veto rules and 服务型.  Each builder checks its table with the :class:`Checker`
and returns model objects (or None where a value is unusable, already reported).
The sources and surveys are built in :mod:`.section_sources` (importable from here too).
"""

from __future__ import annotations

from decimal import Decimal

from dingji.core import section_sources
from dingji.core.model import (
    SATISFACTION,
    Capped,
    Grade,
    Item,
    Service,
    Veto,
    When,
)

# re-exported: the sources and surveys (the parameter ``surveys`` of vetoes and service shadows one)
SOURCE_KINDS = section_sources.SOURCE_KINDS
sources, surveys = section_sources.sources, section_sources.surveys
survey_sources, satisfaction_metrics = section_sources.survey_sources, section_sources.satisfaction_metrics


def grades(c, data, total):
    rows = c.table_list(data, (), "grade")
    if len(rows) < 2:
        c.err(
            (),
            "grade",
            "at least two [[grade]] entries are required, best first",
            "至少需要两个 [[grade]] 等次，由高到低",
        )
    grades = []
    for i, row in enumerate(rows):
        p = ("grade", i)
        c.unknown_keys(row, p, {"name", "min", "name_en"}, "[[grade]]")
        name = c.text(row, p, "name")
        lo = c.number(row, p, "min", lo=Decimal(0), hi=total)
        if name is not None and lo is not None:
            grades.append(Grade(name, lo))
    seen = set()
    for i, g in enumerate(grades):
        if g.name in seen:
            c.err(("grade", i), "name", f"duplicate grade {g.name!r}", f"等次 {g.name!r} 重复")
        seen.add(g.name)
        if i and g.min >= grades[i - 1].min:
            c.err(
                ("grade", i),
                "min",
                f"grade minimums must strictly decrease: {g.min} after {grades[i - 1].min}",
                f"等次分数线应严格递减：{grades[i - 1].min} 之后为 {g.min}",
            )
    if grades and len(grades) == len(rows) and grades[-1].min != 0:
        c.err(
            ("grade", len(grades) - 1),
            "min",
            f"the last grade's min must be 0, got {grades[-1].min}",
            f"最后一个等次的 min 应为 0，实为 {grades[-1].min}",
        )
    return grades


def capped(c, data, which):
    table = data.get(which)
    if table is None:
        return None
    p = (which,)
    if not isinstance(table, dict):
        c.err((), which, f"[{which}] must be a table with 'cap' and 'items'", f"[{which}] 应为含 cap 与 items 的表")
        return None
    c.unknown_keys(table, p, {"cap", "items"}, f"[{which}]")
    cap = c.number(table, p, "cap", required=False, lo=Decimal(0))
    items = []
    raw = table.get("items", [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        c.err(p, "items", "'items' must be a list of {id, name, points}", "items 应为 {id, name, points} 的列表")
        raw = []
    for r in raw:
        c.unknown_keys(r, p, {"id", "name", "points"}, f"[{which}].items")
        iid, name, pts = c.ident(r, p), c.text(r, p, "name"), c.number(r, p, "points", positive=True)
        if None not in (iid, name, pts):
            items.append(Item(iid, name, pts))
    ids = [i.id for i in items]
    for d in {x for x in ids if ids.count(x) > 1}:
        c.err(p, "items", f"duplicate {which} item id {d!r}", f"{which} 项目 id {d!r} 重复")
    return Capped(items, cap)


def vetoes(c, data, grade_names, metrics, surveys):
    rows = c.table_list(data, (), "veto")
    out = []
    for i, row in enumerate(rows):
        p = ("veto", i)
        c.unknown_keys(row, p, {"id", "name", "name_en", "when", "max_grade"}, "[[veto]]")
        vid, name = c.ident(row, p), c.text(row, p, "name")
        when = None
        w = row.get("when")
        if w is not None:
            if not isinstance(w, dict):
                c.err(
                    p,
                    "when",
                    "'when' must be a table such as { metric = \"satisfaction\", below = 0.5 }",
                    "'when' 应为形如 { metric = \"satisfaction\", below = 0.5 } 的表",
                )
            else:
                c.unknown_keys(w, p, {"metric", "below"}, "[[veto]].when")
                metric = w.get("metric")
                known = satisfaction_metrics(surveys) | set(metrics)
                metric_ok = isinstance(metric, str) and metric in known
                if not surveys and metric == SATISFACTION:
                    c.err(p, "when", "a rule on satisfaction needs a [survey] table", "满意度规则需要 [survey] 表")
                    metric_ok = False
                elif not metric_ok:
                    shown = ", ".join(sorted(known | {SATISFACTION}))
                    c.err(
                        p,
                        "when",
                        f"unknown metric {metric!r}; known: {shown}",
                        f"未知的指标量 {metric!r}；可用：{shown}",
                    )
                below = c.number(w, p, "below", lo=Decimal(0), hi=Decimal(1))
                if metric_ok and below is not None:
                    when = When(metric, below)
        mg = row.get("max_grade")
        if mg is not None and (not isinstance(mg, str) or mg not in grade_names):
            c.err(
                p,
                "max_grade",
                f"max_grade {mg!r} is not a grade; grades: {', '.join(sorted(grade_names))}",
                f"max_grade {mg!r} 不是已定义的等次",
            )
        if vid is not None and name is not None:
            out.append(Veto(vid, name, when, mg, c.text(row, p, "name_en", required=False)))
    c.unique(((i, r.get("id")) for i, r in enumerate(rows)), lambda i: ("veto", i), "veto")
    return out


def service(c, data, grade_names, ind_ids, surveys):
    table = data.get("service")
    if table is None:
        return None
    p = ("service",)
    if not isinstance(table, dict):
        c.err((), "service", "[service] must be a table", "[service] 应为表")
        return None
    c.unknown_keys(table, p, {"name", "name_en", "min_grade", "min_satisfaction", "indicators"}, "[service]")
    name = c.text(table, p, "name", required=False) or "服务型基层党组织"
    mg = table.get("min_grade")
    if not isinstance(mg, str) or mg not in grade_names:
        c.err(p, "min_grade", f"min_grade {mg!r} is not a grade", f"min_grade {mg!r} 不是已定义的等次")
    ms = c.number(table, p, "min_satisfaction", required=False, lo=Decimal(0), hi=Decimal(1))
    if ms is not None and not surveys:
        c.err(p, "min_satisfaction", "min_satisfaction needs a [survey] table", "min_satisfaction 需要 [survey] 表")
    inds = []
    raw = table.get("indicators", {})
    if not isinstance(raw, dict):
        c.err(
            p,
            "indicators",
            "'indicators' must be a table { indicator id = fraction }",
            "'indicators' 应为 { 指标id = 比例 } 的表",
        )
        raw = {}
    for k in raw:
        if k not in ind_ids:
            c.err(
                p,
                "indicators",
                f"[service] names indicator {k!r}, which the standard does not have",
                f"[service] 引用的指标 {k!r} 不存在",
            )
        frac = c.number(raw, p, k, lo=Decimal(0), hi=Decimal(1))
        if frac is not None:
            inds.append((k, frac))
    return Service(name, mg, ms, inds, c.text(table, p, "name_en", required=False))
