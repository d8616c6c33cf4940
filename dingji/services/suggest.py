"""Draft rectification problems for an organization from its graded result (整改问题草稿).

Where the points were lost, largest first: every veto or cap rule that holds; each
indicator, by the points it cost the combined score (Σ over the sources of weight ×
(indicator points − points got)); a survey source below full marks; the penalty
items entered.  Each draft names the problem with its numbers, proposes measures
from the indicator's 评分要点 (``guide``) where the standard has one, and takes the
organization's secretary as owner and the end of the rectification phase as
deadline; the user edits them and imports them with ``dingji rectify import``.

Each draft says where its problem came from (the township plan's three places):
自己找, points the self-assessment lost itself; 群众提, a survey below full marks or a
rule on satisfaction; 上级点, points only the superior's assessment lost, a veto fact,
a penalty, and what visits found (:func:`visit_drafts`; a visit where the masses were
not satisfied is 群众提).
"""

from __future__ import annotations

from decimal import Decimal

from dingji.core.model import label
from dingji.core.numbers import fmt, pct
from dingji.core.rectify_form import MASSES, SELF, SUPERIOR
from dingji.core.visit_form import FORM as VISIT_FORM
from dingji.core.visit_form import YESNO

TOP = 5


def _points(x) -> str:
    """``1 point``, ``2.5 points`` (to two decimals)."""
    return f"{fmt(x, 2)} {'point' if x == 1 else 'points'}"


def _sources(result, index, lang):
    std, parts = result.standard, []
    for src in std.sources:
        got = result.points.get(src.id)
        if got is not None:
            ind = std.scorers[index][0]
            parts.append(f"{label(src, lang)} {fmt(got[index])}/{fmt(ind.points)}")
    return ("，" if lang != "en" else ", ").join(parts)


def _self_source(std) -> str | None:
    """The source that is the organization's own assessment (自查自评): ``self``, or one named 自…."""
    return next(
        (s.id for s in std.sources if s.kind == "indicators" and (s.id == "self" or s.name.startswith("自"))), None
    )


def losses(result, lang: str = "zh") -> list[tuple[Decimal, str, str, str]]:
    """``(points lost from the combined score, problem, measures, where it came from)``, largest
    first; vetoes first of all."""
    std, en = result.standard, lang == "en"
    own = _self_source(std)
    out: list[tuple[Decimal, str, str, str]] = []
    big = Decimal(10) ** 6
    for v in result.reasons:  # the rules that changed the grade; one holding without effect is no problem to fix
        what = (
            (f"{label(v, lang)} (caps the grade at {v.max_grade})" if en else f"{v.name}（等次最高为{v.max_grade}）")
            if v.max_grade
            else (
                f"{label(v, lang)} (graded {std.lowest_grade} whatever the score)"
                if en
                else f"{v.name}（一票否决，定为{std.lowest_grade}）"
            )
        )
        out.append(
            (big, what, "", MASSES if v.when is not None and v.when.metric.startswith("satisfaction") else SUPERIOR)
        )
    weights = {s.id: s.weight for s in std.sources}
    for index, (ind, _) in enumerate(std.scorers):
        lost = sum((weights[sid] * (ind.points - got[index]) for sid, got in result.points.items()), Decimal(0))
        if lost > 0:
            text = (
                f"{label(ind, lang)}: {_points(lost)} lost ({_sources(result, index, lang)})"
                if en
                else f"{ind.name}：失分 {fmt(lost, 2)} 分（{_sources(result, index, lang)}）"
            )
            measure = (
                ""
                if not ind.guide
                else (f"work to the scoring guide: {ind.guide}" if en else f"对照评分要点逐项整改：{ind.guide}")
            )
            mine = own in result.points and result.points[own][index] < ind.points
            out.append((lost, text, measure, SELF if mine else SUPERIOR))
    for src in std.sources:
        if src.kind == "survey" and result.sources[src.id] < std.total:
            lost = weights[src.id] * (std.total - result.sources[src.id])
            sat = "" if result.satisfaction is None else pct(result.satisfaction, 2)
            got = fmt(result.sources[src.id], 2)
            out.append(
                (
                    lost,
                    f"{label(src, lang)}: {_points(result.sources[src.id])}, satisfaction {sat}"
                    if en
                    else f"{src.name}得 {got} 分，满意度 {sat}",
                    "",
                    MASSES,
                )
            )
    if std.penalty:
        for item in std.penalty.items:
            n = result.assessment.values.get(("penalty", item.id))
            if n:
                out.append(
                    (
                        n * item.points,
                        f"{item.name}: {fmt(n)} × {_points(item.points)} deducted"
                        if en
                        else f"扣分事项：{item.name} {fmt(n)} 次，扣 {fmt(n * item.points)} 分",
                        "",
                        SUPERIOR,
                    )
                )
    out.sort(key=lambda x: -x[0])
    return out


def drafts(result, owner: str | None, deadline, top: int = TOP, lang: str = "zh") -> list[dict]:
    """Rows for the rectification form: the ``top`` largest losses (and every veto)."""
    got = losses(result, lang)
    vetoes = sum(1 for x in got if x[0] >= Decimal(10) ** 6)
    rows = []
    for lost, problem, measures, origin in got[: max(top, vetoes)]:
        rows.append(
            {
                "org": result.org,
                "name": result.name,
                "problem": problem,
                "origin": origin,
                "measures": measures,
                "owner": owner or "",
                "deadline": deadline.isoformat() if deadline else "",
                "lost": None if lost >= Decimal(10) ** 6 else lost,
            }
        )
    return rows


def visit_drafts(visits, name: str, owner: str | None, deadline, lang: str = "zh") -> list[dict]:
    """Rows for the rectification form from an organization's visits: each visit's problems and
    the findings answered 否 (or a role played 差), 上级点; the masses not satisfied, 群众提."""
    en, rows = lang == "en", []
    for v in visits:
        when = f"{v['date']}, {v['visitors']}" if en else f"{v['date']}，{v['visitors']}"
        found = [v["problems"]] if v.get("problems") else []
        for fid in YESNO:
            if v.get(fid) is False:
                field = VISIT_FORM.field(fid)
                found.append(f"{field.label_en}: no" if en else f"{field.label}：否")
        if v.get("role") == "差":
            found.append("role played: 差" if en else "作用发挥：差")
        base = {"org": v["org"], "name": name, "measures": "", "owner": owner or "", "lost": None}
        base["deadline"] = deadline.isoformat() if deadline else ""
        if found:
            what = "; ".join(found) if en else "；".join(found)
            said = f"found on the visit ({when}): {what}" if en else f"走访发现（{when}）：{what}"
            rows.append({**base, "problem": said, "origin": SUPERIOR})
        if v.get("masses") == "不满意":
            said = f"the masses not satisfied on the visit ({when})" if en else f"走访中群众表示不满意（{when}）"
            rows.append({**base, "problem": said, "origin": MASSES})
    return rows
