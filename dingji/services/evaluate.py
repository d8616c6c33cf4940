"""Files -> stored results: what ``dingji evaluate`` does, as a library call.

:func:`evaluate` is the use case a face calls (a workspace, a domain, files: graded,
stored, counted, with the distribution warnings); :func:`evaluate_files` is the step
under it for callers that hold a store themselves (the demo, the benchmarks).
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import attrs

from dingji.io.atomic import sha256_file
from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import collect
from dingji.core.scoring import grade_all
from dingji.report.plan import distribution, grading_warnings


@attrs.frozen
class Evaluation:
    """What grading a domain came to: the results (sorted by org) and what became of them."""

    standard: object
    results: list
    year: int | None
    run: int | None  # the stored run; None for a dry run or without a workspace
    dry_run: bool
    warnings: list  # lines: quotas broken, scores near a grade line (no grade is changed)

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


def evaluate(registry, ws, domain: str, files, *, year: int | None = None, dry_run: bool = False,
             progress=None, lang: str = "zh") -> Evaluation:
    """Grade ``files`` for ``domain`` and, in a workspace and unless ``dry_run``, store them.

    ``ws`` may be None (graded, nothing stored); ``year`` defaults to the workspace's.
    ``progress``, if given, wraps the list of assessments being graded (a progress bar).
    A bad ``[distribution]`` in dingji.toml is reported before anything is read or stored.
    """
    standard = registry.standard(domain)
    year = year or (ws.year if ws is not None else None)
    config, config_file = (ws.config, str(ws.config_path)) if ws is not None else ({}, None)
    distribution(config, config_file)
    with (ws.store() if ws is not None else nullcontext()) as store:
        results, run = evaluate_files(registry, standard, files, store=store, year=year, dry_run=dry_run,
                                      progress=progress, trackers=ws.trackers if ws is not None else None,
                                      config_file=config_file)
    warnings = grading_warnings(standard, results, config, config_file, lang)
    return Evaluation(standard, results, year, run, dry_run, warnings)


def read_batches(registry, standard, files):
    """One Batch per file, and the files' names, sizes and sha256; every problem at once."""
    batches, problems, infos = [], [], []
    for f in files:
        path = Path(f)
        try:
            batches.append(registry.reader_for(path, "scores").read_scores(path, standard))
            infos.append({"file": path.name, "sha256": sha256_file(path), "bytes": path.stat().st_size})
        except InputError as exc:
            problems.extend(exc.problems)
    return batches, infos, problems


def evaluate_files(registry, standard, files, *, store=None, year=None, dry_run=False, progress=None,
                   trackers=None, config_file=None):
    """Read, validate, grade and (unless ``dry_run`` or no store) save in one transaction.

    ``tracker`` indicators take the metrics of the store's tracker records of ``year``
    where an organization has records (see :mod:`dingji.services.supply`; ``trackers``
    is the ``[trackers]`` table of dingji.toml), else the values in the files.
    ``progress`` (optional) wraps the list of assessments as they are graded.
    Returns ``(results sorted by org, run id or None)``.  Raises InputError with
    every problem of every file; then nothing is stored.
    """
    from dingji.services.supply import supply
    roster = store.roster() if store is not None else None
    if not roster:
        roster = None
    supplied = supply(registry, standard, store, year, trackers, roster or {}, config_file)
    batches, infos, problems = read_batches(registry, standard, files)
    assessments = {}
    try:
        assessments = collect(standard, batches, roster=roster, require_all=not problems,
                              supplied=supplied.values, notes=supplied.notes)
    except InputError as exc:
        problems.extend(exc.problems)
    if not problems and not assessments:
        # a header-only file would otherwise store an empty run, replacing the domain's results
        problems.append(Problem(Place(file=", ".join(str(f) for f in files)),
                                f"no scores for any organization of {standard.id}: nothing to grade",
                                f"没有任何组织的评分数据（{standard.id}）：无可定级"))
    if problems:
        raise InputError(problems)
    items = list(assessments.values())
    results = grade_all(standard, progress(items) if progress is not None else items, roster)
    results.sort(key=lambda r: r.org)
    run = None
    if store is not None and not dry_run:
        run = store.save_run(year, standard, infos + supplied.files, results, also=supplied.also(year, standard.id))
    return results, run
