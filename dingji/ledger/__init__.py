"""The combined ledger (台账) as data: sheets of plain rows, built lazily from the store.

No file format lives here (no openpyxl): writer plugins (``dingji_register_writers``)
turn a :class:`Ledger` into xlsx, csv or json, and ``dingji_ledger_sheets`` adds
sheets.  Counts come from SQL aggregates and rows are generated while a writer
consumes them, so memory stays flat at 400,000 organizations; only the detail
sheets re-compute points, one organization at a time (see :mod:`.rows`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

import attrs

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.numbers import as_json_number

#: Excel's rows per sheet; a longer table continues on a sheet named "名称 (2)".
ROW_LIMIT = 1_048_576

LABELS = {
    "summary": ("汇总", "Summary"), "main": ("分类定级台账", "Grading ledger"),
    "detail": ("{domain}指标明细", "{domain} indicators"), "rectify": ("整改台账", "Rectification"),
    "notice": ("公示", "Notice"), "org": ("编号", "Org"), "name": ("组织名称", "Name"),
    "domain": ("领域", "Domain"), "bonus": ("加分", "Bonus"), "penalty": ("扣分", "Penalty"),
    "score": ("综合得分", "Score"), "grade": ("等次", "Grade"), "vetoes": ("否决原因", "Veto reasons"),
    "service": ("服务型", "Service-oriented"), "previous": ("上年等级", "Last year"), "move": ("变化", "Change"),
    "up": ("升", "up"), "same": ("平", "same"), "down": ("降", "down"), "yes": ("是", "yes"),
    "total": ("合计", "Total"), "count": ("组织数", "Organizations"), "share": ("占比", "Share"),
    "satisfaction": ("满意度", "Satisfaction"), "subtotal": ("{source}得分", "{source} score"),
    "by_domain": ("一、分领域定级情况", "1. Grades per domain"), "chart": ("各领域定级分布", "Grades per domain"),
    "poor": ("二、{grade}党组织名单（{n} 个）", "2. Organizations graded {grade} ({n})"),
    "rules": ("成立的否决/限制规则", "Rules that hold"), "none": ("（无）", "(none)"),
    "about": ("说明（用以下标准和输入文件可重现本台账）", "Manifest (these standards and inputs reproduce this ledger)"),
    "item": ("项目", "Item"), "content": ("内容", "Content"), "std_line": ("评分标准", "Standard"),
    "file_line": ("输入文件", "Input file"), "no": ("序号", "No."), "period": ("公示期", "Publicity period"),
    "records": ("记录数", "Records"), "remark": ("备注", "Remarks"),
    "notice_title": ("{name}{year}年基层党组织分类定级结果公示", "{name} {year}: grades of grassroots Party organizations"),
    "notice_grade": ("定级结果", "Grade"), "notice_service": ("服务型党组织", "Service-oriented"),
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

    def iter_rows(self):
        return iter(self.rows() if callable(self.rows) else self.rows)

    def tables(self) -> tuple[Block, ...]:
        """The sheet's blocks; a plain sheet is one block without a heading."""
        return self.blocks or (Block(None, self.headers, self.rows, self.formats, self.groups),)


@attrs.frozen
class LedgerWriter:
    """An output format of the ledger.  ``write(ledger, path)`` writes one file at ``path``
    (a temporary file that is renamed when complete); a writer with ``many=True`` gets the
    user's target (a folder or a prefix) and must itself write every file atomically."""

    name: str
    suffix: str
    write: Callable
    description: str = ""
    many: bool = False


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


class Ledger:
    """The ledger of one year of a workspace's store.

    ``sheets()`` yields the sheets in the order of cli.md: 汇总, 分类定级台账, one detail
    sheet per domain, 走访台账 and 整改台账 (the year after grading, in its order: see
    :mod:`dingji.year.sheets`), one sheet per registered tracker, the sheets of
    ``dingji_ledger_sheets`` plugins, 公示.  The store must stay open while a writer runs.
    """

    def __init__(self, store, registry, year: int, *, name: str, title: str, level: str = "乡镇",
                 lang: str = "zh", notice_from: date | None = None, notice_days: int = 5, trackers=None,
                 as_of: date | None = None, distribution=None):
        from dingji.results import StandardCache
        self.store, self.registry, self.year = store, registry, year
        self.trackers = dict(trackers or {})  # the [trackers] settings of dingji.toml
        self.name, self.title, self.level, self.lang = name, title, level, lang
        self.notice_from, self.notice_days = notice_from or date.today(), notice_days
        self.as_of = as_of or date.today()  # rectification tasks overdue as of this day
        self.distribution = distribution  # the [distribution] table of dingji.toml (see dingji.year.plan)
        # domains in the registry's order of standards (built-ins: 农村, 企业, 机关事业单位, 窗口)
        order = list(registry.standards)
        store.set_domain_order(order)
        rank = {d: i for i, d in enumerate(order)}
        self.runs = sorted(store.runs(year, active_only=True), key=lambda r: (rank.get(r["domain"], len(rank)), r["domain"]))
        if not self.runs:
            raise DingjiError([Problem(Place(file=str(store.path)), f"no results for {year}; run dingji evaluate first",
                                       f"{year} 年没有定级结果；请先运行 dingji evaluate")])
        self.standard_of = StandardCache(store, registry)  # run id -> (Standard, input keys)
        self.standards = {r["domain"]: self.standard_of(r["id"])[0] for r in self.runs}
        self.size = store.count_results(year)
        self.progress: Callable | None = None  # called with a number of rows done (a progress bar)
        self.source_columns: dict[str, str] = {}
        for std in self.standards.values():
            for src in std.sources:
                self.source_columns.setdefault(src.id, src.name)
        self.grade_fills = grade_fills([g.name for g in std.grades] for std in self.standards.values())

    @classmethod
    def from_workspace(cls, ws, store, registry, year: int | None = None, **kw) -> "Ledger":
        year = year or ws.year
        kw.setdefault("notice_days", int(ws.config.get("notice", {}).get("days", 5)))
        kw.setdefault("trackers", ws.trackers)
        kw.setdefault("distribution", ws.config.get("distribution"))
        return cls(store, registry, year, name=ws.name, title=ws.ledger_title(year), level=ws.level, **kw)

    def label(self, key: str, **kw) -> str:
        return label(key, self.lang, **kw)

    # --- what the ledger is made of ----------------------------------------------

    @property
    def manifest(self) -> dict:
        """The standards and input files that reproduce this ledger."""
        return {"standards": [{"domain": r["domain"], "name": self.standards[r["domain"]].domain,
                               "id": r["standard_id"], "version": r["standard_version"], "sha256": r["standard_sha256"]}
                              for r in self.runs],
                "files": [{"domain": r["domain"], "file": f["file"], "sha256": f["sha256"]}
                          for r in self.runs for f in r["files"]]}

    @property
    def properties(self) -> dict[str, str]:
        """The manifest as document properties (each value within Excel's 255 characters)."""
        from dingji import __version__
        props = {"dingji.schema": "1", "dingji.year": str(self.year), "dingji.unit": self.name,
                 "dingji.level": self.level, "dingji.title": self.title, "dingji.organizations": str(self.size),
                 "dingji.version": __version__, "dingji.grades": ",".join(self.grades)}
        for s in self.manifest["standards"]:
            props[f"dingji.standard.{s['domain']}"] = f"{s['id']} {s['version']} sha256:{s['sha256']}"
        for i, f in enumerate(self.manifest["files"], 1):
            props[f"dingji.file.{i}"] = f"{f['domain']} sha256:{f['sha256']} {f['file']}"[:255]
        return props

    @property
    def description(self) -> str:
        return "\n".join(f"{a}：{b}" for a, b in self.manifest_lines())

    def manifest_lines(self) -> list[tuple[str, str]]:
        m = self.manifest
        rows = [(f"{self.label('std_line')} {s['name']}", f"{s['id']} {s['version']}  sha256 {s['sha256']}")
                for s in m["standards"]]
        names = {s["domain"]: s["name"] for s in m["standards"]}
        rows += [(f"{self.label('file_line')} {names[f['domain']]}", f"{f['file']}  sha256 {f['sha256']}")
                 for f in m["files"]]
        return rows

    @property
    def grades(self) -> list[str]:
        """Every grade name of the year's standards, best first."""
        out: list[str] = []
        for std in self.standards.values():
            out += [g.name for g in std.grades if g.name not in out]
        return out

    def summary(self) -> dict:
        """Counts and shares per grade per domain and overall, and the lowest grade's list."""
        grades = self.grades
        per: dict[str, dict] = {d: {"counts": dict.fromkeys(grades, 0), "service": 0} for d in self.standards}
        for domain, grade, n, service in self.store.grade_counts(self.year):
            per[domain]["counts"][grade] = per[domain]["counts"].get(grade, 0) + n
            per[domain]["service"] += service or 0
        domains = []
        for d, got in per.items():
            total = sum(got["counts"].values())
            domains.append({"domain": d, "name": self.standards[d].domain, "total": total, "counts": got["counts"],
                            "shares": {g: share(n, total) for g, n in got["counts"].items()},
                            "service": got["service"], "service_share": share(got["service"], total)})
        counts = {g: sum(x["counts"][g] for x in domains) for g in grades}
        total, service = sum(counts.values()), sum(x["service"] for x in domains)
        overall = {"total": total, "counts": counts, "shares": {g: share(n, total) for g, n in counts.items()},
                   "service": service, "service_share": share(service, total)}
        from dingji.ledger.rows import poor_rows
        poor = [{"org": r[2], "name": r[0], "domain": r[1], "score": r[3], "rules": r[4]} for r in poor_rows(self)]
        out = {"grades": grades, "domains": domains, "overall": overall, "poor": poor}
        from dingji.year.summary import facts  # 晋位升级, distribution checks, rectification, visits
        return {**out, **facts(self, out)}

    def sheets(self):
        """Every sheet, in order (made lazily: a sheet's rows are read while it is written)."""
        from dingji.ledger import rows as lr
        yield lr.summary_sheet(self)
        yield lr.main_sheet(self)
        for domain in self.standards:
            yield lr.detail_sheet(self, domain)
        from dingji.year.sheets import rectify_sheet, visit_sheet
        yield visit_sheet(self)
        yield rectify_sheet(self)
        from dingji.tracking.sheets import tracker_sheet
        for tracker in self.registry.trackers.values():
            yield tracker_sheet(self, tracker, self.trackers)
        yield from self.extra_sheets()
        yield lr.notice_sheet(self)

    def extra_sheets(self):
        """The sheets of ``dingji_ledger_sheets`` implementations; a failing one is reported and skipped."""
        for impl in self.registry.pm.hook.dingji_ledger_sheets.get_hookimpls():
            try:
                got = impl.function(ledger=self)
                got = [] if got is None else [got] if isinstance(got, LedgerSheet) else list(got)
                bad = [s for s in got if not isinstance(s, LedgerSheet)]
                if bad:
                    raise TypeError(f"returned {type(bad[0]).__name__}, not dingji.LedgerSheet")
            except Exception as exc:  # noqa: BLE001 - one broken plugin must not lose the ledger
                self.registry._broken(impl.plugin_name, f"failed in dingji_ledger_sheets: {type(exc).__name__}: {exc}")
                continue
            yield from got

    def notice_text(self) -> str:
        start, end = notice_period(self.notice_from, self.notice_days)
        return self.label("period_text", start=_day(start, self.lang), end=_day(end, self.lang), days=self.notice_days)

    def json_items(self):
        """``(key, value)`` of the JSON document; ``results`` is a generator (streamed)."""
        from dingji.core.explain import SCHEMA_VERSION
        from dingji.ledger.rows import history, json_results
        yield "schema_version", SCHEMA_VERSION
        yield "year", self.year
        yield "title", self.title
        yield "workspace", {"name": self.name, "level": self.level}
        yield "manifest", self.manifest
        yield "sources", dict(self.source_columns)
        yield "results", json_results(self)
        yield "previous_year", self.year - 1
        yield "history", history(self)
        from dingji.year.sheets import json_tasks, json_visits
        yield "visits", json_visits(self)
        yield "rectification", json_tasks(self)
        yield "summary", self.summary()


def _day(d: date, lang: str) -> str:
    return d.isoformat() if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def writers(registry) -> dict[str, LedgerWriter]:
    return dict(getattr(registry, "writers", {}))


def export(ledger, writer: LedgerWriter, target):
    """Write ``ledger`` with ``writer`` to ``target``; nothing is replaced unless all is written."""
    from dingji.atomic import atomic_path
    if writer.many:
        return writer.write(ledger, target)
    with atomic_path(target) as tmp:
        writer.write(ledger, tmp)
    return target


