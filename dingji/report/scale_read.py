"""Reading a ledger's scales back (see :mod:`.ledger_scale`): from the plain values of a JSON
manifest (:func:`build`) or from xlsx document properties (:func:`from_properties`), and one
order of the grades of several standards (:func:`merged_order`).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from dingji.core.numbers import fmt
from dingji.report.scale import _NUMBER, LIMIT, Scale


def _decimal(value, lo: Decimal, hi: Decimal) -> Decimal | None:
    """A finite number within lo..hi from JSON (int or float) or a property's text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _NUMBER.fullmatch(value):
            return None
        d = Decimal(value)
    elif isinstance(value, int):
        if abs(value) > LIMIT:
            return None
        d = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        try:
            d = Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a finite float is a number
            return None
    else:
        return None
    return d if lo <= d <= hi else None


def build(name: str, total, precision, grades, vetoes) -> tuple[Scale | None, list[tuple[str, str, str]]]:
    """A Scale from parts already read as plain values, or the problems: ``(part, english, chinese)``,
    part being total, precision, grades or vetoes.  ``grades``: [(name, min)]; ``vetoes``:
    [(rule name, grade name or 1-based number)]."""
    problems = []
    t = _decimal(total, Decimal(0), LIMIT)
    if t is None or t <= 0:
        problems.append(
            (
                "total",
                f"the total must be a number above 0 and at most {LIMIT:f}, got {total!r}",
                f"总分应为大于 0、不超过 {LIMIT:f} 的数值，实为 {total!r}",
            )
        )
    if isinstance(precision, str) and precision.isdigit() and len(precision) == 1:
        precision = int(precision)
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 6:
        problems.append(
            (
                "precision",
                f"the precision must be a whole number 0..6, got {precision!r}",
                f"小数位数应为 0 到 6 的整数，实为 {precision!r}",
            )
        )
    got: list[tuple[str, Decimal]] = []
    for g, lo in grades:
        m = _decimal(lo, Decimal(0), t if t is not None else LIMIT)
        if not isinstance(g, str) or not g.strip() or m is None:
            problems.append(
                (
                    "grades",
                    f"grade {g!r} with minimum {lo!r}: a name and a minimum within 0..the total are needed",
                    f"等次 {g!r}（分数线 {lo!r}）：需要名称和 0～总分 之间的分数线",
                )
            )
            continue
        got.append((g, m))
    if not problems:
        names = [g for g, _ in got]
        if (
            len(got) < 2
            or len(set(names)) != len(names)
            or got[-1][1] != 0
            or any(b[1] >= a[1] for a, b in zip(got, got[1:], strict=False))
        ):
            shown = ", ".join(f"{g} {fmt(m, 6)}" for g, m in got)
            problems.append(
                (
                    "grades",
                    f"the grades must be two or more distinct names, best first, with minimums "
                    f"strictly decreasing to 0; got {shown or 'none'}",
                    f"等次应为两个以上互不相同的名称，由高到低，分数线严格递减至 0；实为 {shown or '无'}",
                )
            )
    rules = []
    names = [g for g, _ in got]
    for rule, lowers in vetoes:
        rank = (
            names.index(lowers)
            if isinstance(lowers, str) and lowers in names
            else int(lowers) - 1
            if isinstance(lowers, str) and lowers.isdigit() and 0 < int(lowers) <= len(names)
            else None
        )
        if not isinstance(rule, str) or not rule or rank is None:
            problems.append(
                (
                    "vetoes",
                    f"veto rule {rule!r}: it must name a grade of the standard, got {lowers!r}",
                    f"否决规则 {rule!r}：应指明本标准的一个等次，实为 {lowers!r}",
                )
            )
            continue
        rules.append((rule, rank))
    if problems:
        return None, problems
    return Scale(name, t, precision, tuple(got), tuple(rules)), []


def from_properties(props: dict[str, str]) -> tuple[list[tuple[str, str, Scale]], list]:
    """``[(domain name, property, Scale)]`` from an xlsx ledger's document properties, and the
    problems ``(property, english, chinese)``."""
    out, problems = [], []
    for key, value in props.items():
        if not key.startswith("dingji.scale."):
            continue
        domain = key[len("dingji.scale.") :]
        parts = value.split(" ", 2)
        if len(parts) < 3 or not parts[2]:
            problems.append(
                (
                    key,
                    f"{value!r} is not '<total> <precision> <domain name>'",
                    f"{value!r} 不是“总分 小数位数 领域名称”",
                )
            )
            continue

        def numbered(kind, domain=domain):
            prefix, items = f"dingji.{kind}.{domain}.", []
            for k in range(1, 1001):
                text = props.get(f"{prefix}{k}")
                if text is None:
                    break
                first, _, rest = text.partition(" ")
                items.append((rest, first))  # (grade name, minimum) or (rule name, grade number)
            return items

        grades = numbered("grade")
        vetoes = numbered("veto")
        scale, bad = build(parts[2], parts[0], parts[1], grades, vetoes)
        problems += [
            (key if part in ("total", "precision") else f"dingji.{part[:-1]}.{domain}", en, zh) for part, en, zh in bad
        ]
        if scale is not None:
            out.append((scale.name, key, scale))
    return out, problems


def merged_order(chains) -> list[str]:
    """One order of every grade name that keeps each standard's order (best first); grades of
    different standards at the same height (好 and 优秀, 较差 and 差) stand together, by
    their place in their own standard."""
    chains = [list(c) for c in chains if c]
    key: dict[str, tuple] = {}
    after: dict[str, set] = {}
    for n, chain in enumerate(chains):
        for i, g in enumerate(chain):
            height = i / (len(chain) - 1) if len(chain) > 1 else 0.0
            key[g] = min(key.get(g, (height, n, i)), (height, n, i))
            after.setdefault(g, set())
            if i:
                after[g].add(chain[i - 1])
    out, left = [], set(key)
    while left:
        ready = [g for g in left if not (after[g] & left)] or list(left)  # a cycle: by height alone
        g = min(ready, key=lambda x: key[x])
        out.append(g)
        left.remove(g)
    return out
