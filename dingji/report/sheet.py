"""The shared types of the ledger: sheets, blocks, charts, writers, summary parts, labels.

A leaf: it imports nothing of dingji above the core, so the ledger, the built-in sheet
plugins and a third party's all build on it without a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from dingji.core.numbers import as_json_number

#: Excel's rows per sheet; a longer table continues on a sheet named "名称 (2)".
ROW_LIMIT = 1_048_576

LABELS = {
    "summary": ("汇总", "Summary"),
    "main": ("分类定级台账", "Grading ledger"),
    "detail": ("{domain}指标明细", "{domain} indicators"),
    "rectify": ("整改台账", "Rectification"),
    "notice": ("公示", "Notice"),
    "org": ("编号", "Org"),
    "name": ("组织名称", "Name"),
    "domain": ("领域", "Domain"),
    "bonus": ("加分", "Bonus"),
    "penalty": ("扣分", "Penalty"),
    "score": ("综合得分", "Score"),
    "grade": ("等次", "Grade"),
    "vetoes": ("否决原因", "Veto reasons"),
    "service": ("服务型", "Service-oriented"),
    "previous": ("上年等级", "Last year"),
    "move": ("变化", "Change"),
    "rounds": ("本年各轮", "Rounds this year"),
    "up": ("升", "up"),
    "same": ("平", "same"),
    "down": ("降", "down"),
    "yes": ("是", "yes"),
    "total": ("合计", "Total"),
    "count": ("组织数", "Organizations"),
    "share": ("占比", "Share"),
    "satisfaction": ("满意度", "Satisfaction"),
    "subtotal": ("{source}得分", "{source} score"),
    "by_domain": ("一、分领域定级情况", "1. Grades per domain"),
    "chart": ("各领域定级分布", "Grades per domain"),
    "poor": ("二、{grade}党组织名单（{n} 个）", "2. Organizations graded {grade} ({n})"),
    "rules": ("成立的否决/限制规则", "Rules that hold"),
    "none": ("（无）", "(none)"),
    "about": (
        "说明（用以下标准和输入文件可重现本台账）",
        "Manifest (these standards and inputs reproduce this ledger)",
    ),
    "item": ("项目", "Item"),
    "content": ("内容", "Content"),
    "std_line": ("评分标准", "Standard"),
    "file_line": ("输入文件", "Input file"),
    "no": ("序号", "No."),
    "period": ("公示期", "Publicity period"),
    "records": ("记录数", "Records"),
    "remark": ("备注", "Remarks"),
    "notice_title": (
        "{name}{year}年基层党组织分类定级结果公示",
        "{name} {year}: grades of grassroots Party organizations",
    ),
    "notice_grade": ("定级结果", "Grade"),
    "notice_service": ("服务型党组织", "Service-oriented"),
    "period_text": ("公示期：{start} 至 {end}（共 {days} 天）", "Publicity period: {start} to {end} ({days} days)"),
}
#: fills for grades by rank, best first (the lowest grade always takes the last)
GRADE_FILLS = ("C6EFCE", "DDEBF7", "FFEB9C", "FFC7CE")


def label(key: str, lang: str = "zh", **kw) -> str:
    zh, en = LABELS[key]
    return (en if lang == "en" else zh).format(**kw)


def _tuple(x):
    return tuple(x)


@attrs.frozen
class Block:
    """A table inside a sheet: an optional heading line, an optional group row above the
    header (equal neighbours merge), the header, rows, and per-column formats: None, ``"grade"``
    (coloured by grade), ``"wrap"`` (long text) or a number format such as ``"0.00"``."""

    heading: str | None
    headers: tuple = attrs.field(default=(), converter=_tuple)
    rows: Any = ()
    formats: tuple = attrs.field(default=(), converter=_tuple)
    groups: tuple = attrs.field(default=(), converter=_tuple)

    def iter_rows(self):
        return iter(self.rows() if callable(self.rows) else self.rows)


@attrs.frozen
class Chart:
    """A bar chart of ``blocks[block]``: categories from its first column (the last row, a
    total, left out), one series per column in ``series``; placed under that block."""

    title: str
    block: int
    series: tuple = attrs.field(converter=_tuple)


@attrs.frozen
class LedgerSheet:
    """One sheet: ``name``, ``headers`` and ``rows`` (a sequence, or a callable returning an
    iterator, so that 400,000 rows are made while written), an optional ``title`` and
    ``notes`` lines above the header, ``formats`` and ``groups`` as in :class:`Block`, and
    ``widths`` (column widths in Excel units; 0 or missing: measured).  A report sheet
    (汇总) has ``blocks`` instead of headers and rows, and may have a ``chart``."""

    name: str
    headers: tuple = attrs.field(default=(), converter=_tuple)
    rows: Any = ()
    title: str | None = None
    notes: tuple = attrs.field(default=(), converter=_tuple)
    formats: tuple = attrs.field(default=(), converter=_tuple)
    groups: tuple = attrs.field(default=(), converter=_tuple)
    widths: tuple = attrs.field(default=(), converter=_tuple)
    blocks: tuple = attrs.field(default=(), converter=_tuple)
    chart: Chart | None = None
    #: where the sheet goes among the contributed ones (smaller first; the built-in 走访台账
    #: is 100, 整改台账 200, the trackers' from 300; a plugin's default 500), all of them
    #: after the per-domain detail sheets and before 公示
    order: int = 500
    #: ``(key, callable returning JSON values)``: the sheet's content under ``key`` in the
    #: ledger's JSON document (None: the sheet is in the workbook and the CSV export only)
    json: tuple | None = None
    #: paragraphs below a table sheet's rows (a notice's total and its call for objections), and
    #: the lines signed at its foot, right-aligned (who signs, the date); neither is in a CSV
    footer: tuple = attrs.field(default=(), converter=_tuple)
    sign: tuple = attrs.field(default=(), converter=_tuple)

    def iter_rows(self):
        return iter(self.rows() if callable(self.rows) else self.rows)

    def tables(self) -> tuple[Block, ...]:
        """The sheet's blocks; a plain sheet is one block without a heading."""
        return self.blocks or (Block(None, self.headers, self.rows, self.formats, self.groups),)


@attrs.frozen
class SummaryPart:
    """What a plugin adds to the 汇总 sheet and to the JSON summary: ``facts(ledger, summary)``
    returns a dict merged into the summary; ``blocks(ledger, summary, first)`` returns the
    :class:`Block`s it shows, their headings numbered from ``first`` (一、二、…).  Parts go
    after the counts and the lowest grade's list, by ``order``."""

    facts: Callable
    blocks: Callable | None = None
    order: int = 500


@attrs.frozen
class LedgerWriter:
    """An output format.  ``role`` says what it writes:

    - ``"ledger"`` (the default): ``write(ledger, path)``, the combined ledger;
    - ``"notice"``: ``write(ledger, path)``, the public notice (公示) of the ledger's grades;
    - ``"template"``: ``write(standard, roster, path, lang)``, a standard's data-entry file.

    ``write`` writes one file at ``path`` (a temporary file that is renamed when complete);
    a writer with ``many=True`` gets the user's target (a folder or a prefix) and must
    itself write every file atomically."""

    name: str
    suffix: str
    write: Callable
    description: str = ""
    many: bool = False
    role: str = "ledger"


def notice_period(start: date, days: int) -> tuple[date, date]:
    """The publicity period: ``days`` calendar days from ``start``, both ends included."""
    return start, start + timedelta(days=max(days, 1) - 1)


def grade_fills(rankings) -> dict[str, str]:
    """A fill colour per grade name from lists of grades, best first: green for the best,
    red for the lowest, blue and yellow between (the first list to name a grade decides)."""
    fills: dict[str, str] = {}
    for names in rankings:
        names = list(names)
        for rank, name in enumerate(names):
            last = rank == len(names) - 1
            fills.setdefault(name, GRADE_FILLS[-1] if last else GRADE_FILLS[min(rank, len(GRADE_FILLS) - 2)])
    return fills


def share(n: int, total: int):
    return as_json_number(Decimal(n) / total) if total else 0


def day_text(d: date, lang: str) -> str:
    return d.isoformat() if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


NUMERALS = "一二三四五六七八九十"


def numbered(n: int, title: str, lang: str) -> str:
    if lang == "en":
        return f"{n}. {title}"
    num = NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11] if n < 20 else str(n)
    return f"{num}、{title}"
