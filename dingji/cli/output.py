"""Plain-text tables that line up with Chinese text (two columns per wide character), and CSV
on standard output that Excel opens without running a cell as a formula."""

from __future__ import annotations

import csv
import sys
import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, n: int, right: bool = False) -> str:
    fill = " " * max(0, n - width(text))
    return fill + text if right else text + fill


def table(headers, rows, numeric=()) -> str:
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [width(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], width(c))
    lines = [
        "  ".join(pad(h, widths[i], i in numeric) for i, h in enumerate(headers)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    for r in rows:
        lines.append("  ".join(pad(c, widths[i], i in numeric) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def write_csv(header, rows, numbers=(), file=None) -> None:
    """``header`` and ``rows`` as CSV on standard output; None is empty, and a text Excel would
    take for a formula (``=``, ``+``, ``-``, ``@`` first) gets a leading apostrophe, as in the
    ledger's CSV; the columns named in ``numbers`` hold numbers as text (``-2``), written as
    they are."""
    from dingji.services.text import csv_text

    keep = {i for i, name in enumerate(header) if name in set(numbers)}
    w = csv.writer(file or sys.stdout, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if c is None else c if i in keep else csv_text(c) for i, c in enumerate(row)])


def short(text: str, n: int = 30) -> str:
    """``text`` cut to ``n`` characters, the last an ellipsis, for a table cell."""
    return text if len(text) <= n else text[: n - 1] + "…"
