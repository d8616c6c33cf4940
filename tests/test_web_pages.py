"""Pages come through ``dingji_web_pages``: the desk's own in their order (PAGES), then a third
party's, whose page is served in the desk's frame and whose menu entry follows the desk's."""

from __future__ import annotations

from starlette.routing import Route
from starlette.testclient import TestClient

from dingji import hookimpl
from dingji.services.workspace import open_workspace
from dingji.web.app import create_app


class Hello:
    """A third party's page, registered before the desk's own (as entry points are)."""

    @hookimpl
    def dingji_web_pages(self, desk):
        desk.add_menu("/hello", "问候", "Hello")

        def hello(request):
            return desk.page(request, "问候", "<b>不是 HTML</b>")

        return [Route("/hello", hello)]


def test_hook_dingji_web_pages(demo_template):
    ws = open_workspace(demo_template)
    registry = ws.registry()
    registry.pm.register(Hello(), name="hello")
    c = TestClient(create_app(ws, registry), raise_server_exceptions=False)
    text = c.get("/hello").text
    assert "&lt;b&gt;不是 HTML&lt;/b&gt;" in text  # text is escaped in the desk's frame
    menu = [path for path, _ in c.app.state.desk.menu]
    mine = ["/", "/visits", "/rectify", "/ledger", "/standards", "/hello"]
    assert [p for p in menu if p in mine] == mine  # the desk's own in order, then the plugin's


def test_serve_as_of_is_the_day_the_pages_count_from(demo_template, monkeypatch):
    import datetime as dt

    import uvicorn

    from cli_support import ok

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.setdefault("app", app))
    ok(["--workspace", demo_template, "serve", "--port", "8659", "--as-of", "2026-07-01"])
    desk = served["app"].state.desk
    assert desk.today() == dt.date(2026, 7, 1) and type(desk.today()) is dt.date
    c = TestClient(served["app"], raise_server_exceptions=False)
    assert c.get("/rectify").status_code == 200  # days overdue: a day minus a day
