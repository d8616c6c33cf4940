"""The files of a form (the visit and rectification templates, the drafts of problems):
the form's columns with rows already filled, as an xlsx workbook (with the roster and
input checks) or a CSV file, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from dingji.io.atomic import atomic_path
from dingji.io.xlsx.forms import write

#: The formats a form's file is written in.
FORMATS = ("xlsx", "csv")


def write_form_template(
    form,
    rows,
    roster,
    output=None,
    fmt: str = "xlsx",
    lang: str = "zh",
    *,
    default_name: str | None = None,
    suggestions=None,
) -> Path:
    """Write ``form`` holding ``rows`` to ``output`` (default ``{default_name}.{fmt}``, else the
    form's name); ``suggestions`` {field id: values offered} for the xlsx lists.  Returns the path."""
    if fmt not in FORMATS:
        raise ValueError(f"a form is written as {' or '.join(FORMATS)}, not {fmt!r}")
    path = Path(output or f"{default_name or form.name}.{fmt}")
    with atomic_path(path) as tmp:
        write(form, rows, roster, tmp, fmt, lang, suggestions)
    return path
