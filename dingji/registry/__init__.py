"""The plugin host: built-in plugins, entry points, and what they register.

Entry points (group ``dingji``) load one at a time, so one broken plugin is
reported by name and skipped; ``DINGJI_STRICT_PLUGINS=1`` makes it fatal.
Each hook implementation is also called on its own, for the same reason.
"""

from __future__ import annotations

import importlib
import os
import warnings
from importlib import metadata
from pathlib import Path

import attrs
import pluggy

from dingji import hookspecs
from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.ids import id_problem
from dingji.core.model import INPUT_KINDS, Method, Metric, Reader, Standard
from dingji.core.text import Text
from dingji.core.tracker import Tracker
from dingji.registry.formats import Formats
from dingji.registry.guard import Owners, checked_method
from dingji.registry.standards import Standards

GROUP = "dingji"

#: Module names of the built-in plugins, in registration order (as pytest lists its own).
#: They are imported by name when a registry is made, never by a face.
BUILTIN = (
    "dingji.plugins.methods",
    "dingji.plugins.standards",
    "dingji.trackers.sanliang",
    "dingji.trackers.yichuang",
    "dingji.trackers.duibiao",
    "dingji.trackers.zhutiri",
    "dingji.trackers.quyu",
    "dingji.plugins.csv_reader",
    "dingji.plugins.xlsx_reader",
    "dingji.plugins.ledger_xlsx",
    "dingji.plugins.ledger_text",
    "dingji.plugins.notice",
    "dingji.plugins.ledger_sheets",
    "dingji.plugins.templates",
)


class PluginWarning(UserWarning):
    """A plugin failed to load or to register something; it was skipped."""


class PluginError(DingjiError):
    """A plugin failed while DINGJI_STRICT_PLUGINS=1."""


def _strict() -> bool:
    return os.environ.get("DINGJI_STRICT_PLUGINS", "") not in ("", "0", "false", "no")


class Registry(Standards, Formats):
    """What the loaded plugins contribute: methods, metrics, trackers, standards, readers,
    writers, commands.  Standards are loaded and found through the mixin
    :class:`~dingji.registry.standards.Standards`, readers and writers through
    :class:`~dingji.registry.formats.Formats`."""

    def __init__(self, entry_points: bool = True, plugins=(), disabled=(), replace=()):
        self.disabled = set(disabled)
        self.owners = Owners(self, replace)  # who registered each name; see dingji.registry.guard
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.broken: list[tuple[str, str]] = []  # (plugin name, what went wrong)
        self.origins: dict[str, str] = {}  # plugin name -> "built-in" | distribution | "test"
        for name in BUILTIN:
            if name in self.disabled:
                continue
            self.pm.register(importlib.import_module(name), name=name)
            self.origins[name] = "built-in"
        if entry_points:
            self._load_entry_points()
        for plugin in plugins:
            self.pm.register(plugin)
            self.origins[self.pm.get_name(plugin)] = "given"
        self.methods: dict[str, Method] = {}
        self.metrics: dict[str, Metric] = {}
        self.trackers: dict[str, Tracker] = {}
        self._collect("dingji_register_methods", self._register_method)
        self._collect("dingji_register_metrics", self._keep(self.metrics, "metric", lambda m: m.name))
        self._collect("dingji_register_trackers", self._register_tracker)
        self.readers: dict[str, Reader] = {}
        self._collect("dingji_register_readers", self._keep(self.readers, "reader", lambda r: r.name))
        self._writers: dict = {}  # (role, name) -> dingji.LedgerWriter
        self._collect("dingji_register_writers", self._keep(self._writers, "writer", lambda w: (w.role, w.name)))
        self.commands: list[tuple[str, object, str]] = []  # (parent words or "", click command, plugin)
        self._collect_commands()
        self.standards: dict[str, Standard] = {}
        self.shadowed: list[tuple[Standard, Standard]] = []  # (hidden, by)
        self.standard_errors: list[tuple[str, DingjiError]] = []  # (origin, error)
        #: files of the folders given to add_folder (a workspace's standards/) that did not load
        self.workspace_failures: list[tuple[Path, DingjiError]] = []
        self._collect("dingji_register_standards", self._register_standard, standards=True)

    # --- loading ---------------------------------------------------------

    def _load_entry_points(self):
        for ep in metadata.entry_points(group=GROUP):
            if ep.name in self.disabled:
                continue
            dist = getattr(ep, "dist", None)
            label = f"{ep.name} ({dist.name} {dist.version})" if dist else ep.name
            try:
                plugin = ep.load()
                if self.pm.is_registered(plugin):
                    continue
                self.pm.register(plugin, name=ep.name)
                self.origins[ep.name] = f"{dist.name} {dist.version}" if dist else "entry point"
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - any plugin failure is reported, not fatal: even sys.exit
                what = (
                    f"exited on import (SystemExit {exc.code!r})"
                    if isinstance(exc, SystemExit)
                    else f"failed to load: {type(exc).__name__}: {exc}"
                )
                self._broken(label, what)

    def _broken(self, name: str, what: str):
        if _strict():
            raise PluginError([Problem(Place(key=name), Text(f"插件 {name} 出错：{what}", f"plugin {name} {what}"))])
        self.broken.append((name, what))
        warnings.warn(f"dingji plugin {name} {what}; skipped", PluginWarning, stacklevel=3)

    def _collect(self, hook: str, register, standards: bool = False):
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            name = impl.plugin_name
            self._current = name
            try:
                impl.function(register=register)
            except Exception as exc:  # noqa: BLE001
                self._broken(name, f"failed in {hook}: {type(exc).__name__}: {exc}")

    def _collect_commands(self):
        for impl in self.pm.hook.dingji_commands.get_hookimpls():
            try:
                got = impl.function() or []
                for item in got:
                    parent, command = item if isinstance(item, tuple) else ("", item)
                    if not hasattr(command, "main") or not getattr(command, "name", None):
                        raise TypeError(f"returned {type(command).__name__}, not a click command")
                    self.commands.append((" ".join(str(parent).split()), command, impl.plugin_name))
            except Exception as exc:  # noqa: BLE001 - a broken plugin loses its own commands only
                self._broken(impl.plugin_name, f"failed in dingji_commands: {type(exc).__name__}: {exc}")

    def commands_under(self, parent: str = "") -> dict:
        """The plugins' commands under a group (``""``: the top level; ``"track sanliang"``) by name."""
        return {cmd.name: cmd for where, cmd, _ in self.commands if where == parent}

    def _keep(self, table: dict, kind: str, key):
        """A register callback keeping each thing under its key, once (see Owners)."""

        def register(thing):
            if self.owners.take(kind, key(thing), self._current):
                table[key(thing)] = thing

        return register

    def _register_method(self, method):
        """Keep a method whose ``compile`` is checked: the first scorer asking for an input kind
        outside INPUT_KINDS reports the plugin by name (the standard using it then fails to
        load, at its indicator: see dingji.core.standard), instead of a ValueError in evaluate.
        A method's kinds show only when it compiles an indicator, so this is where they are seen."""
        if not isinstance(method, Method):
            raise TypeError(f"registered {type(method).__name__}, not dingji.Method")
        if not self.owners.take("method", method.name, self._current):
            return
        if self.origins.get(self._current) != "built-in":
            method = checked_method(method, self._current)
        plugin, compile_, reported = self._current, method.compile, []

        def compile(indicator):
            scorer = compile_(indicator)
            bad = [i.kind for i in getattr(scorer, "inputs", ()) if i.kind not in INPUT_KINDS]
            if bad and not reported:
                reported.append(bad[0])
                self._broken(
                    plugin,
                    f"registered method {method.name!r}, which asks for input kind {bad[0]!r}; "
                    f"input kinds are {', '.join(INPUT_KINDS)}",
                )
            return scorer

        self.methods[method.name] = attrs.evolve(method, compile=compile)

    def _register_tracker(self, tracker):
        if not isinstance(tracker, Tracker):
            raise TypeError(f"registered {type(tracker).__name__}, not dingji.Tracker")
        if id_problem(tracker.id, "tracker.id") is not None:
            raise TypeError(f"registered tracker id {tracker.id!r}, which is not an id (it names files)")
        if self.owners.take("tracker", tracker.id, self._current):
            self.trackers[tracker.id] = tracker

    def _register_standard(self, source, name: str | None = None):
        plugin = getattr(self, "_current", "?")
        origin = self.origins.get(plugin, plugin)
        origin = "built-in" if origin == "built-in" else f"plugin {plugin}"
        try:
            self.add(self.load(source, name=name, origin=origin))
        except DingjiError as exc:
            if origin == "built-in" or _strict():
                raise
            self.standard_errors.append((origin, exc))
            self._broken(plugin, f"registered a standard that does not load:\n{exc.describe('en')}")

    def plugin_rows(self):
        """(name, origin, hooks) for each registered plugin."""
        rows = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
            rows.append((name, self.origins.get(name, "?"), hooks))
        return rows


_default: Registry | None = None


def default_registry() -> Registry:
    """The registry of built-in and installed plugins, made once per process."""
    global _default
    if _default is None:
        _default = Registry()
    return _default
