"""Options and small decisions that many commands share, written once.

- :func:`year_option`: ``--year`` (a real year; default: the workspace's year);
- :func:`the_year`: the year a command works on;
- :func:`format_of`: an output format from ``--format`` or the output file's suffix;
- :func:`day_option` and :func:`day_or_today`: a day (``--as-of``, ``--on``, ``--from``) that
  is today when not given, and then says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from dingji.cli.i18n import say
from dingji.core.model import FIRST_YEAR, LAST_YEAR  # noqa: F401 - the years a grading year may be

DAY = click.DateTime(["%Y-%m-%d"])

#: What a command says when it takes today for a day not given: ``what`` names the day.
NOTES = {
    "today": ("{what}：未用 {option} 指定，取今天 {day}", "{what}: {option} not given, so today, {day}"),
    "as_of": ("按此日计算", "as of"),
    "from": ("公示起始日期", "first day of the notice"),
    "overdue": ("整改任务逾期计算日期", "rectification tasks overdue as of"),
    "demo": ("示例的公示起始、逾期计算日期", "the demo's notice and overdue tasks as of"),
}


def year_option(help_zh: str = "年度（默认：工作区年度）", help_en: str = "the year"):
    """``--year YEAR``, checked to be a real year; None when not given (see :func:`the_year`)."""
    return click.option(
        "--year", type=click.IntRange(FIRST_YEAR, LAST_YEAR), default=None, help=f"{help_zh} / {help_en}."
    )


def the_year(year: int | None, ws) -> int | None:
    """The year given, or else the workspace's (None without a workspace)."""
    return year or (ws.year if ws is not None else None)


def day_option(name: str = "--as-of", help_zh: str = "按此日计算（默认今天）", help_en: str = "as of this day"):
    """``--as-of YYYY-MM-DD`` (or ``name``): a day, None when not given (see :func:`day_or_today`)."""
    dest = name.lstrip("-").replace("-", "_")
    return click.option(
        name, dest, type=DAY, default=None, metavar="YYYY-MM-DD", help=f"{help_zh} / {help_en} (default today)."
    )


def day_or_today(value, option: str = "--as-of", what: str = "as_of", note: bool = True) -> dt.date:
    """The day given (from :data:`DAY`), else today; taking today says so on standard error
    (``what``: a key of :data:`NOTES` naming the day, or the words themselves) unless ``note``
    is False (the caller says it in its own words)."""
    if value is not None:
        return value.date() if isinstance(value, dt.datetime) else value
    day = dt.date.today()
    if note:
        today_note(day, option, what)
    return day


def today_note(day: dt.date, option: str = "--as-of", what: str = "as_of") -> None:
    """Say on standard error that ``day`` was taken as today for want of ``option``."""
    words = say(NOTES, what) if what in NOTES else what
    click.echo(say(NOTES, "today", what=words, option=option, day=day.isoformat()), err=True)


def format_of(fmt: str | None, output, known, default: str = "xlsx") -> str:
    """``--format`` when given; else the output's suffix when it names a known format; else ``default``."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in known else default
