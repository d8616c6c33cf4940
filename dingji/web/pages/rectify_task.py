"""``/rectify/<id>``: one rectification task, its history, and the forms that mark it started
(进行中), done (已完成), or accepted and closed (已验收销号) on a day: today as the desk sees it
unless another is typed, and the page after says which day was recorded.  Part of the
rectification pages (:mod:`dingji.web.pages.rectify`), which serve its routes."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji.core.errors import DingjiError
from dingji.core.rectify_form import FORM, overdue_days, status_name
from dingji.core.text import Text
from dingji.services import rectify
from dingji.web import forms, view

#: action in the path -> (the status it sets, its button, its message)
ACTIONS = {
    "start": ("doing", Text("开始整改（进行中）", "Mark started (in progress)"), Text("开始整改", "started")),
    "done": ("done", Text("整改完成（已完成）", "Mark done"), Text("整改完成", "done")),
    "closed": (
        "closed",
        Text("验收合格、挂牌销号（已验收销号）", "Mark accepted and closed"),
        Text("验收销号", "accepted and closed"),
    ),
}
#: what each status may become from this page
NEXT = {"todo": ("start", "done"), "doing": ("done",), "done": ("closed",), "closed": ()}
#: how a change of status was recorded (rectify_events.how)
HOW = {
    "add": Text("添加", "added"),
    "import": Text("导入", "imported"),
    "doing": Text("开始", "started"),
    "done": Text("完成", "done"),
    "closed": Text("验收销号", "closed"),
}


def task_or_404(store, desk, tid: int, lang: str) -> dict:
    """Task ``tid`` of the desk's year, or the 404 page saying there is none."""
    said = Text(f"{desk.year} 年没有整改任务 {tid}", f"There is no task {tid} in {desk.year}")
    return forms.found(rectify.task, store, desk.year, tid, said, lang)


def task_page(request, errors=(), typed=None, status=200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    tid = request.path_params["tid"]
    today = desk.today()
    with desk.store() as store, store.reading():
        task = task_or_404(store, desk, tid, lang)
        history = rectify.events(store, tid)
        edits = [forms.edit_rows(e, FORM, lang) for e in rectify.task_changes(store, tid)]
    events = [
        {**e, "status_name": status_name(e["status"], lang), "how": view.say(HOW.get(e["how"], e["how"]), lang)}
        for e in history
    ]
    actions = [{"id": a, "button": ACTIONS[a][1].say(lang)} for a in NEXT[task["status"]]]
    return desk.render(
        request,
        "rectify_task.html",
        status_code=status,
        title=Text(f"整改任务 {tid}", f"Task {tid}").say(lang),
        task=task,
        status_name=status_name(task["status"], lang),
        overdue=overdue_days(task, today),
        events=events,
        actions=actions,
        edits=edits,
        **forms.state(request, errors, typed, today),
    )


def advance(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    tid, action = request.path_params["tid"], request.path_params["action"]
    if action not in ACTIONS:
        raise HTTPException(404)
    new_status, _, said = ACTIONS[action]
    typed = forms.values_of(request.state.form, ["on"])["on"]
    day, errors = forms.day(typed, f"{action}-on", desk.today(), Text("日期", "Day"), lang)
    if not errors:
        try:
            with desk.store() as store:
                task_or_404(store, desk, tid, lang)
                rectify.advance(store, desk.year, [tid], new_status, day)
        except DingjiError as exc:
            errors = [{"field": f"{action}-on", "text": view.say(p.text, lang)} for p in exc.problems]
    if errors:
        return task_page(request, errors, typed={action: typed}, status=400)
    head = Text(f"任务 {tid}：", f"Task {tid} ") + said
    forms.flash(request, forms.on_day(head, day, typed, desk.today()))
    return RedirectResponse(f"/rectify/{tid}", status_code=303)


def routes() -> list[Route]:
    return [
        Route("/rectify/{tid:int}", task_page, name="rectify_task"),
        Route("/rectify/{tid:int}/{action}", advance, methods=["POST"], name="rectify_advance"),
    ]
