"""Ids are ids: what users type to name a standard, a tracker, an organization's file.

An id may become a file name (``ID.toml``, ``ID-template.xlsx``), so it holds no path
separator, no control character, does not start with a dot or a dash, and is at most 64
characters; letters of any script, digits, ``_``, ``-`` and ``.`` are fine (``village``,
``社区``, ``win.2026``).
"""

from __future__ import annotations

import re

from dingji.core.errors import Place, Problem
from dingji.core.text import Text

_ID = re.compile(r"[^\W][\w.-]{0,63}", re.UNICODE)


def id_problem(value, key: str, file: str | None = None) -> Problem | None:
    """A problem naming ``key`` when ``value`` is not an id, else None."""
    if isinstance(value, str) and _ID.fullmatch(value) and ".." not in value:
        return None
    return Problem(
        Place(file=file, key=key),
        Text(
            f"{value!r} 不是有效的标识：请用字母、汉字、数字及 _ - .（不含 / 或 \\\\，不以 . 或 - 开头，"
            "不超过 64 个字符）",
            f"{value!r} is not an id: use letters, digits, _ - . (no / or \\\\, not starting with . or -, "
            "at most 64 characters)",
        ),
    )
