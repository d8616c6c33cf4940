"""Every point of a result, in words (Chinese or English), and its JSON form.

The words are in :mod:`.explain_text`; the JSON form (:func:`result_dict`) is in
:mod:`.result_json`, importable from here too.
"""

from __future__ import annotations

from dingji.core.explain_text import _T
from dingji.core.model import BONUS, PENALTY, SURVEY, SURVEY_NAME, TRACKER, label
from dingji.core.numbers import fmt, fmt_exact, fmt_fixed, fmt_value, fmt_weight, pct
from dingji.core.result_json import SCHEMA_VERSION, result_dict

__all__ = ["SCHEMA_VERSION", "explain", "result_dict"]


def explain(result, lang: str = "zh") -> list[str]:
    """The explanation of one result as lines of text: the score and its arithmetic, each
    indicator, bonus and penalty, then the rules (satisfaction, vetoes, 服务型, next grade)."""
    t = _T["en" if lang == "en" else "zh"]
    names = {s.id: label(s, lang) for s in result.standard.sources}
    return [
        *_score(result, t, lang),
        *_indicators(result, t, lang, names),
        *_capped(result, t),
        *_rules(result, t, lang, names),
    ]


def _score(result, t, lang) -> list[str]:
    """The head, the score and grade, each source's score, and the combined arithmetic."""
    std = result.standard
    a = result.assessment.values
    out = [t["head"].format(name=result.name, org=result.org, std=label(std, lang), version=std.version)]
    head = t["score"].format(score=fmt_fixed(result.score, std.precision), grade=result.grade)
    if result.grade != result.score_grade:
        head += t["score_grade"].format(grade=result.score_grade)
    out.append(head)
    terms = []
    for src in std.sources:
        score = fmt_exact(result.sources[src.id], 4)
        if src.kind == "survey":
            sv = std.survey_by_id(src.survey)
            valid = [o for o in sv.options if o.valid]
            n = sum((a.get((sv.key, o.name)) or 0 for o in valid), 0)
            w = sum(((a.get((sv.key, o.name)) or 0) * o.value for o in valid), 0)
            calc = f"{fmt(std.total)} × {fmt(w, 6)} ÷ {fmt(n)}"
            out.append(
                t["survey"].format(
                    name=label(src, lang),
                    weight=fmt_weight(src.weight),
                    survey=_survey_name(sv, lang),
                    detail=_counts(sv, a, lang),
                    calc=calc,
                    score=score,
                )
            )
        elif src.kind == "total":
            out.append(t["total_src"].format(name=label(src, lang), weight=fmt_weight(src.weight), score=score))
        else:
            out.append(t["source"].format(name=label(src, lang), weight=fmt_weight(src.weight), score=score))
        terms.append(f"{fmt_weight(src.weight)} × {score}")
    out.append(_formula(result, t, terms))
    return out


def _formula(result, t, terms) -> str:
    std = result.standard
    if result.bonus:
        terms.append(f"+ {fmt(result.bonus)}")
    if result.penalty:
        terms.append(f"− {fmt(result.penalty)}")
    joined = " + ".join(x for x in terms if not x.startswith(("+ ", "− ")))
    joined += "".join(f" {x}" for x in terms if x.startswith(("+ ", "− ")))
    formula = t["formula"].format(
        terms=joined,
        exact=fmt_exact(result.unclamped),
        precision=std.precision,
        score=fmt_fixed(result.score, std.precision),
    )
    if result.unclamped != result.exact:
        formula += t["clamped"].format(total=fmt(std.total))
    return formula


def _indicators(result, t, lang, names) -> list[str]:
    """Each indicator, and per source what was entered and what it gave."""
    std = result.standard
    out = [t["indicators"]]
    cats = {c.id: label(c, lang) for c in std.categories}
    by_index: dict[int, list] = {}
    for line in result.lines:
        by_index.setdefault(line[1], []).append(line)
    notes = result.assessment.notes
    for index, (ind, scorer) in enumerate(std.scorers):
        out.append(
            t["indicator"].format(
                cat=cats.get(ind.category, ind.category),
                name=label(ind, lang),
                points=fmt(ind.points),
                method=ind.method,
            )
        )
        note = _note(scorer, notes, lang) if notes else None
        for source, _, entered, got, _raw_pts in by_index.get(index, ()):
            if note is None:
                text = scorer.explain(entered, got, lang)
            elif scorer.explain_note is not None:
                text = scorer.explain_note(entered, got, lang, note)
            elif scorer.inputs[0].kind == "score":  # a score a metric fed: the metric × the points
                rate = fmt_value(entered[0] / ind.points)
                text = f"{note} → {rate} × {fmt(ind.points)}{'' if lang == 'en' else ' 分'} = {fmt(got)}"
                text += "" if lang == "en" else " 分"
            else:
                text = f"{note} → {scorer.explain(entered, got, lang)}"
            out.append(t["line"].format(source=names[source], text=text))
    return out


def _capped(result, t) -> list[str]:
    """Bonus and penalty: each item counted, and the total against its cap."""
    std = result.standard
    a = result.assessment.values
    out = []
    for key, which, raw_total, capped in (
        ("bonus", BONUS, result.bonus_raw, std.bonus),
        ("penalty", PENALTY, result.penalty_raw, std.penalty),
    ):
        if capped is None:
            continue
        out.append(t[key])
        items = [(i, a.get((which, i.id))) for i in capped.items]
        items = [(i, n) for i, n in items if n]
        if not items:
            out.append(t["none"])
            continue
        for item, n in items:
            out.append(
                t["item"].format(name=item.name, count=fmt(n), points=fmt(item.points), value=fmt(n * item.points))
            )
        if capped.cap is None:
            out.append(t["sum"].format(raw=fmt(raw_total)))
        elif raw_total > capped.cap:
            out.append(t["cap_cut"].format(raw=fmt(raw_total), cap=fmt(capped.cap)))
        else:
            out.append(t["cap_ok"].format(raw=fmt(raw_total), cap=fmt(capped.cap)))
    return out


def _rules(result, t, lang, names) -> list[str]:
    """Satisfaction, the veto and cap rules that hold, 服务型, and the way to the next grade."""
    std = result.standard
    out = []
    if len(std.surveys) == 1:
        (sv,) = std.surveys
        valid = (
            "、".join(o.name for o in sv.options if o.satisfied and o.valid)
            if lang != "en"
            else "+".join(o.name for o in sv.options if o.satisfied and o.valid) + " / valid answers"
        )
        if lang != "en":
            valid += " / 有效票"
        out.append(t["satisfaction"].format(opts=valid, value=pct(result.satisfaction, 2)))
    elif std.surveys:  # several: the lowest, then each survey with its counts
        out.append(t["satisfaction_lowest"].format(value=pct(result.satisfaction, 2)))
        out.extend(_survey_line(sv, result, t, lang) for sv in std.surveys)
    out.append(t["vetoes"])
    if not result.vetoes:
        out.append(t["no_veto"])
    for v in result.vetoes:
        line = (
            t["veto_cap"].format(name=label(v, lang), grade=v.max_grade)
            if v.max_grade
            else t["veto_low"].format(name=label(v, lang), grade=std.lowest_grade)
        )
        out.append(line if result.changed_grade(v) else line + t["held"].format(grade=result.score_grade))
    if std.service:
        if result.service_oriented:
            out.append(t["service_yes"].format(name=label(std.service, lang)))
        else:
            sep = "; " if lang == "en" else "；"
            out.append(
                t["service_no"].format(
                    name=label(std.service, lang),
                    why=sep.join(_gap(g, t, std, names, lang) for g in result.service_gaps),
                )
            )
    out.append(_next_line(result, t))
    return out


def _next_line(result, t) -> str:
    """The distance to the next grade the rules that hold allow, or why there is none."""
    from dingji.core.rules import ceiling

    std, nxt = result.standard, result.next_grade()
    if nxt is None:
        if std.grade_rank(result.grade) == 0:
            return t["top"]
        return t["top_veto"] if std.grade_rank(result.score_grade) == 0 else t["kept"]
    line = t["next"].format(grade=nxt[0], min=fmt(std.grades[std.grade_rank(nxt[0])].min), gap=fmt(nxt[1]))
    limit = ceiling(std, result.vetoes)
    return line + t["next_cap"].format(grade=std.grades[limit].name) if limit else line


def _note(scorer, notes, lang):
    """The words on how this indicator's value was obtained from records (a tracker's counts), if any: kept
    under ``(TRACKER, key)`` for a ``tracker`` indicator and for a score or rate indicator that a metric fed."""
    for inp in scorer.inputs:
        got = notes.get((TRACKER, inp.key))
        if got:
            return got[1] if lang == "en" else got[0]
    return None


def _survey_name(sv, lang) -> str:
    """A survey as explanations name it: its name (in English its name_en, or "survey" for
    the unnamed single [survey])."""
    if lang == "en":
        return sv.name_en or ("survey" if sv.key == SURVEY and sv.name == SURVEY_NAME else sv.name)
    return sv.name


def _counts(sv, a, lang) -> str:
    """Every option of a survey with the answers entered: 满意 41，基本满意 6，不满意 3，不了解 10."""
    return ("，" if lang != "en" else ", ").join(f"{o.name} {fmt(a.get((sv.key, o.name), 0))}" for o in sv.options)


def _survey_line(sv, result, t, lang) -> str:
    """One survey's satisfaction with its counts: satisfied answers over valid answers."""
    a = result.assessment.values
    valid = [o for o in sv.options if o.valid]
    n = sum((a.get((sv.key, o.name)) or 0 for o in valid), 0)
    yes = [a.get((sv.key, o.name)) or 0 for o in valid if o.satisfied]
    value = result.surveys.get(sv.id)
    if value is None:
        return t["survey_sat_none"].format(survey=_survey_name(sv, lang), detail=_counts(sv, a, lang))
    top = " + ".join(fmt(x) for x in yes) if len(yes) > 1 else fmt(sum(yes, 0))
    calc = f"({top}) ÷ {fmt(n)}" if len(yes) > 1 else f"{top} ÷ {fmt(n)}"
    return t["survey_sat"].format(
        survey=_survey_name(sv, lang), detail=_counts(sv, a, lang), calc=calc, value=pct(value, 2)
    )


def _gap(g, t, std, names, lang):
    if g[0] == "grade":
        return t["gap_grade"].format(got=g[1], need=g[2])
    if g[0] == "satisfaction" and len(g) > 3:  # one of several surveys
        return t["gap_sat_of"].format(
            survey=_survey_name(std.survey_by_id(g[3]), lang), got=pct(g[1], 2), need=pct(g[2], 2)
        )
    if g[0] == "satisfaction":
        return t["gap_sat"].format(got=pct(g[1], 2), need=pct(g[2], 2))
    ind = std.indicator(g[1])
    return t["gap_ind"].format(ind=label(ind, lang), source=names[g[2]], got=fmt(g[3]), need=fmt(g[4]))
