"""Small things every page needs: the user's language, the CSRF token, filters for numbers and grades."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from dingji.core.numbers import fmt, fmt_fixed

#: Pages hold a workspace's data: no cache keeps them after the officer leaves.
NO_STORE = {"Cache-Control": "no-store"}

#: The grades' colours in the desk's stylesheet (class names; every other grade: plain).
GRADE_CLASS = {"好": "g-good", "较好": "g-fair", "一般": "g-middle", "较差": "g-poor"}


def lang_of(request) -> str:
    """``en`` when the user switched to English (kept in the session), else ``zh``."""
    return "en" if request.session.get("lang") == "en" else "zh"


def say(text, lang: str) -> str:
    """A :class:`dingji.Text`, a ``(zh, en)`` pair or a plain string, in ``lang``."""
    if text is None:
        return ""
    if hasattr(text, "say"):
        return text.say(lang)
    if isinstance(text, tuple) and len(text) == 2:
        return text[1] if lang == "en" else text[0]
    return str(text)


def csrf_token(request) -> str:
    """This session's CSRF token (made on first use); every POST form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def number(value, places: int | None = None) -> str:
    """A score as people write it: no exponent, no trailing zeros unless ``places`` fixes them."""
    if value is None or value == "":
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return fmt(d) if places is None else fmt_fixed(d, places)


def when(stamp) -> str:
    """A moment the store recorded (ISO 8601, UTC) as this machine's local time to the minute:
    ``2026-12-02 19:58``; text that is not such a moment, as it is."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return "" if stamp is None else str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def grade_class(grade) -> str:
    return GRADE_CLASS.get(str(grade or ""), "")


FILTERS = {"number": number, "grade_class": grade_class, "when": when}
