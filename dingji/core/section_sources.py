"""The standard file's sources and surveys (:mod:`.sections`): each source's kind and weight
(the weights add up to exactly 1), each survey's options, and which survey a survey source
reads.  Each builder checks its table with the :class:`Checker` and returns model objects (or
None where a value is unusable, already reported).
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from dingji.core.errors import Place, Problem
from dingji.core.model import (
    RESERVED_SOURCES,
    SATISFACTION,
    SURVEY,
    SURVEY_NAME,
    Source,
    Survey,
    SurveyOption,
)
from dingji.core.numbers import Ratio, exact, fmt_weight
from dingji.core.text import Text

_FRACTION = re.compile(r"^\s*(\d{1,18})\s*/\s*(\d{1,18})\s*$")
SOURCE_KINDS = ("indicators", "survey", "total")


def sources(c, data):
    rows = c.table_list(data, (), "source")
    if not rows:
        c.err((), "source", "at least one [[source]] is required", "至少需要一个 [[source]] 评分来源")
    sources = []
    for i, row in enumerate(rows):
        p = ("source", i)
        c.unknown_keys(row, p, {"id", "name", "name_en", "weight", "kind", "survey"}, "[[source]]")
        sid = c.ident(row, p)
        if sid in RESERVED_SOURCES:
            c.err(
                p,
                "id",
                f"source id {sid!r} is reserved for the long-form input; choose another",
                f"来源 id {sid!r} 是长表输入的保留字，请换一个",
            )
        name = c.text(row, p, "name")
        weight = _weight(c, row, p)
        kind = row.get("kind", "indicators")
        if kind not in SOURCE_KINDS:
            c.err(
                p,
                "kind",
                f"'kind' must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}",
                f"'kind' 应为 {'、'.join(SOURCE_KINDS)} 之一，实为 {kind!r}",
            )
        name_en = c.text(row, p, "name_en", required=False)
        if None not in (sid, name, weight) and kind in SOURCE_KINDS:
            sources.append(Source(sid, name, weight, kind, name_en))
    c.unique(((i, r.get("id")) for i, r in enumerate(rows)), lambda i: ("source", i), "source")
    if sources and len(sources) == len(rows) and sum(exact(x.weight) for x in sources) != 1:
        # exactly 1, no tolerance: 0.3333333333 × 3 is refused, "1/3" × 3 is exact
        # about every source, not one: each weight with its line, and the sum
        shown = fmt_weight(sum((x.weight for x in sources), Decimal(0)))
        lines = [c.lines.line(("source", i), "weight") for i in range(len(sources))]
        zh = "+ ".join(f"{x.id} {fmt_weight(x.weight)}（第 {n} 行）" for x, n in zip(sources, lines))
        en = " + ".join(f"{x.id} {fmt_weight(x.weight)} (line {n})" for x, n in zip(sources, lines))
        c.problems.append(
            Problem(
                Place(file=c.file, key="source"),
                Text(
                    f'各来源权重之和为 {shown}，不是 1：{zh}= {shown}（三分之一请写作加引号的分数 "1/3"）',
                    f"the weights of the sources add up to {shown}, not 1: {en} = {shown} "
                    '(a third is written as a fraction in quotes: "1/3")',
                ),
            )
        )
    return sources


def _weight(c, row, p):
    """A source's weight: a number 0..1 as written (0.3), or a fraction in quotes ("1/3"), exact."""
    raw = row.get("weight")
    if isinstance(raw, str):
        m = _FRACTION.match(raw)
        if m is None or int(m.group(2)) == 0 or int(m.group(1)) > int(m.group(2)):
            c.err(
                p,
                "weight",
                f"'weight' must be a number 0..1 (0.3) or a fraction in quotes (\"1/3\"), got {raw!r}",
                f"'weight' 应为 0～1 的数（0.3）或加引号的分数（\"1/3\"），实为 {raw!r}",
            )
            return None
        return Ratio(int(m.group(1)), int(m.group(2)))
    return c.number(row, p, "weight", lo=Decimal(0), hi=Decimal(1))


def surveys(c, data):
    """``[survey]`` (one survey, id ``survey``) or ``[[survey]]`` tables (each with ``id``,
    ``name`` and ``options``); the surveys in file order, each with its long-form source."""
    raw = data.get("survey")
    if raw is None:
        return ()
    if isinstance(raw, dict):  # [survey]: the single survey of a standard
        c.unknown_keys(raw, ("survey",), {"options", "name", "name_en"}, "[survey]")
        opts = _options(c, raw, ("survey",), "[survey]")
        name = c.text(raw, ("survey",), "name", required=False) or SURVEY_NAME
        name_en = c.text(raw, ("survey",), "name_en", required=False)
        return (Survey(SURVEY, name, opts or (), SURVEY, name_en),)  # kept when broken: rules on it resolve
    if not isinstance(raw, list) or not raw or not all(isinstance(x, dict) for x in raw):
        c.err(
            (),
            "survey",
            "'survey' must be a [survey] table or [[survey]] tables with id, name and options",
            "'survey' 应为 [survey] 表，或各含 id、name、options 的 [[survey]] 表",
        )
        return ()
    several = len(raw) > 1
    out = []
    for i, row in enumerate(raw):
        p = ("survey", i)
        c.unknown_keys(row, p, {"id", "name", "name_en", "options"}, "[[survey]]")
        sid, name = c.ident(row, p), c.text(row, p, "name")
        name_en = c.text(row, p, "name_en", required=False)
        opts = _options(c, row, p, "[[survey]]")
        if sid is not None:  # kept when only its other keys are wrong, so that rules naming it resolve
            out.append(Survey(sid, name or sid, opts or (), f"{SURVEY}.{sid}" if several else SURVEY, name_en))
    c.unique(((i, r.get("id")) for i, r in enumerate(raw)), lambda i: ("survey", i), "survey")
    return tuple(out)


def _options(c, table, p, what):
    opts = table.get("options")
    if not isinstance(opts, list) or not opts or not all(isinstance(o, dict) for o in opts):
        c.err(
            p,
            "options",
            f"{what} needs 'options', a list of {{name, value, satisfied, valid}}",
            f"{what} 需要 options：{{name, value, satisfied, valid}} 的列表",
        )
        return None
    out = []
    for o in opts:
        c.unknown_keys(o, p, {"name", "value", "satisfied", "valid"}, f"{what}.options")
        name = c.text(o, p, "name")
        value = c.number(o, p, "value", lo=Decimal(0), hi=Decimal(1))
        satisfied = c.boolean(o, p, "satisfied", False)
        valid = c.boolean(o, p, "valid", True)
        if name is not None and value is not None:
            out.append(SurveyOption(name, value, satisfied, valid))
    names = [o.name for o in out]
    for n in sorted(set(names)):
        if names.count(n) > 1:
            c.err(p, "options", f"duplicate survey option {n!r}", f"测评选项 {n!r} 重复")
    if out and not any(o.valid for o in out):
        c.err(p, "options", "at least one survey option must be valid", "至少要有一个有效的测评选项")
    return tuple(out)


def survey_sources(c, data, sources, surveys):
    """Each ``survey`` source with the survey it names (``survey = "clients"``); with one
    survey the name may be left out."""
    rows = data.get("source") if isinstance(data.get("source"), list) else []
    index = {r.get("id"): i for i, r in enumerate(rows) if isinstance(r, dict) and isinstance(r.get("id"), str)}
    ids = [sv.id for sv in surveys]
    out = []
    for src in sources:
        i = index.get(src.id, 0)
        named = rows[i].get("survey") if i < len(rows) and isinstance(rows[i], dict) else None
        p = ("source", i)
        if src.kind != "survey":
            if named is not None:
                c.err(
                    p,
                    "survey",
                    "only a source of kind 'survey' names a survey",
                    '只有 kind = "survey" 的来源才指定测评',
                )
            out.append(src)
            continue
        if not surveys:
            continue  # reported by the caller: a survey source needs a survey
        if named is None and len(surveys) > 1:
            c.err(
                p,
                "survey",
                f"the standard has several surveys: say which one this source scores from, "
                f"survey = one of {', '.join(ids)}",
                f"标准有多个测评，请指定此来源取自哪一个：survey = {'、'.join(ids)} 之一",
            )
            continue
        if named is not None and named not in ids:
            c.err(
                p,
                "survey",
                f"unknown survey {named!r}; surveys: {', '.join(ids)}",
                f"未定义的测评 {named!r}；已定义：{'、'.join(ids)}",
            )
            continue
        out.append(attrs.evolve(src, survey=ids[0] if named is None else named))
    return out


def satisfaction_metrics(surveys) -> set:
    """The metric names the surveys give: ``satisfaction`` (the lowest) and one per survey."""
    if not surveys:
        return set()
    return {SATISFACTION} | {sv.metric for sv in surveys}
