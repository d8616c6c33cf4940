"""Options and small decisions that many commands share, written once.

- :func:`year_option`: ``--year`` (a real year; default: the workspace's year);
- :func:`the_year`: the year a command works on;
- :func:`format_of`: an output format from ``--format`` or the output file's suffix.
"""

from __future__ import annotations

from pathlib import Path

import click

from dingji.core.model import FIRST_YEAR, LAST_YEAR  # noqa: F401 - the years a grading year may be


def year_option(help_zh: str = "年度（默认：工作区年度）", help_en: str = "the year"):
    """``--year YEAR``, checked to be a real year; None when not given (see :func:`the_year`)."""
    return click.option("--year", type=click.IntRange(FIRST_YEAR, LAST_YEAR), default=None,
                        help=f"{help_zh} / {help_en}.")


def the_year(year: int | None, ws) -> int | None:
    """The year given, or else the workspace's (None without a workspace)."""
    return year or (ws.year if ws is not None else None)


def format_of(fmt: str | None, output, known, default: str = "xlsx") -> str:
    """``--format`` when given; else the output's suffix when it names a known format; else ``default``."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in known else default
