"""What a command says on standard error, kept short at any size (cli.md, "Output that scales"):
per kind of warning a line with the count, at most :data:`SHOWN` named lines, and where the
full list is.

A :class:`Notice` is one kind of warning (scores near a grade line, a quota, values that
tracker records replaced ...): its head line, which says how many, and one line per
organization or value.  :meth:`Notice.lines` shortens it; with ``limit=None`` every line is
given (what ``--all`` prints, and what :attr:`Evaluation.warnings` has always held).
"""

from __future__ import annotations

import attrs

#: Named lines shown per kind of warning, at most.
SHOWN = 20


@attrs.frozen
class Notice:
    kind: str  # "quota", "near", "replaced" ...: what it is about
    head: str  # the line that says what and how many
    items: tuple[str, ...] = attrs.field(default=(), converter=tuple)  # one line per organization or value

    def lines(self, limit: int | None = SHOWN, where: str | None = None, lang: str = "zh") -> list[str]:
        """The head, then at most ``limit`` items (every item with None), then, when some were
        left out, how many and ``where`` the full list is."""
        shown = self.items if limit is None else self.items[:limit]
        out = [self.head] + [f"  {x}" for x in shown]
        rest = len(self.items) - len(shown)
        if rest:
            out.append("  " + more_text(rest, where, lang))
        return out


def more_text(rest: int, where: str | None, lang: str = "zh") -> str:
    """``……另有 5,439 个未列出；全部列出：加 --all`` / ``… and 5,439 more; all of them: --all``."""
    if lang == "en":
        return f"… and {rest:,} more" + (f"; all of them: {where}" if where else "")
    return f"……另有 {rest:,} 个未列出" + (f"；全部列出：{where}" if where else "")


def flat(notices, limit: int | None = None, where: str | None = None, lang: str = "zh") -> list[str]:
    """The lines of every notice, in order (every item with ``limit`` None)."""
    return [line for n in notices for line in n.lines(limit, where, lang)]
