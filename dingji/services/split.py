"""A city's score file graded on two cores: each process reads half of the file, grades the
organizations whose rows it holds and writes their output; the parent keeps a
:class:`~dingji.core.result.Brief` of every result (to count, warn, compare and store).

Only plain data crosses between the processes (organization ids, the values of the few
organizations whose rows lie on both sides of the cut, briefs, store rows, each output
written to a shared temporary file): the standard, its closures and the results stay where
they were made (the child is a fork).  Whatever either side finds to say (a bad value, a
missing row, an unknown organization, a conflict between the halves, a part that cannot be read
as a part) sends the file back to the one-piece reader, which says it with every message and
place as always: two cores change how fast, never what is said or graded.
"""

from __future__ import annotations

import heapq
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

import attrs

from dingji.core import input_problems as say
from dingji.core.errors import DingjiError, InputError, Place, Problem
from dingji.core.input_rows import _read, clean, hand_over, org_ids, take_over
from dingji.core.inputs import Batch, complete, spec_for
from dingji.core.result import Brief
from dingji.core.scoring import grade_all
from dingji.core.text import Text

_org = itemgetter(0)  # the organization of an (org, ours, result or brief) entry

#: this process's share of the file and the other's.  This one also merges and writes every
#: output, but the other waits for it less with even halves: a 30,000-organization file took a
#: median 2.60 s at 50%, 2.62 s at 52%, 2.72 s at 46% and 54% (four runs each)
SHARES = (0.5, 0.5)


def cores() -> int:
    """The cores this process may use; ``DINGJI_PROCESSES=1`` keeps grading in one process."""
    env = os.environ.get("DINGJI_PROCESSES", "").strip()
    if env.isdigit():
        return max(1, int(env))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@attrs.frozen
class Job:
    """What both processes need: the standard and roster, the values tracker records supply,
    ``watch(rows, replaced)`` (rows unchanged, noting values records replace; None without such
    values), ``render(result)`` (the output of one result: plain data) and ``row(result)`` (its
    store row; None when nothing is stored)."""

    standard: Any
    roster: Any
    supplied: Any
    notes: Any
    watch: Callable
    render: Callable
    row: Callable | None = None


@attrs.frozen
class Split:
    briefs: list  # every result's Brief, sorted by organization
    rows: list | None  # their store rows, in the same order (when the job makes them)
    replaced: list  # values tracker records replaced, from both halves
    rendered: Iterator  # render(result) of each, in the same order, made as it is asked for


def grade_in_two(job: Job, batch: Batch) -> Split | None:
    """``batch`` graded by this process and a forked one, or None when it cannot be or when
    something needs saying (then the caller reads it in one piece)."""
    if batch.parts is None or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    if batch.problems or batch.unread:  # the reader found something to say before any row was read
        return None
    parts = batch.parts(SHARES)
    if not parts:
        return None
    ctx = multiprocessing.get_context("fork")
    conn = theirs = spool = proc = None
    done = False
    try:
        conn, theirs = ctx.Pipe()
        spool = tempfile.TemporaryFile()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        proc = ctx.Process(target=_child, args=(job, batch, parts[1], theirs, spool.fileno()), daemon=True)
        proc.start()  # a fork refused (no memory, too many processes): OSError, read in one piece
        theirs.close()
        got = _parent(job, batch, parts[0], conn, spool, proc)
        done = got is not None
        return got
    except (EOFError, OSError):  # the other process is gone, or never came: read in one piece
        return None
    finally:
        if not done:
            if theirs is not None:
                theirs.close()
            _end(conn, spool, proc)


def _read_part(job: Job, batch: Batch, part, replaced: list):
    """``(part's Batch, what its rows gave, whether they gave nothing to say)``.  Without values
    from tracker records to watch for, a part goes through its lean loop (core.input_clean) if it
    has one; else, and with them, through the full one."""
    std, spec = job.standard, spec_for(job.standard)
    mine = Batch(batch.file, (), batch.locate, locate_org=batch.locate_org)
    if job.watch is None and hasattr(part, "read_clean"):
        read = part.read_clean(std, spec, job.roster, batch.file)
        return mine, read, read is not None
    rows = part.rows()
    mine = attrs.evolve(mine, rows=job.watch(rows, replaced) if job.watch is not None else rows)
    read = _read(std, spec, [mine], job.roster)
    return mine, read, part.ok() and clean(read, [mine])


def _parent(job: Job, batch: Batch, part, conn, spool, proc) -> Split | None:
    std, spec = job.standard, spec_for(job.standard)
    replaced: list = []
    mine, read, ok = _read_part(job, batch, part, replaced)
    kind, their_ok, their_ids = conn.recv()
    if not (ok and their_ok):
        return None
    ids = org_ids(read)
    if not ids and not their_ids:
        return None  # no organization's scores at all: said by the one-piece reader
    both = set(ids).intersection(their_ids)
    conn.send(sorted(both))
    if not take_over(std, spec, read, conn.recv()):
        return None
    here = Place(file=batch.file)
    if job.roster is not None and say.absent(job.roster, std, set(ids).union(their_ids), here):
        return None  # organizations without scores: said by the one-piece reader
    try:
        assessments = complete(
            std, read, [mine], roster=job.roster, supplied=job.supplied, notes=job.notes, require_all=False
        )
        results = grade_all(std, assessments.values(), job.roster)
    except InputError:
        return None
    kind, their_ok, briefs, rows, their_replaced = conn.recv()
    if not their_ok:
        return None
    vetoes = {v.id: v for v in std.vetoes}
    results.sort(key=lambda r: r.org)
    theirs = [Brief.from_plain(vetoes, b) for b in briefs]
    order = list(heapq.merge([(r.org, True, r) for r in results], [(b.org, False, b) for b in theirs], key=_org))
    merged_rows = None
    if job.row is not None:
        other = iter(rows)
        merged_rows = [job.row(x) if is_mine else next(other) for _, is_mine, x in order]
    out = [Brief.of(x) if is_mine else x for _, is_mine, x in order]
    own_results = {r.org: r for r in results}
    # before anything is stored, the other process has written every output (or, gone, the file
    # is read in one piece); a dry run writes its own outputs meanwhile
    spooled = conn.recv() if job.row is not None else None
    return Split(
        out,
        merged_rows,
        replaced + their_replaced,
        _rendered(order, own_results, job.render, conn, spool, proc, spooled),
    )


def _rendered(order, own: dict, render, conn, spool, proc, spooled=None):
    """Each result's output in order: ours made now, theirs read from the file they wrote
    (``spooled``: what they said of it, or None: asked when first needed)."""
    try:
        theirs = None
        for org, is_mine, _ in order:
            if is_mine:
                yield render(own.pop(org))
                continue
            if theirs is None:
                theirs = _read_back(spool.fileno(), *(spooled or _spooled(conn)))
            yield next(theirs)
    finally:
        _end(conn, spool, proc)


def _spooled(conn) -> tuple:
    """What the other process says of the outputs it wrote, once it has written them all."""
    try:
        return conn.recv()
    except (EOFError, OSError):  # stopped (killed, out of memory) after grading: this output is not whole
        raise DingjiError(
            Problem(
                Place(),
                Text(
                    "第二个定级进程在写出结果前中止，输出不完整（未保存任何内容）；"
                    "请重新运行，或设 DINGJI_PROCESSES=1 只用一个进程",
                    "the second grading process stopped before writing its results: the output is "
                    "incomplete (nothing was stored); run again, or set DINGJI_PROCESSES=1 for one process",
                ),
            )
        ) from None


def _spool(fd: int, outputs) -> tuple:
    """Write ``outputs`` to the shared file, one after the other: texts (a JSON object each) as
    UTF-8, ``("text", [(bytes, characters)])``; anything else (a row) pickled, ``("pickle",
    [(bytes, 0)])``.  Made and written one at a time: memory stays flat."""
    kind, sizes = None, []
    with os.fdopen(os.dup(fd), "wb", buffering=1 << 20) as f:
        for o in outputs:
            if kind is None:
                kind = "text" if o.__class__ is str else "pickle"
            if kind == "text" and o.__class__ is str:
                data = o.encode()
                sizes.append((len(data), len(o)))
            elif kind == "pickle":
                data = pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL)
                sizes.append((len(data), 0))
            else:
                raise TypeError("render gave a text and then something else")
            f.write(data)
    return kind or "text", sizes


def _read_back(fd: int, kind: str, sizes: list, chunk: int = 1 << 20):
    """The outputs :func:`_spool` wrote, in order, read a megabyte at a time."""
    offset, i = 0, 0
    while i < len(sizes):
        j, n = i, 0
        while j < len(sizes) and (n == 0 or n < chunk):
            n += sizes[j][0]
            j += 1
        data = os.pread(fd, n, offset)
        offset += n
        if kind == "text":
            text, at = data.decode(), 0
            for _, length in sizes[i:j]:
                yield text[at : at + length]
                at += length
        else:
            at = 0
            for length, _ in sizes[i:j]:
                yield pickle.loads(data[at : at + length])
                at += length
        i = j


def _end(conn, spool, proc) -> None:
    for thing in (conn, spool):
        if thing is not None:
            thing.close()
    if proc is not None and proc.pid is not None:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def _child(job: Job, batch: Batch, part, conn, spool_fd: int) -> None:
    """The other process: its half read and checked, the rows of organizations on both sides
    handed over, its organizations graded, briefs and rows sent, outputs written to the spool."""
    try:
        std = job.standard
        replaced: list = []
        mine, read, ok = _read_part(job, batch, part, replaced)
        conn.send(("ids", ok, org_ids(read) if ok else None))
        if not ok:
            return
        conn.send(hand_over(read, conn.recv()))
        try:
            assessments = complete(
                std, read, [mine], roster=job.roster, supplied=job.supplied, notes=job.notes, require_all=False
            )
            results = grade_all(std, assessments.values(), job.roster)
        except InputError:
            conn.send(("graded", False, None, None, None))
            return
        results.sort(key=lambda r: r.org)
        rows = [job.row(r) for r in results] if job.row is not None else None
        conn.send(("graded", True, [Brief.of(r).plain() for r in results], rows, replaced))
        conn.send(_spool(spool_fd, map(job.render, results)))
    except BaseException:  # noqa: BLE001 - whatever it is, the parent reads the file in one piece
        conn.close()
