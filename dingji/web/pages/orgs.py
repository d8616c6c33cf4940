"""``/orgs``: the roster with every round's grade, filtered by domain and grade, 50 to a page
(paged in SQL); ``/org/<id>``: one organization, every point of its grade explained;
``/org/<id>/print``: its 评分表 on one A4 page, with signature lines."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.routing import Route

from dingji import hookimpl
from dingji.services.text import closest
from dingji.store.orgs import UNGRADED, org_ids, roster_page, round_numbers
from dingji.store.rounds import round_name
from dingji.web import forms, org_view
from dingji.web.view import lang_of

#: organizations on one page of the roster
PER_PAGE = 50


def _filters(registry, domain: str) -> tuple[tuple[str, ...], dict[str, int], object]:
    """``(roster domains matching the filter, {roster domain: place}, the standard filtered by)``:
    a roster names a domain by its standard's id or by its 领域 name."""
    ranks: dict[str, int] = {}
    for i, std in enumerate(registry.standards.values()):
        ranks.setdefault(std.id, i)
        ranks.setdefault(std.domain, i)
    std = org_view.standard_of(registry, domain) if domain else None
    keys = (std.id, std.domain) if std else ((domain,) if domain else ())
    return keys, ranks, std


def _grades(registry) -> list[str]:
    out: list[str] = []
    for std in registry.standards.values():
        out += [g.name for g in std.grades if g.name not in out]
    return out


def _one_page(store, year: int, page: int, **where):
    """``(the rows of page ``page``, or of the last page when it is past the end; the page; pages)``."""
    got = roster_page(store, year, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, **where)
    pages = max(1, -(-got.total // PER_PAGE))
    if page > pages:  # the roster shrank, or a hand-typed number: the last page
        page = pages
        got = roster_page(store, year, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, **where)
    return got, page, pages


def _named(registry, rows: list[dict]) -> list[dict]:
    """Each row with its domain's 领域 name and whether its standard has a 服务型 rule."""
    for row in rows:
        std = registry.standards.get(row["standard"]) or org_view.standard_of(registry, row["domain"])
        row["domain_name"] = std.domain if std else row["domain"]
        row["has_service"] = bool(std and std.service) and row["grade"] is not None
    return rows


def roster(request):
    desk = request.app.state.desk
    lang = lang_of(request)
    q = request.query_params
    domain, grade = q.get("domain", "").strip(), q.get("grade", "").strip()
    keys, ranks, std = _filters(desk.registry, domain)
    with desk.store() as store, store.reading():
        got, page, pages = _one_page(
            store, desk.year, forms.page_number(request), domains=keys, grade=grade or None, ranks=ranks
        )
        numbers = round_numbers(store, desk.year, (std.id,) if std else ()) or [1]

    def link(n: int) -> str:
        return "/orgs?" + urlencode({k: v for k, v in (("domain", domain), ("grade", grade), ("page", n)) if v})

    return desk.render(
        request,
        "orgs.html",
        title="组织" if lang != "en" else "Organizations",
        rows=_named(desk.registry, got.rows),
        total=got.total,
        page=page,
        pages=pages,
        prev=link(page - 1) if page > 1 else None,
        next=link(page + 1) if page < pages else None,
        rounds=[(n, round_name(n, lang)) for n in numbers],
        domains=[(s.id, s.domain) for s in desk.registry.standards.values()],
        grades=_grades(desk.registry),
        domain=std.id if std else domain,
        grade=grade,
        ungraded=UNGRADED,
    )


def _view(request):
    """``(the organization's view or None, the ids nearest the one asked for)``."""
    desk = request.app.state.desk
    org = request.path_params["org"]
    with desk.store() as store, store.reading():
        got = org_view.one(desk, store, org, lang_of(request))
        return got, (closest(org, org_ids(store, desk.year)) if got is None else [])


def _missing(request, near: list[str]):
    desk = request.app.state.desk
    lang = lang_of(request)
    title = "没有这个组织" if lang != "en" else "No such organization"
    return desk.render(
        request, "org_missing.html", status_code=404, title=title, org=request.path_params["org"], near=near
    )


def org(request):
    got, near = _view(request)
    if got is None:
        return _missing(request, near)
    return request.app.state.desk.render(request, "org.html", title=got["entry"]["name"], v=got)


def org_print(request):
    got, near = _view(request)
    if got is None:
        return _missing(request, near)
    desk = request.app.state.desk
    title = got["entry"]["name"] + ("：评分表" if lang_of(request) != "en" else ": score sheet")
    return desk.render(request, "org_print.html", status_code=200 if got["result"] else 404, title=title, v=got)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/orgs", "组织", "Organizations")
    return [
        Route("/orgs", roster, name="orgs"),
        Route("/org/{org}", org, name="org"),
        Route("/org/{org}/print", org_print, name="org_print"),
    ]
