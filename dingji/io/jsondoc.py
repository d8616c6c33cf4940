"""A JSON document from a file that may be hostile, and a small check of its shape.

:func:`load` refuses what Python's ``json`` would take or choke on: nesting deeper than the
interpreter's recursion limit (``json`` raises RecursionError: caught, and the depth
measured for the message; scanning every file's brackets beforehand would cost half as
much again as parsing it), and ``NaN``, ``Infinity``, numbers too large for a float
(``1e400``) or with more than :data:`DIGITS` digits (``10**400``), which JSON does not
allow or no ledger holds; each is named by its JSON path (``results[2].score``).  What it
returns is walked without recursion here, however deep it is.

:class:`Shape` checks a loaded document against a description written with the helpers
below (:func:`obj`, :func:`list_of`, :func:`map_of`, :data:`TEXT`, :data:`NUMBER` ...) and
reports every mismatch at its path at once, in English and Chinese.  Hand-written rather
than jsonschema: a few dozen lines, no dependency, and messages in both languages with
the places dingji's errors use (:class:`~dingji.core.errors.Place`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from dingji.core.bulk import bulk
from dingji.core.errors import InputError, Place, Problem
from dingji.core.text import Text

#: how deep an exported ledger nests (summary.moves.domains[0].matrix[grade][grade]), for messages
DEPTH = 7
#: a number with more digits is refused where a number is read (no count or score of a ledger comes near)
DIGITS = 15
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_QUOTED = re.compile(rb'"[^"]*"')
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Refused:
    """A number JSON does not allow or no ledger holds, kept in place so that the
    check can name its path; ``text`` is what the file says."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def why(self) -> tuple[str, str]:
        if self.text in ("NaN", "Infinity", "-Infinity"):
            return (f"{self.text} is not a number JSON allows", f"{self.text} 不是 JSON 允许的数值")
        shown = self.text if len(self.text) <= 24 else self.text[:12] + "…" + self.text[-6:]
        return f"the number {shown} is too large", f"数值 {shown} 过大"


def _float(text: str):
    f = float(text)
    return f if math.isfinite(f) else Refused(text)


def depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings ignored):
    escapes dropped, then all but quotes and brackets, then the strings."""
    skeleton = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    return max(accumulate(1 if c in b"[{" else -1 for c in _QUOTED.sub(b"", skeleton)), default=0)


def join(path: str, key) -> str:
    """``path`` and one more step: ``results[2]``, ``results[2].score``, ``sources["自 查"]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENT.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def load(
    path, check: Callable[[Any], list[Problem]] | None = None, data: bytes | None = None, skip: frozenset = frozenset()
) -> Any:
    """The document in ``path`` (UTF-8, a BOM allowed); an InputError naming the file, or the
    line, otherwise.  A refused number (NaN, Infinity, 1e400) is a problem at its path, with
    those of ``check(doc)`` (its shape: a refused number where a value is read fits no shape
    and is left to the first list), all raised at once; no refused number is ever returned.
    ``data``: the file's bytes, already read (``path`` then only names it).  ``skip``: keys whose
    values the caller does not read, dropped from every object as it is parsed (a 30,000-result
    ledger without its indicators: 730 → 440 MB to parse, and faster); a refused number in the
    document is still said at its path (the document is then read again whole, to find it)."""
    file = str(path)

    def fail(en, zh, **where):
        raise InputError([Problem(Place(file=file, **where), Text(zh, en))])

    try:
        if data is None:
            with open(path, "rb") as f:
                data = f.read()
        raw = data
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"not UTF-8 text: {exc}", f"不是 UTF-8 文本：{exc}")
    except OSError as exc:
        fail(f"cannot read: {exc.strerror or exc}", f"无法读取：{exc.strerror or exc}")
    refused: list[Refused] = []

    def keep(x):
        if isinstance(x, Refused):
            refused.append(x)
        return x

    def without(pairs):
        return {k: v for k, v in pairs if k not in skip}

    try:
        with bulk():  # a document's objects all live on: no collector passes over them
            doc = json.loads(
                text,
                parse_constant=lambda t: keep(Refused(t)),
                parse_float=lambda t: keep(_float(t)),
                object_pairs_hook=without if skip else None,
            )
    except json.JSONDecodeError as exc:
        fail(
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            f"不是有效的 JSON：{exc.msg}（第 {exc.colno} 列）",
            line=exc.lineno,
        )
    except RecursionError:
        del text
        n = depth(raw)
        fail(
            f"arrays and objects nest {n} deep, too deep to read (a ledger nests {DEPTH})",
            f"数组和对象嵌套 {n} 层，过深，无法读取（台账为 {DEPTH} 层）",
        )
    except ValueError as exc:
        fail(f"not valid JSON: {exc}", f"不是有效的 JSON：{exc}")
    if refused and skip:  # it may lie in what was skipped: read whole, it is said at its path
        del doc
        return load(path, check, raw)
    problems = [Problem(Place(file=file, key=where), *value.why()) for where, value in _refused(doc)] if refused else []
    if check is not None:
        problems += check(doc)
    if problems:
        raise InputError(problems)
    return doc


def _refused(doc):
    """``(path, Refused)`` of every refused number, in document order (iteratively)."""
    stack = [("", doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Refused):
            yield path or "$", value
        elif isinstance(value, dict):
            stack += [(join(path, k), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(join(path, i), v) for i, v in reversed(list(enumerate(value)))]


# --- shapes ----------------------------------------------------------------------------

_KINDS = {
    dict: ("an object", "对象"),
    list: ("an array", "数组"),
    str: ("text", "文本"),
    bool: ("true or false", "布尔值"),
    int: ("a number", "数值"),
    float: ("a number", "数值"),
    type(None): ("null", "null"),
}


def _got(value) -> tuple[str, str]:
    en, zh = _KINDS.get(type(value), ("something else", "其他"))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "…"
        return f"{en} {shown}", f"{zh} {shown}"
    return en, zh


def _path(link) -> str:
    """A path kept as nested pairs ``(parent, key)`` (made for every value, written out only
    for a problem)."""
    keys = []
    while link is not None:
        link, key = link
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path = join(path, key)
    return path


class Shape:
    """What one value must be: ``test(value)`` is true when it fits, ``want`` is ``(english,
    chinese)`` of what was expected.  A container also names what it holds: ``items`` (an
    array's or a map's members) or ``required`` and ``optional`` members (an object)."""

    def __init__(
        self,
        want: tuple[str, str],
        test: Callable[[Any], bool],
        *,
        kind: str | None = None,
        items: Shape | None = None,
        required: dict | None = None,
        optional: dict | None = None,
    ):
        self.want, self.test, self.kind = want, test, kind
        self.items, self.required, self.optional = items, required or {}, optional or {}

    def problems(
        self, value, place: Callable[[str], Place] = lambda p: Place(key=p or "$"), limit: int = 100
    ) -> list[Problem]:
        """Every mismatch under ``value``, each at its path (at most ``limit``, then one line
        saying how many more); without recursion, so any depth is walked."""
        out: list[Problem] = []
        more = 0

        def wrong(link, v, shape, missing=False):
            nonlocal more
            if len(out) >= limit:
                more += 1
                return
            if missing:
                why = ("is missing", "缺失")
            elif isinstance(v, Refused):  # load() names it already
                return
            elif v.__class__ is int and not -_BIG < v < _BIG:
                why = Refused(str(v)).why()
            else:
                got = _got(v)
                why = (f"must be {shape.want[0]}, got {got[0]}", f"应为{shape.want[1]}，实为{got[1]}")
            out.append(Problem(place(_path(link)), *why))

        stack = [(None, value, self)]
        push = stack.append
        while stack:
            link, v, shape = stack.pop()
            if not shape.test(v):
                wrong(link, v, shape)
                continue
            kind = shape.kind
            if kind is None:
                continue
            if kind == "object":
                for key, member in shape.required.items():
                    if key not in v:
                        wrong((link, key), None, member, missing=True)
                    elif member.kind is not None:
                        push(((link, key), v[key], member))
                    elif not member.test(v[key]):
                        wrong((link, key), v[key], member)
                for key, member in shape.optional.items():
                    if key in v:
                        if member.kind is not None:
                            push(((link, key), v[key], member))
                        elif not member.test(v[key]):
                            wrong((link, key), v[key], member)
                continue
            item = shape.items
            pairs = enumerate(v) if kind == "list" else v.items()
            if item.kind is not None:
                stack.extend(((link, k), x, item) for k, x in reversed(list(pairs)))
            else:
                test = item.test
                for k, x in pairs:
                    if not test(x):
                        wrong((link, k), x, item)
        if more:
            out.append(
                Problem(place(""), Text(f"另有 {more} 个同类问题", f"and {more} more problems of the same kind"))
            )
        return out


def _is_number(v) -> bool:
    return (v.__class__ is int and -_BIG < v < _BIG) or (v.__class__ is float and math.isfinite(v))


_BIG = 10**DIGITS
TEXT = Shape(("text", "文本"), lambda v: v.__class__ is str)
NUMBER = Shape(("a number", "数值"), _is_number)
WHOLE = Shape(("a whole number", "整数"), lambda v: v.__class__ is int and -_BIG < v < _BIG)
BOOL = Shape(("true or false", "true 或 false"), lambda v: v.__class__ is bool)


def one_of(*values) -> Shape:
    shown = " or ".join(json.dumps(x, ensure_ascii=False) for x in values)
    return Shape((shown, shown.replace(" or ", " 或 ")), lambda v: any(v == x and type(v) is type(x) for x in values))


def maybe(shape: Shape) -> Shape:
    """``shape`` or null (of a plain value: text, a number ...)."""
    assert shape.kind is None, "maybe() of a container"
    return Shape((f"{shape.want[0]} or null", f"{shape.want[1]}或 null"), lambda v: v is None or shape.test(v))


def list_of(item: Shape) -> Shape:
    return Shape(("an array", "数组"), lambda v: v.__class__ is list, kind="list", items=item)


def map_of(value: Shape) -> Shape:
    """An object whose every member is ``value``."""
    return Shape(("an object", "对象"), lambda v: v.__class__ is dict, kind="map", items=value)


def obj(required: dict[str, Shape], optional: dict[str, Shape] | None = None) -> Shape:
    """An object with the ``required`` members and maybe the ``optional`` ones (others are left alone)."""
    return Shape(
        ("an object", "对象"), lambda v: v.__class__ is dict, kind="object", required=required, optional=optional
    )
