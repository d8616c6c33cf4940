"""What a standard's data-entry workbook holds: its sheets, columns, keys and texts.

No openpyxl here: :mod:`dingji.io.xlsx.template` writes this layout, and
:mod:`dingji.io.xlsx.read` reads it back by the keys in each sheet's hidden
row 1 (``source:item`` per column; A1 holds the standard's id and version).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from dingji.core.model import BONUS, PENALTY, TRACKER, VETO, Standard, optional_source
from dingji.core.numbers import fmt

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


# --- texts ---------------------------------------------------------------------

_T = {
    "zh": {
        "help": "填表说明",
        "roster": "组织名单",
        "tracker": "活动台账",
        "survey": "满意度测评",
        "bonus": "加分扣分",
        "veto": "否决事项",
        "org": "组织编号",
        "name": "组织名称",
        "roster_head": ("组织编号", "组织名称", "领域", "上级党组织", "书记", "党员数"),
        "yes_no": "是,否",
    },
    "en": {
        "help": "Instructions",
        "roster": "Roster",
        "tracker": "Tracker",
        "survey": "Survey",
        "bonus": "Bonus-Penalty",
        "veto": "Vetoes",
        "org": "org",
        "name": "name",
        "roster_head": ("org", "name", "domain", "parent", "secretary", "members"),
        "yes_no": "yes,no",
    },
}

_ENTER = {
    "zh": {
        "score": "填写 0～{max} 的分数",
        "count": "填写发生次数（不小于 0 的整数）",
        "rate": "填写 0～1 的小数，或如 85% 的百分数",
        "yesno": "填写“是”或“否”",
    },
    "en": {
        "score": "enter a score 0 to {max}",
        "count": "enter how many times (a whole number, 0 or more)",
        "rate": "enter a rate 0 to 1, or a percentage like 85%",
        "yesno": "enter yes or no",
    },
}


def _item_points(ind, key: str) -> Decimal | None:
    """The points of a check item or named deduction, from the indicator's own table."""
    _, _, sub = key.partition(".")
    for table in ("items", "deductions"):
        for it in ind.options.get(table) or ():
            if isinstance(it, dict) and it.get("id") == sub:
                return Decimal(it["points"])
    return None


def _method_text(ind, inp, lang: str) -> tuple[str, str]:
    """(the visible name, the parenthesised note) of an input column."""
    zh = lang != "en"
    name = ind.name if zh else (ind.name_en or ind.name)
    p = fmt(ind.points)
    sub = inp.label if inp.label != ind.name else None
    full = f"{name}：{sub}" if sub and zh else f"{name}: {sub}" if sub else name
    m, opts = ind.method, ind.options
    if m == "deduct" and "per" in opts:
        unit = ind.unit or "次"
        return full, (f"{p}分·每{unit}扣{fmt(opts['per'])}分" if zh else f"{p} pts · −{fmt(opts['per'])} each")
    if m == "deduct" and sub:
        ip = fmt(_item_points(ind, inp.key) or 0)
        return full, (f"每次扣{ip}分·本项共{p}分" if zh else f"−{ip} each · of {p} pts")
    if m == "check" and sub:
        ip = fmt(_item_points(ind, inp.key) or 0)
        return full, (f"{ip}分·是/否" if zh else f"{ip} pts · yes/no")
    if m == "check":
        return full, (f"{p}分·达到填是" if zh else f"{p} pts · yes if met")
    if m == "score":
        return full, (f"{p}分·直接评分" if zh else f"{p} pts · score")
    if m == "ratio":
        return full, (f"{p}分·比率×分值" if zh else f"{p} pts · rate × points")
    if m == "tiers":
        return full, (f"{p}分·按比率分档" if zh else f"{p} pts · rate, tiered")
    if m == "tracker":
        return full, (f"{p}分·台账比率×分值" if zh else f"{p} pts · tracker rate × points")
    kind = {
        "score": ("评分", "score"),
        "count": ("次数", "count"),
        "rate": ("比率", "rate"),
        "yesno": ("是/否", "yes/no"),
    }[inp.kind]
    return full, (f"{p}分·{kind[0]}" if zh else f"{p} pts · {kind[1]}")


def _prompt(kind: str, maximum, guide: str | None, lang: str) -> str:
    text = _ENTER[lang][kind].format(max=fmt(maximum) if maximum is not None else "")
    if guide:
        text = f"{text}。{guide}" if lang != "en" else f"{text}. {guide}"
    return text[:250]


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
                        _prompt(inp.kind, inp.max, ind.guide, lang),
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
    """Whether a blank cell of ``col`` is an error: every column but survey, bonus and penalty
    counts, and veto facts where the standard requires them."""
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


# --- writing -------------------------------------------------------------------


def help_steps(standard: Standard, roster_title: str, lang: str = "zh") -> list[str]:
    """The numbered "how to fill it in" paragraphs of the instructions sheet."""
    if lang == "en":
        blank = (
            "Only bonus/penalty items may stay blank (did not happen); veto facts are required (必填): yes or no "
            "for every organization, a blank is an error; "
            if standard.require_veto_facts
            else "Only bonus/penalty items and veto facts may stay blank (did not happen); "
        )
        return [
            "1. Each sheet has one row per organization. Do not change the grey org and name columns; without a roster, "
            f"fill in the {roster_title} sheet first, then type the org ids on each sheet.",
            "2. Headers give each indicator's name, points and method; select a cell to see what to enter.",
            "3. Scores: a number from 0 to the item's points (decimals allowed); counts: a whole number, 0 or more; "
            "rates: 0 to 1 (0.85) or a percentage (85%); yes/no: yes or no (是/否, 1/0 also accepted).",
            "4. Blank = missing = an error: a blank score cell is reported with its sheet, row and column, never taken "
            f"as 0. {blank}blank survey cells count 0 answers, but each organization needs valid answers.",
            "5. Do not change the hidden row 1: it names each column's indicator, and reading relies on it, not on the "
            "header text, sheet names or column order.",
            "6. Enter plain values, not formulas; keep the file as .xlsx.",
        ]
    blank = (
        "只有加分扣分留空表示没有发生；否决事项必填，每个组织每项都要填“是”或“否”，留空是错误；"
        if standard.require_veto_facts
        else "只有加分扣分、否决事项留空表示没有发生；"
    )
    return [
        "1. 每个工作表一行一个党组织。灰色的“组织编号”“组织名称”两列不要修改；没有名单时先在“组织名单”表填写组织，再在各表填写组织编号。",
        "2. 表头写明指标名称、分值和计分方法；选中单元格可看到填写提示和评分说明。",
        "3. 分数：填 0 到该项分值之间的数，可以有小数；次数：填不小于 0 的整数，如缺开几次会就填几；"
        "比率：填 0～1 的小数（0.85）或百分数（85%）；是/否：填“是”或“否”（也可填 yes/no、1/0）。",
        "4. 留空 = 未填写 = 错误：需要评分的单元格留空，导入时会报错并指出工作表、行和列，绝不按 0 分处理。"
        f"{blank}满意度测评留空按 0 票，但每个组织至少要有有效票数。",
        "5. 不要修改隐藏的第 1 行：它记录每列对应的指标，导入时按它识别各列，与表头文字、工作表名和列的顺序无关。",
        "6. 请直接填写数值，不要用公式；保存为 .xlsx 格式。",
    ]
