"""The standards a :class:`dingji.registry.Registry` holds: load and validate one with the
registry's methods, metrics and trackers; add it (a workspace file over a built-in of the same
id); find one by id or domain name, never silently in place of a workspace file that failed."""

from __future__ import annotations

import re
from pathlib import Path

from dingji.core.errors import DingjiError, Place, Problem, StandardError
from dingji.core.ids import id_problem
from dingji.core.model import Standard
from dingji.core.standard import parse_standard
from dingji.core.text import Text


class Standards:
    """A mixin of :class:`~dingji.registry.Registry`, over its ``standards``, ``shadowed``,
    ``standard_errors`` and ``workspace_failures`` and the ``methods``, ``metrics`` and
    ``trackers`` a standard is checked against."""

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
                raise StandardError([Problem(Place(file=file), Text("文件不存在", "file not found"))]) from None
            except UnicodeDecodeError as exc:
                raise StandardError(
                    [Problem(Place(file=file), Text(f"不是 UTF-8 文本：{exc}", f"not UTF-8 text: {exc}"))]
                ) from None
        context = {"trackers": {t.id: set(t.metrics) for t in self.trackers.values()}}
        try:
            std = parse_standard(
                text, file=file, methods=self.methods, metrics=self.metrics, context=context, origin=origin
            )
        except RecursionError:  # x = [[[…]]] a thousand deep: the TOML parser recurses per level
            raise StandardError(
                [
                    Problem(
                        Place(file=file),
                        Text(
                            "文件中的数组或表嵌套过深，不是评分标准",
                            "the file nests arrays or tables too deeply to be a standard",
                        ),
                    )
                ]
            ) from None
        bad = id_problem(std.id, "standard.id", file)  # an id becomes a file name (ID-template.xlsx)
        if bad is not None:
            raise StandardError([bad])
        return std

    def add(self, std: Standard) -> None:
        """Add a standard; one with the id of a loaded one replaces it (a workspace file over a
        built-in).  Two standards may not claim one domain name: both would admit its
        organizations, so the later one is refused."""
        for other in self.standards.values():
            if other.id != std.id and other.domain == std.domain:
                raise StandardError(
                    [
                        Problem(
                            Place(file=std.path, key="standard.domain"),
                            Text(
                                f"领域 {std.domain!r} 已属于标准 {other.id}（{other.origin}）；请为 {std.id} 另取领域名称",
                                f"domain {std.domain!r} is already the domain of standard {other.id} ({other.origin}); "
                                f"give {std.id} its own domain name",
                            ),
                        )
                    ]
                )
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
                raise StandardError(
                    [
                        Problem(
                            Place(file=str(path)),
                            Text(
                                f"标准 {key!r} 的文件无法加载，不会改用其他同名标准；请先修正"
                                f"（dingji standards check）",
                                f"this file for standard {key!r} does not load, so nothing is graded "
                                f"with a different standard in its place; fix it (dingji standards check)",
                            ),
                        )
                    ]
                    + list(exc.problems)
                )
        std = self.standards.get(key)
        if std is None:
            for s in self.standards.values():
                if s.domain == key:
                    return s
            known = ", ".join(f"{s.id} ({s.domain})" for s in self.standards.values())
            raise DingjiError(
                [
                    Problem(
                        Place(key=key),
                        Text(f"没有标准 {key!r}；已加载：{known}", f"unknown standard {key!r}; loaded: {known}"),
                    )
                ]
            )
        return std


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
