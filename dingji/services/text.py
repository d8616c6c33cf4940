"""Small rules of wording that every face follows: a count with its unit in English
("1 day", "2 days"), a CSV cell Excel will not run as a formula, and the ids of a roster
nearest an id that is not in it ("did you mean qs-c02?", made in :mod:`dingji.core.nearest`)."""

from __future__ import annotations

from dingji.core.nearest import closest, either  # noqa: F401 - re-exported: the faces' words

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
