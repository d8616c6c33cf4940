"""What stands before every page: the password, the size of a request, the CSRF token of a POST.

- Loopback needs no password; any other address does (``dingji serve`` refuses to start
  without one).  With a password, every page but ``/login`` and ``/static`` asks for it once
  per session.
- A request body is bounded (``limit`` bytes): a larger upload is refused with 413 before
  it is read to the end.
- Every POST route is wrapped so that its form is read (bounded) and its ``csrftoken``
  checked before the page's code runs; the page finds the form in ``request.state.form``.
"""

from __future__ import annotations

import hmac
import inspect
import time
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

OPEN_PATHS = ("/login", "/static/", "/lang")
#: failed sign-ins per client allowed in a minute before the next are refused for that minute
TRIES = 5


class TooLarge(Exception):
    """A request body over the desk's limit."""


class BodyLimit:
    """ASGI middleware: a request body larger than ``limit`` bytes is refused with 413,
    whether or not it says its length (a lying or missing Content-Length included)."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        seen = int(declared) if declared.isdigit() and int(declared) > self.limit else 0

        async def bounded():  # raises inside the page, so that the 413 is a page of the desk
            nonlocal seen
            if seen > self.limit:
                raise HTTPException(413)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413)
            return message

        return await self.app(scope, bounded, send)


class SignIn:
    """ASGI middleware: with a password, a session that has not given it is sent to ``/login``."""

    def __init__(self, app, desk):
        self.app = app
        self.desk = desk

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.desk.password:
            return await self.app(scope, receive, send)
        path = scope.get("path", "/")
        if path.startswith(OPEN_PATHS) or scope.get("session", {}).get("auth"):
            return await self.app(scope, receive, send)
        target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        response = RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
        return await response(scope, receive, send)


def password_ok(desk, given: str) -> bool:
    return bool(desk.password) and hmac.compare_digest(given.encode("utf-8"), desk.password.encode("utf-8"))


class Throttle:
    """Failed sign-ins per client address, forgotten after a minute."""

    def __init__(self):
        self.failures: dict[str, list[float]] = {}

    def blocked(self, client: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.failures.get(client, []) if now - t < 60]
        self.failures[client] = recent
        return len(recent) >= TRIES

    def failed(self, client: str) -> None:
        self.failures.setdefault(client, []).append(time.monotonic())


async def checked_form(request: Request, files: int = 4, fields: int = 200):
    """The POSTed form, bounded, after its CSRF token is checked (403 otherwise)."""
    form = await request.form(max_files=files, max_fields=fields)
    sent = form.get("csrftoken")
    kept = request.session.get("csrf")
    if not kept or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), kept.encode()):
        raise HTTPException(403, "csrf")
    return form


def guarded(route):
    """``route`` with its POST checked (:func:`checked_form`) before its endpoint runs.
    Routes without POST, and routes that are not plain ``Route`` objects, pass unchanged
    (a ``Mount`` cannot take a POST through the desk: see :func:`dingji.web.app.collect`)."""
    if not isinstance(route, Route) or "POST" not in (route.methods or ()):
        return route
    endpoint = route.endpoint

    async def checked(request: Request):
        if request.method == "POST":
            request.state.form = await checked_form(request)
        if inspect.iscoroutinefunction(endpoint):
            return await endpoint(request)
        return await run_in_threadpool(endpoint, request)

    checked.__name__ = getattr(endpoint, "__name__", "page")
    checked.__doc__ = getattr(endpoint, "__doc__", None)
    return Route(route.path, checked, methods=sorted(route.methods), name=route.name)
