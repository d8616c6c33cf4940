"""The ledger's use cases, for every face: export the combined ledger (``dingji ledger
export``), merge townships' exported ledgers (``dingji ledger merge``), write the public
notice of grades (``dingji notice``).

Writers are asked of the registry by role (``ledger``, ``notice``); an output no writer
can make is a :class:`FormatError` (the command line shows it as a wrong option).  Every
file is written whole or not at all; a file system failure is the user's problem, named
with its file.  Plain arguments in, plain results out (dicts); nothing is printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.report.ledger import Ledger, export
from dingji.report.merge import MergedLedger, read_all


class FormatError(DingjiError):
    """No writer for the output asked for: ``format`` (a name or a suffix) and the ``known`` ones."""

    def __init__(self, fmt: str, known):
        self.format, self.known = fmt, list(known)
        names = ", ".join(self.known)
        super().__init__(
            [Problem(Place(), Text(f"未知的格式 {fmt}；可用：{names}", f"unknown format {fmt}; known: {names}"))]
        )


def safe_name(text: str) -> str:
    """``text`` as a file name: characters no file system takes replaced by ``_``."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip() or "ledger"


def write_file(do: Callable, target, who: str | None = None):
    """Run a writer; a folder in the way, a file system failure, or a writer failing (``who``: its
    plugin) is a DingjiError naming the file; the target is then as it was (temp + rename)."""
    if Path(target).is_dir() and not str(target).endswith(("/", "\\")):
        raise DingjiError(
            [
                Problem(
                    Place(file=str(target)),
                    Text(f"{target} 是文件夹；请给出文件名", f"{target} is a folder; give a file name"),
                )
            ]
        )
    try:
        return do()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DingjiError(
            [Problem(Place(file=str(exc.filename or target)), Text(f"无法写入：{why}", f"cannot write: {why}"))]
        ) from None
    except DingjiError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml's SerialisationError on a full disk, a plugin's writer failing
        by = f" (the writer of plugin {who})" if who else ""
        zh = f"（插件 {who} 的输出格式）" if who else ""
        raise DingjiError(
            [
                Problem(
                    Place(file=str(target)),
                    Text(
                        f"文件未能写出{zh}：{type(exc).__name__}：{exc}（磁盘是否已满？）；原文件未被替换",
                        f"the file could not be written{by}: {type(exc).__name__}: {exc} (is the disk full?); "
                        "nothing was replaced",
                    ),
                )
            ]
        ) from None


def ledger_writer(registry, fmt: str | None = None, output=None):
    """The ledger's writer: the format named; else the one the output's suffix names; else the
    first registered (xlsx).  A :class:`FormatError` for a name no writer has."""
    known = registry.writers_for("ledger")
    if fmt is not None and fmt not in known:
        raise FormatError(fmt, known)
    try:
        return registry.writer_for("ledger", path=output, name=fmt)
    except DingjiError:  # a suffix that names no format: the default, as when none is given
        return registry.writer_for("ledger")


def default_target(title: str, writer) -> str:
    """Where a ledger goes without ``-o``: named by its title (a folder for a writer of many files)."""
    return safe_name(title) + ("-csv/" if writer.many else writer.suffix)


def export_ledger(
    ws,
    registry,
    *,
    year: int | None = None,
    fmt: str | None = None,
    output=None,
    lang: str = "zh",
    notice_from: date | None = None,
    as_of: date | None = None,
    progress=None,
) -> dict:
    """Build the year's combined ledger and write it.

    Its 公示 sheet is the notice issued (its first day and days as stored with the rounds);
    before any is issued, a notice from ``notice_from`` (default today).  A ``notice_from``
    other than the issued notice's is a DingjiError: the ledger holds what was published.
    ``progress``, when given, is called with the number of steps and returns a context
    whose value (a callable taking steps done, or None) follows the export.  Returns
    ``path`` (a list of paths for a writer of many files), ``organizations``, ``format``,
    ``notice`` (:func:`notice_dates`) and ``broken``: the plugins whose sheets failed and
    were left out, ``[(name, what)]``.
    """
    writer = ledger_writer(registry, fmt, output)
    broken = len(registry.broken)
    with ws.store() as store, store.reading():  # one snapshot: a grading meanwhile is not half in it
        year = year or ws.year
        when = notice_dates(store, year, notice_from)
        if when["issued"] and notice_from is not None and notice_from != when["issued"]["from"]:
            raise _not_the_notice(when["issued"], notice_from)
        days = {"notice_days": when["days"]} if when["days"] else {}
        book = Ledger.from_workspace(
            ws, store, registry, year, lang=lang, notice_from=when["from"], as_of=as_of, **days
        )
        target = output or default_target(book.title, writer)
        # every row is walked twice: the main sheet, then the detail sheets
        with progress(book.size * 2) if progress is not None else nullcontext() as step:
            book.progress = step
            out = write_file(
                lambda: export(book, writer, target), target, registry.owners.of("writer", ("ledger", writer.name))
            )
    return {
        "path": out,
        "organizations": book.size,
        "format": writer.name,
        "notice": when,
        "broken": registry.broken[broken:],
    }


def _not_the_notice(issued: dict, asked: date) -> DingjiError:
    day = issued["from"].isoformat()
    return DingjiError(
        [
            Problem(
                Place(key="--from"),
                Text(
                    f"本年度的公示已于 {day} 发布（{issued['days']} 天）：台账的公示工作表即已发布的公示，"
                    f"不能另用 --from {asked.isoformat()}；去掉 --from，或以新的日期重新公示：dingji notice --from "
                    f"{asked.isoformat()}",
                    f"the year's notice was issued on {day} ({issued['days']} days): the ledger's 公示 sheet is "
                    f"that notice, not one from {asked.isoformat()}; leave out --from, or issue the notice again "
                    f"from that day: dingji notice --from {asked.isoformat()}",
                ),
            )
        ]
    )


def merge_writer(registry, output):
    """The writer of a merged ledger: one file, by the output's suffix (.xlsx, .json)."""
    writers = {w.suffix: w for w in registry.writers_for("ledger").values() if w.suffix and not w.many}
    suffix = Path(output).suffix.lower()
    if suffix not in writers:
        raise FormatError(suffix, writers)
    return writers[suffix]


def merge_ledgers(
    registry,
    files,
    output,
    *,
    title: str | None = None,
    ws=None,
    lang: str = "zh",
    warn: Callable[[str], None] | None = None,
) -> dict:
    """Combine exported ledgers (xlsx or json) into ``output``; ``title`` defaults to the
    workspace's ledger title (``ws``, if any) of the ledgers' year.  ``warn`` gets each
    warning's text.  Returns ``path``, ``ledgers`` and ``organizations``."""
    writer = merge_writer(registry, output)
    inputs = read_all(files, warn=warn or (lambda text: None))
    if title is None and ws is not None:
        title = ws.ledger_title(inputs[0]["year"])
    book = MergedLedger(inputs, title=title, lang=lang)
    write_file(lambda: export(book, writer, output), output)
    return {"path": output, "ledgers": len(inputs), "organizations": book.size}


def notice_writer(registry, output=None):
    """The notice's writer by the output's suffix (.html, the default, or .htm; .xlsx)."""
    writers = {w.suffix: w for w in registry.writers_for("notice").values()}
    suffix = Path(output).suffix.lower() if output else ".html"
    if suffix == ".htm":
        suffix = ".html"
    if suffix not in writers:
        raise FormatError(suffix, writers)
    return writers[suffix]


def published_notice(store, year: int) -> dict | None:
    """``{"from": date, "days": n}`` of the notice in force when the current round of every graded
    domain of ``year`` is published and not amended since (the notice can be rendered again as
    it was issued); None otherwise (a notice now would publish new grades)."""
    from dingji.store.rounds import current

    domains = {r["domain"] for r in store.runs(year, active_only=True)}
    got = [current(store, year, d) for d in sorted(domains)]
    if not got or any(r is None or not r["published_at"] or r["notice_stale"] or not r["notice_from"] for r in got):
        return None
    first = got[0]
    return {"from": date.fromisoformat(first["notice_from"]), "days": first["notice_days"]}


def notice_dates(store, year: int, notice_from: date | None = None, days: int | None = None) -> dict:
    """The notice an output shows: ``from`` and ``days`` (None: dingji.toml's), ``issued`` (the notice
    in force, :func:`published_notice`, or None) and ``today`` (True when no day was given and none is
    issued, so that the output is dated today).  Given days win; else the issued notice's."""
    issued = published_notice(store, year)
    if notice_from is not None:
        return {"from": notice_from, "days": days, "issued": issued, "today": False}
    if issued is not None:
        return {"from": issued["from"], "days": days or issued["days"], "issued": issued, "today": False}
    return {"from": date.today(), "days": days, "issued": None, "today": True}


def write_notice(
    ws,
    registry,
    *,
    year: int | None = None,
    output=None,
    lang: str = "zh",
    notice_from: date | None = None,
    days: int | None = None,
    folder=None,
    suffix: str = ".html",
    publish: bool = True,
) -> dict:
    """The public notice (公示) of the year's grades.  Without ``notice_from`` it is the notice
    issued (its first day and days, stored with the rounds), else one from today; ``days``
    defaults to the issued notice's, else dingji.toml's.  Without ``output``, the file is
    named by the notice's title and written as ``suffix`` (.html or .xlsx) into ``folder``
    (default: the current folder, as ``dingji notice``).

    Once the file is written, the current round of every domain in it is published: its
    grades change from then on only by an amendment (``evaluate --amend --reason``).
    With ``publish=False`` the notice is only rendered (the desk's download: a GET changes
    nothing), read in one snapshot, and no round is published.
    Returns ``path``, ``organizations``, ``period`` (the publicity period as text),
    ``published`` (the domains whose round was published by this notice), ``notice``
    (:func:`notice_dates`) and ``reachable`` (dingji.toml gives a phone or an address for
    objections)."""
    from dingji.store.rounds import publish as publish_rounds

    writer = notice_writer(registry, output or f"notice{suffix}")
    # one write transaction: the grades the notice shows are the grades it publishes (a grading
    # meanwhile waits), and a notice that fails to be written publishes nothing
    with ws.store() as store, store.transaction() if publish else store.reading():
        year = year or ws.year
        when = notice_dates(store, year, notice_from, days)
        extra = {"notice_days": when["days"]} if when["days"] else {}
        book = Ledger.from_workspace(ws, store, registry, year, lang=lang, notice_from=when["from"], **extra)
        name = safe_name(f"{book.name}{book.year}年分类定级结果公示") + writer.suffix
        target = output or (str(Path(folder) / name) if folder is not None else name)
        write_file(lambda: export(book, writer, target), target)
        published = []
        if publish:
            start = book.notice_from.isoformat()
            published = publish_rounds(store, book.year, list(book.standards), start, book.notice_days)
    return {
        "path": target,
        "organizations": book.size,
        "period": book.notice_text(),
        "published": published,
        "notice": when,
        "reachable": book.contact.reachable,
    }
