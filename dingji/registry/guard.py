"""Plugins that misbehave are named, never a traceback, and never silently in charge.

- A name registered twice (a method ``score``, a reader ``xlsx``) is refused unless the
  workspace allows it (``[plugins] replace = ["score"]``): the plugin that came first keeps
  it, and the one that came second is reported with both names.
- A third party's scoring method is checked where it runs: its ``compile`` failing is a
  problem of that method and plugin (not of the plugin that registered the standard), and
  its ``points`` must give a number.  Built-in methods run unwrapped.
- A writer, a reader or a ledger sheet failing midway is named with its plugin.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.text import Text


def plugin_error(plugin: str, what: str, exc: BaseException | None = None) -> DingjiError:
    why = f": {type(exc).__name__}: {exc}" if exc is not None else ""
    return DingjiError(
        [Problem(Place(key=plugin), Text(f"插件 {plugin} 出错：{what}{why}", f"plugin {plugin}: {what}{why}"))]
    )


def checked_method(method, plugin: str):
    """``method`` whose compile and points name ``plugin`` when they fail or give no number."""
    compile_ = method.compile

    def compile(indicator):
        try:
            scorer = compile_(indicator)
        except DingjiError:
            raise
        except Exception as exc:  # noqa: BLE001 - a plugin's failure, named
            raise plugin_error(plugin, f"method {method.name!r} failed on indicator {indicator.id}", exc) from None
        points = getattr(scorer, "points", None)
        if points is None:
            return scorer

        def checked(*values):
            try:
                got = points(*values)
            except DingjiError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise plugin_error(plugin, f"method {method.name!r} failed on indicator {indicator.id}", exc) from None
            if isinstance(got, Decimal):
                return got
            if isinstance(got, int) and not isinstance(got, bool):
                return Decimal(got)
            raise plugin_error(
                plugin,
                f"method {method.name!r} gave {type(got).__name__} {got!r} for indicator "
                f"{indicator.id}, not a number (a Decimal)",
            )

        return attrs.evolve(scorer, points=checked)

    return attrs.evolve(method, compile=compile)


class Owners:
    """Who registered each name of each kind; a second registration is refused unless allowed."""

    def __init__(self, registry, allowed=()):
        self.registry, self.allowed, self.by = registry, set(allowed), {}

    def take(self, kind: str, name, plugin: str) -> bool:
        """Whether ``plugin`` may register ``name`` (False: reported, the first one stays)."""
        first = self.by.get((kind, name))
        if first is None or first == plugin or str(name) in self.allowed:
            self.by[(kind, name)] = plugin
            return True
        shown = name if isinstance(name, str) else "/".join(map(str, name))
        self.registry._broken(
            plugin,
            f"registered {kind} {shown!r}, which plugin {first} registered already; "
            f'{first}\'s is kept (to let it be replaced: [plugins] replace = ["{shown}"] '
            "in dingji.toml)",
        )
        return False

    def of(self, kind: str, name) -> str | None:
        return self.by.get((kind, name))
