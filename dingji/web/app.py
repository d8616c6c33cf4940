"""The desk's ASGI application: pages from ``dingji_web_pages``, the guards, the error pages.

The built-in pages are plugins of their own (``dingji.web.pages.*``), registered with the
registry's plugin manager and collected through the same hook as a third party's pages
(as datasette's maintainer wanted for its default views).
"""

from __future__ import annotations

import importlib
import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from dingji.core.errors import DingjiError
from dingji.web import errors
from dingji.web.desk import Desk
from dingji.web.guard import BodyLimit, SignIn, guarded

#: The desk's own pages, in menu order: plugins like a third party's.
PAGES = (
    "dingji.web.pages.overview",
    "dingji.web.pages.orgs",
    "dingji.web.pages.grading",
    "dingji.web.pages.rounds",
    "dingji.web.pages.visits",
    "dingji.web.pages.objections",
    "dingji.web.pages.rectify",
    "dingji.web.pages.downloads",
    "dingji.web.pages.standards",
    "dingji.web.pages.account",
)
STATIC = Path(__file__).parent / "static"
#: the largest request the desk reads (an upload's workbook included), in bytes
UPLOAD_LIMIT = 20 * 1024 * 1024


def collect(desk: Desk) -> list[BaseRoute]:
    """Every page's routes: the desk's own, then the plugins'.  A plugin that fails loses its
    own pages (reported in ``registry.broken``); the others are served."""
    pm = desk.registry.pm
    for name in PAGES:
        if not pm.has_plugin(name) and name not in desk.registry.disabled:
            pm.register(importlib.import_module(name), name=name)
    routes: list[BaseRoute] = []
    own = {name: i for i, name in enumerate(PAGES)}
    # the desk's own in PAGES' (menu) order, then the plugins' in registration order
    impls = sorted(pm.hook.dingji_web_pages.get_hookimpls(), key=lambda impl: own.get(impl.plugin_name, len(own)))
    for impl in impls:
        try:
            got = list(impl.function(desk=desk) or [])
            for route in got:
                if not isinstance(route, BaseRoute):
                    raise TypeError(f"returned {type(route).__name__}, not a starlette route")
                if isinstance(route, Mount) and not isinstance(route.app, StaticFiles):
                    raise TypeError("returned a Mount: return Route objects (their POSTs are checked)")
            routes += [guarded(r) for r in got]
        except Exception as exc:  # noqa: BLE001 - a broken plugin loses its own pages only
            desk.registry._broken(impl.plugin_name, f"failed in dingji_web_pages: {type(exc).__name__}: {exc}")
    return routes


def create_app(
    ws,
    registry=None,
    *,
    password: str | None = None,
    secure: bool = False,
    today=None,
    limit: int = UPLOAD_LIMIT,
) -> Starlette:
    """The desk over workspace ``ws`` (a :class:`dingji.services.workspace.Workspace`).

    ``password``: asked once per session (required by ``dingji serve`` off loopback);
    ``secure``: cookies only over HTTPS (set when serving with a certificate);
    ``today``: the date the pages treat as today (default: the machine's)."""
    desk = Desk(ws, registry or ws.registry(), password=password, secure=secure, today=today)
    routes = [*collect(desk), Mount("/static", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),  # per process: a restart signs everyone out
                session_cookie="dingji_desk",
                same_site="strict",
                https_only=secure,
                max_age=12 * 3600,
            ),
            Middleware(SignIn, desk=desk),
            Middleware(BodyLimit, limit=limit),
        ],
        exception_handlers={
            DingjiError: errors.problems_page,
            HTTPException: errors.http_page,
            Exception: errors.crash_page,
        },
    )
    app.state.desk = desk
    app.state.limit = limit
    return app
