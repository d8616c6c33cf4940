"""What the built-in scoring methods (:mod:`.methods`, :mod:`.rate_methods`) share: the
numbers ONE and ZERO, and the checks of a standard's options (a finite number, a list of
``{id, name, points}`` items)."""

from __future__ import annotations

from decimal import Decimal

ONE, ZERO = Decimal(1), Decimal(0)


def _is_num(v):
    """A finite number from the TOML file (nan and inf parse as Decimals too)."""
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool) and Decimal(v).is_finite()


def _items(ind, key, what_en, what_zh, must_sum):
    """Check a list of {id, name, points}; return problems."""
    problems = []
    items = ind.options.get(key)
    if not isinstance(items, list) or not items:
        return [
            (
                key,
                f"'{key}' must be a non-empty list of {{id, name, points}}",
                f"'{key}' 应为非空的 {{id, name, points}} 列表",
            )
        ]
    ids = set()
    total = ZERO
    parts = []
    for i, it in enumerate(items, 1):
        if (
            not isinstance(it, dict)
            or not isinstance(it.get("id"), str)
            or not isinstance(it.get("name"), str)
            or not _is_num(it.get("points"))
            or it["points"] <= 0
        ):
            problems.append(
                (
                    key,
                    f"{what_en} {i} needs id, name and points > 0, got {it!r}",
                    f"第 {i} 个{what_zh}需要 id、name 和大于 0 的 points，实为 {it!r}",
                )
            )
            continue
        extra = set(it) - {"id", "name", "points"}
        if extra:
            problems.append(
                (
                    key,
                    f"{what_en} {it['id']!r} has unknown keys {sorted(extra)}",
                    f"{what_zh} {it['id']!r} 有未知的键 {sorted(extra)}",
                )
            )
        if it["id"] in ids:
            problems.append((key, f"duplicate {what_en} id {it['id']!r}", f"{what_zh} id {it['id']!r} 重复"))
        ids.add(it["id"])
        total += Decimal(it["points"])
        parts.append(f"{it['id']} {it['points']}")
    if must_sum and not problems and total != ind.points:
        shown = " + ".join(parts)
        problems.append(
            (
                key,
                f"{what_en} points add up to {total} ({shown}), the indicator has {ind.points}",
                f"{what_zh}分值之和为 {total}（{shown}），与指标分值 {ind.points} 不符",
            )
        )
    return problems
