"""``/rectify``: rectification (整改): the year's tasks grouped by organization with their status,
deadline and days overdue (``?overdue=1``: only those), the plans to be filed (备案) with a
form to record one filed; ``/rectify/new`` adds a task; ``/rectify/<id>`` shows one task, its
history, and the forms that mark it started, done, or accepted and closed, on a day (today as
the desk sees it unless another is typed; the page then says which day was recorded).

The same services as ``dingji rectify`` check and store every change; a form with mistakes
comes back with every problem at the top and beside its field, and nothing stored.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.errors import DingjiError
from dingji.core.rectify_form import FORM, status_name
from dingji.core.text import Text
from dingji.services import rectify, rectify_view
from dingji.web import forms, view
from dingji.web.pages import rectify_edit, rectify_task

#: organizations a page
PER = 50
NAMES = ["org", *(f.id for f in FORM.fields if f.id not in ("task", *FORM.shown))]
PLACES = forms.places(NAMES)
HELP = {
    "owner": Text("留空：组织名单中的书记", "Blank: the secretary in the roster"),
    "status": Text("留空：未启动", "Blank: not started"),
}


def _groups(rows: list[dict]) -> list[dict]:
    """Tasks grouped by organization, in the order given (by organization, then task)."""
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["org"] != r["org"]:
            out.append({"org": r["org"], "name": r["name"], "grade": r["grade"], "filing": r["filing"], "tasks": []})
        out[-1]["tasks"].append(r)
    return out


def listing(request, errors=(), typed=None, status=200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    overdue = request.query_params.get("overdue") == "1"
    org = request.query_params.get("org") or None
    today = desk.today()
    with desk.store() as store, store.reading():
        rows = rectify_view.task_rows(store, desk.registry, desk.year, today, org, overdue, lang)
        filing = rectify_view.filing_rows(store, desk.registry, desk.year)
        tally = rectify_view.tally(store, desk.year, today)
    groups = _groups(sorted(rows, key=lambda r: (r["org"], r["task"])) if overdue else rows)
    page = forms.page_number(request)
    pages = max(1, -(-len(groups) // PER))
    page = min(page, pages)
    statuses = [(status_name(s, lang), n) for s, n in tally["by_status"].items()]
    title = Text("逾期的整改任务", "Overdue tasks") if overdue else Text("整改", "Rectification")
    return desk.render(
        request,
        "rectify.html",
        status_code=status,
        title=title.say(lang),
        overdue=overdue,
        org=org or "",
        groups=groups[(page - 1) * PER : page * PER],
        pager={"page": page, "pages": pages},
        tally=tally,
        statuses=statuses,
        filing=filing,
        **forms.state(request, errors, typed, today),
    )


def filed(request):
    """Record a plan filed (备案) with the 市委组织部 on a day (today unless typed)."""
    desk, lang = request.app.state.desk, view.lang_of(request)
    got = forms.values_of(request.state.form, ["org", "on", "note"])
    org = got["org"]
    field = f"filed-{org}"
    label = Text("备案日期", "Day filed")
    day, errors = forms.day(got["on"], f"{field}-on", desk.today(), label, lang)
    if not errors:
        try:
            with desk.store() as store:
                rectify.file_plan(store, desk.registry, desk.year, org, day, got["note"] or None)
        except DingjiError as exc:  # not to be filed, or no task yet: about the organization, not the day
            errors = [{"field": None, "text": view.say(p.text, lang)} for p in exc.problems]
    if errors:
        return listing(request, errors, typed={field: got}, status=400)
    forms.flash(
        request,
        forms.on_day(
            Text(f"已记录 {org} 的整改方案报市委组织部备案", f"{org}'s plan recorded as filed"),
            day,
            got["on"],
            desk.today(),
        ),
    )
    return RedirectResponse("/rectify#filing", status_code=303)


def _fields(lang: str) -> list[dict]:
    out = forms.fields(FORM, skip=("task",), lang=lang)
    for f in out:
        if f["id"] in HELP:
            f["help"], f["required"] = HELP[f["id"]].say(lang), False
    return out


def _form_page(request, values, errors, status=200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    errors = forms.ordered(errors, NAMES)
    with desk.store() as store:
        orgs = forms.org_choices(store)
    return desk.render(
        request,
        "rectify_form.html",
        status_code=status,
        title=Text("添加整改任务", "Add a rectification task").say(lang),
        fields=_fields(lang),
        values=values,
        errors=errors,
        at=forms.at_fields(errors),
        orgs=orgs,
    )


def new(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    if request.method == "GET":
        return _form_page(request, {f: "" for f in NAMES} | {"org": request.query_params.get("org", "")}, [])
    values = forms.values_of(request.state.form, NAMES)
    given = {f: values[f] for f in NAMES if f != "org"}
    with desk.store() as store:
        try:
            tid = rectify.add(store, desk.year, values["org"], given)
        except DingjiError as exc:
            problems = rectify.check(store, desk.year, values["org"], given, PLACES) or exc.problems
            choose = Text("请选择整改的组织", "Choose the organization")
            errors = forms.problems_at(problems, NAMES, lang, None if values["org"] else choose)
            if any(e["field"] == "org" for e in errors):  # the owner is the secretary's once it is chosen
                errors = [e for e in errors if e["field"] != "owner" or values["owner"]]
            return _form_page(request, values, errors, status=400)
    forms.flash(request, Text(f"已添加整改任务 {tid}（{values['org']}）", f"Task {tid} added ({values['org']})"))
    return RedirectResponse(f"/rectify/{tid}", status_code=303)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/rectify", "整改", "Rectification")
    return [
        Route("/rectify", listing, name="rectify"),
        Route("/rectify/new", new, methods=["GET", "POST"], name="rectify_new"),
        Route("/rectify/filed", filed, methods=["POST"], name="rectify_filed"),
        *rectify_edit.routes(),
        *rectify_task.routes(),
    ]
