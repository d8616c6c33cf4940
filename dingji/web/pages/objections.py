"""``/objections``: objections to the notice (异议处理): the year's objections with their result,
reply and the correction each caused; ``/objections/new`` records one; ``/objections/<n>`` shows
one and the form that records its result, decision and reply.

The same services as ``dingji objection`` check and store every change; a form with mistakes
comes back with every problem at the top and beside its field, the values kept, nothing stored.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Route

from dingji import hookimpl
from dingji.core.errors import DingjiError
from dingji.core.objection_form import FORM, RESULTS, result_name
from dingji.core.text import Text
from dingji.report.objections import objection_rows, tally_text
from dingji.report.year_sheets import domain_names
from dingji.services import objections
from dingji.web import forms, view

RAISE = ["org", "received", "raised_by", "channel", "contact", "content"]
DECIDE = ["result", "decision", "decided_on", "reply", "replied_on"]
HELP = {
    "decided_on": Text("留空：今天", "Blank: today"),
    "received": Text("留空：今天", "Blank: today"),
    "replied_on": Text("留空：处理日期（填写答复情况时）", "Blank: the day decided (with a reply)"),
    "result": Text("成立、部分成立或不成立", "Upheld (成立), partly upheld (部分成立) or rejected (不成立)"),
}


def _rows(store, desk, lang: str, org: str | None = None) -> list[dict]:
    return objection_rows(store, desk.year, domain_names(desk.registry), lang, org)


def listing(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    with desk.store() as store, store.reading():
        rows = _rows(store, desk, lang)
        tally = tally_text(store, desk.year, rows, lang)
    return desk.render(
        request,
        "objections.html",
        title=Text("异议处理", "Objections").say(lang),
        rows=rows,
        tally=tally,
        flash=forms.flashed(request),
    )


def _fields(names, lang: str) -> list[dict]:
    out = [f for f in forms.fields(FORM, lang=lang) if f["id"] in names]
    for f in out:
        if f["id"] in HELP:
            f["help"], f["required"] = HELP[f["id"]].say(lang), False
        if f["id"] == "result":  # a decision: one of the three
            f["choices"], f["required"] = [n[0] for r, n in RESULTS.items() if r != "open"], True
        if f["id"] == "decision":
            f["required"] = True
    return out


def _form_page(request, values, errors, *, got=None, status=200):
    desk, lang = request.app.state.desk, view.lang_of(request)
    names = DECIDE if got else RAISE
    errors = forms.ordered(errors, names)
    orgs = None
    if got is None:
        with desk.store() as store:
            if store.count_results(desk.year) <= forms.SELECT_UP_TO:  # a list to choose from, when short
                graded = {r.org for r in store.iter_result_rows(desk.year)}
                orgs = [o for o in store.roster().values() if o.id in graded]
    title = (
        Text(f"处理异议 {got['number']}", f"Decide objection {got['number']}")
        if got
        else Text("记录异议", "Record an objection")
    )
    return desk.render(
        request,
        "objection_form.html",
        status_code=status,
        title=title.say(lang),
        fields=_fields(names, lang),
        values=values,
        errors=errors,
        at=forms.at_fields(errors),
        orgs=orgs,
        got=got,
    )


def new(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    if request.method == "GET":
        values = {f: "" for f in RAISE} | {
            "org": request.query_params.get("org", ""),
            "received": desk.today().isoformat(),
        }
        return _form_page(request, values, [])
    values = forms.values_of(request.state.form, RAISE)
    given = {f: values[f] for f in RAISE if f != "org"} | {"received": values["received"] or desk.today().isoformat()}
    with desk.store() as store:
        try:
            number = objections.add(store, desk.year, values["org"], given)
            note = objections.outside_period(store, desk.year, given["received"])
        except DingjiError as exc:
            problems = objections.check(store, desk.year, values["org"], given, forms.places(RAISE)) or exc.problems
            choose = Text("请选择异议针对的组织", "Choose the organization the objection is about")
            errors = forms.problems_at(problems, RAISE, lang, None if values["org"] else choose)
            return _form_page(request, values, errors, status=400)
    said = Text(f"已记录异议 {number}（{values['org']}）", f"Objection {number} recorded ({values['org']})")
    if note is not None:
        said = Text(f"{said.zh}。{note.zh}", f"{said.en}. {note.en}")
    forms.flash(request, said)
    return RedirectResponse(f"/objections#o-{number}", status_code=303)


def decide(request):
    desk, lang = request.app.state.desk, view.lang_of(request)
    number = request.path_params["number"]
    with desk.store() as store:
        missing = Text(f"{desk.year} 年没有异议编号 {number}", f"There is no objection {number} in {desk.year}")
        stored = forms.found(objections.objection, store, desk.year, number, missing, lang)
        # its row, with the organization's grade: that organization's objections only, not the year's
        got = next(r for r in _rows(store, desk, lang, stored["org"]) if r["number"] == number)
        if request.method == "GET":
            values = {f: got[f] or "" for f in DECIDE} | {
                "result": "" if got["result"] == "open" else result_name(got["result"])
            }
            values["decided_on"] = values["decided_on"] or desk.today().isoformat()
            return _form_page(request, values, [], got=got)
        values = forms.values_of(request.state.form, DECIDE)
        given = dict(values)
        given["decided_on"] = values["decided_on"] or desk.today().isoformat()
        if given["reply"] and not given["replied_on"]:
            given["replied_on"] = given["decided_on"]
        places = forms.places(DECIDE)
        problems = objections.check_decision(store, desk.year, number, given, places)
        if problems:
            return _form_page(request, values, forms.problems_at(problems, DECIDE, lang), got=got, status=400)
        objections.decide(store, desk.year, number, given, places)
    forms.flash(request, Text(f"已记录异议 {number} 的处理结果", f"Objection {number}: result recorded"))
    return RedirectResponse(f"/objections#o-{number}", status_code=303)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/objections", "异议", "Objections")
    return [
        Route("/objections", listing, name="objections"),
        Route("/objections/new", new, methods=["GET", "POST"], name="objection_new"),
        Route("/objections/{number:int}", decide, methods=["GET", "POST"], name="objection_decide"),
    ]
