"""The text of a CSV file as it was saved: UTF-8 (with or without BOM) or GB18030, streamed.

Excel on a Chinese Windows saves "CSV (逗号分隔)" as GBK and "CSV UTF-8" as UTF-8 with a
BOM; other programs write UTF-8 without one.  :class:`CsvText` opens a file's text
whichever it is, choosing as the bytes come:

- a UTF-8 BOM: UTF-8;
- else the bytes are ASCII (the same in both encodings) up to the first that is not; from
  there on at least :data:`LOOK` bytes (or the rest of the file) must decode strictly as
  UTF-8, else as GB18030 (a superset of GBK and GB2312), else the file is refused at its
  line, saying which encodings were tried;
- a byte further on that does not decode in the chosen encoding is refused at its line.

Nothing is read twice and memory stays flat however far into the file the choice falls:
the raw stream under one :class:`io.TextIOWrapper` (``newline=""``, as the csv module
wants) passes UTF-8 through, checked, and turns GB18030 into UTF-8, a chunk at a time.
Reading a file as GB18030 is said once (:func:`dingji.io.notes.note`).
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text
from dingji.io.hashing import HashingFile
from dingji.io.notes import note

CHUNK = 1 << 16
#: bytes from the first non-ASCII byte on that decide the encoding (or the rest of the file)
LOOK = 1 << 16
ENCODINGS = ("utf-8", "gb18030")
_NOT_ASCII = re.compile(rb"[\x80-\xff]")
_SAVE = ("请在 Excel 中另存为“CSV UTF-8（逗号分隔）”", "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
_NAME = {"utf-8": ("UTF-8", "UTF-8"), "gb18030": ("GB18030（GBK）", "GB18030 (GBK)")}


class CsvText:
    """One CSV file's text, opened as often as a reader needs (:meth:`open`); its encoding
    is found on the first reading and kept, and GB18030 is said once."""

    def __init__(self, path):
        self.path = Path(path)
        self.file = str(path)
        self.encoding: str | None = None  # "utf-8" or "gb18030", once found
        self._said = False
        self.raw: HashingFile | None = None  # the bytes under the latest opening

    def digest(self) -> tuple[str, int] | None:
        """``(sha256, bytes)`` of the file once the latest opening was read to its end, else None."""
        return self.raw.digest() if self.raw is not None else None

    def open(self) -> io.TextIOWrapper:
        """The file's text (``newline=""``); reading it raises an InputError at a byte that
        is neither encoding."""
        return io.TextIOWrapper(io.BufferedReader(_Decoding(self), CHUNK), encoding="utf-8", newline="")

    def read(self) -> str:
        with self.open() as f:
            return f.read()

    def found(self, encoding: str) -> None:
        self.encoding = encoding
        if encoding != "utf-8" and not self._said:
            self._said = True
            zh, en = _NAME[encoding]
            note(Text(f"已按 {zh}编码读取 {self.file}", f"read {self.file} as {en} text, not UTF-8"))


class _Decoding(io.RawIOBase):
    """The bytes of a file as UTF-8: passed through when they are UTF-8, transcoded when they
    are GB18030, the encoding chosen at the first non-ASCII byte (see the module docstring)."""

    def __init__(self, text: CsvText):
        super().__init__()
        self._text = text
        self._f = text.raw = HashingFile(text.path)  # the sha256 taken from the bytes read
        self._out = memoryview(b"")
        self._lines = 0  # newlines in the bytes passed on: the line of a bad byte
        self._dec = codecs.getincrementaldecoder(text.encoding)() if text.encoding else None
        self._first = True
        self._done = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._f.close()
        super().close()

    def readinto(self, buf) -> int:
        while not self._out:
            if self._done:
                return 0
            self._out = memoryview(self._next())
        n = min(len(buf), len(self._out))
        buf[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _next(self) -> bytes:
        data = self._f.read(CHUNK)
        if self._first:
            self._first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
                if self._dec is None:
                    self._dec = codecs.getincrementaldecoder("utf-8")()
                    self._text.found("utf-8")
        if not data:
            self._done = True
            if self._dec is not None:
                self._decode(b"", final=True)  # a character cut off at the end
            return b""
        if self._dec is None:
            first = _NOT_ASCII.search(data)
            if first is None:  # ASCII so far: the same in both
                self._lines += data.count(b"\n")
                return data
            if len(data) - first.start() < LOOK:
                data += self._f.read(LOOK)
            self._choose(data)
        return self._decode(data)

    def _choose(self, data: bytes) -> None:
        """The first encoding that decodes ``data`` (its start, ASCII, read alike in both)."""
        failed = 0
        for encoding in ENCODINGS:
            dec = codecs.getincrementaldecoder(encoding)()
            try:
                dec.decode(data)
            except UnicodeDecodeError as exc:
                failed = max(failed, exc.start)  # the farther either got: the line to look at
                continue
            self._dec = codecs.getincrementaldecoder(encoding)()
            self._text.found(encoding)
            return
        raise self._bad(
            data,
            failed,
            Text(
                "无法识别文件的编码：这一行既不是 UTF-8 也不是 GB18030（GBK）编码的文本（已尝试 UTF-8、GB18030）；"
                + _SAVE[0],
                "cannot tell the file's encoding: this line is neither UTF-8 nor GB18030 (GBK) text "
                f"(tried UTF-8, GB18030); {_SAVE[1]}",
            ),
        )

    def _decode(self, data: bytes, final: bool = False) -> bytes:
        try:
            text = self._dec.decode(data, final)
        except UnicodeDecodeError as exc:
            zh, en = _NAME[self._text.encoding]
            raise self._bad(
                data,
                exc.start,
                Text(
                    f"这一行不是 {zh} 文本，而前面的内容是按 {zh} 读取的：一个文件只能用一种编码（UTF-8 或 "
                    f"GB18030/GBK），这个文件可能混用了两种，或已损坏；{_SAVE[0]}",
                    f"this line is not {en} text, while the lines before it were read as {en}: a file has one "
                    f"encoding (UTF-8 or GB18030/GBK), and this one may mix two, or be damaged; {_SAVE[1]}",
                ),
            ) from None
        self._lines += data.count(b"\n")
        return data if self._text.encoding == "utf-8" else text.encode("utf-8")

    def _bad(self, data: bytes, at: int, text: Text) -> InputError:
        line = self._lines + data[: max(at, 0)].count(b"\n") + 1
        return InputError([Problem(Place(file=self._text.file, line=line), text)])
