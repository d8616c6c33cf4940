"""What is wrong with entered rows, in words (Chinese and English) with a place: the problems
:func:`dingji.core.inputs.collect` finds, made here so that its loop reads as the rule."""

from __future__ import annotations

from dingji.core.errors import Place, Problem
from dingji.core.model import BONUS, PENALTY, SURVEY, TRACKER, VETO
from dingji.core.text import Text


def reading_order(problem: Problem, order: dict):
    """Top to bottom through each file, files in the order given; problems with no line or
    row come last (sorted is stable: sheets and the rest keep the order they were found in)."""
    p = problem.place
    at = p.line if p.line is not None else p.row
    return (at is None, order.get(p.file, len(order)), at if p.sheet is None else 0, at or 0)


def missing(org, source, keys, accepts, file) -> Problem:
    """One problem per organization and source, naming every value missing there."""
    if source == VETO:
        return vetoes_missing(org, keys, accepts, file)
    if len(keys) == 1:
        (key,) = keys
        label = accepts[key].label
        return Problem(
            Place(file=file, key=f"{org}/{key[0]}/{key[1]}"),
            Text(
                f"{org}：缺少 {key[0]}/{key[1]}（{label}）的数据，缺失不按 0 分处理",
                f"{org}: no value for {key[0]}/{key[1]} ({label}); missing data is never taken as 0",
            ),
        )
    items = ", ".join(k[1] for k in keys)
    return Problem(
        Place(file=file, key=f"{org}/{source}"),
        Text(
            f"{org}：来源 {source} 缺少 {len(keys)} 项数据（{items}），缺失不按 0 分处理",
            f"{org}: no values for {len(keys)} items of source {source} ({items}); missing data is never taken as 0",
        ),
    )


def vetoes_missing(org, keys, accepts, file) -> Problem:
    """The fact vetoes a standard with ``require_veto_facts`` needs and no row gave, each named."""
    en = "; ".join(f"{k[1]} ({accepts[k].label})" for k in keys)
    zh = "；".join(f"{k[1]}（{accepts[k].label}）" for k in keys)
    key = f"{org}/{VETO}/{keys[0][1]}" if len(keys) == 1 else f"{org}/{VETO}"
    return Problem(
        Place(file=file, key=key),
        Text(
            f"{org}：否决事项未填写：{zh}；本标准要求每个组织的每项否决事项都填写“是”或“否”（require_veto_facts）",
            f"{org}: veto rule(s) not entered: {en}; this standard requires each veto fact to be entered "
            "yes or no for every organization (require_veto_facts)",
        ),
    )


def conflicts(found, batches):
    """Problems for repeated entries with different values, naming where each was first entered."""
    if not found:
        return []
    wanted = {(org, key) for org, key, *_ in found}
    first: dict = {}
    for batch in batches:  # a second pass, only when there are conflicts
        rows = batch.rows if isinstance(batch.rows, (list, tuple)) else (batch.reread() if batch.reread else ())
        for org, source, item, _raw, where in rows:
            k = (org, (source, item))
            if k in wanted and k not in first:
                first[k] = batch.place(where)
    out = []
    for org, key, old, value, batch, where in found:
        at = first.get((org, key))
        en_at, zh_at = (f" at {at}", f"（{at.describe()}）") if at else (" entered earlier", "（先前录入）")
        out.append(
            Problem(
                batch.place(where),
                Text(
                    f"{org} {key[0]}/{key[1]}：{value} 与已录入的 {old}{zh_at}冲突",
                    f"{org} {key[0]}/{key[1]}: {value} conflicts with {old}{en_at}",
                ),
            )
        )
    return out


def unknown(batch, where, org, source, item, spec, standard) -> Problem:
    if source == SURVEY and len(standard.surveys) > 1:
        keys = ", ".join(f"{sv.key} ({sv.name})" for sv in standard.surveys)
        return Problem(
            batch.place(where),
            Text(
                f"标准 {standard.id} 有多个测评，来源应写明是哪一个测评：{keys}",
                f"standard {standard.id} has several surveys: name the survey, one of {keys}",
            ),
        )
    if source not in spec.sources:
        known = ", ".join(sorted(s.id for s in standard.sources) + [SURVEY, TRACKER, BONUS, PENALTY, VETO])
        return Problem(
            batch.place(where),
            Text(
                f"标准 {standard.id} 中没有来源 {source!r}；可用：{known}",
                f"unknown source {source!r} for standard {standard.id}; known: {known}",
            ),
        )
    items = sorted(i for s, i in spec.accepts if s == source)
    shown = ", ".join(items[:30]) + (" …" if len(items) > 30 else "")
    return Problem(
        batch.place(where),
        Text(
            f"来源 {source!r} 中没有项目 {item!r}；可用：{shown}",
            f"unknown item {item!r} for source {source!r}; known: {shown}",
        ),
    )


#: organizations named in one problem at most (the rest are counted)
NAMED = 20


def absent(roster, standard, by_org, here: Place) -> list[Problem]:
    """The organizations of the standard's domain in the roster that have no scores at all."""
    orgs = [o for o in roster.values() if o.domain in (standard.id, standard.domain) and o.id not in by_org]
    if len(orgs) == 1:
        (org,) = orgs
        return [
            Problem(
                here, Text(f"{org.id}（{org.name}）：没有任何评分数据", f"{org.id} ({org.name}): no scores entered")
            )
        ]
    if orgs:  # one problem naming them, not a line each; short at any size: the first NAMED
        names = ", ".join(f"{o.id} {o.name}" for o in orgs[:NAMED])
        more = len(orgs) - NAMED
        zh, en = (f" 等，另有 {more} 个", f" … and {more} more") if more > 0 else ("", "")
        return [
            Problem(
                here,
                Text(
                    f"{standard.domain}领域有 {len(orgs)} 个组织没有任何评分数据：{names}{zh}",
                    f"{len(orgs)} organizations of {standard.domain} have no scores entered: {names}{en}",
                ),
            )
        ]
    return []


def no_survey(org, file, survey=None) -> Problem:
    """No valid answers in a survey the standard needs; ``survey`` names it when the standard
    has several (or a named one)."""
    if survey is None:
        return Problem(
            Place(file=file, key=f"{org}/{SURVEY}"),
            Text(
                f"{org}：没有有效的满意度测评票数，满意度无法计算",
                f"{org}: no valid survey answers (满意度测评), so satisfaction is unknown",
            ),
        )
    return Problem(
        Place(file=file, key=f"{org}/{survey.key}"),
        Text(
            f"{org}：{survey.name}（{survey.id}）没有有效票数，满意度无法计算",
            f"{org}: no valid answers in survey {survey.id} ({survey.name}), so its satisfaction is unknown",
        ),
    )


def blank(org, key, batch, where, label) -> Problem:
    if key[0] == VETO:  # only a standard with require_veto_facts counts a blank veto
        return Problem(
            batch.place(where),
            Text(
                f"{org}：否决事项 {key[1]}（{label}）未填写；本标准要求填写“是”或“否”（require_veto_facts）",
                f"{org}: veto rule {key[1]} ({label}) is blank; this standard requires yes or no (require_veto_facts)",
            ),
        )
    return Problem(
        batch.place(where),
        Text(f"{org}：{key[0]}/{key[1]}（{label}）未填写", f"{org}: missing value for {key[0]}/{key[1]} ({label})"),
    )


def bad_value(batch, where, org, source, item, label, err) -> Problem:
    return Problem(
        batch.place(where),
        Text(f"{org} {source}/{item}（{label}）：{err[1]}", f"{org} {source}/{item} ({label}): {err[0]}"),
    )
