"""Files -> stored results: what ``dingji evaluate`` does, as a library call."""

from __future__ import annotations

from pathlib import Path

from dingji.io.atomic import sha256_file
from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import collect
from dingji.core.scoring import grade_all


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


def evaluate_files(registry, standard, files, *, store=None, year=None, dry_run=False, grader=None,
                   trackers=None, config_file=None):
    """Read, validate, grade and (unless ``dry_run`` or no store) save in one transaction.

    ``tracker`` indicators take the metrics of the store's tracker records of ``year``
    where an organization has records (see :mod:`dingji.services.supply`; ``trackers``
    is the ``[trackers]`` table of dingji.toml), else the values in the files.
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
    results = (grader or grade_all)(standard, assessments, roster)
    results.sort(key=lambda r: r.org)
    run = None
    if store is not None and not dry_run:
        run = store.save_run(year, standard, infos + supplied.files, results, also=supplied.also(year, standard.id))
    return results, run
