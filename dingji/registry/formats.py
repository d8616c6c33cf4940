"""The formats a :class:`dingji.registry.Registry` holds: a reader for a file by its suffix, a
writer of a role (``ledger``, ``notice``, ``template``) by name or by the target's suffix."""

from __future__ import annotations

from pathlib import Path

from dingji.core.errors import DingjiError, InputError, Place, Problem
from dingji.core.model import Reader
from dingji.core.text import Text


class Formats:
    """A mixin of :class:`~dingji.registry.Registry`, over its ``readers`` and ``_writers``."""

    def reader_for(self, path, what: str = "scores") -> Reader:
        """The reader for a file by its suffix; an InputError naming the known ones otherwise."""
        suffix = Path(path).suffix.lower()
        for reader in self.readers.values():
            if suffix in reader.suffixes and getattr(reader, f"read_{what}") is not None:
                return reader
        known = sorted({s for r in self.readers.values() if getattr(r, f"read_{what}") for s in r.suffixes})
        raise InputError(
            [
                Problem(
                    Place(file=str(path)),
                    Text(
                        f"无法读取 {suffix or '该类型'} 文件；可用格式：{'、'.join(known)}",
                        f"cannot read {suffix or 'this'} files; use {', '.join(known)}",
                    ),
                )
            ]
        )

    @property
    def writers(self) -> dict:
        """The ledger's output formats by name (``dingji ledger export --format NAME``)."""
        return self.writers_for("ledger")

    def writers_for(self, role: str) -> dict:
        """The writers of one role (``ledger``, ``notice``, ``template``) by name, in registration order."""
        return {name: w for (r, name), w in self._writers.items() if r == role}

    def writer_for(self, role: str, path=None, name: str | None = None):
        """The writer of ``role`` named ``name``, or else the one for ``path``'s suffix, or else the
        first registered; a DingjiError naming the known ones otherwise."""
        found = self.writers_for(role)
        if name is None and path is not None:
            suffix = Path(path).suffix.lower()
            name = next((n for n, w in found.items() if w.suffix and suffix == w.suffix.lower()), None)
            if name is None and suffix:
                name = suffix.lstrip(".")
        if name is None and found:
            return next(iter(found.values()))
        if name in found:
            return found[name]
        known = ", ".join(found) or "none"
        what = {"ledger": "台账", "notice": "公示", "template": "填报模板"}.get(role, role)
        raise DingjiError(
            [
                Problem(
                    Place(file=str(path) if path else None, key=name),
                    Text(f"没有{what}输出格式 {name!r}；可用：{known}", f"no {role} format {name!r}; known: {known}"),
                )
            ]
        )
