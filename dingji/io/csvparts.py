"""A long-form score CSV read in two parts at once, one per process (:mod:`dingji.services.split`).

The file is cut after the first line end past its middle.  Each part is read as the whole file
would be (the same columns, the same line numbers), each in its own process, so that a city's
file is parsed on both cores.  A part says whether it could be read that way (:meth:`Part.ok`):
the first part must hold no quotation mark (else a quoted field might run past the cut) and
every part must be UTF-8; when one cannot, the caller reads the file again in one piece, with
every message the one-piece reader gives.
"""

from __future__ import annotations

import csv
import io
import operator
import os
from contextlib import contextmanager

#: below this size a file is read in one piece: a second process costs more than it saves
MIN_BYTES = int(os.environ.get("DINGJI_SPLIT_MIN_BYTES", 8_000_000))
_CHUNK = 1 << 20


class Part:
    """Bytes ``start`` to ``end`` of a CSV file whose header was read: its rows as the reader of
    the whole file gives them, ``(org, source, item, value, line)``."""

    def __init__(self, path: str, start: int, end: int, columns: tuple, width: int):
        self.path, self.start, self.end, self.columns, self.width = path, start, end, columns, width
        self.first = start == 0
        self.problem = None  # why this part could not be read as a part (then: read in one piece)

    def ok(self) -> bool:
        return self.problem is None

    def read_clean(self, standard, spec, roster, file: str):
        """This part's rows as plain ``(org, source, item, value)`` sequences (no line numbers)
        through the lean loop (:func:`dingji.core.input_clean.read_clean`), or None when they
        have anything to say or the part cannot be read as a part."""
        from dingji.core.input_clean import read_clean

        got = None
        try:
            with self._reader() as (reader, source):
                if self.columns == (0, 1, 2, 3) and self.width == 4:
                    rows = reader  # the csv module's own lists: unpacking them checks their length
                else:
                    rows = _picked(reader, self.columns, self.width)
                got = read_clean(standard, spec, rows, roster, file)
                self._check(source)
        except (UnicodeDecodeError, csv.Error, OSError) as exc:
            self.problem = str(exc)
        return got if self.ok() else None

    def rows(self):
        """This part's rows as the one-piece reader gives them, with their line numbers."""
        io_, is_, ii, iv = self.columns
        width = self.width
        try:
            offset = 0 if self.first else _lines_before(self.path, self.start)
            with self._reader() as (reader, source):
                for row in reader:
                    if len(row) != width:
                        if not any(x.strip() for x in row):
                            continue  # a blank line, as the whole file's reader skips it
                        self.problem = "a line with another number of fields"
                        return
                    yield row[io_], row[is_], row[ii], row[iv], reader.line_num + offset
                self._check(source)
        except (UnicodeDecodeError, csv.Error, OSError) as exc:
            self.problem = str(exc)

    @contextmanager
    def _reader(self):
        """A csv reader of this part's bytes, past the header in the first part, and its source."""
        with open(self.path, "rb") as raw:
            raw.seek(self.start)
            source = _Range(raw, self.end - self.start, watch_quotes=self.first)
            text = io.TextIOWrapper(
                io.BufferedReader(source, _CHUNK), encoding="utf-8-sig" if self.first else "utf-8", newline=""
            )
            reader = csv.reader(text)
            if self.first:
                next(reader, None)  # the header
            yield reader, source

    def _check(self, source) -> None:
        if source.quoted:
            self.problem = "a quotation mark in the first part"


_WRONG = ("", "", "", "", "a line with another number of fields")


def _picked(reader, columns: tuple, width: int):
    """The four columns of each row of another width or order (a line of another length: a row
    of the wrong length, for the loop to give up at)."""
    pick = operator.itemgetter(*columns)
    for row in reader:
        if len(row) == width:
            yield pick(row)
        elif any(x.strip() for x in row):
            yield _WRONG  # not four values: the loop gives up


def parts(path, columns: tuple, width: int, shares=(0.5, 0.5)) -> list[Part] | None:
    """The file cut at line ends into parts of about ``shares`` of its bytes, or None when it is
    too small to be worth it or the cuts find no line end."""
    path = os.fspath(path)
    size = os.path.getsize(path)
    if len(shares) < 2 or size < MIN_BYTES:
        return None
    cuts, done = [0], 0.0
    with open(path, "rb") as f:
        for share in shares[:-1]:
            done += share
            f.seek(int(size * done))
            f.readline()  # to the end of the line the cut falls in
            at = f.tell()
            if at >= size or at <= cuts[-1]:
                return None
            cuts.append(at)
    cuts.append(size)
    return [Part(path, a, b, columns, width) for a, b in zip(cuts, cuts[1:])]


class _Range(io.RawIOBase):
    """At most ``left`` bytes of an open binary file; with ``watch_quotes``, notes whether any of
    them is a quotation mark."""

    def __init__(self, raw, left: int, watch_quotes: bool):
        self.raw, self.left, self.watch, self.quoted = raw, left, watch_quotes, False

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self.left <= 0:
            return 0
        data = self.raw.read(min(len(buf), self.left))
        self.left -= len(data)
        if self.watch and not self.quoted and b'"' in data:
            self.quoted = True
        buf[: len(data)] = data
        return len(data)


def _lines_before(path: str, end: int) -> int:
    """The lines the whole file's reader has counted when it reaches byte ``end`` (a line start):
    line ends are ``\\n``, ``\\r\\n`` and a lone ``\\r``, as Python's text reader splits them."""
    lines, last = 0, b""
    with open(path, "rb") as f:
        left = end
        while left > 0:
            data = f.read(min(_CHUNK * 8, left))
            if not data:
                break
            left -= len(data)
            lines += data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
            if last == b"\r" and data[:1] == b"\n":
                lines -= 1  # a \r\n cut between two reads was counted as a lone \r and a \n
            last = data[-1:]
    return lines
