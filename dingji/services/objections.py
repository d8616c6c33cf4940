"""Objections to the notice (异议处理): record who raised what about which organization and when,
decide them, reply, and link the amendment a grade changed by one went through.

Objections live in the store's ``objections`` (schema 7).  ``add`` records one as typed; an
import adds a file's objections and updates those it numbers (异议编号), all or none, with an
audit row; ``decide`` records the result (成立, 部分成立, 不成立), the decision, the reply and
their days.  Every problem of an objection (or of every row of every file) is reported at once,
each at its field, and nothing is stored unless all are right.  An objection is about an
organization graded that year (one the notice shows); received outside the notice's period it
is recorded, and the caller is told (:func:`outside_period`).  A grade an objection changes is
changed by ``evaluate --amend --objection N`` (:func:`linkable`), which links the two.
"""

from __future__ import annotations

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.forms import from_options
from dingji.core.objection_form import (
    BY_NAME,
    CHANNELS,
    DECIDE_OPTIONS,
    EDITABLE,
    FORM,
    OPTIONS,
    RESULTS,
    Matcher,
    result_name,
)
from dingji.core.text import Text
from dingji.io.records import read_form
from dingji.report.objections import period
from dingji.services.forms import write_form_template
from dingji.services.roster import known_org
from dingji.store import objections as table
from dingji.store.base import import_number


def _checks(store, year: int, matcher: Matcher, against_store: bool = True):
    """A row's checks beyond the form's: those of :class:`Matcher`; the organization is graded in
    ``year`` (in the notice); the same objection not recorded twice."""
    graded = {r.org for r in store.iter_result_rows(year)}
    seen = {(o["org"], o["received"], o["raised_by"], o["content"]): o["id"] for o in matcher.by_id.values()}

    def extra(data, org):
        out = list(matcher(data, org))
        if org not in graded:
            out.append(
                (
                    "org",
                    f"{org} has no grade in {year}: the notice does not show it",
                    f"{org} 在 {year} 年没有定级结果，公示中没有它",
                )
            )
        got = seen.get((org, data.get("received"), data.get("raised_by"), data.get("content")))
        if against_store and got is not None and got != data.get("objection"):
            out.append(
                ("content", f"this objection is recorded already (objection {got})", f"这件异议已有记录（异议 {got}）")
            )
        return out

    return extra


def _prepared(values: dict) -> dict:
    """A result by any of its names (成立 or upheld) as its Chinese name."""
    if values.get("result") in BY_NAME:
        values = {**values, "result": RESULTS[BY_NAME[values["result"]]][0]}
    return values


def check(store, year: int, org: str, values: dict, places: dict = OPTIONS) -> list:
    """Every problem of one new objection as typed, as :func:`add` would find them; ``[]`` when it
    would be stored.  ``places``: the key each field's problems are placed at."""
    try:
        from_options(
            FORM, org, _prepared(values), places, store.roster(), year, _checks(store, year, _matcher(store, year))
        )
    except DingjiError as exc:
        return list(exc.problems)
    return []


def _matcher(store, year: int) -> Matcher:
    return Matcher(table.stored(store, year))


def add(store, year: int, org: str, values: dict) -> int:
    """Record one objection (``values``: field id -> text as typed); returns its number."""
    roster = store.roster()
    known_org(roster, org)
    org, data, _ = from_options(
        FORM, org, _prepared(values), OPTIONS, roster, year, _checks(store, year, _matcher(store, year))
    )
    return table.add(store, year, org, data)


def objection(store, year: int, number: int) -> dict:
    """Objection ``number`` of ``year`` as stored; a DingjiError when there is none."""
    got = table.stored(store, year, objection=number)
    if not got:
        raise DingjiError(
            [
                Problem(
                    Place(key=str(number)),
                    Text(f"{year} 年没有异议编号 {number}", f"there is no objection {number} in {year}"),
                )
            ]
        )
    return got[0]


def _decision(store, year: int, number: int, values: dict, places: dict) -> tuple[dict, dict]:
    """``(the objection as stored, its checked data after the decision)``; a DingjiError otherwise."""
    old = objection(store, year, number)
    given = {k: v for k, v in _prepared(values).items() if v not in (None, "")}
    if not given.get("result"):
        raise DingjiError(
            [
                Problem(
                    Place(key=places.get("result")),
                    Text(
                        "须给出处理结果：成立、部分成立或不成立", "give the result: upheld, partly upheld or rejected"
                    ),
                )
            ]
        )
    merged = {k: old.get(k) for k in EDITABLE} | {"result": result_name(old["result"])} | given
    raw = {k: (str(v) if v is not None else None) for k, v in merged.items()} | {"objection": str(number)}
    checks = _checks(store, year, _matcher(store, year))
    _, data, _ = from_options(FORM, old["org"], raw, places, store.roster(), year, checks)
    return old, data


def decide(store, year: int, number: int, values: dict, places: dict = DECIDE_OPTIONS) -> dict:
    """Record the result of objection ``number`` (``values``: result, decision, decided_on, reply,
    replied_on as typed, a result by any of its names; a field not given keeps what it was).
    Returns the objection as it was."""
    old, data = _decision(store, year, number, values, places)
    table.update(store, year, old, data)
    return old


def check_decision(store, year: int, number: int, values: dict, places: dict = DECIDE_OPTIONS) -> list:
    """Every problem of a decision as typed, as :func:`decide` would find them; ``[]`` when it would be stored."""
    try:
        _decision(store, year, number, values, places)
    except DingjiError as exc:
        return list(exc.problems)
    return []


def import_files(store, files, year: int) -> dict:
    """Add and update the objections of the files, all or none; an audit row in ``imports``."""
    matcher = _matcher(store, year)
    rows, infos = read_form(FORM, files, store.roster(), year, _checks(store, year, matcher))
    import_id, added, updated = table.import_rows(store, year, infos, rows, matcher.find)
    return {
        "import": import_id,
        "number": import_number(store, import_id),
        "added": added,
        "updated": updated,
        "organizations": len({r[0] for r in rows}),
    }


def write_template(store, year: int, output=None, fmt: str = "xlsx", lang: str = "zh") -> dict:
    """The objection template holding the year's objections, to edit and import again (default file
    异议处理模板.xlsx or .csv).  Returns ``path`` and ``objections``."""
    rows = [
        {**o, "objection": o["id"], "name": o["org_name"] or "", "result": result_name(o["result"])}
        for o in table.stored(store, year)
    ]
    path = write_form_template(
        FORM, rows, store.roster(), output, fmt, lang, default_name="异议处理模板", suggestions={"channel": CHANNELS}
    )
    return {"path": path, "objections": len(rows)}


def outside_period(store, year: int, received: str) -> Text | None:
    """What to say when an objection was received outside the notice's period (or before any notice)."""
    got = period(store, year)
    if got is None:
        return Text(f"提示：{year} 年的公示尚未发布", f"note: the notice of {year} has not been issued")
    start, end = got
    if start.isoformat() <= received <= end.isoformat():
        return None
    return Text(
        f"提示：提出日期 {received} 不在公示期（{start} 至 {end}）内；已照实记录",
        f"note: received on {received}, outside the publicity period ({start} to {end}); recorded as it is",
    )


def linkable(store, year: int, domain: str, numbers) -> list[dict]:
    """The objections ``numbers`` a correction of ``domain``'s grades answers: each must exist, be
    about an organization of that domain and not be rejected; else a DingjiError naming each."""
    problems, out = [], []
    domains = {r.org: r.domain for r in store.iter_result_rows(year)}
    for number in numbers:
        try:
            got = objection(store, year, number)
        except DingjiError as exc:
            problems += [Problem(Place(key=f"--objection {number}"), p.text) for p in exc.problems]
            continue
        if domains.get(got["org"]) != domain:
            problems.append(
                Problem(
                    Place(key=f"--objection {number}"),
                    Text(
                        f"异议 {number} 针对的 {got['org']} 不属于领域 {domain}",
                        f"objection {number} is about {got['org']}, not an organization of {domain}",
                    ),
                )
            )
        elif got["result"] == "rejected":
            problems.append(
                Problem(
                    Place(key=f"--objection {number}"),
                    Text(
                        f"异议 {number} 的处理结果为不成立，不能据此更正",
                        f"objection {number} was rejected: no correction answers it",
                    ),
                )
            )
        out.append(got)
    if problems:
        raise DingjiError(problems)
    return out


def answered_by(store, year, domain: str, numbers, amend: bool, storing: bool) -> list[dict]:
    """The objections (numbers) a correction of ``domain``'s grades answers, checked by :func:`linkable`;
    a DingjiError unless it is an amendment that is stored (``evaluate --amend``)."""
    if not numbers:
        return []
    if not (amend and storing):
        raise DingjiError(
            [
                Problem(
                    Place(key="--objection"),
                    Text(
                        "--objection 用于更正已公示的结果：须与 --amend 一起使用（并保存结果）",
                        "--objection names what a correction answers: use it with --amend (and store the results)",
                    ),
                )
            ]
        )
    return linkable(store, year, domain, numbers)


def amendment_reason(objections) -> str:
    """The reason of an amendment that answers ``objections``, when none is given."""
    return "；".join(f"采纳异议 {o['id']}（{o['org']}）：{o['content']}" for o in objections)


def link_amendment(numbers):
    """``then(db, amendment id)`` for :func:`dingji.services.rounds.record_amendment`: the objections
    name the amendment they caused."""

    def then(db, amendment_id):
        table.link(db, numbers, amendment_id)

    return then
