"""Plain-text tables that line up with Chinese text (two columns per wide character)."""

from __future__ import annotations

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
    lines = ["  ".join(pad(h, widths[i], i in numeric) for i, h in enumerate(headers)).rstrip(),
             "  ".join("─" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(pad(c, widths[i], i in numeric) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)
