"""``/login``, ``/logout`` and ``/lang``: the password (off loopback) and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.web.guard import password_ok


def local_target(target: str | None) -> str:
    """Where to go after a form: a path of this desk only (never another site)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login(request):
    desk = request.app.state.desk
    if not desk.password:
        return RedirectResponse("/", status_code=303)
    target = local_target(request.query_params.get("next"))
    failed = False
    if request.method == "POST":
        form = request.state.form
        target = local_target(form.get("next"))
        client = request.client.host if request.client else "?"
        if desk.throttle.blocked(client):
            raise HTTPException(429)
        given = form.get("password")
        if isinstance(given, str) and password_ok(desk, given):
            csrf = request.session.get("csrf")
            request.session.clear()  # a new session on sign-in
            request.session.update({"auth": True, "csrf": csrf, "lang": request.session.get("lang")})
            return RedirectResponse(target, status_code=303)
        desk.throttle.failed(client)
        failed = True
    return desk.render(
        request, "login.html", status_code=401 if failed else 200, title="", failed=failed, target=target
    )


def logout(request):
    request.session.clear()
    return RedirectResponse("/login" if request.app.state.desk.password else "/", status_code=303)


def switch_language(request):
    form = request.state.form
    request.session["lang"] = "en" if form.get("lang") == "en" else "zh"
    return RedirectResponse(local_target(form.get("next")), status_code=303)


@hookimpl
def dingji_web_pages(desk):
    return [
        Route("/login", login, methods=["GET", "POST"], name="login"),
        Route("/logout", logout, methods=["POST"], name="logout"),
        Route("/lang", switch_language, methods=["POST"], name="lang"),
    ]
