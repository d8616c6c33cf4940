"""The year's plan from ``dingji.toml``: its phases with their dates (``[phases]``) and
the grade distribution it expects (``[distribution]``), checked as warnings only.

```toml
[phases]                                   # in order; name = [first day, last day]
"调查摸底、分类定级" = [2026-02-01, 2026-04-30]
"整改提高、晋位升级" = [2026-05-01, 2026-08-31]

[distribution]
max = { "好" = 0.20 }      # 原则上不超过（0.2 或 "20%"）
min = { "较差" = 0.10 }    # 原则上不少于
margin = 1                 # 距分数线不超过 1 分的组织列出复核；0 不列
```

Without ``[phases]`` the plan's four phases are listed without dates; without
``[distribution]`` there are no quotas, and the margin is 1 point.  A bad value is
a :class:`DingjiError` naming its key.

The phases are read in :mod:`.phases` (importable from here too).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.report.phases import PHASES, Phase, _day, current, phases, rectify_deadline  # noqa: F401 - re-exported


@attrs.frozen
class Quota:
    grade: str
    kind: str  # "max" (at most) or "min" (at least)
    share: Decimal

    def holds(self, n: int, total: int) -> bool:
        if not total:
            return True
        got = Decimal(n) / total
        return got <= self.share if self.kind == "max" else got >= self.share


def _share(value):
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            got = Decimal(value.strip()[:-1]) / 100
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            got = Decimal(str(value))
        else:
            return None
    except InvalidOperation:
        return None
    return got if 0 <= got <= 1 else None


def distribution(config: dict, file: str | None = None) -> tuple[list[Quota], Decimal]:
    """``(quotas, margin)`` from ``[distribution]``."""
    table = config.get("distribution") or {}
    problems, quotas = [], []
    if not isinstance(table, dict):
        raise DingjiError(
            [
                Problem(
                    Place(file=file, key="distribution"),
                    Text("[distribution] 应为表", "[distribution] must be a table"),
                )
            ]
        )
    for key, value in table.items():
        if key in ("max", "min"):
            if not isinstance(value, dict):
                problems.append(
                    Problem(
                        Place(file=file, key=f"distribution.{key}"),
                        Text(
                            f'应为等次及比例的表，如 {{ "好" = 0.2 }}，实为 {value!r}',
                            f'expected a table of grades such as {{ "好" = 0.2 }}, got {value!r}',
                        ),
                    )
                )
                continue
            for grade, raw in value.items():
                share = _share(raw)
                if share is None:
                    problems.append(
                        Problem(
                            Place(file=file, key=f"distribution.{key}.{grade}"),
                            Text(
                                f'应为比例，如 0.2 或 "20%"，实为 {raw!r}',
                                f'expected a share such as 0.2 or "20%", got {raw!r}',
                            ),
                        )
                    )
                else:
                    quotas.append(Quota(str(grade), key, share))
        elif key != "margin":
            problems.append(
                Problem(
                    Place(file=file, key=f"distribution.{key}"),
                    Text("未知的键；可用：max、min、margin", "unknown key; known: max, min, margin"),
                )
            )
    margin = table.get("margin", 1)
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or margin < 0:
        problems.append(
            Problem(
                Place(file=file, key="distribution.margin"),
                Text(
                    f"应为不小于 0 的分数，如 1，实为 {margin!r}",
                    f"expected points 0 or more, such as 1, got {margin!r}",
                ),
            )
        )
        margin = 1
    if problems:
        raise DingjiError(problems)
    return quotas, Decimal(str(margin))


@attrs.frozen
class QuotaCheck:
    scope: str  # a domain's name, or the overall label
    quota: Quota
    n: int
    total: int

    @property
    def ok(self) -> bool:
        return self.quota.holds(self.n, self.total)

    @property
    def share(self) -> Decimal:
        return Decimal(self.n) / self.total if self.total else Decimal(0)

    def text(self, lang: str = "zh") -> str:
        pct = f"{(self.share * 100).quantize(Decimal('0.1'))}%"
        limit = f"{(self.quota.share * 100).normalize():f}%"
        g = self.quota.grade
        if lang == "en":
            rule = f"at most {limit}" if self.quota.kind == "max" else f"at least {limit}"
            return f"{self.scope}: {g} {self.n} of {self.total} = {pct}; in principle {rule}"
        rule = f"原则上不超过 {limit}" if self.quota.kind == "max" else f"原则上不少于 {limit}"
        return f"{self.scope}：{g} {self.n} 个，占 {pct}（共 {self.total} 个），{rule}"


def check_quotas(scope: str, counts: dict, quotas: list[Quota]) -> list[QuotaCheck]:
    """One check per quota whose grade ``counts`` ({grade: n}) knows."""
    total = sum(counts.values())
    return [QuotaCheck(scope, q, counts.get(q.grade, 0), total) for q in quotas if q.grade in counts]


def near(g, margin: Decimal) -> bool:
    """Within ``margin`` points of a grade threshold, with the grade decided by the score."""
    return bool(margin) and g.nearest is not None and not g.decided_by_rule and abs(g.score - g.nearest[1]) <= margin


def near_text(g, lang: str = "zh") -> str:
    """ "89.5，距“好”（90 分）差 0.5 分" / "90.0，高出“好”分数线 0.0 分"."""
    grade, low = g.nearest
    gap = g.score - low
    low_t = f"{low.normalize():f}"
    if lang == "en":
        return (
            f"{g.score}: {-gap} short of {grade} ({low_t})"
            if gap < 0
            else f"{g.score}: {gap} above the line of {grade} ({low_t})"
        )
    return (
        f"{g.score}，距“{grade}”（{low_t} 分）差 {-gap} 分"
        if gap < 0
        else f"{g.score}，高出“{grade}”分数线（{low_t} 分）{gap} 分"
    )


def grading_notices(standard, results, config: dict, file: str | None = None, lang: str = "zh") -> list:
    """What ``evaluate`` says on standard error after grading a domain, as
    :class:`dingji.report.notices.Notice` objects: one per broken quota and one for the scores
    near a grade line (a count, then one line per organization), for a face
    to shorten (cli.md, "Output that scales")."""
    from dingji.report.graded import Graded
    from dingji.report.notices import Notice

    quotas, margin = distribution(config, file)
    counts = {g.name: 0 for g in standard.grades}
    for r in results:
        counts[r.grade] += 1
    out = [
        Notice("quota", ("提示：" if lang != "en" else "note: ") + c.text(lang))
        for c in check_quotas(standard.domain, counts, quotas)
        if not c.ok
    ]
    cuts = [(Decimal(g.min), g.name) for g in standard.grades if g.min > 0]
    close = []
    for r in results:
        if not margin or not cuts:
            break
        nearest = min(((abs(r.score - low), name, low) for low, name in cuts), default=None)
        if nearest[0] > margin:  # far from every line: no need to ask more of it
            continue
        g = Graded(
            r.org,
            r.name,
            standard.id,
            standard.domain,
            r.score,
            r.grade,
            r.score_grade,
            False,
            (),
            None,
            None,
            None,
            nearest[1:],
        )
        if near(g, margin):
            close.append(
                f"{r.name}（{r.org}）{near_text(g, lang)}"
                if lang != "en"
                else f"{r.name} ({r.org}) {near_text(g, lang)}"
            )
    if close:
        head = (
            f"提示：{len(close)} 个组织的得分距分数线不超过 {margin.normalize():f} 分，建议复核："
            if lang != "en"
            else f"note: {len(close)} organization(s) within {margin.normalize():f} point(s) of a grade line, "
            "for a second look:"
        )
        out.append(Notice("near", head, close))
    return out
