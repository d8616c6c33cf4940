"""The library API: load standards, read scores, evaluate.  No click here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dingji.core.inputs import Batch, Organization, collect
from dingji.core.model import Standard
from dingji.core.scoring import Result, grade_all
from dingji.registry import default_registry


def load_standard(source, *, registry=None) -> Standard:
    """Load and validate a standard from a TOML file path or TOML text.

    Raises :class:`dingji.StandardError` listing every problem of the file.
    """
    reg = registry or default_registry()
    if isinstance(source, str) and "\n" in source:
        return reg.load(source, name="<text>", origin="text")
    return reg.load(Path(source), origin="file")


def standards(registry=None) -> dict[str, Standard]:
    """Every loaded standard by id: built-in and installed plugins'."""
    return dict((registry or default_registry()).standards)


def get_standard(key: str, *, registry=None) -> Standard:
    """A loaded standard by id (``village``) or domain name (``农村``)."""
    return (registry or default_registry()).standard(key)


def read_scores(path, standard: Standard | None = None, *, registry=None) -> Batch:
    """Read a score file (long CSV, or the xlsx template when ``standard`` is given)
    into a :class:`dingji.Batch`, with the reader registered for its suffix."""
    reg = registry or default_registry()
    return reg.reader_for(Path(path), "scores").read_scores(Path(path), standard)


def evaluate(
    standard: Standard | str,
    data: Any,
    *,
    roster: Mapping[str, Organization] | Iterable[Organization] | None = None,
    supplied=None,
    registry=None,
) -> list[Result]:
    """Grade every organization in ``data`` under ``standard``.

    ``data`` may be a path (long CSV) or a list of paths, a :class:`dingji.Batch`
    or a list of them, an iterable of ``(org, source, item, value)`` rows, or a
    mapping ``{org: {(source, item): value}}``.  Raises
    :class:`dingji.InputError` with every problem (missing data is an error,
    never a 0).
    """
    if isinstance(standard, str):
        standard = get_standard(standard, registry=registry)
    if roster is not None and not isinstance(roster, Mapping):
        roster = {o.id: o for o in roster}
    assessments = collect(standard, _batches(data, standard, registry), roster=roster, supplied=supplied)
    return grade_all(standard, assessments, roster)


def _batches(data, standard, registry) -> list[Batch]:
    if isinstance(data, (str, Path)):
        return [read_scores(data, standard, registry=registry)]
    if isinstance(data, Batch):
        return [data]
    if isinstance(data, Mapping):
        rows = [(org, s, i, v, f"{org}/{s}/{i}") for org, vals in data.items() for (s, i), v in vals.items()]
        return [Batch("<data>", rows)]
    data = list(data)
    if data and all(isinstance(d, (str, Path, Batch)) for d in data):
        return [b for d in data for b in _batches(d, standard, registry)]
    rows = [(r[0], r[1], r[2], r[3], n) for n, r in enumerate(data, 1)]
    return [Batch("<rows>", rows)]
