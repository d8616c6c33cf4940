"""``/visits``: the visit ledger (走访台账), fifty visits a page read in SQL; ``?missing=1`` the
organizations not yet visited (一个不漏); ``/visits/new`` records a visit and
``/visits/<id>/edit`` changes one, every edit recorded with what it changed.

The form's fields are the visit form's of the core (:data:`dingji.core.visit_form.FORM`), and
what is typed is checked by the services the commands use: a form with mistakes comes back
with every problem at the top and beside its field, the values kept, and nothing stored.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.errors import DingjiError
from dingji.core.text import Text
from dingji.core.visit_form import FORM, finding_text
from dingji.services import visits
from dingji.web import forms, view

PER = 50
NAMES = ["org", *visits.STORED]
PLACES = forms.places(NAMES)


def ledger(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    missing = request.query_params.get("missing") == "1"
    org = request.query_params.get("org") or None
    page = forms.page_number(request)
    with desk.store() as store, store.reading():
        cover = visits.coverage(store, desk.year, limit=0)
        if missing:
            got = visits.missing_page(store, desk.registry, desk.year, page, PER)
        else:
            got = visits.visit_page(store, desk.year, page, PER, org)
            for row in got["rows"]:
                row["findings"] = finding_text(row, lang)
    total = sum(n for _, n, _ in cover["per_domain"])
    tally = {"organizations": total, "visited": sum(n for _, _, n in cover["per_domain"]), "visits": cover["visits"]}
    title = Text("未走访的组织", "Organizations not visited") if missing else Text("走访台账", "Visits")
    return desk.render(
        request,
        "visits.html",
        title=title.say(lang),
        missing=missing,
        org=org or "",
        got=got,
        tally=tally,
        missing_count=cover["missing_count"],
        flash=forms.flashed(request),
    )


def _form_page(request, values, errors, *, visit=None, history=(), status=200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    errors = forms.ordered(errors, ["org", *visits.STORED])
    orgs = None
    if visit is None:
        with desk.store() as store:
            orgs = forms.org_choices(store)
    title = Text("修改走访记录", "Edit a visit") if visit else Text("记录走访", "Record a visit")
    return desk.render(
        request,
        "visit_form.html",
        status_code=status,
        title=title.say(lang),
        fields=forms.fields(FORM, lang=lang),
        values=values,
        errors=errors,
        at=forms.at_fields(errors),
        orgs=orgs,
        visit=visit,
        history=[forms.edit_rows(h, FORM, lang) for h in history],
    )


def _typed(visit: dict) -> dict[str, str]:
    """A stored visit as the form shows it: every field as text (yes/no as 是/否)."""
    return {f: forms.value_text(visit.get(f)) for f in visits.STORED} | {"org": visit["org"]}


def _problems(problems, values, lang):
    choose = Text("请选择走访的组织", "Choose the organization visited")
    return forms.problems_at(problems, NAMES, lang, None if values.get("org") else choose)


def new(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    if request.method == "GET":
        values = {f: "" for f in NAMES} | {"org": request.query_params.get("org", ""), "date": desk.today().isoformat()}
        return _form_page(request, values, [])
    values = forms.values_of(request.state.form, NAMES)
    given = {f: values[f] for f in visits.STORED}
    with desk.store() as store:
        try:
            vid = visits.add(store, desk.year, values["org"], given)
        except DingjiError as exc:
            problems = visits.check(store, desk.year, values["org"], given, places=PLACES) or exc.problems
            return _form_page(request, values, _problems(problems, values, lang), status=400)
    forms.flash(
        request,
        Text(
            f"已记录走访（第 {vid} 条）：{values['org']} {values['date']}",
            f"Visit {vid} recorded: {values['org']} {values['date']}",
        ),
    )
    return RedirectResponse(f"/visits?org={quote(values['org'])}#v-{vid}", status_code=303)


def _visit(store, desk, vid: int, lang: str) -> dict:
    said = Text(f"{desk.year} 年没有走访记录 {vid}", f"There is no visit {vid} in {desk.year}")
    return forms.found(visits.visit, store, desk.year, vid, said, lang)


def edit(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    vid = request.path_params["vid"]
    with desk.store() as store:
        visit = _visit(store, desk, vid, lang)
        history = visits.changes(store, vid)
        if request.method == "GET":
            return _form_page(request, _typed(visit), [], visit=visit, history=history)
        values = forms.values_of(request.state.form, visits.STORED) | {"org": visit["org"]}
        try:
            got = visits.edit(store, desk.year, vid, {f: values[f] for f in visits.STORED})
        except DingjiError as exc:
            given = {f: values[f] for f in visits.STORED}
            problems = visits.check(store, desk.year, visit["org"], given, vid, PLACES) or exc.problems
            return _form_page(
                request, values, _problems(problems, values, lang), visit=visit, history=history, status=400
            )
    if got["changes"]:
        labels = "、".join(FORM.field(f).label for f in got["changes"])
        labels_en = ", ".join(FORM.field(f).label_en or f for f in got["changes"])
        said = Text(f"已修改走访记录 {vid}：{labels}", f"Visit {vid} changed: {labels_en}")
    else:
        said = Text(f"走访记录 {vid} 没有改动", f"Visit {vid}: nothing changed")
    forms.flash(request, said)
    return RedirectResponse(f"/visits?org={quote(visit['org'])}#v-{vid}", status_code=303)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/visits", "走访", "Visits")
    return [
        Route("/visits", ledger, name="visits"),
        Route("/visits/new", new, methods=["GET", "POST"], name="visit_new"),
        Route("/visits/{vid:int}/edit", edit, methods=["GET", "POST"], name="visit_edit"),
    ]
