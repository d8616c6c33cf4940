"""The plugin host: built-in plugins, entry points, and what they register.

Entry points (group ``dingji``) load one at a time, so one broken plugin is
reported by name and skipped; ``DINGJI_STRICT_PLUGINS=1`` makes it fatal.
Each hook implementation is also called on its own, for the same reason.
"""

from __future__ import annotations

import importlib
import os
import re
import warnings
from importlib import metadata
from pathlib import Path

import attrs
import pluggy

from dingji import hookspecs
from dingji.core.errors import DingjiError, Place, Problem, StandardError
from dingji.core.model import INPUT_KINDS, Method, Metric, Reader, Standard
from dingji.core.standard import parse_standard
from dingji.core.tracker import Tracker

GROUP = "dingji"

#: Module names of the built-in plugins, in registration order (as pytest lists its own).
#: They are imported by name when a registry is made, never by a face.
BUILTIN = (
    "dingji.plugins.methods",
    "dingji.plugins.standards",
    "dingji.trackers.sanliang",
    "dingji.trackers.yichuang",
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


class Registry:
    """What the loaded plugins contribute: methods, metrics, trackers, standards."""

    def __init__(self, entry_points: bool = True, plugins=(), disabled=()):
        self.disabled = set(disabled)
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
        self._collect("dingji_register_metrics", lambda m: self.metrics.__setitem__(m.name, m))
        self._collect("dingji_register_trackers", self._register_tracker)
        self.readers: dict[str, Reader] = {}
        self._collect("dingji_register_readers", lambda r: self.readers.__setitem__(r.name, r))
        self._writers: dict = {}  # (role, name) -> dingji.LedgerWriter
        self._collect("dingji_register_writers", lambda w: self._writers.__setitem__((w.role, w.name), w))
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
            except Exception as exc:  # noqa: BLE001 - any plugin failure is reported, not fatal
                self._broken(label, f"failed to load: {type(exc).__name__}: {exc}")

    def _broken(self, name: str, what: str):
        if _strict():
            raise PluginError([Problem(Place(key=name), f"plugin {name} {what}", f"插件 {name} 出错：{what}")])
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

    def _register_method(self, method):
        """Keep a method whose ``compile`` is checked: the first scorer asking for an input kind
        outside INPUT_KINDS reports the plugin by name (the standard using it then fails to
        load, at its indicator: see dingji.core.standard), instead of a ValueError in evaluate.
        A method's kinds show only when it compiles an indicator, so this is where they are seen."""
        if not isinstance(method, Method):
            raise TypeError(f"registered {type(method).__name__}, not dingji.Method")
        plugin, compile_, reported = self._current, method.compile, []

        def compile(indicator):
            scorer = compile_(indicator)
            bad = [i.kind for i in getattr(scorer, "inputs", ()) if i.kind not in INPUT_KINDS]
            if bad and not reported:
                reported.append(bad[0])
                self._broken(plugin, f"registered method {method.name!r}, which asks for input kind {bad[0]!r}; "
                                     f"input kinds are {', '.join(INPUT_KINDS)}")
            return scorer
        self.methods[method.name] = attrs.evolve(method, compile=compile)

    def _register_tracker(self, tracker):
        if not isinstance(tracker, Tracker):
            raise TypeError(f"registered {type(tracker).__name__}, not dingji.Tracker")
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

    # --- standards -------------------------------------------------------

    def load(self, source, *, name: str | None = None, origin: str = "file") -> Standard:
        """Load and validate a standard from a path or TOML text with this registry's plugins."""
        if isinstance(source, str) and name is None and "\n" not in source and source.endswith(".toml"):
            source = Path(source)
        if isinstance(source, str):
            text, file = source, name
        else:
            file = str(source)
            try:
                text = source.read_bytes().decode("utf-8-sig")
            except FileNotFoundError:
                raise StandardError([Problem(Place(file=file), "file not found", "文件不存在")]) from None
            except UnicodeDecodeError as exc:
                raise StandardError([Problem(Place(file=file), f"not UTF-8 text: {exc}", f"不是 UTF-8 文本：{exc}")]) from None
        context = {"trackers": {t.id: set(t.metrics) for t in self.trackers.values()}}
        return parse_standard(text, file=file, methods=self.methods, metrics=self.metrics,
                              context=context, origin=origin)

    def add(self, std: Standard) -> None:
        """Add a standard; one with the id of a loaded one replaces it (a workspace file over a
        built-in).  Two standards may not claim one domain name: both would admit its
        organizations, so the later one is refused."""
        for other in self.standards.values():
            if other.id != std.id and other.domain == std.domain:
                raise StandardError([Problem(
                    Place(file=std.path, key="standard.domain"),
                    f"domain {std.domain!r} is already the domain of standard {other.id} ({other.origin}); "
                    f"give {std.id} its own domain name",
                    f"领域 {std.domain!r} 已属于标准 {other.id}（{other.origin}）；请为 {std.id} 另取领域名称")])
        old = self.standards.get(std.id)
        if old is not None:
            self.shadowed.append((old, std))
        self.standards[std.id] = std

    def add_folder(self, folder: Path, origin: str = "workspace") -> list[tuple[Path, DingjiError]]:
        """Load every ``*.toml`` of a folder; return the files that failed with their errors
        (also added to :attr:`workspace_failures`)."""
        failed = []
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                self.add(self.load(path, origin=f"{origin} {path}"))
            except DingjiError as exc:
                failed.append((path, exc))
                self.standard_errors.append((str(path), exc))
        self.workspace_failures += failed
        return failed

    def standard(self, key: str) -> Standard:
        """A standard by id or by domain name (``village`` or ``农村``).

        A workspace file for that standard that does not load is an error here, never a
        silent fall-back to the built-in standard of the same id."""
        for path, exc in self.standard_errors:
            if _claims(path, key):
                raise StandardError([Problem(Place(file=str(path)),
                                             f"this file for standard {key!r} does not load, so nothing is graded "
                                             f"with a different standard in its place; fix it (dingji standards check)",
                                             f"标准 {key!r} 的文件无法加载，不会改用其他同名标准；请先修正"
                                             f"（dingji standards check）")] + list(exc.problems))
        std = self.standards.get(key)
        if std is None:
            for s in self.standards.values():
                if s.domain == key:
                    return s
            known = ", ".join(f"{s.id} ({s.domain})" for s in self.standards.values())
            raise DingjiError([Problem(Place(key=key), f"unknown standard {key!r}; loaded: {known}",
                                       f"没有标准 {key!r}；已加载：{known}")])
        return std

    def reader_for(self, path, what: str = "scores") -> Reader:
        """The reader for a file by its suffix; an InputError naming the known ones otherwise."""
        suffix = Path(path).suffix.lower()
        for reader in self.readers.values():
            if suffix in reader.suffixes and getattr(reader, f"read_{what}") is not None:
                return reader
        known = sorted({s for r in self.readers.values() if getattr(r, f"read_{what}") for s in r.suffixes})
        from dingji.core.errors import InputError
        raise InputError([Problem(Place(file=str(path)), f"cannot read {suffix or 'this'} files; use {', '.join(known)}",
                                  f"无法读取 {suffix or '该类型'} 文件；可用格式：{'、'.join(known)}")])

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
        raise DingjiError([Problem(Place(file=str(path) if path else None, key=name),
                                   f"no {role} format {name!r}; known: {known}",
                                   f"没有{what}输出格式 {name!r}；可用：{known}")])

    def plugin_rows(self):
        """(name, origin, hooks) for each registered plugin."""
        rows = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
            rows.append((name, self.origins.get(name, "?"), hooks))
        return rows


def _claims(path, key: str) -> bool:
    """Whether a standard file that failed to load was meant as standard ``key``: by its
    file name, or by the id or domain its text declares."""
    path = Path(path)
    if not path.is_file():
        return False
    if path.stem == key:
        return True
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return re.search(r'(?m)^\s*(id|domain)\s*=\s*"' + re.escape(key) + '"', text) is not None


_default: Registry | None = None


def default_registry() -> Registry:
    """The registry of built-in and installed plugins, made once per process."""
    global _default
    if _default is None:
        _default = Registry()
    return _default
