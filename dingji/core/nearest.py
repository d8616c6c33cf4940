"""The ids of a roster nearest an id that is not in it ("did you mean qs-c02?"): in the core,
so that reading scores can name them; the faces reach it through :mod:`dingji.services.text`."""

from __future__ import annotations

import difflib
import re

#: Letters typed for the digits they look like: cun-O8 for cun-08, qs-co2 for qs-c02, cun-l2 for cun-12.
_LOOKALIKE = str.maketrans({"o": "0", "l": "1"})


def _numbers_as_numbers(text: str) -> str:
    """``cun-01``, ``CUN-1`` and ``cun-O1`` alike: lower case, the look-alike letters O and l as
    the digits 0 and 1, leading zeros dropped."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), text.lower().translate(_LOOKALIKE))


def closest(wanted: str, known, n: int = 3) -> list[str]:
    """The (at most ``n``) ids of ``known`` nearest ``wanted``, best first (by difflib's ratio,
    case aside), or the ids equal to it but for case, leading zeros and a letter O or l typed for
    a digit (``cun-1``, ``cun-O1``: ``cun-01``) when there are such; none when nothing is near."""
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
