"""What the desk's record forms share (visits, rectification tasks).

- The fields come from the core's form (:mod:`dingji.core.visit_form`,
  :mod:`dingji.core.rectify_form`), so the desk asks for what an import file holds, with the
  same labels, and the services check what is typed exactly as they check a file or a command.
- A service's problems are placed at their fields (the command-line option a problem names
  is mapped back to its field), for the GOV.UK error summary and the messages beside each
  field (``_form.html``).
- A message for the page after a redirect (Post/Redirect/Get), kept in the session.
"""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException

from dingji.core.errors import DingjiError
from dingji.core.text import Text
from dingji.core.visit_form import yes
from dingji.web import view

#: fields typed as several lines
LONG = ("problems", "note", "measures", "pledge", "requirement", "content", "decision", "reply")
#: a yes/no field's third choice, blank: 未了解 (a visit's findings) unless named here
BLANK = {"superior": ("未填", "not said")}
#: the organization chooser is a list up to this many organizations, else a box for the id
SELECT_UP_TO = 300


def fields(form, skip=(), lang: str = "zh") -> list[dict]:
    """The form's fields as the template draws them: ``id``, ``label``, ``kind`` (``long`` for a
    text of several lines), ``required``, ``choices``, ``help`` (Chinese only)."""
    out = []
    for f in form.fields:
        if f.id in skip or f.id in form.shown:
            continue
        kind = "long" if f.kind == "text" and f.id in LONG else f.kind
        label = f.label_en.capitalize() if lang == "en" and f.label_en else f.label
        out.append(
            {
                "id": f.id,
                "label": label,
                "kind": kind,
                "required": f.required,
                "choices": list(f.choices),
                "help": f.help if lang != "en" else "",
                "blank": BLANK.get(f.id, ("未了解", "not known")),
            }
        )
    return out


def places(names) -> dict[str, str]:
    """For a service's ``check``: each field's problems placed at the field's own id."""
    return {n: n for n in names if n != "org"}


def problems_at(problems, names, lang: str, choose: Text | None = None) -> list[dict]:
    """``[{"field": id or None, "text": …}]`` of a service's problems placed by :func:`places`: at
    a field of ``names``, the organization's (key ``ORG``) at ``org``, any other in the summary only.
    ``choose``: what to say at ``org`` instead when no organization was chosen at all."""
    out = []
    for p in problems:
        key = p.place.key
        field = "org" if key == "ORG" else key if key in names else None
        text = choose if field == "org" and choose is not None else p.text
        out.append({"field": field, "text": view.say(text, lang)})
    return out


def ordered(errors: list[dict], order) -> list[dict]:
    """``errors`` in the order of the fields on the page (``order``: field ids), the rest after."""
    rank = {fid: i for i, fid in enumerate(order)}
    return sorted(errors, key=lambda e: rank.get(e["field"], len(rank)))


def at_fields(errors: list[dict]) -> dict[str, list[str]]:
    """``{field: [messages]}``: what each field shows beside it."""
    out: dict[str, list[str]] = {}
    for e in errors:
        if e["field"]:
            out.setdefault(e["field"], []).append(e["text"])
    return out


def values_of(form_data, names) -> dict[str, str]:
    """The posted text of each field (``""`` when not sent), stripped of surrounding blanks."""
    out = {}
    for name in names:
        got = form_data.get(name)
        out[name] = got.strip() if isinstance(got, str) else ""
    return out


def day(text: str, field: str, today: dt.date, label: Text, lang: str) -> tuple[dt.date | None, list[dict]]:
    """``(the day typed, or today when blank; [])``, or ``(None, [the error at field])``."""
    if not text:
        return today, []
    try:
        return dt.date.fromisoformat(text), []
    except ValueError:
        said = Text(
            f"{label.zh}：'{text}' 不是有效日期（请写作 2026-03-01）",
            f"{label.en}: '{text}' is not a date (write it as 2026-03-01)",
        )
        return None, [{"field": field, "text": said.say(lang)}]


def flash(request, text: Text) -> None:
    """Say ``text`` on the next page this session opens (after a redirect)."""
    request.session["flash"] = [text.zh, text.en]


def flashed(request) -> str:
    """The message left by :func:`flash`, once, in the user's language; ``""`` when none."""
    got = request.session.pop("flash", None)
    if not got:
        return ""
    return view.say(Text(*got), view.lang_of(request))


def on_day(text: Text, day: dt.date, typed: str, today: dt.date) -> Text:
    """``text`` with the day recorded, and, when no day was typed, that it was today."""
    iso = day.isoformat()
    if typed:
        return text + Text(f"，日期 {iso}", f" on {iso}")
    return text + Text(f"，日期 {iso}（未填日期，取今天）", f" on {iso} (no day typed: today, as the desk sees it)")


def value_text(value, lang: str = "zh") -> str:
    """A stored value as a form and an edit's history show it: yes/no in words, None as nothing."""
    return yes(value, lang) if isinstance(value, bool) else ("" if value is None else str(value))


def edit_rows(edit: dict, form, lang: str) -> dict:
    """An edit of a record (a visit, a task) in words: each field's label, before and after."""
    rows = []
    for fid, (old, new) in edit["changes"].items():
        field = form.field(fid)
        label = field.label_en if lang == "en" and field.label_en else field.label
        rows.append({"label": label, "old": value_text(old, lang), "new": value_text(new, lang)})
    return {"at": edit["at"], "changes": rows}


def org_choices(store) -> list | None:
    """The roster's organizations for a form's list to choose from, or None when there are more
    than :data:`SELECT_UP_TO` (then the id is typed): counted in SQL before any is built."""
    return list(store.roster().values()) if store.roster_size() <= SELECT_UP_TO else None


def page_number(request) -> int:
    """``?page=`` as a number from 1 (1 when missing, 0 or not a number)."""
    got = request.query_params.get("page", "1")
    return int(got) if got.isdigit() and 0 < len(got) < 10 and int(got) > 0 else 1


def state(request, errors=(), typed=None, today: dt.date | None = None) -> dict:
    """What a page holding small forms renders them with: the problems (and at which field),
    what was typed, the day the forms default to, and the message left by :func:`flash`."""
    errors = list(errors)
    return {
        "today": today.isoformat() if today else "",
        "errors": errors,
        "at": at_fields(errors),
        "typed": typed or {},
        "flash": flashed(request),
    }


def found(read, store, year: int, number: int, missing: Text, lang: str):
    """``read(store, year, number)``, or a 404 page saying ``missing`` when there is no such record."""
    try:
        return read(store, year, number)
    except DingjiError:
        raise HTTPException(404, missing.say(lang)) from None
