"""Error pages: the problem and its place, in the user's language; never a traceback."""

from __future__ import annotations

from dingji.core.text import Text
from dingji.web.view import lang_of

HTTP = {
    400: Text("请求有误", "Bad request"),
    403: Text("页面已过期，请返回后重试", "This form has expired: go back and try again"),
    404: Text("没有这个页面", "No such page"),
    405: Text("不能这样使用此页面", "This page cannot be used that way"),
    413: Text("上传的文件太大", "The upload is too large"),
    429: Text("尝试次数过多，请一分钟后再试", "Too many tries: wait a minute"),
}
DETAIL = {
    "csrf": Text(
        "表单缺少或带有过期的安全令牌（CSRF），未作任何更改。请重新打开该页面再提交。",
        "The form's security token (CSRF) was missing or out of date; nothing was changed. "
        "Open the page again and submit it anew.",
    ),
    413: Text(
        "超过了工作台接受的上限（{limit} MB），未作任何更改。",
        "It is over the desk's limit ({limit} MB); nothing was changed.",
    ),
}


def _lang(request) -> str:
    _ensure_session(request)
    return lang_of(request)


def _ensure_session(request) -> None:
    """A request that failed outside the session (in a middleware) still gets a page: an empty one."""
    if "session" not in request.scope:
        request.scope["session"] = {}


def _render(request, template: str, status: int, **context):
    _ensure_session(request)
    return request.app.state.desk.render(request, template, status_code=status, **context)


def problems_page(request, exc):
    """A user's data, file or standard is wrong: every problem with its place (400)."""
    return _render(request, "problems.html", 400, problems=list(exc.problems), summary=None)


def http_page(request, exc):
    code = exc.status_code
    lang = _lang(request)
    title = HTTP.get(code, Text(f"错误 {code}", f"Error {code}")).say(lang)
    detail = ""
    if code == 403 and exc.detail == "csrf":
        detail = DETAIL["csrf"].say(lang)
    elif code == 413:
        limit = request.app.state.limit
        detail = DETAIL[413].format(limit=limit // (1024 * 1024)).say(lang)
    elif code not in HTTP and exc.detail:
        detail = str(exc.detail)
    elif code == 404 and exc.detail and exc.detail != "Not Found":
        detail = str(exc.detail)
    return _render(request, "error.html", code, title=title, detail=detail, headers=getattr(exc, "headers", None))


def crash_page(request, exc):
    """Something failed that should not have: a page that says so; the server logs the traceback
    (Starlette passes the exception on to uvicorn once the page is sent)."""
    lang = _lang(request)
    title = Text("出错了", "Something went wrong").say(lang)
    detail = Text(
        "工作台内部出错，未作任何更改。错误已写入运行 dingji serve 的窗口；请把那里的内容发给维护者。",
        "The desk failed inside; nothing was changed. The error is in the window running dingji serve: "
        "send it to whoever maintains dingji here.",
    ).say(lang)
    return _render(request, "error.html", 500, title=title, detail=detail, headers=None)
