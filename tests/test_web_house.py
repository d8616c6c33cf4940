"""The desk's house: its pages come through the hook, the guards (password, CSRF, body bound),
error pages without tracebacks, and ``dingji serve``'s refusals."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections import Counter

import pytest
from click.testing import CliRunner

from dingji import hookimpl
from dingji.cli import cli
from web_support import client, post, store_digest, token

PASSWORD = "township-desk-2026"


def test_the_overview_counts_what_the_store_holds(demo_template):
    before = store_digest(demo_template)
    c = client(demo_template)
    page = c.get("/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    with sqlite3.connect(demo_template / "dingji.sqlite") as db:
        counts = Counter(db.execute("SELECT domain, grade FROM results WHERE year = 2026").fetchall())
        total = db.execute("SELECT count(*) FROM organizations").fetchone()[0]
    # the village row of the table: each grade's count in its column, in the standard's order (好 较好 一般 较差)
    row = re.search(r'<a href="/orgs\?domain=village">农村</a></th>(.*?)</tr>', page.text, re.S).group(1)
    cells = re.findall(r'<td class="num">(\d*)</td>', row)
    assert cells[:4] == [str(counts.get(("village", g), "")) for g in ("好", "较好", "一般", "较差")]
    assert cells[4] == str(sum(n for (d, _), n in counts.items() if d == "village"))
    assert f'<div class="big">{total}</div>' in page.text
    assert "截至 2026-12-02" in page.text  # the day the desk was given, not the machine's
    assert store_digest(demo_template) == before  # a GET changes nothing


def test_the_language_switch_is_a_post_with_a_token(demo_template):
    c = client(demo_template)
    refused = c.post("/lang", data={"lang": "en", "next": "/"})
    assert refused.status_code == 403
    assert "CSRF" in refused.text and "Traceback" not in refused.text
    assert "概览" in c.get("/").text  # still Chinese: the refused POST changed nothing
    moved = post(c, "/lang", {"lang": "en", "next": "/orgs?domain=village"})
    assert moved.status_code == 303 and moved.headers["location"] == "/orgs?domain=village"
    page = c.get("/").text
    assert "Overview" in page and "What is due" in page and 'lang="en"' in page
    # a next that leaves the desk goes home instead
    assert post(c, "/lang", {"lang": "zh", "next": "https://evil.example/"}).headers["location"] == "/"
    assert post(c, "/lang", {"lang": "zh", "next": "//evil.example/"}).headers["location"] == "/"


def test_a_password_is_asked_once_per_session(demo_template):
    c = client(demo_template, password=PASSWORD)
    first = c.get("/orgs?domain=village")
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Forgs%3Fdomain%3Dvillage"
    cookie = c.get(first.headers["location"]).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    wrong = post(c, "/login", {"password": "guess", "next": "/"}, page="/login")
    assert wrong.status_code == 401 and "密码不正确" in wrong.text
    right = post(c, "/login", {"password": PASSWORD, "next": "/orgs"}, page="/login")
    assert right.status_code == 303 and right.headers["location"] == "/orgs"
    assert c.get("/").status_code == 200
    out = post(c, "/logout")
    assert out.status_code == 303 and c.get("/").status_code == 303


def test_sign_in_tries_are_bounded(demo_template):
    c = client(demo_template, password=PASSWORD)
    got = [post(c, "/login", {"password": f"guess-{i}"}, page="/login").status_code for i in range(7)]
    assert got[:5] == [401] * 5 and got[5:] == [429, 429]
    assert "一分钟" in post(c, "/login", {"password": PASSWORD}, page="/login").text  # even the right one, for now


def test_cookies_are_secure_over_https(demo_template):
    c = client(demo_template, password=PASSWORD, secure=True)
    assert "secure" in c.get("/login").headers["set-cookie"].lower()


def _asgi_post(app, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> int:
    """POST ``chunks`` to ``/lang`` straight through ASGI (no Content-Length unless given); the status sent."""
    sent: list[dict] = []
    messages = [{"type": "http.request", "body": b, "more_body": i < len(chunks) - 1} for i, b in enumerate(chunks)]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/lang",
        "raw_path": b"/lang",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_a_body_over_the_limit_is_refused_whatever_it_says(demo_template):
    c = client(demo_template, limit=1000)
    big = c.post("/lang", data={"lang": "en", "pad": "x" * 5000, "csrftoken": token(c)})
    assert big.status_code == 413 and "上传的文件太大" in big.text
    app = c.app
    # no Content-Length, streamed in chunks: counted as it comes
    assert _asgi_post(app, [b"lang=en&pad=" + b"x" * 600, b"x" * 600], []) == 413
    # a Content-Length that lies low: still counted
    assert _asgi_post(app, [b"lang=en&pad=" + b"x" * 600, b"x" * 600], [(b"content-length", b"10")]) == 413
    assert _asgi_post(app, [b"lang=en"], []) == 403  # small enough: on to the CSRF check


class _Pages:
    """A third party's pages, through the same hook as the desk's own."""

    @hookimpl
    def dingji_web_pages(self, desk):
        from starlette.responses import PlainTextResponse
        from starlette.routing import Route

        desk.add_menu("/hello", "问候", "Hello")

        def hello(request):
            return desk.page(request, "问候", "<b>" + request.query_params.get("who", "") + "</b>")

        def echo(request):
            return PlainTextResponse(request.state.form["said"])

        def broken(request):
            raise RuntimeError("secret internals /home/officer")

        return [
            Route("/hello", hello),
            Route("/echo", echo, methods=["POST"]),
            Route("/broken", broken),
        ]


class _Broken:
    @hookimpl
    def dingji_web_pages(self, desk):
        raise ValueError("no pages today")


def _desk_with(root, *plugins):
    from starlette.testclient import TestClient

    from dingji.registry import Registry
    from dingji.services.workspace import open_workspace
    from dingji.web.app import create_app

    ws = open_workspace(root)
    registry = Registry(entry_points=False, plugins=plugins)
    app = create_app(ws, registry)
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False), registry


def test_hook_dingji_web_pages(demo_template):
    """A plugin's pages are served, escaped, CSRF-checked and never a traceback; a broken one is left out."""
    from dingji.registry import PluginWarning

    with pytest.warns(PluginWarning, match="no pages today"):
        c, registry = _desk_with(demo_template, _Pages(), _Broken())
    page = c.get("/hello?who=<script>alert(1)</script>")
    assert page.status_code == 200
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text  # text is escaped
    assert '<a href="/hello"' in c.get("/").text  # its menu entry
    assert c.post("/echo", data={"said": "hi"}).status_code == 403  # its POST is CSRF-checked too
    assert post(c, "/echo", {"said": "你好"}).text == "你好"
    crash = c.get("/broken")
    assert crash.status_code == 500
    assert "出错了" in crash.text and "secret internals" not in crash.text and "Traceback" not in crash.text
    assert any("no pages today" in what for _, what in registry.broken)  # the broken plugin: reported, left out


def test_a_mistake_in_the_data_is_a_page_with_its_place(demo_template):
    from starlette.routing import Route

    from dingji.core.errors import DingjiError, Place, Problem
    from dingji.core.text import Text

    class Failing:
        @hookimpl
        def dingji_web_pages(self, desk):
            def fail(request):
                where = Place(file="评分.xlsx", sheet="农村", row=7, column="C")
                raise DingjiError([Problem(where, Text("应为数字：<b>九十</b>", "not a number: <b>ninety</b>"))])

            return [Route("/fail", fail)]

    c, _ = _desk_with(demo_template, Failing())
    page = c.get("/fail")
    assert page.status_code == 400
    assert "存在以下问题" in page.text
    assert "评分.xlsx，工作表 农村，第 7 行，列 C" in page.text
    assert "应为数字：&lt;b&gt;九十&lt;/b&gt;" in page.text


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["serve", "--host", "0.0.0.0"], {}, "需要密码"),
        (["serve", "--host", "192.168.1.20"], {}, "DINGJI_DESK_PASSWORD"),
        (["serve", "--host", "0.0.0.0"], {"DINGJI_DESK_PASSWORD": "short"}, "密码太短"),
        (["--lang", "en", "serve", "--host", "0.0.0.0"], {}, "needs a password"),
    ],
)
def test_serve_refuses_other_addresses_without_a_password(demo_template, args, env, words):
    got = CliRunner().invoke(cli, ["--workspace", str(demo_template), *args], env={"DINGJI_DESK_PASSWORD": None, **env})
    assert got.exit_code == 1, got.output
    assert words in got.output and "Traceback" not in got.output


def test_serve_says_when_the_port_is_taken(demo_template):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        got = CliRunner().invoke(cli, ["--workspace", str(demo_template), "serve", "--port", str(port)])
    assert got.exit_code == 1
    assert f"127.0.0.1:{port}" in got.output and f"--port {port + 1}" in got.output


def test_serve_reads_the_password_from_a_file(demo_template, tmp_path):
    short = tmp_path / "pw.txt"
    short.write_text("abc\n", encoding="utf-8")
    got = CliRunner().invoke(
        cli, ["--workspace", str(demo_template), "serve", "--host", "0.0.0.0", "--password-file", str(short)]
    )
    assert got.exit_code == 1 and str(short) in got.output  # read, and found too short


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_serves_the_workspace_over_http(demo_template):
    """``dingji serve`` as a user starts it: a child process answering on loopback, stopped with a signal."""
    import signal
    import subprocess
    import time
    import urllib.request

    from cli_support import command_line

    port = free_port()
    proc = subprocess.Popen(
        [*command_line(), "serve", "--port", str(port), "--as-of", "2026-12-02"],
        cwd=demo_template,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as got:
                    page = got.read().decode("utf-8")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "the desk did not answer within 30 s"
                time.sleep(0.2)
        assert "岩樟乡" in page and "截至 2026-12-02" in page
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    said = err.decode("utf-8")
    assert f"http://127.0.0.1:{port}/" in said and "Traceback" not in said


@pytest.mark.parametrize("day", ["2026-06-15", "2026-12-02"])
def test_the_overview_says_what_status_says_counted_in_sql(demo_template, day):
    """The desk's overview (bounded lists, SQL counts) against ``dingji status`` (every organization read)."""
    import datetime as dt

    from dingji.services.overview import overview
    from dingji.services.status import status
    from dingji.services.workspace import open_workspace

    ws = open_workspace(demo_template)
    reg = ws.registry()
    as_of = dt.date.fromisoformat(day)
    with ws.store() as store:
        store.set_domain_order(reg.standards)
        short = overview(ws, store, reg, 2026, as_of, shown=2)
        full = status(ws, store, reg, 2026, as_of)
    for key in ("not_visited", "not_graded", "overdue", "to_file", "no_plan"):
        got, whole = short["outstanding"][key], full["outstanding"][key]
        assert got["count"] == len(whole), key
        assert [x.get("org") for x in got["items"]] == [x.get("org") for x in whole[:2]], key
    assert short["outstanding"]["domains_not_evaluated"] == full["outstanding"]["domains_not_evaluated"]
    assert short["near"]["items"] == full["near"][:2] and short["near"]["count"] == len(full["near"])
    for key in ("organizations", "graded", "visited", "tasks", "phases", "current", "moves", "checks", "rounds"):
        assert short[key] == full[key], key
