"""What a reader tells the user beside its data (a file read as GB18030, not UTF-8).

A note is no problem: nothing stops.  Readers call :func:`note` with a bilingual
:class:`~dingji.core.text.Text`; a face says it to the user by listening while it runs a
command (``with listening(say): ...``; the command line prints each note on standard
error).  Without a listener, a note is dropped: a library caller reads as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_LISTENERS: ContextVar[tuple] = ContextVar("dingji_notes", default=())


def note(text) -> None:
    """Tell every listener ``text`` (a :class:`~dingji.core.text.Text`)."""
    for listener in _LISTENERS.get():
        listener(text)


@contextmanager
def listening(listener: Callable) -> Iterator[None]:
    """Within the block, ``listener(text)`` hears every note."""
    token = _LISTENERS.set((*_LISTENERS.get(), listener))
    try:
        yield
    finally:
        _LISTENERS.reset(token)
