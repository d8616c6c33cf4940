"""Files -> stored results: what ``dingji evaluate`` does, as a library call.

:func:`evaluate` is the use case a face calls (a workspace, a domain, files: graded,
stored, counted, with the distribution warnings); :func:`evaluate_files` is the step
under it for callers that hold a store themselves (the demo, the benchmarks).
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import attrs

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import collect
from dingji.core.model import TRACKER
from dingji.core.scoring import grade_all
from dingji.core.text import Text
from dingji.io.atomic import sha256_file
from dingji.report.notices import flat
from dingji.report.plan import distribution, grading_notices
from dingji.services.objections import amendment_reason, answered_by, link_amendment


@attrs.frozen
class Evaluation:
    """What grading a domain came to: the results (sorted by org) and what became of them."""

    standard: object
    results: list
    year: int | None
    run: int | None  # the stored run; None for a dry run or without a workspace
    dry_run: bool
    warnings: list  # lines: quotas broken, scores near a grade line (no grade is changed)
    round: dict | None = None  # the round stored into: number, name, published_at …
    seq: int | None = None  # the run's number in its domain and year (第 1 次)
    changes: list | None = None  # grades that differ from the round's last grading (None: first grading)
    amended: bool = False  # a published round corrected with a reason
    replaced: list = attrs.Factory(list)  # (org, source, item, typed, from records) where records won
    reason: str | None = None  # an amendment's reason (given, or the objections it answers)
    #: the warnings by kind (dingji.report.notices.Notice): a count and the organizations, to shorten
    notices: list = attrs.Factory(list)

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
) -> Evaluation:
    """Grade ``files`` for ``domain`` and, in a workspace and unless ``dry_run``, store them
    into the domain's current round (see :mod:`dingji.services.rounds`).

    ``ws`` may be None (graded, nothing stored); ``year`` defaults to the workspace's.
    ``progress``, if given, wraps the list of assessments being graded (a progress bar).
    A bad ``[distribution]`` in dingji.toml, and a published round without ``amend`` and
    ``reason``, are reported before anything is read or stored.  ``objections``: the numbers of
    the objections (异议) an amendment answers; they are linked to it, and without a ``reason``
    they give it.
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
            )
            round_, seq = _round_of(store, run)
    notices = grading_notices(standard, results, config, config_file, lang)
    return Evaluation(
        standard,
        results,
        year,
        run,
        dry_run,
        flat(notices),
        round_,
        seq,
        changes,
        amend and run is not None,
        graded.replaced,
        reason.strip() if amend and reason else None,
        notices,
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


def read_batches(registry, standard, files):
    """One Batch per file and the files' paths; every problem at once."""
    batches, problems, paths = [], [], []
    for f in files:
        path = Path(f)
        try:
            reader = registry.reader_for(path, "scores")
            batches.append(_read(reader, path, standard, registry.owners.of("reader", reader.name)))
            paths.append(path)
        except InputError as exc:
            problems.extend(exc.problems)
    return batches, paths, problems


def file_infos(paths, batches) -> list[dict]:
    """The files' names, sizes and sha256, from the bytes each reader read (a file is read once),
    or, for a reader that hashed nothing, from the file read again."""
    infos = []
    for path, batch in zip(paths, batches):
        got = batch.digest() if batch.digest is not None else None
        sha, size = got if got is not None else (sha256_file(path), path.stat().st_size)
        infos.append({"file": path.name, "sha256": sha, "bytes": size})
    return infos


@attrs.frozen
class Graded:
    """Files graded, not yet stored: the results, the files' names and sha256, and what the
    tracker records supplied (``also(year, standard id)`` stores the metrics with the run)."""

    results: list
    infos: list
    supplied: object
    replaced: list

    def also(self, year, standard_id):
        return self.supplied.also(year, standard_id)


def grade_files(
    registry, standard, files, *, store=None, year=None, progress=None, trackers=None, config_file=None
) -> Graded:
    """Read, validate and grade; store nothing.  Raises InputError with every problem of every file."""
    from dingji.services.supply import supply

    roster = (store.roster() if store is not None else None) or None
    supplied = supply(registry, standard, store, year, trackers, roster or {}, config_file)
    batches, paths, problems = read_batches(registry, standard, files)
    replaced: list = []
    if supplied.values:
        batches = [attrs.evolve(b, rows=_watch(b.rows, supplied, replaced)) for b in batches]
    assessments, more = {}, 0
    try:
        assessments = collect(
            standard, batches, roster=roster, require_all=not problems, supplied=supplied.values, notes=supplied.notes
        )
    except InputError as exc:
        problems.extend(exc.problems)
        more = getattr(exc, "more", 0)
    if not problems and not assessments:
        # a header-only file would otherwise store an empty run, replacing the domain's results
        problems.append(
            Problem(
                Place(file=", ".join(str(f) for f in files)),
                Text(
                    f"没有任何组织的评分数据（{standard.id}）：无可定级",
                    f"no scores for any organization of {standard.id}: nothing to grade",
                ),
            )
        )
    if problems:
        error = InputError(problems)
        error.more = more  # problems past the listing bound, counted in the last one listed
        raise error
    infos = file_infos(paths, batches)  # the rows were read: each reader's hash is complete
    items = list(assessments.values())
    results = grade_all(standard, progress(items) if progress is not None else items, roster)
    results.sort(key=lambda r: r.org)
    replaced = sorted(set(replaced))
    _note_typed(supplied, replaced, {s.id: s.name for s in standard.sources})
    return Graded(results, infos + supplied.files, supplied, replaced)


def _note_typed(supplied, replaced: list, source_names: dict) -> None:
    """Keep with the run, in the words of each replaced value, what had been typed (explain shows both):
    a ``tracker`` row's value as it was typed, a score or rate indicator's with the source it was typed in."""
    typed: dict[tuple, list] = {}
    for org, source, item, value, _ in replaced:
        typed.setdefault((org, item), []).append((source, value))
    for org, _tracker, indicator, data in supplied.rows:
        values = typed.get((org, indicator))
        if not values:
            continue
        zh = "、".join(value if s == TRACKER else f"{source_names.get(s, s)} {value}" for s, value in values)
        en = ", ".join(value if s == TRACKER else f"{value} ({source_names.get(s, s)})" for s, value in values)
        data["zh"] += f"（评分数据中填写的 {zh} 未采用，以记录为准）"
        data["en"] += f" (the {en} typed in the scores {'was' if len(values) == 1 else 'were'} not used: records win)"


def _watch(rows, supplied, replaced: list):
    """The rows unchanged, noting each value typed that tracker records replace (records win;
    ``evaluate`` says so once, ``explain`` shows both)."""
    from dingji.core.values import parse_rate, to_decimal

    for row in rows:
        key = (str(row[1]).strip(), str(row[2]).strip())
        if key in supplied.kinds and row[3] not in (None, ""):
            org = str(row[0]).strip()
            got = supplied.values.get(org, {}).get(key)
            value = parse_rate(row[3])[0] if supplied.kinds[key] == "rate" else to_decimal(row[3])
            if got is not None and value != got:  # the same value is no news
                replaced.append((org, *key, str(row[3]).strip(), str(got)))
        yield row


def _read(reader, path, standard, plugin: str | None):
    """A reader's Batch; a reader failing or giving something else is named with its plugin."""
    from dingji.core.inputs import Batch
    from dingji.registry.guard import plugin_error

    try:
        got = reader.read_scores(path, standard)
    except (InputError, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - a plugin's reader failing
        raise plugin_error(plugin or reader.name, f"reader {reader.name!r} failed on {path}", exc) from None
    if not isinstance(got, Batch):
        raise plugin_error(plugin or reader.name, f"reader {reader.name!r} gave {type(got).__name__}, not dingji.Batch")
    return got


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
