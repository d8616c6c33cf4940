"""Small rules of wording that every face follows: a count with its unit in English
("1 day", "2 days"), a CSV cell Excel will not run as a formula, and the ids of a roster
nearest an id that is not in it ("did you mean qs-c02?")."""

from __future__ import annotations

import difflib
import re

#: A CSV field Excel turns into a formula when it starts with one of these (as the ledger's CSV).
_FORMULA = tuple("=+-@\t\r")


class Count(int):
    """An int that names its unit in a format spec, in English number:
    ``f"{Count(1):day}"`` is ``1 day``, ``f"{Count(3):day}"`` is ``3 days``, and
    ``f"{Count(2):person|people}"`` is ``2 people``.  Without a spec it is the number."""

    def __format__(self, spec: str) -> str:
        if not spec or not any(c.isalpha() for c in spec):
            return int.__format__(int(self), spec)
        one, _, many = spec.partition("|")
        return f"{int(self)} {one if self == 1 else (many or one + 's')}"


def csv_text(value):
    """A cell for a CSV that Excel opens: a text that would be a formula gets an apostrophe
    (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``); anything else, numbers included, as it is."""
    if value.__class__ is str and value.startswith(_FORMULA):
        return "'" + value
    return value


def _numbers_as_numbers(text: str) -> str:
    """``cun-01`` and ``CUN-1`` alike: lower case, leading zeros dropped."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), text.lower())


def closest(wanted: str, known, n: int = 3) -> list[str]:
    """The (at most ``n``) ids of ``known`` nearest ``wanted``, best first (by difflib's ratio,
    case aside), or the ids equal to it but for case and leading zeros (``cun-1``: ``cun-01``)
    when there are such; none when nothing is near."""
    typed = wanted.strip().lower()
    same = _numbers_as_numbers(typed)
    scored = []
    for k in map(str, known):
        if _numbers_as_numbers(k) == same:
            scored.append((-2.0, k))
            continue
        m = difflib.SequenceMatcher(None, typed, k.lower())
        if m.real_quick_ratio() >= 0.6 and m.quick_ratio() >= 0.6 and m.ratio() >= 0.6:
            scored.append((-m.ratio(), k))
    best = sorted(scored)[:n]
    return [k for score, k in best if score == -2.0] or [k for _, k in best]  # cun-1: cun-01 alone


def either(words, lang: str = "zh") -> str:
    """``a、b、c`` / ``a, b or c``: choices offered."""
    words = list(words)
    if lang != "en":
        return "、".join(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
