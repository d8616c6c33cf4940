"""Rounds and publication: what ``evaluate`` may change, what it changed, and the next round.

- A round not yet published: grading again replaces its results and says what changed.
- A published round (its notice issued): grading is refused, exit 1, nothing stored, unless
  amended on purpose with a reason (``amend``), recorded with the grades it changed; the
  notice is then out of date until issued again.
- :func:`start_round` opens the next round (复评) of a domain once the current one is published.
"""

from __future__ import annotations

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text
from dingji.services.text import Count
from dingji.store import rounds as table
from dingji.store.rounds import round_name

#: Changed grades named on standard error; the rest are counted (cli.md: output that scales).
SHOWN = 20


def _published(got: dict, domain: str, year: int) -> DingjiError:
    day = (got["notice_from"] or got["published_at"] or "")[:10]
    name = got["name"]
    return DingjiError(
        [
            Problem(
                Place(key=f"{domain} {year}"),
                Text(
                    f"{year} 年 {domain} 第 {got['number']} 轮（{name}）的结果已于 {day} 公示，不再改动。"
                    f'确需更正，请加 --amend --reason "理由" 重新定级（记录在案，并标明公示已过期）；'
                    f"整改后复评，请先用 dingji round start {domain} 开始下一轮",
                    f"round {got['number']} ({round_name(got['number'], 'en')}) of {domain} {year} was published in the notice "
                    f'of {day}: its grades are not changed. To correct them, grade again with --amend --reason "…" '
                    f"(recorded, and the notice marked out of date); to grade after rectification, open the next round "
                    f"with dingji round start {domain}",
                ),
            )
        ]
    )


def check(store, year: int, domain: str, *, amend: bool = False, reason: str | None = None) -> dict | None:
    """The current round of ``domain`` if ``evaluate`` may store into it; a DingjiError otherwise
    (published and not amended, or amended without a reason)."""
    got = table.current(store, year, domain)
    if amend and not (reason or "").strip():
        raise DingjiError(
            [
                Problem(
                    Place(key="--reason"),
                    Text('更正须说明理由（--reason "理由"）', 'an amendment needs its reason (--reason "…")'),
                )
            ]
        )
    if got is not None and got["published_at"] is not None and not amend:
        raise _published(got, domain, year)
    if amend and (got is None or got["published_at"] is None):
        raise DingjiError(
            [
                Problem(
                    Place(key="--amend"),
                    Text(
                        f"--amend 用于更正已公示的结果；{year} 年 {domain} 的本轮结果尚未公示，直接重新定级即可",
                        f"--amend corrects a published round; the current round of "
                        f"{domain} {year} is not published: grade without --amend",
                    ),
                )
            ]
        )
    return got


def before_save(year: int, domain: str, *, amend: bool = False, reason: str | None = None):
    """The ``before(db)`` of :meth:`Store.save_run`: checks the round again inside the transaction
    (a notice may have been issued meanwhile) and gives the run its round and number."""

    def before(db):
        got = table.ensure(db, year, domain)
        if got["published_at"] is not None and not amend:
            raise _published(got, domain, year)
        return got["id"], table.next_seq(db, year, domain)

    return before


def record_amendment(reason: str, changes: list[dict], then=None):
    """The ``also(db, run_id)`` that records an amendment with the grades it changed; ``then(db,
    amendment id)``, when given, follows in the same transaction (the objections it answers)."""

    def also(db, run_id):
        got = table.amend(db, table.of_run(db, run_id)[0]["id"], run_id, reason.strip(), changes)
        if then is not None:
            then(db, got)

    return also


def stored_grades(store, year: int, domain: str) -> dict[str, tuple]:
    """``{org: (name, grade, score)}`` of the current round of ``domain`` before grading again."""
    return {r.org: (r.name, r.grade, r.score) for r in store.iter_result_rows(year, domain)}


def grade_changes(before: dict[str, tuple], results) -> list[dict]:
    """Each organization whose grade differs from the stored one (new ones and those left out too)."""
    out, seen = [], set()
    for r in results:
        seen.add(r.org)
        old = before.get(r.org)
        if old is None or old[1] != r.grade:
            out.append(
                {
                    "org": r.org,
                    "name": r.name,
                    "old": old[1] if old else None,
                    "new": r.grade,
                    "old_score": old[2] if old else None,
                    "new_score": str(r.score),
                }
            )
    for org, (name, grade, score) in before.items():
        if org not in seen:
            out.append({"org": org, "name": name, "old": grade, "new": None, "old_score": score, "new_score": None})
    return out


def unchanged(before: dict[str, tuple], results) -> bool:
    """The same organizations with the same scores and grades as stored: nothing to amend."""
    return len(results) == len(before) and all(
        (old := before.get(r.org)) is not None and (old[1], old[2]) == (r.grade, str(r.score)) for r in results
    )


def nothing_to_amend(year: int, standard) -> DingjiError:
    return DingjiError(
        [
            Problem(
                Place(key=standard.id),
                Text(
                    f"{year} 年 {standard.domain} 的得分和等次与已公示的完全相同：没有需要更正的内容，未保存，公示仍然有效",
                    f"the scores and grades of {standard.id} {year} are exactly those published: nothing to amend, "
                    "nothing stored, the notice stands",
                ),
            )
        ]
    )


def change_lines(changes: list[dict], lang: str = "zh", shown: int = SHOWN) -> list[str]:
    """What grading again changed, for standard error: a count, then at most ``shown`` lines."""
    en = lang == "en"
    if not changes:
        return ["no grade changed since the last grading" if en else "与上次定级相比，等次没有变化"]
    none = "(none)" if en else "（无）"
    lines = [
        f"{Count(len(changes)):grade} changed since the last grading:"
        if en
        else f"与上次定级相比，{len(changes)} 个组织的等次有变化："
    ]
    for c in changes[:shown]:
        lines.append(f"  {c['org']} {c['name']}: {c['old'] or none} → {c['new'] or none}")
    if len(changes) > shown:
        lines.append(f"  … and {len(changes) - shown} more" if en else f"  ……另有 {len(changes) - shown} 个")
    return lines


def start_round(store, year: int, domain: str, name: str | None = None) -> dict:
    """Open the next round of ``domain`` in ``year``: the current one must have been published
    (a round ends with its notice); its results are kept, and stay the current grades until
    the new round is graded."""
    with store.transaction() as db:
        got = table.current(db, year, domain)
        if got is None:
            raise DingjiError(
                [
                    Problem(
                        Place(key=domain),
                        Text(
                            f"{year} 年 {domain} 尚未定级：dingji evaluate {domain} 即开始第一轮（初定）",
                            f"{domain} has not been graded in {year}: dingji evaluate {domain} opens its first round",
                        ),
                    )
                ]
            )
        if got["published_at"] is None:
            raise DingjiError(
                [
                    Problem(
                        Place(key=domain),
                        Text(
                            f"{year} 年 {domain} 第 {got['number']} 轮（{got['name']}）尚未公示："
                            "请先公示（dingji notice），或直接重新定级",
                            f"round {got['number']} of {domain} {year} is not published "
                            "yet: issue its notice first (dingji notice), or grade again",
                        ),
                    )
                ]
            )
        return table.open_next(db, year, domain, name)


def publish(store, year: int, domains, notice_from: str, days: int) -> list[str]:
    """The notice of ``year`` was issued: the current round of each domain is published."""
    with store.transaction() as db:
        return table.publish(db, year, domains, notice_from, days)


def round_rows(store, registry, year: int) -> list[dict]:
    """Every round of ``year`` by domain (in the standards' order) with its domain's name."""
    store.set_domain_order(list(registry.standards))
    names = {s.id: s.domain for s in registry.standards.values()}
    return [{**r, "domain_name": names.get(r["domain"], r["domain"])} for r in table.rounds(store, year)]
