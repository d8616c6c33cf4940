"""JSON documents written one item at a time, so that memory does not grow with their length.

:func:`write_document` writes exactly the text of ``json.dumps(doc, ensure_ascii=False,
indent=2)`` followed by a newline (what ``click.echo(json.dumps(...))`` printed), while
a list member given as an iterator is written one element at a time: the document is
unchanged, only never whole in memory.

:func:`dumps` is that indented text of one value.  The standard library writes indented
JSON in pure Python, one generator per container; :func:`dumps` writes the same text with
one call per value (strings escaped by json's own C function), several times faster on the
thousands of small objects of a result list.  A test compares the two on every kind of value.
"""

from __future__ import annotations

import json
from itertools import islice
from json.encoder import encode_basestring as _text  # the C function where there is one


class Texts:
    """A list member of :func:`write_document` whose elements are all JSON text already written
    (at depth 2), each written as it is: ``("results", Texts(map(result_text, results)))``."""

    def __init__(self, texts):
        self.texts = iter(texts)

    def __iter__(self):
        return self.texts

    def __next__(self):
        return next(self.texts)


def dumps(value, depth: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, each line
    after the first indented ``depth`` levels more (it stands ``depth`` levels deep)."""
    out: list[str] = []
    _encode(value, "\n" + "  " * depth, out)
    return "".join(out)


_KEYS: dict[str, str] = {}  # a key's text with its colon: keys repeat in every object of a list


def _key(k: str) -> str:
    got = _KEYS.get(k)
    if got is None:
        got = _text(k) + ": "
        if len(_KEYS) < 10_000:
            _KEYS[k] = got
    return got


def _scalar(v):
    """The text of a string, whole number, finite float, boolean or null; None for anything else."""
    c = v.__class__
    if c is str:
        return _text(v)
    if c is int:
        return int.__repr__(v)
    if c is float:
        return float.__repr__(v) if v - v == 0.0 else None  # NaN and infinities: json's own text
    if c is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    return None


def _encode(o, nl: str, out: list) -> None:
    c = o.__class__
    if c is dict:
        if not o:
            out.append("{}")
            return
        start, inner = len(out), nl + "  "
        sep = "{" + inner
        for k, v in o.items():
            if k.__class__ is not str:  # json turns such keys to text its own way
                del out[start:]
                out.append(json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl))
                return
            text = _scalar(v)
            if text is None:
                out.append(sep + _key(k))
                _encode(v, inner, out)
            else:
                out.append(sep + _key(k) + text)
            sep = "," + inner
        out.append(nl + "}")
    elif c is list or c is tuple:
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in o:
            text = _scalar(v)
            if text is None:
                out.append(sep)
                _encode(v, inner, out)
            else:
                out.append(sep + text)
            sep = "," + inner
        out.append(nl + "]")
    else:
        text = _scalar(o)
        # anything else (subclasses, NaN): as json writes it, or fails as json fails
        out.append(json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl) if text is None else text)


def write_document(f, items, batch: int = 64) -> None:
    """Write the object whose members are ``items`` (``(key, value)`` pairs, in order) to the
    text file ``f``.  A value that is an iterator (a generator) is a list written one element at
    a time, ``batch`` elements per write; any other value is written whole."""
    f.write("{")
    for n, (key, value) in enumerate(items):
        f.write(("," if n else "") + "\n  " + _text(key) + ": ")
        if not hasattr(value, "__next__"):
            f.write(dumps(value, 1))
            continue
        if value.__class__ is Texts:
            _write_texts(f, value.texts, batch)
            continue
        parts, first = [], True
        for item in value:
            parts.append(("[" if first else ",") + "\n    " + dumps(item, 2))
            first = False
            if len(parts) >= batch:
                f.write("".join(parts))
                parts.clear()
        f.write("".join(parts) + ("[]" if first else "\n  ]"))
    f.write("\n}\n")


def _write_texts(f, texts, batch: int) -> None:
    """A list of JSON texts: ``[``, the texts joined by ``,`` and a line break, ``]``."""
    first = next(texts, None)
    if first is None:
        f.write("[]")
        return
    f.write("[\n    " + first)
    sep = ",\n    "
    while True:
        chunk = list(islice(texts, batch))
        if not chunk:
            break
        f.write(sep + sep.join(chunk))
    f.write("\n  ]")
