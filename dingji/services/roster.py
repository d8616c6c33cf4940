"""The roster of organizations (``dingji roster import|list``): every organization with its
id, name and domain, and optionally its parent, secretary and number of members."""

from __future__ import annotations

from pathlib import Path

import attrs

from dingji.core.errors import InputError, Place, Problem


@attrs.frozen
class RosterImport:
    """What an import did: organizations added, updated, and in the roster afterwards."""

    added: int
    updated: int
    total: int


def read_roster(registry, path) -> list:
    """The organizations of a roster file (CSV or xlsx); every unknown domain is a problem,
    and then an InputError naming them all."""
    path = Path(path)
    orgs = registry.reader_for(path, "roster").read_roster(path)
    problems = []
    for o in orgs:
        try:
            registry.standard(o.domain)
        except Exception:  # noqa: BLE001 - reported as a problem below
            known = ", ".join(f"{s.id}/{s.domain}" for s in registry.standards.values())
            problems.append(Problem(Place(file=str(path), key=o.id), f"{o.id}: unknown domain {o.domain!r}; known: {known}",
                                    f"{o.id}：未知领域 {o.domain!r}；可用：{known}"))
    if problems:
        raise InputError(problems)
    return orgs


def import_roster(registry, ws, path, replace: bool = False) -> RosterImport:
    """Add or update the organizations of a file (all or none); ``replace`` removes those not in it."""
    orgs = read_roster(registry, path)
    with ws.store() as store:
        added, updated = store.replace_roster(orgs, replace=replace)
        return RosterImport(added, updated, len(store.roster()))


def organizations(ws) -> list:
    """The roster's organizations, by id."""
    with ws.store() as store:
        return list(store.roster().values())
