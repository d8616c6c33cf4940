"""``/grade``: grade a domain from the browser, as ``dingji template`` and ``dingji evaluate`` do.

- ``/grade``: the domains, their organizations in the roster, graded or not, their round.
- ``/grade/<domain>``: what to do, step by step; the template to download
  (``template.xlsx``, ``template.csv``: the roster's organizations filled in; written to a
  temporary folder, nothing of the workspace changes); the upload form.
- ``POST /grade/<domain>/check``: the upload is saved to a scratch folder of the workspace
  (:mod:`dingji.web.uploads`) and graded as a dry run.  Problems: every one with its sheet,
  row and column, each linking to the offending row's view with its cell marked; nothing
  stored (400).  None: the grades, and what would change since the last grading.
- ``POST /grade/<domain>/store``: the upload the token names is graded and stored (one
  transaction, the service's), and the scratch folder deleted.  A published round needs a
  reason: the grading is then an amendment, and the notice must be issued again.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.io.notes import listening
from dingji.services.evaluate import evaluate
from dingji.services.template import write_template
from dingji.web import grading_view as gv
from dingji.web import problem_view, uploads
from dingji.web.view import NO_STORE, lang_of

MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}
NO_FILE = Text(
    "请选择要上传的文件（填好的 xlsx 模板或长表 CSV）",
    "Choose the file to upload (the filled xlsx template or long CSV)",
)
GONE = Text(
    "这次上传已经保存过，或已过期（超过一天未保存），或不存在：请重新上传文件",
    "This upload was stored already, or has expired (it was not stored within a day), or never was: upload the file again",
)
NO_REASON = Text(
    "本轮结果已公示：保存即为更正，请填写更正理由",
    "This round is published: storing amends it; give the reason for the amendment",
)


def domains(request):
    desk = request.app.state.desk
    lang = lang_of(request)
    with desk.store() as store, store.reading():
        rows = gv.domain_rows(desk, store, lang)
    return desk.render(request, "grade_list.html", title="", rows=rows)


def domain_page(request):
    desk = request.app.state.desk
    return _domain_page(request, desk, gv.standard_of(desk, request.path_params["domain"]))


def _domain_page(request, desk, std, problems=(), links=None, views=(), at_field=None, status: int = 200, summary=None):
    """The domain's page; with ``problems`` (400), each linking to ``links`` (default: the upload
    field, where the problems ``at_field`` (indexes; default: all) are said again)."""
    lang = lang_of(request)
    problems = list(problems)
    if links is None:
        links, at_field = [problem_view.FIELD] * len(problems), range(len(problems))
    with desk.store() as store, store.reading():
        row = next(r for r in gv.domain_rows(desk, store, lang) if r["id"] == std.id)
    suffixes = sorted({s for r in desk.registry.readers.values() if r.read_scores for s in r.suffixes})
    return desk.render(
        request,
        "grade_domain.html",
        status_code=status,
        title="",
        std=std,
        row=row,
        formats=list(desk.registry.writers_for("template")),
        accept=",".join(suffixes),
        problems=problems,
        links=list(links),
        views=list(views),
        at_field=[(i + 1, problems[i]) for i in at_field or ()],
        summary=summary.say(lang) if summary is not None else None,
    )


def template_file(request):
    """The data-entry template, written into a temporary folder (deleted once sent)."""
    desk = request.app.state.desk
    std = gv.standard_of(desk, request.path_params["domain"])
    fmt = request.path_params["fmt"]
    if fmt not in desk.registry.writers_for("template"):
        raise HTTPException(404)
    lang = lang_of(request)
    folder = tempfile.mkdtemp(prefix="dingji-template-")
    try:
        path = write_template(desk.registry, std.id, desk.ws, Path(folder) / f"template.{fmt}", fmt, lang)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = f"{std.id}-template{path.suffix}" if lang == "en" else f"{std.domain}填报模板{path.suffix}"
    return FileResponse(
        path,
        filename=name,
        media_type=MEDIA.get(path.suffix, "application/octet-stream"),
        headers=NO_STORE,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def check(request):
    """Save the upload, grade it as a dry run: its problems at their cells, or the preview."""
    desk = request.app.state.desk
    std = gv.standard_of(desk, request.path_params["domain"])
    files = [f for f in request.state.form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        return _domain_page(request, desk, std, [Problem(Place(), NO_FILE)], status=400)
    upload = uploads.save(desk.ws.root, std.id, files)
    heard: list = []  # what the readers said beside the data (a CSV read as GB18030)
    try:
        with listening(heard.append):
            done = evaluate(desk.registry, desk.ws, std.id, upload.paths, dry_run=True, lang=lang_of(request))
    except DingjiError as exc:
        return _refused(request, desk, std, upload, exc)
    return _preview(request, desk, std, upload, done, notes=heard)


#: problems listed on the page at most (the rest are counted): an untouched template has a thousand
LISTED = 100


def _refused(request, desk, std, upload, exc):
    """The upload's problems, each where it is; the scratch folder is deleted (nothing kept)."""
    problems = list(exc.problems)
    summary = _summary(problems)
    problems = problems[:LISTED]
    try:
        links, views, at_field = problem_view.where(problems, upload, lang_of(request))
    finally:
        uploads.remove(upload)
    shown = problem_view.renamed(problems, upload.names())
    return _domain_page(request, desk, std, shown, links, views, at_field, status=400, summary=summary)


def _summary(problems) -> Text | None:
    """A line above a long list: how many there are, and when nearly all are blank cells, that
    the file looks unfilled."""
    blank = sum("未填写" in p.text.zh for p in problems)
    if blank >= 20 and blank * 10 >= len(problems) * 9:
        return Text(
            f"{blank} 个单元格尚未填写：看起来模板还没有填好。请先填写各组织的分数（次数留空按 0 次），再上传。",
            f"{blank} cells are blank: the template looks unfilled. Fill in each organization's scores "
            "(a blank count is 0), then upload it.",
        )
    if len(problems) > LISTED:
        return Text(
            f"共 {len(problems)} 个问题，下面列出前 {LISTED} 个；改正后重新上传，其余的会再列出。",
            f"{len(problems)} problems; the first {LISTED} are listed. Correct them and upload again to see the rest.",
        )
    return None


def _preview(
    request, desk, std, upload, done, problems=(), reason: str = "", link: str = "#reason", status=200, notes=()
):
    lang = lang_of(request)
    round_, before = gv.state(desk, std)
    grading = gv.graded(std, done, gv.changes_of(before, done.results), lang)
    said = problem_view.renamed([Problem(Place(), n) for n in notes], upload.names())  # the officer's file names
    grading["warnings"] = [p.text.say(lang) for p in said] + grading["warnings"]
    return desk.render(
        request,
        "grade_preview.html",
        status_code=status,
        title="",
        std=std,
        upload=upload,
        grading=grading,
        round=round_,
        round_text=gv.round_text(round_, lang),
        published=round_ is not None and round_["published_at"] is not None,
        problems=list(problems),
        links=[link] * len(problems),
        reason=reason,
        summary=None,
    )


def store(request):
    """Grade the checked upload again and store it; a published round only with a reason."""
    desk = request.app.state.desk
    std = gv.standard_of(desk, request.path_params["domain"])
    form = request.state.form
    upload = uploads.load(desk.ws.root, std.id, form.get("token"))
    if upload is None:
        return _domain_page(request, desk, std, [Problem(Place(), GONE)], status=400)
    lang = lang_of(request)
    reason = form.get("reason")
    reason = reason.strip() if isinstance(reason, str) else ""
    round_, _ = gv.state(desk, std)
    published = round_ is not None and round_["published_at"] is not None
    if published and not reason:
        return _again(request, desk, std, upload, [Problem(Place(), NO_REASON)])
    claimed = uploads.claim(upload)
    if claimed is None:  # the same form sent twice: the first is storing it
        return _domain_page(request, desk, std, [Problem(Place(), GONE)], status=400)
    try:
        done = evaluate(
            desk.registry,
            desk.ws,
            std.id,
            claimed.paths,
            lang=lang,
            amend=published,
            reason=reason if published else None,
        )
    except DingjiError as exc:
        upload = uploads.release(claimed)
        now, _ = gv.state(desk, std)
        if not published and now is not None and now["published_at"] is not None:  # published meanwhile
            return _again(request, desk, std, upload, [Problem(Place(), NO_REASON)], reason)
        problems = problem_view.renamed(exc.problems, claimed.names())
        return _again(request, desk, std, upload, problems, reason, "#store")
    except BaseException:
        uploads.release(claimed)
        raise
    uploads.remove(claimed)
    return desk.render(
        request,
        "grade_stored.html",
        title="",
        std=std,
        done=done,
        grading=gv.graded(std, done, done.changes, lang),
        round_text=gv.round_text(done.round, lang),
        reason=reason if done.amended else "",
        names=[name for _, name in upload.files],
    )


def _again(request, desk, std, upload, problems, reason: str = "", link: str = "#reason"):
    """The preview again (400) with the problems that kept the upload from being stored."""
    try:
        done = evaluate(desk.registry, desk.ws, std.id, upload.paths, dry_run=True, lang=lang_of(request))
    except DingjiError as exc:  # the files no longer grade (the standard changed meanwhile)
        return _refused(request, desk, std, upload, exc)
    shown = problem_view.renamed(problems, upload.names())
    return _preview(request, desk, std, upload, done, shown, reason, link, status=400)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/grade", "定级", "Grade")
    return [
        Route("/grade", domains, name="grade"),
        Route("/grade/{domain}", domain_page, name="grade_domain"),
        Route("/grade/{domain}/template.{fmt}", template_file, name="grade_template"),
        Route("/grade/{domain}/check", check, methods=["POST"], name="grade_check"),
        Route("/grade/{domain}/store", store, methods=["POST"], name="grade_store"),
    ]
