"""Helpers for the desk's tests: a client over a workspace, the CSRF token, a digest of the store."""

from __future__ import annotations

import datetime as dt
import html
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from starlette.testclient import TestClient

#: the demo's data is fixed: the desk's pages are seen as of this day
TODAY = dt.date(2026, 12, 2)
_TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


def client(root: Path, *, password: str | None = None, today=TODAY, **kw) -> TestClient:
    """A test client of the desk over the workspace at ``root``; server errors become 500 pages."""
    from dingji.services.workspace import open_workspace
    from dingji.web.app import create_app

    app = create_app(open_workspace(Path(root)), password=password, today=today, **kw)
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


def token(c: TestClient, path: str = "/") -> str:
    """The session's CSRF token, as a form on ``path`` carries it."""
    page = c.get(path)
    found = _TOKEN.search(page.text)
    assert found, f"no CSRF token on {path}: {page.status_code}"
    return found.group(1)


def post(c: TestClient, path: str, data: dict | None = None, files=None, page: str = "/"):
    """POST a form with this session's CSRF token (read from ``page``)."""
    return c.post(path, data={**(data or {}), "csrftoken": token(c, page)}, files=files)


def store_digest(root: Path) -> dict[str, list]:
    """Every table of the workspace's store, row by row: equal before and after means nothing changed."""
    with closing(sqlite3.connect(f"file:{Path(root) / 'dingji.sqlite'}?mode=ro", uri=True)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def summary(text: str) -> list[tuple[str, str]]:
    """(field, message) of each line of a form page's error summary."""
    start = text.index('class="error-summary"')
    box = text[start : text.index("</div>", start)]
    return [(f, html.unescape(m)) for f, m in re.findall(r'<a href="#f-([\w-]+)">([^<]*)</a>', box)]


def beside(text: str, field: str) -> list[str]:
    """The messages shown beside a form's field."""
    got = re.findall(rf'<p class="error-message" id="f-{field}-error">.*?</span>([^<]*)</p>', text)
    return [html.unescape(m) for m in got]
