"""``/``: the year at a glance: phases and dates, what is due, counts per grade per domain and round."""

from __future__ import annotations

from starlette.routing import Route

from dingji import hookimpl
from dingji.services.overview import overview as year_overview
from dingji.store.rounds import round_grade_counts, round_name
from dingji.web.view import lang_of

#: names shown per list on the overview; the rest are counted and linked
SHOWN = 20


def grade_table(desk, store, lang: str) -> dict:
    """``{"grades": [names], "rows": [{domain, name, round, round_name, counts, total}]}`` in the standards' order."""
    counts: dict[tuple[str, int], dict[str, int]] = {}
    for domain, number, grade, n in round_grade_counts(store, desk.year):
        counts.setdefault((domain, number), {})[grade] = n
    grades: list[str] = []
    rows = []
    order = list(desk.registry.standards)
    for (domain, number), got in sorted(counts.items(), key=lambda kv: (_rank(order, kv[0][0]), kv[0])):
        std = desk.registry.standards.get(domain)
        names = [g.name for g in std.grades] if std else sorted(got)
        grades += [g for g in names if g not in grades]
        rows.append(
            {
                "domain": domain,
                "name": std.domain if std else domain,
                "round": number,
                "round_name": round_name(number, lang),
                "counts": got,
                "total": sum(got.values()),
            }
        )
    return {"grades": grades, "rows": rows}


def _rank(order: list, domain: str) -> int:
    return order.index(domain) if domain in order else len(order)


def overview(request):
    desk = request.app.state.desk
    lang = lang_of(request)
    with desk.store() as store:
        with store.reading():
            year = year_overview(desk.ws, store, desk.registry, desk.year, desk.today(), lang, SHOWN)
            table = grade_table(desk, store, lang)
    title = "Overview" if lang == "en" else "概览"  # the frame adds the workspace's name
    return desk.render(request, "overview.html", title=title, status=year, table=table, shown=SHOWN)


@hookimpl
def dingji_web_pages(desk):
    desk.add_menu("/", "概览", "Overview")
    return [Route("/", overview, name="overview")]
