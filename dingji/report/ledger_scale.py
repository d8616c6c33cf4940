"""What a ledger carries of each standard so that a merge can check its grades: the total,
the precision, the grades best first with their minimums, and the grade each veto or cap
rule lowers to.

An export writes it twice: in the JSON manifest (``manifest.standards[i]``: ``total``,
``precision``, ``grades [{name, min}]``, ``vetoes [{name, grade}]``) and as xlsx custom
document properties, one short value each (Excel keeps at most 255 characters)::

    dingji.scale.<domain>      "<total> <precision> <domain name>"
    dingji.grade.<domain>.<k>  "<min> <grade name>"          k = 1, 2, ... best first
    dingji.veto.<domain>.<k>   "<grade number> <rule name>"   the k-th grade it lowers to

A merge reads it back into a :class:`Scale` per domain name (the 领域 of a row) and
checks each row's grade against its score: the grade the thresholds give, lowered only
by the rules the row names (see :mod:`dingji.core.rules`).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

import attrs

from dingji.core.numbers import as_json_number, fmt

#: no number of a ledger is larger than this (a bound against forged files, far above any scale)
LIMIT = Decimal(10) ** 6
_NUMBER = re.compile(r"-?\d{1,7}(\.\d{1,6})?")


def _text(d: Decimal) -> str:
    return format(d, "f")


def shown(x) -> str:
    """A number read from a ledger, for a message: 96, 84.3333, 1e+300, nan."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def manifest_entry(std) -> dict:
    """The keys an export adds to a standard's manifest entry."""
    from dingji.core.rules import rule_rank

    return {
        "total": as_json_number(std.total, 6),
        "precision": std.precision,
        "grades": [{"name": g.name, "min": as_json_number(g.min, 6)} for g in std.grades],
        "vetoes": [{"name": v.name, "grade": std.grades[rule_rank(std, v)].name} for v in std.vetoes],
    }


def properties(domain: str, std) -> dict[str, str]:
    """The document properties of one standard (``domain`` is its key, as dingji.standard.<domain>)."""
    from dingji.core.rules import rule_rank

    out = {f"dingji.scale.{domain}": f"{_text(std.total)} {std.precision} {std.domain}"}
    for k, g in enumerate(std.grades, 1):
        out[f"dingji.grade.{domain}.{k}"] = f"{_text(g.min)} {g.name}"
    for k, v in enumerate(std.vetoes, 1):
        out[f"dingji.veto.{domain}.{k}"] = f"{rule_rank(std, v) + 1} {v.name}"
    return {key: value[:255] for key, value in out.items()}


@attrs.frozen
class Scale:
    """One standard as a ledger carries it: ``name`` is the domain's name (a row's 领域)."""

    name: str
    total: Decimal
    precision: int
    grades: tuple  # ((name, min), ...) best first
    vetoes: tuple  # ((rule name, rank it lowers to), ...)
    #: grade name -> rank, and rule name -> the rank it lowers to (made once: a check per row)
    ranks: dict = attrs.field(init=False, eq=False, repr=False)
    rules: dict = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self):
        object.__setattr__(self, "ranks", {g: i for i, (g, _) in enumerate(self.grades)})
        object.__setattr__(self, "rules", dict(self.vetoes))

    @property
    def names(self) -> list[str]:
        return [g for g, _ in self.grades]

    @property
    def lowest(self) -> str:
        return self.grades[-1][0]

    def thresholds(self, lang: str) -> str:
        sep = ", " if lang == "en" else "、"
        return sep.join(f"{g} ≥ {fmt(m, 6)}" for g, m in self.grades)

    def check(self, score: float, grade: str, held) -> list[tuple[str, str, str]]:
        """``(field, english, chinese)`` for what is wrong with a row's ``score`` and ``grade``,
        ``held`` being the names of the rules the row says hold (those that changed its grade
        and those that hold without effect); ``field`` is score, grade or vetoes."""
        if (
            not isinstance(score, (int, float))
            or isinstance(score, bool)
            or not math.isfinite(score)
            or not 0 <= score <= self.total
        ):
            s = shown(score)
            return [
                (
                    "score",
                    f"score {s} is outside 0..{fmt(self.total, 6)} of the {self.name} standard",
                    f"综合得分 {s} 超出{self.name}评分标准的 0～{fmt(self.total, 6)}",
                )
            ]
        ranks, rules = self.ranks, self.rules
        if grade not in ranks:
            names = self.names
            return [
                (
                    "grade",
                    f"{grade!r} is not a grade of the {self.name} standard ({', '.join(names)})",
                    f"“{grade}”不是{self.name}评分标准的等次（{'、'.join(names)}）",
                )
            ]
        unknown = [n for n in held if n not in rules]
        if unknown:
            return [
                (
                    "vetoes",
                    f"{', '.join(unknown)}: not a veto or cap rule of the {self.name} standard",
                    f"“{'、'.join(unknown)}”不是{self.name}评分标准的否决或限制规则",
                )
            ]
        exact = Decimal(repr(float(score)))
        by_score = next(i for i, (_, lo) in enumerate(self.grades) if exact >= lo)
        rank = max([by_score] + [rules[n] for n in held]) if held else by_score
        if ranks[grade] == rank:
            return []
        names = self.names
        s, sg, want = fmt(exact, 6), names[by_score], names[rank]
        en_lines = f"the {self.name} standard's thresholds ({self.thresholds('en')})"
        zh_lines = f"{self.name}评分标准的分数线（{self.thresholds('zh')}）"
        if rank == by_score and ranks[grade] < rank:
            return [
                (
                    "grade",
                    f"score {s} gives {sg} by {en_lines}, not {grade}",
                    f"综合得分 {s} 按{zh_lines}应为{sg}，台账却为{grade}",
                )
            ]
        if rank == by_score:
            return [
                (
                    "grade",
                    f"score {s} gives {sg} by {en_lines}; {grade} is lower, and no veto reason that "
                    f"lowers it to {grade} is named",
                    f"综合得分 {s} 按{zh_lines}应为{sg}；台账为更低的{grade}，却没有写明使其降为{grade}的否决原因",
                )
            ]
        listed = ", ".join(held)
        return [
            (
                "grade",
                f"score {s} gives {sg} by {en_lines}, and the rules named ({listed}) make it {want}, not {grade}",
                f"综合得分 {s} 按{zh_lines}应为{sg}，所列否决原因（{'、'.join(held)}）使其为{want}，台账却为{grade}",
            )
        ]

    def check_numbers(self, sources: dict, bonus, penalty) -> list[tuple[str, str, str]]:
        """``(field, english, chinese)`` for a source score outside 0..the total (field
        ``sources.<name>``), or a bonus or penalty outside 0..:data:`LIMIT`."""
        out = []
        for field, value, hi in [
            *((f"sources.{k}", v, self.total) for k, v in sources.items()),
            ("bonus", bonus, LIMIT),
            ("penalty", penalty, LIMIT),
        ]:
            if value is not None and (not math.isfinite(value) or not 0 <= value <= hi):
                s = shown(value)
                out.append((field, f"{s} is outside 0..{fmt(hi, 6)}", f"{s} 超出 0～{fmt(hi, 6)}"))
        return out


# --- reading it back ---------------------------------------------------------------


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
