"""The public notice (公示) of grades: a printable, self-contained HTML page and an xlsx sheet.

The page needs nothing but itself: the CSS is inline, no fonts, scripts or images
are fetched; ``@page`` sets A4 with margins (landscape for a table of more than six
columns), the table header repeats on every printed page and rows are never split; the
appendix, the standards in brief, starts a page of its own.  Every text is HTML-escaped.
Page and workbook are made from the same sheets (:mod:`dingji.report.notice`).
"""

from __future__ import annotations

from html import escape

from dingji import hookimpl
from dingji.report.sheet import LedgerWriter

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
td.n, td.g { text-align: center; white-space: nowrap; }
table.grades td.v { font-size: 10pt; white-space: nowrap; }
table.grades th { font-size: 10pt; }
table.grades td:last-child { text-align: center; }
table.grades td:nth-child(2) { min-width: 40mm; }
body.landscape { max-width: 265mm; }
body.landscape table.grades { font-size: 10.5pt; }
.sign { text-align: right; margin-top: 10mm; text-indent: 0; line-height: 2; }
.appendix { break-before: page; page-break-before: always; }
.appendix h2 { text-align: center; font-size: 15pt; margin: 0 0 4mm; }
.appendix table { font-size: 10pt; }
.appendix td { vertical-align: top; }
.appendix td:first-child, .appendix td:nth-child(4), .appendix td:nth-child(5) { white-space: nowrap; }
@media screen { body { padding: 14mm 4mm; } }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _shown(value, fmt) -> str:
    """A cell as the page shows it: numbers with their column's decimals (as the sheet's format)."""
    if value is None:
        return ""
    if isinstance(value, float) and fmt and fmt[0] == "0":
        places = len(fmt.partition(".")[2])
        return f"{value:.{places}f}"
    return str(value)


def _cell(value, fmt, lines: bool = False) -> str:
    text = escape(_shown(value, fmt)).replace("\n", "<br>")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    cls = "v" if lines else "g" if fmt == "grade" else "n" if number else ""
    return f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>"


def _table(sheet, f, first: str = "", lines: int | None = None) -> None:
    """The sheet's table; column ``lines`` holds lines kept whole (the surveys' satisfaction)."""
    f.write(
        f"<table{first}>\n<thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in sheet.headers)
        + "</tr></thead>\n<tbody>\n"
    )
    formats = list(sheet.formats) + [None] * (len(sheet.headers) - len(sheet.formats))
    for row in sheet.iter_rows():
        f.write("<tr>" + "".join(_cell(v, fmt, j == lines) for j, (v, fmt) in enumerate(zip(row, formats))) + "</tr>\n")
    f.write("</tbody>\n</table>\n")


def write_html(ledger, path):
    """The notice as one HTML file, streamed row by row: the same sheets as the xlsx notice
    (the 公示 and its appendix, the standards in brief)."""
    from dingji.report.notice import notice_sheet, say, standards_sheet

    sheet, appendix = notice_sheet(ledger), standards_sheet(ledger)
    votes = say("surveys", ledger.lang)
    lang = "en" if ledger.lang == "en" else "zh"
    lead, period = sheet.notes
    wide = "landscape" if len(sheet.headers) > 6 else "portrait"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(sheet.title)}</title>\n<style>{CSS.replace('A4 portrait', 'A4 ' + wide)}</style>\n"
            f'</head>\n<body class="{wide}">\n'
            f'<h1>{escape(sheet.title)}</h1>\n<p class="lead">{escape(lead)}</p>\n'
            f'<p class="period">{escape(period)}</p>\n'
        )
        _table(sheet, f, ' class="grades"', sheet.headers.index(votes) if votes in sheet.headers else None)
        total, objection = sheet.footer
        signer, day = sheet.sign
        f.write(
            f'<p class="total">{escape(total)}</p>\n<p class="objection">{escape(objection)}</p>\n'
            f'<p class="sign">{escape(signer)}<br>{escape(day)}</p>\n'
            f'<section class="appendix">\n<h2>{escape(appendix.title)}</h2>\n'
        )
        _table(appendix, f)
        f.write("</section>\n</body>\n</html>\n")
    return path


class _NoticeBook:
    """The notice alone, as a ledger-like object for the xlsx writer: the 公示 sheet and its appendix."""

    def __init__(self, ledger):
        from dingji.report.notice import notice_sheet, standards_sheet

        self.ledger, self.sheet, self.appendix = ledger, notice_sheet(ledger), standards_sheet(ledger)
        self.size, self.grade_fills, self.lang = ledger.size, ledger.grade_fills, ledger.lang
        self.title, self.year, self.description = self.sheet.title, ledger.year, ledger.notice_text()
        self.properties = {**ledger.properties, "dingji.title": self.sheet.title}

    def sheets(self):
        yield self.sheet
        yield self.appendix


def write_xlsx(ledger, path):
    """The notice as a workbook: the 公示 sheet and its appendix."""
    from dingji.plugins.ledger_xlsx import write_xlsx as write

    return write(_NoticeBook(ledger), path)


@hookimpl
def dingji_register_writers(register):
    register(LedgerWriter("html", ".html", write_html, "公示页面（A4，可打印）/ printable notice page", role="notice"))
    register(LedgerWriter("xlsx", ".xlsx", write_xlsx, "公示工作表 / the notice as a sheet", role="notice"))
