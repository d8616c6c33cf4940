"""``/standards``: the loaded standards; ``/standards/<id>``: one standard as tables, as
``dingji standards show`` prints it; ``/standards/check``: a standard file uploaded and
checked as ``dingji standards check`` checks it, every problem shown at its line and key.

A checked file is saved to a scratch folder (:mod:`dingji.web.scratch`) for the check and
removed afterwards: nothing is installed by checking.
"""

from __future__ import annotations

import attrs
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.text import Text
from dingji.services import standards
from dingji.web import scratch, view

#: the largest standard file checked, in bytes (the built-in ones are under 40 KB)
LIMIT = 1024 * 1024


def listing(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    reg = desk.registry
    failed = [
        {"file": str(path), "problems": [p.describe(lang) for p in exc.problems]} for path, exc in reg.standard_errors
    ]
    return desk.render(
        request,
        "standards.html",
        title=Text("评分标准", "Standards").say(lang),
        rows=standards.standard_rows(reg),
        shadowed=standards.shadowed(reg),
        failed=failed,
    )


def _tables(got, lang: str) -> dict:
    """A :class:`~dingji.services.standards.StandardView` as the template draws it: indicators
    under their category (with its points)."""
    std = got.standard
    rows: dict[str, list] = {}
    for cat, *rest in got.indicators:
        rows.setdefault(cat, []).append(rest)
    cats = [{"name": c.name, "points": c.points, "rows": rows.get(c.name, [])} for c in std.categories]
    return {"view": got, "std": std, "categories": cats}


def show(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    sid = request.path_params["sid"]
    if sid not in desk.registry.standards:
        said = Text(f"没有标准 {sid}", f"There is no standard {sid}")
        raise HTTPException(404, said.say(lang))
    got = _tables(standards.standard_view(desk.registry, sid, lang), lang)
    return desk.render(request, "standard.html", title=got["std"].name, **got)


def _shown(problem, path, name: str, lang: str) -> dict:
    """A problem of the scratch copy as the user's file: its name, not the scratch path."""
    place = problem.place
    if place.file:
        place = attrs.evolve(place, file=name)
    text = view.say(problem.text, lang).replace(str(path), name)
    return {"where": place.describe(lang), "text": text, "line": place.line}


def check(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    page = {"title": Text("检查标准文件", "Check a standard file").say(lang), "errors": [], "result": None}
    if request.method == "GET":
        return desk.render(request, "standards_check.html", **page)
    upload = request.state.form.get("standard")
    if not isinstance(upload, UploadFile) or not upload.filename:
        page["errors"] = [
            Text("请选择要检查的标准文件（.toml）", "Choose the standard file (.toml) to check").say(lang)
        ]
        return desk.render(request, "standards_check.html", status_code=400, **page)
    name = scratch.file_name(upload.filename, "standard.toml")
    with scratch.folder(desk.ws) as into:
        try:
            path = scratch.save(upload, into, LIMIT, "standard.toml")
        except scratch.TooLarge:
            said = Text(f"{name} 太大：标准文件不超过 1 MB", f"{name} is too large: a standard file is at most 1 MB")
            page["errors"] = [said.say(lang)]
            return desk.render(request, "standards_check.html", status_code=400, **page)
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        done = standards.check_files(desk.registry, [path])
        problems = [_shown(p, path, name, lang) for p in done.problems]
    result = {"name": name, "problems": problems, "lines": _lines(text, problems)}
    if done.ok:
        result.update(_tables(standards.view_of(done.loaded[0][1], lang), lang))
    page["result"] = result
    return desk.render(request, "standards_check.html", **page)


def _lines(text: str, problems: list[dict]) -> list[dict]:
    """The file's lines, each with the problems placed at it."""
    at: dict[int, list] = {}
    for i, p in enumerate(problems, 1):
        if p["line"]:
            at.setdefault(p["line"], []).append({"n": i, "text": p["text"]})
    return [{"n": n, "text": line, "problems": at.get(n, [])} for n, line in enumerate(text.splitlines(), 1)]


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/standards", "标准", "Standards")
    return [
        Route("/standards", listing, name="standards"),
        Route("/standards/check", check, methods=["GET", "POST"], name="standards_check"),
        Route("/standards/{sid}", show, name="standard"),
    ]
