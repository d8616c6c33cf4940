"""Combining exported ledgers (a county combining its townships): ``dingji ledger merge``.

Each input is read by :mod:`dingji.report.ledger_read` into plain rows; this module
checks them (one year; a township given twice only if identical; no organization
in two places) and offers the result to the same writers as a ledger: 汇总 per
township and overall, and 分类定级台账 with a 乡镇 column.  A county holds a few
thousand rows, a city some tens of thousands: they are kept in memory.

Reading and checking the inputs is in :mod:`.merge_read` (:func:`read_all` and
:func:`same_content` importable from here too).
"""

from __future__ import annotations

from dingji.report.ledger_scale import merged_order
from dingji.report.merge_read import _TEXTS, _close, _problem, read_all, same_content  # noqa: F401 - re-exported
from dingji.report.sheet import Block, Chart, LedgerSheet, grade_fills, label, share

UNIT = ("乡镇", "Township")


class MergedLedger:
    """Several townships' ledgers as one, for the ledger writers (xlsx, json)."""

    def __init__(self, inputs, *, title: str | None = None, lang: str = "zh"):
        self.inputs, self.lang = inputs, lang
        self.year = inputs[0]["year"]
        self.title = title or (
            f"{self.year}年基层党组织分类定级台账（{len(inputs)} 个乡镇合并）"
            if lang != "en"
            else f"{self.year} grading ledger ({len(inputs)} townships combined)"
        )
        self.rows = [(i["unit"] or i["file"], r) for i in inputs for r in i["rows"]]
        self.size = len(self.rows)
        self.sources = list(dict.fromkeys(s for i in inputs for s in i["sources"]))
        # every standard's grades, best first, in one order that keeps each standard's (grades of
        # the same height side by side); every row's grade is one of its standard's (ledger_read)
        chains = [scale.names for i in inputs for scale in i["standards"].values()]
        self.grades = merged_order(chains)
        self.grade_fills = grade_fills(chains)
        #: the organizations in their own standard's lowest grade, and those grades
        self.poor = [
            (i["unit"] or i["file"], r)
            for i in inputs
            for r in i["rows"]
            if r["grade"] == i["standards"][r["domain"]].lowest
        ]
        lowest = {scale.lowest for i in inputs for scale in i["standards"].values()}
        self.lowest = [g for g in self.grades if g in lowest]

    def L(self, key, **kw):
        return label(key, self.lang, **kw)

    @property
    def properties(self) -> dict[str, str]:
        props = {
            "dingji.schema": "1",
            "dingji.year": str(self.year),
            "dingji.title": self.title,
            "dingji.merged": str(len(self.inputs)),
            "dingji.organizations": str(self.size),
        }
        for k, i in enumerate(self.inputs, 1):
            props[f"dingji.source.{k}"] = f"{i['unit']} sha256:{i['sha256']} {i['file']}"[:255]
        return props

    @property
    def description(self) -> str:
        return "\n".join(f"{a}：{b}" for a, b in self.manifest_lines())

    def manifest_lines(self):
        out = []
        for i in self.inputs:
            out.append((f"{UNIT[self.lang == 'en']} {i['unit']}", f"{i['file']}  sha256 {i['sha256']}"))
            out += [(f"  {name}", value) for name, value in _manifest(i, self.L)]
        return out

    def _counts(self, rows) -> dict:
        counts = dict.fromkeys(self.grades, 0)
        service = 0
        for r in rows:
            counts[r["grade"]] += 1
            service += r["service"]
        total = sum(counts.values())
        return {
            "total": total,
            "counts": counts,
            "shares": {g: share(c, total) for g, c in counts.items()},
            "service": service,
            "service_share": share(service, total),
        }

    def summary(self) -> dict:
        by_unit = [{"unit": i["unit"], "file": i["file"], **self._counts(i["rows"])} for i in self.inputs]
        domains = list(dict.fromkeys(r["domain"] for _, r in self.rows))
        by_domain = [{"domain": d, **self._counts(r for _, r in self.rows if r["domain"] == d)} for d in domains]
        poor = [
            {
                "unit": u,
                "org": r["org"],
                "name": r["name"],
                "domain": r["domain"],
                "score": r["score"],
                "grade": r["grade"],
                "rules": r["vetoes"],
            }
            for u, r in self.poor
        ]
        return {
            "grades": self.grades,
            "lowest": self.lowest,
            "townships": by_unit,
            "domains": by_domain,
            "overall": self._counts(r for _, r in self.rows),
            "poor": poor,
        }

    def _table(self, name_key, items, overall):
        def line(name, x):
            out = [name, x["total"]]
            for g in self.grades:
                out += [x["counts"][g], x["shares"][g]]
            return out + [x["service"], x["service_share"]]

        headers = [name_key, self.L("count")]
        for g in self.grades:
            headers += [g, self.L("share")]
        headers += [self.L("service"), self.L("share")]
        rows = [line(n, x) for n, x in items] + [line(self.L("total"), overall)]
        return headers, rows, [None, "0"] + ["0", "0.0%"] * (len(self.grades) + 1)

    def sheets(self):
        L, s = self.L, self.summary()
        unit = UNIT[self.lang == "en"]
        h1, r1, f1 = self._table(unit, [(t["unit"], t) for t in s["townships"]], s["overall"])
        h2, r2, f2 = self._table(L("domain"), [(d["domain"], d) for d in s["domains"]], s["overall"])
        lowest = "/".join(self.lowest)
        poor = [(p["name"], p["unit"], p["org"], p["score"], p["rules"]) for p in s["poor"]]
        heads = (
            ("一、分乡镇定级情况", "二、分领域定级情况", "三、{grade}党组织名单（{n} 个）", "四、说明")
            if self.lang != "en"
            else ("1. Per township", "2. Per domain", "3. Organizations graded {grade} ({n})", "4. Sources")
        )
        blocks = (
            Block(heads[0], h1, r1, f1),
            Block(heads[1], h2, r2, f2),
            Block(
                heads[2].format(grade=lowest, n=len(poor)),
                [L("name"), unit, L("org"), L("score"), L("rules")],
                poor or [(L("none"),)],
                [None, None, None, "0.0", "wide"],
            ),
            Block(heads[3], [L("item"), L("content")], self.manifest_lines(), [None, "wide"]),
        )
        chart = Chart(
            L("chart") if self.lang == "en" else "各乡镇定级分布", 0, [2 + 2 * k for k in range(len(self.grades))]
        )
        yield LedgerSheet(
            L("summary"), title=self.title, blocks=blocks, chart=chart, widths=[24, 20, 11] + [9] * (len(h1) - 3)
        )
        headers = [
            unit,
            L("org"),
            L("name"),
            L("domain"),
            *self.sources,
            L("bonus"),
            L("penalty"),
            L("score"),
            L("grade"),
            L("vetoes"),
            L("service"),
            L("previous"),
            L("move"),
        ]
        formats = [None] * 4 + ["0.00"] * len(self.sources) + [None, None, "0.0", "grade", "wrap", None, "grade", None]
        yes = L("yes")

        def rows():
            for u, r in self.rows:
                yield (
                    u,
                    r["org"],
                    r["name"],
                    r["domain"],
                    *[r["sources"].get(x) for x in self.sources],
                    r["bonus"],
                    r["penalty"],
                    r["score"],
                    r["grade"],
                    r["vetoes"],
                    yes if r["service"] else "",
                    r["previous"],
                    r["move"],
                )

        yield LedgerSheet(L("main"), headers, rows, title=self.title, formats=formats)

    def json_items(self):
        yield "schema_version", 1
        yield "kind", "merged"
        yield "year", self.year
        yield "title", self.title
        yield (
            "townships",
            [
                {
                    "unit": i["unit"],
                    "title": i["title"],
                    "file": i["file"],
                    "sha256": i["sha256"],
                    "organizations": len(i["rows"]),
                    "manifest": dict(i["manifest"]),
                }
                for i in self.inputs
            ],
        )
        yield (
            "rows",
            ({"township": u, **{k: v for k, v in r.items() if k != "place" and k[0] != "_"}} for u, r in self.rows),
        )
        yield "summary", self.summary()


def _manifest(given, L):
    """An input's manifest lines as its own ledger shows them (评分标准 农村, 输入文件 农村), from
    its document properties (``dingji.standard.village``, ``dingji.file.1``)."""
    names = given.get("domains") or {}  # a standard's key -> its domain's name (农村)
    for key, value in given["manifest"]:
        kind, _, domain = key.removeprefix("dingji.").partition(".")
        if kind == "standard":  # "village 2026.2 sha256:…"
            sid, _, rest = value.partition(" ")
            version, _, sha = rest.rpartition(" ")
            yield (
                f"{L('std_line')} {names.get(domain, domain)}",
                f"{sid} {version}  sha256 {sha.removeprefix('sha256:')}",
            )
        elif kind == "file":  # "village sha256:… 农村评分.csv"
            domain, sha, file = (value.split(" ", 2) + ["", ""])[:3]
            yield f"{L('file_line')} {names.get(domain, domain)}", f"{file}  sha256 {sha.removeprefix('sha256:')}"
        else:
            yield key.removeprefix("dingji."), value
