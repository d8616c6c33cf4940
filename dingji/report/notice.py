"""The public notice (公示) as data: what the township plan says is made public, for every writer.

- :func:`notice_sheet`: the title, the preamble and the publicity period above the table; per
  organization its domain, the score of each source (自查自评, 党员群众评议, 上级党组织评定), each
  survey's satisfaction with its valid votes, the combined score, the grade and 服务型; below
  the table the total per grade, the sentence asking for objections with the contact of
  ``dingji.toml``'s ``[notice]`` table, and the signature with the notice's date.
- :func:`standards_sheet`: the appendix, each standard in brief: its categories and points, the
  weights of the sources, the grades' score ranges and the vetoes.

The HTML page and the xlsx notice are both made from these two sheets, and the ledger ends with
them, so every output says the same.  Survey counts are read from the stored inputs (no
re-grading: the ledger of 400,000 organizations stays as fast as it was).
"""

from __future__ import annotations

import json
from decimal import Decimal

import attrs

from dingji.core.model import label
from dingji.core.numbers import dec, fmt, fmt_fixed
from dingji.core.scoring_plan import plan_for
from dingji.report.row_info import _Numbers
from dingji.report.sheet import LedgerSheet, day_text, notice_period

TEXT = {
    "lead": (
        "根据基层党组织分类定级工作安排，经党组织自查自评、党员群众评议和上级党组织评定，"
        "现将{name}{year}年基层党组织分类定级结果予以公示。",
        "After self-assessment, evaluation by Party members and the masses, and assessment by the "
        "superior Party organization, the {year} grades of {name}'s grassroots Party organizations are made public.",
    ),
    "objection": (
        "公示期间，如对公示结果有异议，请以书面、电话或当面等方式向{office}反映。",
        "Objections to these results may be raised during the publicity period, in writing, by telephone or "
        "in person, with {office}.",
    ),
    "office": ("{name}党委", "the {name} Party committee"),
    "phone": ("联系电话：{phone}", "telephone {phone}"),
    "address": ("地址：{address}", "address {address}"),
    "named": (
        "以个人名义反映的请署真实姓名，以单位名义反映的请加盖公章。",
        "Please sign with your real name, or with your unit's seal.",
    ),
    "signer": ("中共{name}委员会", "{name} Party Committee"),
    "total": ("共 {n} 个党组织：{parts}。", "{n} organizations: {parts}."),
    "count": ("{grade} {n} 个", "{grade} {n}"),
    "no": ("序号", "No."),
    "name": ("组织名称", "Name"),
    "domain": ("领域", "Domain"),
    "surveys": ("满意度（有效票）", "Satisfaction (valid votes)"),
    "score": ("综合得分", "Score"),
    "grade": ("定级结果", "Grade"),
    "service": ("服务型党组织", "Service-oriented"),
    "yes": ("是", "yes"),
    "votes": ("{pct}（有效票 {n}）", "{pct} ({n} valid votes)"),
    "one_survey": ("{name} {said}", "{name}: {said}"),
    "appendix": ("评分标准摘要", "Standards in brief"),
    "appendix_title": ("附件：评分标准摘要", "Appendix: the standards in brief"),
    "standard": ("评分标准", "Standard"),
    "categories": ("评分项目及分值", "Categories and points"),
    "weights": ("评价构成", "How the score is made"),
    "grades": ("等次", "Grades"),
    "vetoes": ("一票否决和等次限定", "Vetoes and caps"),
    "points": ("{name} {n} 分", "{name} {n}"),
    "in_all": ("（共 {n} 分）", " ({n} points in all)"),
    "cap": ("（最高定为{grade}）", " (at most {grade})"),
}
#: the endings of a survey's name left out where the column says it is a satisfaction survey
SURVEY_ENDINGS = ("满意度测评", "测评", "满意度")


def say(key: str, lang: str = "zh", **kw) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**kw)


@attrs.frozen
class Contact:
    """Whom objections go to, from ``dingji.toml``'s ``[notice]``: ``office`` (default: the unit's
    Party committee), ``phone``, ``address``; ``signer``: who signs (default 中共{name}委员会)."""

    office: str | None = None
    phone: str | None = None
    address: str | None = None
    signer: str | None = None

    @classmethod
    def from_config(cls, table) -> Contact:
        table = table if isinstance(table, dict) else {}
        got = {k: table.get(k) for k in ("office", "phone", "address", "signer")}
        return cls(**{k: v.strip() if isinstance(v, str) and v.strip() else None for k, v in got.items()})

    @property
    def reachable(self) -> bool:
        """A phone or an address is given: the notice says how to raise an objection."""
        return bool(self.phone or self.address)


def objection_text(contact: Contact, name: str, lang: str = "zh") -> str:
    """公示期间……向乡党委组织办反映。联系电话：…；地址：…。以个人名义反映的请署真实姓名…"""
    en = lang == "en"
    office = contact.office or say("office", lang, name=name)
    out = say("objection", lang, office=office)
    parts = [say(k, lang, **{k: getattr(contact, k)}) for k in ("phone", "address") if getattr(contact, k)]
    if parts:
        out += (" Contact: " + "; ".join(parts) + ".") if en else ("；".join(parts) + "。")
    return out + (" " if en else "") + say("named", lang)


def signer_text(contact: Contact, name: str, lang: str = "zh") -> str:
    return contact.signer or say("signer", lang, name=name)


def _survey_columns(ledger) -> tuple[list[tuple[str, str]], int | None]:
    """``([(source id, header)], index of the satisfaction column or None)``: every source of the
    year's standards in order, and the survey column after the last survey source (after all
    sources when surveys only feed rules; None when no standard has a survey)."""
    lang, seen, after = ledger.lang, {}, None
    for std in ledger.standards.values():
        for src in std.sources:
            seen.setdefault(src.id, label(src, lang))
    ids = list(seen)
    for std in ledger.standards.values():
        for src in std.sources:
            if src.kind == "survey":
                after = max(after or 0, ids.index(src.id) + 1)
    if after is None and any(std.surveys for std in ledger.standards.values()):
        after = len(ids)
    return list(seen.items()), after


class _Votes:
    """Each survey's satisfaction with its valid votes: ``91.7%（有效票 60）``; with several surveys
    one line each, named: ``党员群众 97.8%（有效票 46）``.  Per stored run (its standard and input
    keys); read from a stored row's inputs, memoized on the survey's entered texts."""

    def __init__(self, std, keys, lang: str):
        at = {k: i for i, k in enumerate(keys)}  # unpack_inputs: a key's value is in its place
        self.std, self.lang, self.cache = std, lang, {}
        self.where = [at.get(key) for _, options in plan_for(std).surveys for key, _, _ in options]

    def __call__(self, inputs: str) -> str:
        parts = inputs.split("\t")
        n = len(parts)
        raw = tuple("" if i is None or i >= n else parts[i] for i in self.where)
        got = self.cache.get(raw)
        if got is None:
            got = self._text(iter(raw))
            if len(self.cache) < 100_000:
                self.cache[raw] = got
        return got

    def _text(self, raw) -> str:
        std, lang, lines = self.std, self.lang, []
        for (_, options), survey in zip(plan_for(std).surveys, std.surveys):
            answered = satisfied = Decimal(0)
            for _, _, is_satisfied in options:
                n = Decimal(next(raw) or 0)
                answered += n
                satisfied += n if is_satisfied else 0
            if not answered:
                said = "—"
            else:
                said = say("votes", lang, pct=fmt_fixed(satisfied * 100 / answered, 1) + "%", n=fmt(answered))
            if len(std.surveys) > 1:
                name = label(survey, lang)
                for end in SURVEY_ENDINGS:
                    if name.endswith(end) and len(name) > len(end):
                        name = name[: -len(end)]
                        break
                said = say("one_survey", lang, name=name, said=said)
            lines.append(said)
        return "\n".join(lines)


def notice_words(ledger) -> dict[str, str]:
    """The notice's texts around its table, in the ledger's language."""
    lang, name = ledger.lang, ledger.name
    counts = dict.fromkeys(ledger.grades, 0)
    for _, grade, n, _ in ledger.store.grade_counts(ledger.year):
        counts[grade] = counts.get(grade, 0) + n
    sep = ", " if lang == "en" else "，"
    start, _ = notice_period(ledger.notice_from, ledger.notice_days)
    return {
        "title": ledger.label("notice_title", name=name, year=ledger.year),
        "lead": say("lead", lang, name=name, year=ledger.year),
        "period": ledger.notice_text(),
        "total": say(
            "total",
            lang,
            n=ledger.size,
            parts=sep.join(say("count", lang, grade=g, n=n) for g, n in counts.items()),
        ),
        "objection": objection_text(ledger.contact, name, lang),
        "signer": signer_text(ledger.contact, name, lang),
        "day": day_text(start, lang),
    }


def notice_sheet(ledger) -> LedgerSheet:
    """The 公示 sheet (see the module's docstring)."""
    lang = ledger.lang
    sources, at = _survey_columns(ledger)
    headers = [say("no", lang), say("name", lang), say("domain", lang), *[h for _, h in sources]]
    formats = [None, "wrap", "wrap", *["0.00"] * len(sources)]
    widths = [5, 24, 12, *[9] * len(sources)]
    if at is not None:
        headers.insert(3 + at, say("surveys", lang))
        formats.insert(3 + at, "wrap")
        widths.insert(3 + at, 28)
    precision = max(s.precision for s in ledger.standards.values())
    headers += [say("score", lang), say("grade", lang), say("service", lang)]
    formats += ["0." + "0" * precision if precision else "0", "grade", None]
    widths += [9, 8, 8]
    words = notice_words(ledger)

    def rows():
        names, yes, num = {d: std.domain for d, std in ledger.standards.items()}, say("yes", lang), _Numbers()
        votes: dict = {}  # run id -> _Votes, or None: no survey
        for i, row in enumerate(ledger.store.iter_result_rows(ledger.year), 1):
            src = json.loads(row.sources)
            line = [i, row.name, names.get(row.domain, row.domain), *[num(src.get(sid)) for sid, _ in sources]]
            if at is not None:
                if row.run_id not in votes:
                    std, keys = ledger.standard_of(row.run_id)
                    votes[row.run_id] = _Votes(std, keys, lang) if std.surveys else None
                of = votes[row.run_id]
                line.insert(3 + at, "" if of is None else of(row.inputs))
            yield [*line, float(row.score), row.grade, yes if row.service else ""]

    return LedgerSheet(
        ledger.label("notice"),
        headers,
        rows,
        title=words["title"],
        notes=[words["lead"], words["period"]],
        formats=formats,
        widths=widths,
        footer=[words["total"], words["objection"]],
        sign=[words["signer"], words["day"]],
    )


def _ranges(std, lang: str) -> str:
    """``好 ≥90 分``, ``较好 80～89.9 分``, ``一般 60～79.9 分``, ``较差 <60 分``, a line each."""
    step = Decimal(1).scaleb(-std.precision)
    parts, above = [], None
    for g in std.grades:
        low = fmt(dec(g.min))
        if above is None:
            text = f"≥{low}"
        elif g.min <= 0:
            text = f"<{fmt(dec(above))}"
        else:
            text = f"{low}～{fmt(dec(above) - step)}"
        parts.append(f"{g.name} {text}" + ("" if lang == "en" else " 分"))
        above = g.min
    return "\n".join(parts)


def standards_sheet(ledger) -> LedgerSheet:
    """The appendix: one row per domain, its standard in brief."""
    lang, sep = ledger.lang, (", " if ledger.lang == "en" else "、")
    keys = ("domain", "standard", "categories", "weights", "grades", "vetoes")
    headers = [say(k, lang) for k in keys]

    def rows():
        for std in ledger.standards.values():
            cats = sep.join(say("points", lang, name=label(c, lang), n=fmt(dec(c.points))) for c in std.categories)
            weights = "\n".join(f"{label(s, lang)} {fmt(dec(s.weight) * 100, 1)}%" for s in std.sources)
            vetoes = "\n".join(
                label(v, lang) + (say("cap", lang, grade=v.max_grade) if v.max_grade else "") for v in std.vetoes
            )
            yield (
                std.domain,
                f"{label(std, lang)} {std.version}",
                cats + say("in_all", lang, n=fmt(dec(std.total))),
                weights,
                _ranges(std, lang),
                vetoes,
            )

    return LedgerSheet(
        say("appendix", lang),
        headers,
        rows,
        title=say("appendix_title", lang),
        formats=["wrap", "wrap", "wrap", "wrap", "wrap", "wrap"],
        widths=[12, 22, 40, 20, 18, 42],
        order=10_000,
    )
