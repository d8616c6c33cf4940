"""The combined ledger (台账) as data: sheets of plain rows, built lazily from the store.

No file format lives here (no openpyxl): writer plugins (``dingji_register_writers``)
turn a :class:`Ledger` into xlsx, csv or json, and ``dingji_ledger_sheets`` adds
sheets.  Counts come from SQL aggregates and rows are generated while a writer
consumes them, so memory stays flat at 400,000 organizations; only the detail
sheets re-compute points, one organization at a time (see :mod:`.rows`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.io.jsonout import Texts
from dingji.report import rows as lr
from dingji.report.notice import Contact
from dingji.report.sheet import (  # noqa: F401 - the ledger's types, importable from here as before
    LABELS,
    ROW_LIMIT,
    Block,
    Chart,
    LedgerSheet,
    LedgerWriter,
    SummaryPart,
    day_text,
    grade_fills,
    label,
    notice_period,
    share,
)


class Ledger:
    """The ledger of one year of a workspace's store.

    ``sheets()`` yields the sheets in the order of cli.md: 汇总, 分类定级台账, one detail
    sheet per domain, 走访台账 and 整改台账 (the year after grading, in its order: see
    :mod:`dingji.report.year_sheets`), one sheet per registered tracker, the sheets of
    ``dingji_ledger_sheets`` plugins, 公示 and its appendix, the standards in brief (评分标准摘要).
    The store must stay open while a writer runs.
    """

    def __init__(
        self,
        store,
        registry,
        year: int,
        *,
        name: str,
        title: str,
        level: str = "乡镇",
        lang: str = "zh",
        notice_from: date | None = None,
        notice_days: int = 5,
        trackers=None,
        as_of: date | None = None,
        distribution=None,
        contact=None,
    ):
        from dingji.report.results import StandardCache

        self.store, self.registry, self.year = store, registry, year
        self._once: dict = {}  # see once()
        self.trackers = dict(trackers or {})  # the [trackers] settings of dingji.toml
        self.name, self.title, self.level, self.lang = name, title, level, lang
        self.notice_from, self.notice_days = notice_from or date.today(), notice_days
        self.as_of = as_of or date.today()  # rectification tasks overdue as of this day
        self.distribution = distribution  # the [distribution] table of dingji.toml (see dingji.report.plan)
        self.contact = contact or Contact()  # whom objections to the notice go to ([notice] of dingji.toml)
        # domains in the registry's order of standards (built-ins: 农村, 国有企业, 非公有制企业, 机关事业单位, 窗口)
        order = list(registry.standards)
        store.set_domain_order(order)
        rank = {d: i for i, d in enumerate(order)}
        from dingji.store.results import check_values

        check_values(store, year)  # a hand-edited number is named, not a traceback halfway through
        self.runs = sorted(
            store.runs(year, active_only=True), key=lambda r: (rank.get(r["domain"], len(rank)), r["domain"])
        )
        if not self.runs:
            raise DingjiError(
                [
                    Problem(
                        Place(file=str(store.path)),
                        Text(
                            f"{year} 年没有定级结果；请先运行 dingji evaluate",
                            f"no results for {year}; run dingji evaluate first",
                        ),
                    )
                ]
            )
        self.standard_of = StandardCache(store, registry)  # run id -> (Standard, input keys)
        self.standards = {r["domain"]: self.standard_of(r["id"])[0] for r in self.runs}
        self.size = store.count_results(year)
        self._contributed: list | None = None  # what dingji_ledger_sheets returned, once
        self.progress: Callable | None = None  # called with a number of rows done (a progress bar)
        self.source_columns: dict[str, str] = {}
        for std in self.standards.values():
            for src in std.sources:
                self.source_columns.setdefault(src.id, src.name)
        self.grade_fills = grade_fills([g.name for g in std.grades] for std in self.standards.values())

    @classmethod
    def from_workspace(cls, ws, store, registry, year: int | None = None, **kw) -> Ledger:
        year = year or ws.year
        kw.setdefault("notice_days", int(ws.config.get("notice", {}).get("days", 5)))
        kw.setdefault("trackers", ws.trackers)
        kw.setdefault("distribution", ws.config.get("distribution"))
        kw.setdefault("contact", Contact.from_config(ws.config.get("notice")))
        return cls(store, registry, year, name=ws.name, title=ws.ledger_title(year), level=ws.level, **kw)

    def label(self, key: str, **kw) -> str:
        return label(key, self.lang, **kw)

    # --- what the ledger is made of ----------------------------------------------

    @property
    def manifest(self) -> dict:
        """The standards and input files that reproduce this ledger."""
        from dingji.report.ledger_scale import manifest_entry

        return {
            "standards": [
                {
                    "domain": r["domain"],
                    "name": self.standards[r["domain"]].domain,
                    "id": r["standard_id"],
                    "version": r["standard_version"],
                    "sha256": r["standard_sha256"],
                    **manifest_entry(self.standards[r["domain"]]),
                }
                for r in self.runs
            ],
            "files": [
                {"domain": r["domain"], "file": f["file"], "sha256": f["sha256"]} for r in self.runs for f in r["files"]
            ],
        }

    @property
    def properties(self) -> dict[str, str]:
        """The manifest as document properties (each value within Excel's 255 characters), with each
        standard's scale, grades and rules (see :mod:`.ledger_scale`)."""
        from dingji import __version__
        from dingji.report import ledger_scale

        props = {
            "dingji.schema": "1",
            "dingji.year": str(self.year),
            "dingji.unit": self.name,
            "dingji.level": self.level,
            "dingji.title": self.title,
            "dingji.organizations": str(self.size),
            "dingji.version": __version__,
            "dingji.grades": ",".join(self.grades),
        }
        for s in self.manifest["standards"]:
            props[f"dingji.standard.{s['domain']}"] = f"{s['id']} {s['version']} sha256:{s['sha256']}"
            props.update(ledger_scale.properties(s["domain"], self.standards[s["domain"]]))
        for i, f in enumerate(self.manifest["files"], 1):
            props[f"dingji.file.{i}"] = f"{f['domain']} sha256:{f['sha256']} {f['file']}"[:255]
        return props

    @property
    def description(self) -> str:
        return "\n".join(f"{a}：{b}" for a, b in self.manifest_lines())

    def manifest_lines(self) -> list[tuple[str, str]]:
        m = self.manifest
        rows = [
            (f"{self.label('std_line')} {s['name']}", f"{s['id']} {s['version']}  sha256 {s['sha256']}")
            for s in m["standards"]
        ]
        names = {s["domain"]: s["name"] for s in m["standards"]}
        rows += [
            (f"{self.label('file_line')} {names[f['domain']]}", f"{f['file']}  sha256 {f['sha256']}")
            for f in m["files"]
        ]
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
            domains.append(
                {
                    "domain": d,
                    "name": self.standards[d].domain,
                    "total": total,
                    "counts": got["counts"],
                    "shares": {g: share(n, total) for g, n in got["counts"].items()},
                    "service": got["service"],
                    "service_share": share(got["service"], total),
                }
            )
        counts = {g: sum(x["counts"][g] for x in domains) for g in grades}
        total, service = sum(counts.values()), sum(x["service"] for x in domains)
        overall = {
            "total": total,
            "counts": counts,
            "shares": {g: share(n, total) for g, n in counts.items()},
            "service": service,
            "service_share": share(service, total),
        }
        poor = [{"org": r[2], "name": r[0], "domain": r[1], "score": r[3], "rules": r[4]} for r in lr.poor_rows(self)]
        out = {"grades": grades, "domains": domains, "overall": overall, "poor": poor}
        for part in self.summary_parts():  # the built-in: 晋位升级, distribution checks, rectification, visits
            out.update(part.facts(self, out))
        return out

    def sheets(self):
        """Every sheet, in order (made lazily: a sheet's rows are read while it is written)."""
        yield lr.summary_sheet(self)
        yield lr.main_sheet(self)
        for domain in self.standards:
            yield lr.detail_sheet(self, domain)
        yield from self.contributed_sheets()
        yield lr.notice_sheet(self)
        yield lr.standards_sheet(self)

    def _contributions(self) -> list:
        """What ``dingji_ledger_sheets`` implementations return, asked once per ledger; a failing
        or misbehaving one is reported by name and left out, and the ledger is still written."""
        if self._contributed is None:
            got_all = []
            for impl in self.registry.pm.hook.dingji_ledger_sheets.get_hookimpls():
                try:
                    got = impl.function(ledger=self)
                    got = [] if got is None else [got] if isinstance(got, (LedgerSheet, SummaryPart)) else list(got)
                    bad = [x for x in got if not isinstance(x, (LedgerSheet, SummaryPart))]
                    if bad:
                        raise TypeError(f"returned {type(bad[0]).__name__}, not dingji.LedgerSheet")
                except Exception as exc:  # noqa: BLE001 - one broken plugin must not lose the ledger
                    self.registry._broken(
                        impl.plugin_name, f"failed in dingji_ledger_sheets: {type(exc).__name__}: {exc}"
                    )
                    continue
                got_all += [
                    attrs.evolve(x, rows=_guarded(x, impl.plugin_name, self.registry, self.lang))
                    if isinstance(x, LedgerSheet)
                    else x
                    for x in got
                ]
            self._contributed = got_all
        return self._contributed

    def contributed_sheets(self) -> list[LedgerSheet]:
        """The sheets of ``dingji_ledger_sheets``, by their ``order`` (stable among equals); a sheet
        whose rows fail midway ends there with a line saying so, its plugin is reported, and the
        ledger is still written."""
        return sorted((x for x in self._contributions() if isinstance(x, LedgerSheet)), key=lambda x: x.order)

    def summary_parts(self) -> list[SummaryPart]:
        return sorted((x for x in self._contributions() if isinstance(x, SummaryPart)), key=lambda x: x.order)

    # kept for plugins written against 0.1: the contributed sheets
    extra_sheets = contributed_sheets

    def notice_text(self) -> str:
        start, end = notice_period(self.notice_from, self.notice_days)
        return self.label(
            "period_text", start=day_text(start, self.lang), end=day_text(end, self.lang), days=self.notice_days
        )

    def once(self, key: str, make):
        """``make()`` the first time ``key`` is asked for, and the same answer after: rows that two
        sheets (or a sheet and the 汇总 facts) are made from are read once."""
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    def json_items(self):
        """``(key, value)`` of the JSON document; ``results`` is a generator (streamed)."""
        from dingji.core.explain import SCHEMA_VERSION

        yield "schema_version", SCHEMA_VERSION
        yield "year", self.year
        yield "title", self.title
        yield "workspace", {"name": self.name, "level": self.level}
        yield "manifest", self.manifest
        yield "sources", dict(self.source_columns)
        yield "results", Texts(lr.json_results(self))  # each result's text made by io.result_text
        yield "previous_year", self.year - 1
        yield "history", lr.history(self)
        for sheet in self.contributed_sheets():  # the built-in: visits, rectification
            if sheet.json is not None:
                yield sheet.json[0], sheet.json[1]()
        yield "summary", self.summary()


def export(ledger, writer: LedgerWriter, target):
    """Write ``ledger`` with ``writer`` to ``target``; nothing is replaced unless all is written."""
    from dingji.io.atomic import atomic_path

    if writer.many:
        return writer.write(ledger, target)
    with atomic_path(target) as tmp:
        writer.write(ledger, tmp)
    return target


def _guarded(sheet, plugin: str, registry, lang: str):
    """The sheet's rows; if they fail midway, a last row says so and the plugin is reported."""

    def rows():
        try:
            yield from sheet.iter_rows()
        except Exception as exc:  # noqa: BLE001 - one broken plugin must not lose the ledger
            registry._broken(plugin, f"failed in the rows of sheet {sheet.name}: {type(exc).__name__}: {exc}")
            yield [
                f"(this sheet is incomplete: plugin {plugin} failed)"
                if lang == "en"
                else f"（此表未能生成完毕：插件 {plugin} 出错）"
            ]

    return rows
