"""Files -> graded results, stored nowhere: reading every file with its reader, validating,
grading (on two cores for one large long CSV, :mod:`dingji.services.split`), and noting the
values tracker records replaced.  :mod:`dingji.services.evaluate` stores what this grades."""

from __future__ import annotations

from pathlib import Path

import attrs

from dingji.core.errors import InputError, Place, Problem
from dingji.core.inputs import collect
from dingji.core.model import TRACKER
from dingji.core.scoring import grade_all
from dingji.core.text import Text
from dingji.io.atomic import sha256_file


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
    rendered: object = None  # with render: each result's output, in order (made where it was graded)
    rows: list | None = None  # graded on two cores: each result's store row, in order

    def also(self, year, standard_id):
        return self.supplied.also(year, standard_id)


def grade_files(
    registry,
    standard,
    files,
    *,
    store=None,
    year=None,
    progress=None,
    trackers=None,
    config_file=None,
    render=None,
    rows=False,
) -> Graded:
    """Read, validate and grade; store nothing.  Raises InputError with every problem of every file.
    With ``render`` (see :func:`evaluate`) one large file may be graded on two cores; ``rows``:
    then make the results' store rows too.  The garbage collector pauses meanwhile
    (:mod:`dingji.core.bulk`)."""
    from dingji.core.bulk import bulk

    with bulk():
        return _grade_files(registry, standard, files, store, year, progress, trackers, config_file, render, rows)


def _grade_files(registry, standard, files, store, year, progress, trackers, config_file, render, rows) -> Graded:
    from dingji.services.supply import supply

    roster = (store.roster() if store is not None else None) or None
    supplied = supply(registry, standard, store, year, trackers, roster or {}, config_file)
    batches, paths, problems = read_batches(registry, standard, files)
    if render is not None and len(batches) == 1 and not problems:
        got = _in_two(standard, batches[0], paths[0], roster, supplied, render, year if rows else None)
        if got is not None:
            return got
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
    rendered = map(render, results) if render is not None else None
    return Graded(results, infos + supplied.files, supplied, _noted(standard, supplied, replaced), rendered)


def _in_two(standard, batch, path, roster, supplied, render, year) -> Graded | None:
    """One file graded on two cores (:mod:`dingji.services.split`), or None."""
    from dingji.services import split

    row = None
    if year is not None:
        from dingji.core.inputs import spec_for
        from dingji.store.results import result_row

        keys = list(spec_for(standard).accepts)

        def row(r):
            return result_row(year, standard, keys, r)

    def watch(rows, replaced):
        return _watch(rows, supplied, replaced)

    job = split.Job(standard, roster, supplied.values, supplied.notes, watch if supplied.values else None, render, row)
    got = split.grade_in_two(job, batch)
    if got is None:
        return None
    replaced = _noted(standard, supplied, got.replaced)
    # a workbook's reader hashed the bytes it read; a CSV's parts hashed none: read once more
    infos = file_infos([path], [batch])
    return Graded(got.briefs, infos + supplied.files, supplied, replaced, got.rendered, got.rows)


def _noted(standard, supplied, replaced: list) -> list:
    """The values tracker records replaced, once each and in order, noted with the run."""
    replaced = sorted(set(replaced))
    _note_typed(supplied, replaced, {s.id: s.name for s in standard.sources})
    return replaced


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
