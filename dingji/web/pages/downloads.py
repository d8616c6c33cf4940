"""``/ledger``: the combined ledger (台账) to download as xlsx, as CSV (one file per sheet, in a
zip) and as JSON, and the notice of grades (公示) as HTML and xlsx.

Each file is written by the services the commands use (``dingji ledger export``, ``dingji
notice``) into a temporary folder outside the workspace, sent with its Chinese name
(RFC 5987 ``filename*``), and removed once sent.  A download is a GET and changes nothing: the
notice is rendered without publishing anything (publishing a round is a POST of ``/rounds``).
When every graded domain's current round is published, the notice is the one issued, with
its dates; otherwise it is a draft of the current grades, named so.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.responses import FileResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.text import Text
from dingji.services.ledger import export_ledger, published_notice, safe_name, write_notice
from dingji.web import view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEDGER = {  # format -> (the writer, suffix of the file sent, media type)
    "xlsx": ("xlsx", ".xlsx", XLSX),
    "csv": ("csv", "-csv.zip", "application/zip"),
    "json": ("json", ".json", "application/json"),
}
NOTICE = {"html": (".html", "text/html; charset=utf-8"), "xlsx": (".xlsx", XLSX)}
DRAFT = Text("（未公示草稿）", "(draft, not published)")


def disposition(name: str, fallback: str, inline: bool = False) -> str:
    """``Content-Disposition`` of a download named ``name`` (Chinese, say), with an ASCII
    ``fallback`` for clients that do not read RFC 5987's ``filename*``; ``inline``: shown in the
    browser (the notice page, to read and print) rather than saved."""
    how = "inline" if inline else "attachment"
    return f"{how}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@contextmanager
def _temporary():
    """A temporary folder outside the workspace; removed here if the download fails, else after it is sent."""
    folder = Path(tempfile.mkdtemp(prefix="dingji-desk-"))
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _send(path: Path, name: str, fallback: str, media: str, folder: Path, inline: bool = False) -> FileResponse:
    headers = {**view.NO_STORE, "Content-Disposition": disposition(name, fallback, inline)}
    done = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    return FileResponse(path, media_type=media, headers=headers, background=done)


def _state(desk) -> dict:
    """What the page and the downloads need of the store: results, and the notice in force."""
    with desk.store() as store, store.reading():
        return {"results": store.count_results(desk.year), "notice": published_notice(store, desk.year)}


def page(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    state = _state(desk)
    return desk.render(
        request,
        "downloads.html",
        title=Text("台账下载", "Ledger downloads").say(lang),
        results=state["results"],
        notice=state["notice"],
        ledger_title=desk.ws.ledger_title(desk.year),
    )


def ledger(request, fmt: str):
    desk, lang = request.app.state.desk, view.lang_of(request)
    writer, suffix, media = LEDGER[fmt]
    notice = _state(desk)["notice"]
    name = safe_name(desk.ws.ledger_title(desk.year))
    with _temporary() as folder:
        target = folder / ("csv/" if fmt == "csv" else f"ledger{suffix}")
        got = export_ledger(
            desk.ws,
            desk.registry,
            year=desk.year,
            fmt=writer,
            output=str(target) + ("/" if fmt == "csv" else ""),
            lang=lang,
            notice_from=notice["from"] if notice else desk.today(),
            as_of=desk.today(),
        )
        path = _zipped(got["path"], folder / "ledger.zip", name) if fmt == "csv" else Path(got["path"])
        return _send(path, name + suffix, f"dingji-ledger-{desk.year}{suffix}", media, folder)


def _zipped(files, target: Path, inside: str) -> Path:
    """The CSV files in one zip, in a folder ``inside`` (the ledger's title)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f"{inside}/{Path(f).name}")
    return target


def notice(request, fmt: str):
    desk, lang = request.app.state.desk, view.lang_of(request)
    suffix, media = NOTICE[fmt]
    issued = _state(desk)["notice"]
    start, days = (issued["from"], issued["days"]) if issued else (desk.today(), None)
    with _temporary() as folder:
        got = write_notice(
            desk.ws,
            desk.registry,
            year=desk.year,
            output=str(folder / f"notice{suffix}"),
            lang=lang,
            notice_from=start,
            days=days,
            publish=False,
        )
        name = f"{desk.ws.name}{desk.year}年分类定级结果公示" + ("" if issued else DRAFT.say(lang))
        fallback = f"dingji-notice-{desk.year}{suffix}"
        return _send(Path(got["path"]), safe_name(name) + suffix, fallback, media, folder, inline=fmt == "html")


def _as(endpoint, fmt: str):
    """``endpoint(request, fmt)`` as a route's endpoint."""

    def download(request):
        return endpoint(request, fmt)

    download.__name__ = f"{endpoint.__name__}_{fmt}"
    return download


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/ledger", "台账下载", "Ledger")
    return [
        Route("/ledger", page, name="ledger"),
        Route("/ledger/download.xlsx", _as(ledger, "xlsx"), name="ledger_xlsx"),
        Route("/ledger/download.csv.zip", _as(ledger, "csv"), name="ledger_csv"),
        Route("/ledger/download.json", _as(ledger, "json"), name="ledger_json"),
        Route("/ledger/notice.html", _as(notice, "html"), name="notice_html"),
        Route("/ledger/notice.xlsx", _as(notice, "xlsx"), name="notice_xlsx"),
    ]
