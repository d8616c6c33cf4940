"""``/rectify/<id>/edit``: change a rectification task's problem, measures, owner, dates and the
rest (its status moves on the task's page).  Checked as a new task is; every edit is recorded
with what it changed (``rectify_changes``), and an edit that changes nothing writes nothing.
Part of the rectification pages (:mod:`dingji.web.pages.rectify`), which serve its route."""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji.core.errors import DingjiError
from dingji.core.rectify_form import FORM
from dingji.core.text import Text
from dingji.services import rectify
from dingji.web import forms, view
from dingji.web.pages.rectify_task import task_or_404

#: the fields the form edits: every field of a task but its number, organization and status
NAMES = [f.id for f in FORM.fields if f.id not in ("task", "status", *FORM.shown)]
PLACES = forms.places(NAMES)


def _page(request, task: dict, values: dict, errors, status: int = 200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    errors = forms.ordered(errors, NAMES)
    fields = [f for f in forms.fields(FORM, skip=("task", "status"), lang=lang) if f["id"] in NAMES]
    title = Text(f"修改整改任务 {task['id']}", f"Edit task {task['id']}").say(lang)
    return desk.render(
        request,
        "rectify_form.html",
        status_code=status,
        title=title,
        fields=fields,
        values=values,
        errors=errors,
        at=forms.at_fields(errors),
        orgs=None,
        task=task,
    )


def edit(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    tid = request.path_params["tid"]
    with desk.store() as store:
        task = task_or_404(store, desk, tid, lang)
        if request.method == "GET":
            return _page(request, task, {f: forms.value_text(task.get(f)) for f in NAMES}, [])
        values = forms.values_of(request.state.form, NAMES)
        try:
            got = rectify.edit(store, desk.year, tid, values)
        except DingjiError as exc:
            problems = rectify.check_edit(store, desk.year, tid, values, PLACES) or exc.problems
            return _page(request, task, values, forms.problems_at(problems, NAMES, lang), status=400)
    if got["changes"]:
        said = Text(f"已修改整改任务 {tid}（{len(got['changes'])} 项）", f"Task {tid} changed ({len(got['changes'])})")
    else:
        said = Text(f"整改任务 {tid} 没有改动，未保存", f"Task {tid}: nothing changed, nothing saved")
    forms.flash(request, said)
    return RedirectResponse(f"/rectify/{tid}", status_code=303)


def routes() -> list[Route]:
    return [Route("/rectify/{tid:int}/edit", edit, methods=["GET", "POST"], name="rectify_edit")]
