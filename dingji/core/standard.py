"""TOML text -> :class:`Standard`, with every rule of the standard format checked.

All problems of one file are collected and raised together as a
:class:`StandardError`; each names the file, the line and the key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib

from dingji.core import sections
from dingji.core.checker import Checker, terms
from dingji.core.errors import StandardError
from dingji.core.feeds import FEED_KEYS, feed_of, feed_problems, shape_problem
from dingji.core.model import INPUT_KINDS, Category, Indicator, Method, Metric, Scorer, Standard
from dingji.core.text import Text
from dingji.core.toml_lines import toml_problems

SCHEMAS = (1,)
TOP_KEYS = {
    "schema",
    "standard",
    "scale",
    "grade",
    "source",
    "survey",
    "category",
    "bonus",
    "penalty",
    "veto",
    "service",
}
INDICATOR_KEYS = {"id", "name", "name_en", "points", "method", "guide", "unit"}


def parse_standard(
    text: str,
    *,
    file: str | None = None,
    methods: Mapping[str, Method],
    metrics: Mapping[str, Metric] | None = None,
    context: Mapping[str, Any] | None = None,
    origin: str = "",
) -> Standard:
    """Parse and validate a standard; raise :class:`StandardError` with every problem."""
    metrics = dict(metrics or {})
    context = dict(context or {})
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise StandardError(toml_problems(text, exc, file)) from None
    c = Checker(file, text, data)
    std = _build(c, data, methods, metrics, context)
    if c.problems:
        raise StandardError(c.problems)
    return _compile(c, std, text, methods, metrics, origin, file)


def _build(c: Checker, data, methods, metrics, context):
    c.unknown_keys(data, (), TOP_KEYS, "the standard file")
    schema = data.get("schema", 1)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema not in SCHEMAS:
        c.err(
            (),
            "schema",
            f"unknown schema {schema!r}; this dingji reads schema {SCHEMAS}",
            f"未知的 schema {schema!r}；本版本支持 {SCHEMAS}",
        )
    head = data.get("standard")
    if not isinstance(head, dict):
        c.err((), "standard", "the [standard] table is required", "缺少 [standard] 表")
        head = {}
    p = ("standard",)
    c.unknown_keys(
        head,
        p,
        {"id", "name", "name_en", "domain", "version", "issued_by", "description", "require_veto_facts"},
        "[standard]",
    )
    sid = c.ident(head, p)
    name = c.text(head, p, "name")
    domain = c.text(head, p, "domain")
    version = head.get("version")
    if isinstance(version, (int, Decimal)) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        c.err(p, "version", "'version' is required (a text such as \"2024.1\")", "缺少 'version'（如 \"2024.1\"）")
    issued_by = c.text(head, p, "issued_by", required=False)
    name_en = c.text(head, p, "name_en", required=False)
    require_veto_facts = c.boolean(head, p, "require_veto_facts", False)

    scale = data.get("scale") if isinstance(data.get("scale"), dict) else {}
    if "scale" not in data:
        c.err((), "scale", "the [scale] table is required (total, precision)", "缺少 [scale] 表（total、precision）")
    c.unknown_keys(scale, ("scale",), {"total", "precision"}, "[scale]")
    total = c.number(scale, ("scale",), "total", positive=True) if "scale" in data else None
    precision = scale.get("precision", 1)
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 6:
        c.err(
            ("scale",),
            "precision",
            f"'precision' must be a whole number 0..6, got {precision!r}",
            f"'precision' 应为 0 到 6 的整数，实为 {precision!r}",
        )
        precision = 1

    grades = sections.grades(c, data, total)
    grade_names = {g.name for g in grades}
    sources = sections.sources(c, data)
    surveys = sections.surveys(c, data)
    if not surveys and "survey" not in data and any(s.kind == "survey" for s in sources):
        # named at the source's kind line: the [survey] table has no line to point at
        i = next(i for i, row in enumerate(data.get("source", [])) if row.get("kind") == "survey")
        c.err(
            ("source", i),
            "kind",
            "a source of kind 'survey' needs a [survey] table with its options",
            '有 kind = "survey" 的来源，必须有 [survey] 表列出选项',
        )
    sources = sections.survey_sources(c, data, sources, surveys)
    categories = _categories(c, data, total, methods, context)
    ind_ids = _written_ids(data)  # an indicator with a problem is there: [service] may name it
    bonus = sections.capped(c, data, "bonus")
    penalty = sections.capped(c, data, "penalty")
    vetoes = sections.vetoes(c, data, grade_names, metrics, surveys)
    service = sections.service(c, data, grade_names, ind_ids, surveys)
    return dict(
        id=sid,
        name=name,
        domain=domain,
        version=version,
        total=total,
        precision=precision,
        grades=grades,
        sources=sources,
        categories=categories,
        surveys=surveys,
        bonus=bonus,
        penalty=penalty,
        vetoes=vetoes,
        service=service,
        issued_by=issued_by,
        schema=schema,
        name_en=name_en,
        require_veto_facts=require_veto_facts,
    )


def _written_ids(data) -> set:
    """Every indicator id the file writes, valid or not (its own problems are reported once)."""
    rows = data.get("category")
    inds = (
        [ir for row in rows if isinstance(row, dict) for ir in row.get("indicator") or []]
        if isinstance(rows, list)
        else []
    )
    return {ir["id"] for ir in inds if isinstance(ir, dict) and isinstance(ir.get("id"), str)}


def _categories(c, data, total, methods, context):
    rows = c.table_list(data, (), "category")
    if not rows:
        c.err(
            (), "category", "at least one [[category]] with indicators is required", "至少需要一个含指标的 [[category]]"
        )
    cats, all_ids = [], []
    for i, row in enumerate(rows):
        p = ("category", i)
        c.unknown_keys(row, p, {"id", "name", "name_en", "points", "indicator"}, "[[category]]")
        cid = c.ident(row, p)
        name = c.text(row, p, "name")
        points = c.number(row, p, "points", positive=True)
        inds = []
        ind_rows = c.table_list(row, p, "indicator")
        if not ind_rows:
            c.err(
                p,
                None,
                "a category needs at least one [[category.indicator]]",
                "每个类别至少需要一个 [[category.indicator]] 指标",
            )
        for j, ir in enumerate(ind_rows):
            ind = _indicator(c, ir, p + ("indicator", j), cid, methods, context)
            all_ids.append((p + ("indicator", j), ir.get("id")))
            if ind is not None:
                inds.append(ind)
        if points is not None and inds and len(inds) == len(ind_rows):
            s = sum(x.points for x in inds)
            if s != points:
                parts = terms((x.id, x.points) for x in inds)
                c.err(
                    p,
                    "points",
                    f"indicator points add up to {s} ({parts}), the category has {points}",
                    f"各指标分值之和为 {s}（{parts}），与类别分值 {points} 不符",
                )
        if None not in (cid, name, points):
            cats.append(Category(cid, name, points, inds, c.text(row, p, "name_en", required=False)))
    c.unique(((i, r.get("id")) for i, r in enumerate(rows)), lambda i: ("category", i), "category")
    seen = set()
    for path, ident in all_ids:
        if not isinstance(ident, str):  # missing or mistyped: reported by ident()
            continue
        if ident in seen:
            c.err(path, "id", f"duplicate indicator id {ident!r}", f"指标 id {ident!r} 重复")
        seen.add(ident)
    if total is not None and cats and len(cats) == len(rows):
        s = sum(x.points for x in cats)
        if s != total:
            parts = terms((x.id, x.points) for x in cats)
            c.err(
                ("category", 0),
                "points",
                f"category points add up to {s} ({parts}), scale.total is {total}",
                f"各类别分值之和为 {s}（{parts}），与总分 scale.total = {total} 不符",
                about=False,
            )
    return cats


def _indicator(c, row, p, cid, methods, context):
    iid = c.ident(row, p)
    name = c.text(row, p, "name")
    points = c.number(row, p, "points", positive=True)
    method_name = row.get("method")
    guide = c.text(row, p, "guide", required=False)
    unit = c.text(row, p, "unit", required=False)
    name_en = c.text(row, p, "name_en", required=False)
    method = methods.get(method_name) if isinstance(method_name, str) else None
    if method is None:
        c.err(
            p,
            "method",
            f"unknown method {method_name!r}; known: {', '.join(sorted(methods))}",
            f"未知的计分方法 {method_name!r}；可用：{', '.join(sorted(methods))}",
        )
        c.unknown_keys(row, p, INDICATOR_KEYS | _all_keys(methods), "[[category.indicator]]")
        return None
    keys = set(method.keys) | FEED_KEYS  # any score or rate indicator may name a tracker's metric (see .feeds)
    c.unknown_keys(row, p, INDICATOR_KEYS | keys, f"[[category.indicator]] (method {method_name})")
    if None in (iid, name, points):
        return None
    options = {k: v for k, v in row.items() if k in keys}
    ind = Indicator(iid, name, points, method_name, cid or "", guide, unit, options, name_en)
    found = list(method.check(ind, context))  # (key, Text(zh, en)), or 0.1's (key, english, chinese)
    if FEED_KEYS & set(options) and not FEED_KEYS & set(method.keys):  # a score or rate a metric feeds
        found += feed_problems(options, context)
        scorer = None if found else method.compile(ind)
        bad = shape_problem(method_name, scorer) if isinstance(scorer, Scorer) and feed_of(ind) else None
        found += [bad] if bad else []
    for got in found:
        key, text = got[0], got[1] if len(got) == 2 else Text(got[2], got[1])
        c.err(p, key, text.en, text.zh)
    return ind


def _all_keys(methods):
    keys = set()
    for m in methods.values():
        keys |= set(m.keys)
    return keys


def _compile(c: Checker, fields, text, methods, metrics, origin, file) -> Standard:
    scorers = []
    for i, cat in enumerate(fields["categories"]):
        for j, ind in enumerate(cat.indicators):
            scorer = methods[ind.method].compile(ind)
            _check_scorer(c, ("category", i, "indicator", j), ind, scorer)
            scorers.append((ind, scorer))
    if c.problems:
        raise StandardError(c.problems)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Standard(**fields, text=text, sha256=sha, origin=origin, path=file, scorers=scorers, metrics=dict(metrics))


def _check_scorer(c: Checker, path, ind: Indicator, scorer) -> None:
    """A plugin's method must compile into a Scorer whose inputs are of kinds the core reads
    (a kind it cannot read would fail only when a value is entered)."""
    if not isinstance(scorer, Scorer):
        c.err(
            path,
            "method",
            f"method {ind.method!r} compiled {ind.id!r} into {type(scorer).__name__}, not dingji.Scorer",
            f"计分方法 {ind.method!r} 编译指标 {ind.id!r} 的结果是 {type(scorer).__name__}，不是 dingji.Scorer",
        )
        return
    kinds = ", ".join(INPUT_KINDS)
    for inp in scorer.inputs:
        if inp.kind not in INPUT_KINDS:
            c.err(
                path,
                "method",
                f"method {ind.method!r} asks for input kind {inp.kind!r} ({inp.key}), "
                f"which dingji cannot read; input kinds are {kinds}",
                f"计分方法 {ind.method!r} 要求的输入类型 {inp.kind!r}（{inp.key}）无法识别；可用类型：{kinds}",
            )
