"""The roster of organizations (``dingji roster import|list``): every organization with its
id, name and domain, and optionally its parent, secretary and number of members."""

from __future__ import annotations

from pathlib import Path

import attrs

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text
from dingji.services.text import Count, closest, either


@attrs.frozen
class RosterImport:
    """What an import did: organizations added, updated, and in the roster afterwards."""

    added: int
    updated: int
    total: int


class UnknownOrganization(InputError):
    """An organization id the roster does not have, with the ids nearest it (``closest``)."""

    def __init__(self, org: str, known):
        known = list(known)
        self.org, self.closest = org, closest(org, known)
        if self.closest:
            en = f"organization {org} is not in the roster; did you mean {either(self.closest, 'en')}?"
            zh = f"组织 {org} 不在组织名单中；您是不是要找 {either(self.closest)}？"
        else:
            en = f"organization {org} is not in the roster (dingji roster list shows the roster's {Count(len(known)):organization})"
            zh = f"组织 {org} 不在组织名单中（dingji roster list 列出全部 {len(known)} 个组织）"
        super().__init__([Problem(Place(), Text(zh, en))])


def known_org(roster, org: str) -> None:
    """Nothing when ``org`` is in ``roster`` (``{id: Organization}``); else an :class:`UnknownOrganization`."""
    if org not in roster:
        raise UnknownOrganization(org, roster)


def check_org(ws, org: str) -> None:
    """Nothing when the workspace's roster has ``org``; else an :class:`UnknownOrganization`."""
    with ws.store() as store:
        known_org(store.roster(), org)


def read_roster(registry, path) -> list:
    """The organizations of a roster file (CSV or xlsx); every unknown domain is a problem,
    and then an InputError naming them all."""
    path = Path(path)
    orgs = registry.reader_for(path, "roster").read_roster(path)
    problems, found = [], set()  # each domain looked up once, not once per organization
    for o in orgs:
        if o.domain in found:
            continue
        try:
            registry.standard(o.domain)
            found.add(o.domain)
        except Exception:  # noqa: BLE001 - reported as a problem below
            known = ", ".join(f"{s.id}/{s.domain}" for s in registry.standards.values())
            problems.append(
                Problem(
                    Place(file=str(path), key=o.id),
                    Text(
                        f"{o.id}：未知领域 {o.domain!r}；可用：{known}",
                        f"{o.id}: unknown domain {o.domain!r}; known: {known}",
                    ),
                )
            )
    if problems:
        raise InputError(problems)
    return orgs


def import_roster(registry, ws, path, replace: bool = False) -> RosterImport:
    """Add or update the organizations of a file (all or none); ``replace`` removes those not in it."""
    orgs = read_roster(registry, path)
    with ws.store() as store:
        added, updated = store.replace_roster(orgs, replace=replace)
        return RosterImport(added, updated, store.roster_size())  # a province's roster, not built to be counted


def organizations(ws) -> list:
    """The roster's organizations, by id."""
    with ws.store() as store:
        return list(store.roster().values())


def roster_rows(ws, registry) -> list[dict]:
    """The roster as a face shows it, by id: org, name, domain (its 领域 name, as the ledger
    writes it; a domain no standard has, as typed), standard (the id of the standard that
    grades it, None when none does), parent, secretary, members."""
    by_key: dict[str, tuple[str, str]] = {}
    for std in registry.standards.values():
        by_key.setdefault(std.id, (std.id, std.domain))
        by_key.setdefault(std.domain, (std.id, std.domain))
    out = []
    for o in organizations(ws):
        sid, name = by_key.get(o.domain, (None, o.domain))
        out.append(
            {
                "org": o.id,
                "name": o.name,
                "domain": name,
                "standard": sid,
                "parent": o.parent,
                "secretary": o.secretary,
                "members": o.members,
            }
        )
    return out
