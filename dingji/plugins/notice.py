"""The public notice (公示) of grades: a printable, self-contained HTML page and an xlsx sheet.

The page needs nothing but itself: the CSS is inline, no fonts, scripts or images
are fetched; ``@page`` sets A4 with margins, the table header repeats on every
printed page and rows are never split.  Every text is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from dingji import hookimpl
from dingji.report.sheet import LedgerWriter, day_text, notice_period

CSS = """
@page { size: A4 portrait; margin: 18mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 178mm; color: #000; font-size: 12pt; line-height: 1.7;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; }
h1 { text-align: center; font-size: 19pt; letter-spacing: 0.05em; margin: 0 0 5mm; }
p { margin: 0 0 3mm; text-indent: 2em; }
p.period { text-indent: 0; font-weight: bold; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 3mm 0 6mm; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; vertical-align: middle; }
th { background: #e8e8e8; font-weight: bold; text-align: center; white-space: nowrap; }
td.n, td.g, td.s { text-align: center; white-space: nowrap; }
.sign { text-align: right; margin-top: 10mm; text-indent: 0; line-height: 2; }
@media screen { body { padding: 14mm 4mm; } }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""

TEXT = {
    "zh": {
        "lead": "根据基层党组织分类定级工作安排，经党组织自查自评、党员群众评议和上级党组织评定，"
        "现将{name}{year}年基层党组织分类定级结果予以公示。",
        "objection": "公示期间，如对公示结果有不同意见，请以书面、电话或当面等方式向{name}党委反映。",
        "sign": "中共{name}委员会",
        "total": "共 {n} 个党组织。",
    },
    "en": {
        "lead": "After self-assessment, evaluation by Party members and the masses, and assessment by the "
        "superior Party organization, the {year} grades of {name}'s grassroots Party organizations are made public.",
        "objection": "Objections may be raised with the {name} Party committee during the publicity period.",
        "sign": "{name} Party Committee",
        "total": "{n} organizations.",
    },
}


def write_html(ledger, path):
    """The notice as one HTML file, streamed row by row."""
    from dingji.report.rows import notice_sheet

    sheet = notice_sheet(ledger)
    lang = "en" if ledger.lang == "en" else "zh"
    t = {k: v.format(name=ledger.name, year=ledger.year, n=ledger.size) for k, v in TEXT[lang].items()}
    start, _ = notice_period(ledger.notice_from, ledger.notice_days)
    day = day_text(start, lang)
    cls = ("n", "", "", "g", "s")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(sheet.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<h1>{escape(sheet.title)}</h1>\n<p>{escape(t['lead'])}</p>\n"
            f'<p class="period">{escape(ledger.notice_text())}</p>\n<table>\n<thead><tr>'
            + "".join(f"<th>{escape(h)}</th>" for h in sheet.headers)
            + "</tr></thead>\n<tbody>\n"
        )
        for row in sheet.iter_rows():
            f.write(
                "<tr>"
                + "".join(
                    f'<td class="{c}">{escape(str(v))}</td>' if c else f"<td>{escape(str(v))}</td>"
                    for c, v in zip(cls, row)
                )
                + "</tr>\n"
            )
        gap = " " if lang == "en" else ""
        f.write(
            f"</tbody>\n</table>\n<p>{escape(t['total'])}{gap}{escape(t['objection'])}</p>\n"
            f'<p class="sign">{escape(t["sign"])}<br>{escape(day)}</p>\n</body>\n</html>\n'
        )
    return path


class _NoticeBook:
    """The notice alone, as a ledger-like object for the xlsx writer."""

    def __init__(self, ledger):
        from dingji.report.rows import notice_sheet

        self.ledger, self.sheet = ledger, notice_sheet(ledger)
        self.size, self.grade_fills, self.lang = ledger.size, ledger.grade_fills, ledger.lang
        self.title, self.year, self.description = self.sheet.title, ledger.year, ledger.notice_text()
        self.properties = {**ledger.properties, "dingji.title": self.sheet.title}

    def sheets(self):
        yield self.sheet


def write_xlsx(ledger, path):
    """The notice as a one-sheet workbook."""
    from dingji.plugins.ledger_xlsx import write_xlsx as write

    return write(_NoticeBook(ledger), path)


@hookimpl
def dingji_register_writers(register):
    register(LedgerWriter("html", ".html", write_html, "公示页面（A4，可打印）/ printable notice page", role="notice"))
    register(LedgerWriter("xlsx", ".xlsx", write_xlsx, "公示工作表 / the notice as a sheet", role="notice"))
