"""What a standard's data-entry workbook holds: its sheets, columns, keys and texts.

No openpyxl here: :mod:`dingji.io.xlsx.template` writes this layout, and
:mod:`dingji.io.xlsx.read` reads it back by the keys in each sheet's hidden
row 1 (``source:item`` per column; A1 holds the standard's id and version).
Its texts are in :mod:`.layout_text` (``_T`` and :func:`help_steps` importable from here too).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from dingji.core.model import BONUS, PENALTY, TRACKER, VETO, Standard, optional_source
from dingji.core.numbers import fmt
from dingji.io.xlsx.layout_text import _T, _guide, _method_text, _prompt, help_steps  # noqa: F401 - _T re-exported

#: A1 of a data sheet starts with this, then ``{standard id}:{version}``.
ORG_KEY = "dingji:org"
NAME_KEY = "dingji:name"
KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
FIRST_INPUT_COL = 3  # A org id, B name
#: Blank rows (with validation) left in a template made without a roster.
BLANK_ROWS = 100
#: Characters that make a spreadsheet read a typed or imported text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

_GREY, _HEAD_FILL, _KEY_FONT = "D9D9D9", "DDEBF7", "A6A6A6"
_BLANK_FILL = "FFF2CC"
#: The font of every written cell: present wherever Excel or WPS is used in Chinese.
FONT = "宋体"


def key_text(source: str, item: str) -> str:
    """The machine key of a column: ``source:item`` (source ids never hold a colon)."""
    return f"{source}:{item}"


def org_marker(standard: Standard) -> str:
    return f"{ORG_KEY}:{standard.id}:{standard.version}"


class Column(NamedTuple):
    source: str
    item: str
    kind: str  # score | count | rate | yesno
    max: Decimal | None
    header: str
    prompt: str


class SheetSpec(NamedTuple):
    title: str
    about: str  # one line for the instructions sheet
    columns: tuple[Column, ...]


def layout(standard: Standard, lang: str = "zh") -> list[SheetSpec]:
    """The data sheets of a standard's template, in order, with their columns."""
    lang = "en" if lang == "en" else "zh"
    zh = lang == "zh"
    t = _T[lang]
    sheets: list[SheetSpec] = []
    shared: dict[tuple, Column] = {}
    for src in standard.sources:
        if src.kind == "indicators":
            cols = []
            for ind, scorer in standard.scorers:
                for inp in scorer.inputs:
                    name, note = _method_text(ind, inp, lang)
                    col = Column(
                        TRACKER if inp.shared else src.id,
                        inp.key,
                        inp.kind,
                        inp.max,
                        f"{name}\n({note})",
                        _prompt(inp.kind, inp.max, _guide(ind, inp, lang), lang),
                    )
                    if inp.shared:
                        shared.setdefault((col.source, col.item), col)
                    else:
                        cols.append(col)
            about = (
                f"{src.name}：每个组织一行，每个指标（检查项、扣分项）一列"
                if zh
                else f"{src.name} ({src.id}): a row per organization, a column per indicator input"
            )
            sheets.append(SheetSpec(src.name if zh else src.id, about, tuple(cols)))
        elif src.kind == "total":
            total = fmt(standard.total)
            col = Column(
                src.id,
                "total",
                "score",
                standard.total,
                f"{src.name}\n({'总分 0～' + total + '分' if zh else 'total 0–' + total})",
                _prompt("score", standard.total, None, lang),
            )
            about = (
                f"{src.name}：每个组织填一个总分（0～{total}）"
                if zh
                else f"{src.name} ({src.id}): one total score 0–{total} per organization"
            )
            sheets.append(SheetSpec(src.name if zh else src.id, about, (col,)))
    if shared:
        about = (
            "活动台账：各来源共用的台账指标（如党员“一创三联”完成率），每个组织只填一次"
            if zh
            else "Tracker metrics shared by every source, entered once per organization"
        )
        sheets.append(SheetSpec(t["tracker"], about, tuple(shared.values())))
    several = len(standard.surveys) > 1
    for sv in standard.surveys:  # one sheet per survey: 党员群众, 服务对象 ...
        cols = []
        for opt in sv.options:
            note = (
                ("票数" if opt.valid else "票数·不计入满意度")
                if zh
                else ("votes" if opt.valid else "votes · not counted")
            )
            cols.append(
                Column(sv.key, opt.name, "count", None, f"{opt.name}\n({note})", _prompt("count", None, None, lang))
            )
        title = sv.name if zh else (sv.name_en or (f"{t['survey']} {sv.id}" if several else t["survey"]))
        if several:
            about = (
                f"{sv.name}：每个选项的票数；空白按 0 票，但每个组织至少要有一项有效票数"
                f"（满意度按各测评分别计算，规则取最低的一个）"
                if zh
                else f"{sv.name_en or sv.name} ({sv.id}): the number of answers per option; blank counts as 0, but "
                "every organization needs valid answers (each survey's satisfaction counts; rules take the lowest)"
            )
        else:
            about = (
                f"{sv.name}：每个选项的票数；空白按 0 票，但每个组织至少要有一项有效票数"
                if zh
                else "Survey: the number of answers per option; blank counts as 0, but every organization needs "
                "valid answers"
            )
        sheets.append(SheetSpec(title, about, tuple(cols)))
    cols = []
    for which, capped, zh_word, en_word, sign in (
        (BONUS, standard.bonus, "加", "bonus", "+"),
        (PENALTY, standard.penalty, "扣", "penalty", "−"),
    ):
        if not capped:
            continue
        cap = (
            f"·上限{fmt(capped.cap)}分"
            if capped.cap is not None and zh
            else f" · cap {fmt(capped.cap)}"
            if capped.cap is not None
            else ""
        )
        for it in capped.items:
            note = f"每次{zh_word}{fmt(it.points)}分{cap}" if zh else f"{sign}{fmt(it.points)} each{cap}"
            head = f"{zh_word}分：{it.name}" if zh else f"{en_word}: {it.name}"
            cols.append(Column(which, it.id, "count", None, f"{head}\n({note})", _prompt("count", None, None, lang)))
    if cols:
        about = (
            "加分扣分：加分项、扣分项发生的次数；没有发生的留空或填 0"
            if zh
            else "Bonus and penalty items: how many times each happened; blank or 0 when it did not"
        )
        sheets.append(SheetSpec(t["bonus"], about, tuple(cols)))
    veto = _veto_sheet(standard, lang)
    if veto is not None:
        sheets.append(veto)
    return _unique_titles(sheets, (t["help"], t["roster"]))


def _veto_sheet(standard: Standard, lang: str) -> SheetSpec | None:
    """否决事项: a yes/no column per fact veto; 必填 (required) where the standard says
    ``require_veto_facts``, else a blank means it did not happen."""
    zh, need = lang != "en", standard.require_veto_facts
    cols = []
    for veto in standard.vetoes:
        if veto.when is not None:
            continue  # computed from satisfaction or another metric, never entered
        to = veto.max_grade or standard.lowest_grade
        if need:
            note = f"必填·是/否·是则定为{to}" if zh else f"required · yes/no · yes means at most {to}"
            prompt = "必填：填写“是”或“否”，留空是错误" if zh else "required: enter yes or no; a blank is an error"
        else:
            note = f"是/否·是则定为{to}" if zh else f"yes/no · yes means at most {to}"
            prompt = _prompt("yesno", None, None, lang)
        cols.append(Column(VETO, veto.id, "yesno", None, f"{veto.name}\n({note})", prompt))
    if not cols:
        return None
    if need:
        about = (
            "否决事项（必填）：每个组织的每一项都要填写，发生了填“是”，没有发生填“否”；留空是错误"
            if zh
            else "Veto facts (required): yes when it happened, no when it did not, for every organization; "
            "a blank is an error"
        )
    else:
        about = (
            "否决事项：发生了填“是”，没有发生填“否”或留空（留空视为未发生）"
            if zh
            else "Veto facts: yes when it happened; no or blank (not happened) otherwise"
        )
    return SheetSpec(_T["en" if lang == "en" else "zh"]["veto"], about, tuple(cols))


def required_column(standard: Standard, col: Column) -> bool:
    """Whether a blank cell of ``col`` is an error: a count never is (a blank count is 0
    occurrences), nor an optional source's value (survey, bonus, penalty); a veto fact is
    where the standard requires them; every other value (score, rate, yes/no) is."""
    if col.kind == "count":
        return False
    if col.source == VETO:
        return standard.require_veto_facts
    return not optional_source(col.source)


_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _unique_titles(sheets, taken) -> list[SheetSpec]:
    seen = {x.lower() for x in taken}
    out = []
    for s in sheets:
        base = s.title.translate(_BAD_TITLE).strip("'")[:31] or "sheet"
        title, n = base, 2
        while title.lower() in seen:
            title = f"{base[:28]}({n})"
            n += 1
        seen.add(title.lower())
        out.append(s._replace(title=title))
    return out
