"""Files -> stored results: what ``dingji evaluate`` does, as a library call.

:func:`evaluate` is the use case a face calls (a workspace, a domain, files: graded,
stored, counted, with the distribution warnings); :func:`evaluate_files` is the step
under it for callers that hold a store themselves (the demo, the benchmarks).
"""

from __future__ import annotations

from contextlib import nullcontext

import attrs

from dingji.report.notices import flat
from dingji.report.plan import distribution, grading_notices
from dingji.services.grading import Graded, file_infos, grade_files, read_batches  # noqa: F401 - re-exported
from dingji.services.objections import amendment_reason, answered_by, link_amendment


@attrs.frozen
class Evaluation:
    """What grading a domain came to: the results (sorted by org) and what became of them."""

    standard: object
    results: list
    year: int | None
    run: int | None  # the stored run; None for a dry run or without a workspace
    dry_run: bool
    round: dict | None = None  # the round stored into: number, name, published_at …
    seq: int | None = None  # the run's number in its domain and year (第 1 次)
    changes: list | None = None  # grades that differ from the round's last grading (None: first grading)
    amended: bool = False  # a published round corrected with a reason
    replaced: list = attrs.Factory(list)  # (org, source, item, typed, from records) where records won
    reason: str | None = None  # an amendment's reason (given, or the objections it answers)
    #: the warnings by kind (dingji.report.notices.Notice): a count and the organizations, to shorten
    notices: list = attrs.Factory(list)
    #: with ``render``: render(result) of each result, in order, made as it is asked for (where the
    #: result was graded: ``results`` are then :class:`~dingji.core.result.Brief` objects)
    rendered: object = None

    @property
    def warnings(self) -> list[str]:
        """Every warning's line: quotas broken, scores near a grade line (no grade is changed)."""
        return flat(self.notices)

    @property
    def counts(self) -> dict:
        """``{grade: number of organizations}``, every grade of the standard, highest first."""
        return grade_counts(self.standard, self.results)

    @property
    def service_oriented(self) -> int:
        """How many organizations are 服务型 (service-oriented)."""
        return sum(bool(r.service_oriented) for r in self.results)


def grade_counts(standard, results) -> dict:
    """``{grade: number of results}`` for every grade of ``standard``, in its order."""
    counts = {g.name: 0 for g in standard.grades}
    for r in results:
        counts[r.grade] += 1
    return counts


def evaluate(
    registry,
    ws,
    domain: str,
    files,
    *,
    year: int | None = None,
    dry_run: bool = False,
    progress=None,
    lang: str = "zh",
    amend: bool = False,
    reason: str | None = None,
    objections=(),
    render=None,
) -> Evaluation:
    """Grade ``files`` for ``domain`` and, in a workspace and unless ``dry_run``, store them
    into the domain's current round (see :mod:`dingji.services.rounds`).

    ``ws`` may be None (graded, nothing stored); ``year`` defaults to the workspace's.
    ``progress``, if given, wraps the list of assessments being graded (a progress bar).
    A bad ``[distribution]`` in dingji.toml, and a published round without ``amend`` and
    ``reason``, are reported before anything is read or stored.  ``objections``: the numbers of
    the objections (异议) an amendment answers; they are linked to it, and without a ``reason``
    they give it.  ``render(result)``, when given, makes each result's output (plain data):
    then a large long CSV may be graded on two cores (:mod:`dingji.services.split`), the
    evaluation's ``rendered`` holds the outputs and its ``results`` are briefs.
    """
    from dingji.services import rounds

    standard = registry.standard(domain)
    year = year or (ws.year if ws is not None else None)
    config, config_file = (ws.config, str(ws.config_path)) if ws is not None else ({}, None)
    distribution(config, config_file)
    with ws.store() if ws is not None else nullcontext() as store:
        storing = store is not None and not dry_run
        before = {}
        answered = answered_by(store, year, standard.id, objections, amend, storing)
        if answered and not (reason or "").strip():
            reason = amendment_reason(answered)
        if storing:
            rounds.check(store, year, standard.id, amend=amend, reason=reason)
            before = rounds.stored_grades(store, year, standard.id)
        graded = grade_files(
            registry,
            standard,
            files,
            store=store,
            year=year,
            progress=progress,
            trackers=ws.trackers if ws is not None else None,
            config_file=config_file,
            render=render,
            rows=storing,
        )
        results, changes, run, round_, seq = graded.results, None, None, None, None
        if before:
            changes = rounds.grade_changes(before, results)
        if storing and amend and before and rounds.unchanged(before, results):
            raise rounds.nothing_to_amend(year, standard)
        if storing:
            also = graded.also(year, standard.id)
            if amend:
                then = link_amendment([o["id"] for o in answered]) if answered else None
                also = _both(also, rounds.record_amendment(reason, changes or [], then))
            run = store.save_run(
                year,
                standard,
                graded.infos,
                results,
                also=also,
                before=rounds.before_save(year, standard.id, amend=amend, reason=reason),
                rows=graded.rows,
            )
            round_, seq = _round_of(store, run)
    notices = grading_notices(standard, results, config, config_file, lang)
    return Evaluation(
        standard,
        results,
        year,
        run,
        dry_run,
        round_,
        seq,
        changes,
        amend and run is not None,
        graded.replaced,
        reason.strip() if amend and reason else None,
        notices,
        graded.rendered,
    )


def _both(first, second):
    def also(db, run_id):
        if first is not None:
            first(db, run_id)
        second(db, run_id)

    return also


def _round_of(store, run: int) -> tuple[dict | None, int | None]:
    from dingji.store.rounds import of_run

    return of_run(store, run)


def evaluate_files(
    registry, standard, files, *, store=None, year=None, dry_run=False, progress=None, trackers=None, config_file=None
):
    """Read, validate, grade and (unless ``dry_run`` or no store) save in one transaction.

    ``tracker`` indicators take the metrics of the store's tracker records of ``year``
    where an organization has records (see :mod:`dingji.services.supply`; ``trackers``
    is the ``[trackers]`` table of dingji.toml), else the values in the files.
    ``progress`` (optional) wraps the list of assessments as they are graded.
    Returns ``(results sorted by org, run id or None)``.  Raises InputError with
    every problem of every file; then nothing is stored.
    """
    from dingji.services.rounds import before_save

    graded = grade_files(
        registry, standard, files, store=store, year=year, progress=progress, trackers=trackers, config_file=config_file
    )
    run = None
    if store is not None and not dry_run:
        run = store.save_run(
            year,
            standard,
            graded.infos,
            graded.results,
            also=graded.also(year, standard.id),
            before=before_save(year, standard.id),
        )
    return graded.results, run
