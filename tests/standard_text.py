"""The TOML most test standards start with, built from parts.  Not a conftest: imported by name.

:func:`preamble` writes ``schema = 1``, ``[standard]``, ``[scale]`` (total 100), the grades
and the sources; a test adds its own categories (and vetoes, survey…) after it.  The
defaults are the ones most tests grade by hand with: four grades 好 90 / 较好 80 / 一般 60 /
较差 0, and two ``indicators`` sources, self 0.4 and superior 0.6.  The text is exactly
what each test wrote out before (some tests hash it, or replace parts of it).
"""

from __future__ import annotations

#: 好 90 / 较好 80 / 一般 60 / 较差 0
GRADES = """\
[[grade]]
name = "好"
min = 90
[[grade]]
name = "较好"
min = 80
[[grade]]
name = "一般"
min = 60
[[grade]]
name = "较差"
min = 0
"""

#: self 0.4 and superior 0.6, both of kind ``indicators``
SELF_SUPERIOR = """\
[[source]]
id = "self"
name = "自查自评"
weight = 0.4
[[source]]
id = "superior"
name = "上级党组织评定"
weight = 0.6
"""


def preamble(
    id: str,
    name: str,
    domain: str,
    version: str = "1",
    *,
    precision=1,
    sources: str = SELF_SUPERIOR,
    spaced: bool = False,
) -> str:
    """The standard's text up to its first category: schema, [standard], [scale] (without a
    ``precision`` line when ``precision`` is None), :data:`GRADES` and ``sources``; ``spaced``
    puts a blank line after each of these parts."""
    scale = "[scale]\ntotal = 100\n" + ("" if precision is None else f"precision = {precision}\n")
    parts = (
        "schema = 1\n",
        f'[standard]\nid = "{id}"\nname = "{name}"\ndomain = "{domain}"\nversion = "{version}"\n',
        scale,
        GRADES,
        sources,
    )
    gap = "\n" if spaced else ""
    return "".join(part + gap for part in parts)
