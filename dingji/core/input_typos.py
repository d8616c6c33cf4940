"""Rows whose organization id is refused (not in the roster, of another domain, blank).

One problem per mistake, at the id's cell: per row of a workbook (each was typed), per file of
a CSV (its lines counted).  An id not in the roster names the ids of the standard's domain
nearest it ("您是不是要找 cun-08？"); when one of them lacks just the values the mistyped rows
hold, it is taken to be the organization meant, said so in the same problem, and not also
said to lack them (:func:`dingji.core.inputs.collect` counts them as given).
"""

from __future__ import annotations

import attrs

from dingji.core.errors import Problem
from dingji.core.nearest import closest, either
from dingji.core.text import Text

#: Unknown ids given the ids near them: at most this many, and fewer in a large roster (difflib
#: takes ~8 µs an id: a budget of ids compared in all)
_LOOKS, _BUDGET = 20, 120_000


@attrs.define(eq=False)
class Rejected:
    """An organization id refused: what is wrong with it, and the rows that had it."""

    org: str
    why: Text | None  # None: not in the roster (perhaps mistyped); else another domain, a blank id
    places: dict = attrs.field(factory=dict)  # (file, sheet, row) -> [the id's first place there, rows, last line]
    keys: set = attrs.field(factory=set)  # the (source, item) its rows gave

    def add(self, batch, where, key) -> None:
        place = batch.org_place(where)
        group = (place.file, place.sheet, place.row)
        got = self.places.get(group)
        if got is None:
            self.places[group] = [place, 1, place.line]
        else:
            got[1] += 1
            got[2] = place.line
        self.keys.add(key)

    @property
    def text(self) -> Text:
        if self.why is None:
            return Text(
                f"组织 {self.org!r} 不在组织名单中", f"unknown organization id {self.org!r} (not in the roster)"
            )
        return self.why


def unknown(org) -> Rejected:
    return Rejected(org, None)


def refused(org, why: Text) -> Rejected:
    return Rejected(org, why)


def rejected(admitted: dict, by_org: dict, roster, standard, spec) -> tuple[list[Problem], dict]:
    """The problems of the refused ids, and ``{org meant: keys its mistyped rows gave}``.

    An id not in the roster was meant for the one id of the standard's domain near it (of
    several near, the one) whose values the rows fill a hole in: they hold none of its values.
    An organization with no values at all is taken as meant only when the mistyped rows hold
    all it needs (else it is said to have none, as any other)."""
    ids = [o.id for o in (roster or {}).values() if o.domain in (standard.id, standard.domain)]
    needed = set(spec.required).union(*(keys for _, keys in spec.surveys))
    guessed, keys_of = [], {}
    looks = min(_LOOKS, max(1, _BUDGET // max(len(ids), 1)))  # the file of another township: not all of them
    for raw, (org, rej) in admitted.items():
        if rej.__class__ is not Rejected or raw != org:
            continue
        near = []
        if rej.why is None and ids and looks:
            looks -= 1
            near, wanted = closest(org, ids), [k for k in rej.keys if k in needed]

            def hole(c, wanted=wanted):
                values = by_org.get(c)
                return bool(wanted) and (values is None or not any(k in values for k in wanted))

            narrowed = [c for c in near if hole(c)]
            near = narrowed if len(near) > 1 and len(narrowed) == 1 else near
            if len(near) == 1 and hole(near[0]):
                keys_of.setdefault(near[0], set()).update(rej.keys)
        guessed.append((rej, near))
    meant_by = {c: keys for c, keys in keys_of.items() if c in by_org or _all_of(keys, spec)}
    out = []
    for rej, near in guessed:
        meant = near[0] if len(near) == 1 and near[0] in meant_by else None
        for place, rows, last in rej.places.values():
            out.append(Problem(place, _said(rej.text, last, rows, near, meant, roster)))
    return out, meant_by


def _all_of(keys, spec) -> bool:
    """Whether ``keys`` are all an organization needs: every required value, an answer of each survey."""
    return set(spec.required) <= keys and all(any(k in keys for k in ks) for _, ks in spec.surveys)


def _said(text: Text, last, rows: int, near, meant, roster) -> Text:
    zh, en, lines = text.zh, text.en, last is not None
    if lines and rows > 1:  # a CSV's lines with the id; a workbook's row is one mistake
        zh, en = f"{zh}（共 {rows} 行，至第 {last} 行）", f"{en} ({rows} rows, to line {last})"
    if near:
        if len(near) == 1 and roster.get(near[0]) is not None:
            name = roster[near[0]].name
            zh_near, en_near = f"{near[0]}（{name}）", f"{near[0]} ({name})"
        else:
            zh_near, en_near = either(near), either(near, "en")
        zh, en = f"{zh}；您是不是要找 {zh_near}？", f"{en}; did you mean {en_near}?"
    if meant:
        if rows == 1 or not lines:
            zh, en = (
                f"{zh}本行的数据未读取，{meant} 因此缺少这些数据",
                f"{en} This row was not read, so {meant} lacks its values",
            )
        else:
            zh = f"{zh}这些行的数据未读取，{meant} 因此缺少这些数据"
            en = f"{en} These rows were not read, so {meant} lacks their values"
    return Text(zh, en)
