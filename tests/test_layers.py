"""The house's rules, checked on every import (those inside functions too), not by eye.

- import-linter's contracts in pyproject.toml: the layers (faces > demo > services > report >
  store | io > core), the core's independence, no face or service importing a plugin, no
  plugin importing a face or a service;
- no circle anywhere in the package, by our own reading of every ``import`` statement
  (a function-level import hides a circle from Python, not from this test).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dingji"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks (imports for type checkers only)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def import_graph() -> dict[str, set[str]]:
    """``{module: modules of dingji it imports}``, from every import statement of every module."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in hidden:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}:{node.lineno}: relative import (use dingji.… absolute imports)"
                targets = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                # "from dingji.report import rows" imports dingji.report and dingji.report.rows
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != "dingji":
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_circle_anywhere_in_the_package():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle_hidden_in_a_function():
    # the same reading applied to a made-up graph: a -> b -> c -> a is one circle, d stands alone
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_the_core_is_read_as_importing_nothing_above_it():
    graph = import_graph()
    above = (
        "dingji.io",
        "dingji.store",
        "dingji.report",
        "dingji.services",
        "dingji.plugins",
        "dingji.trackers",
        "dingji.cli",
        "dingji.web",
        "dingji.demo",
        "dingji.registry",
    )
    bad = {m: sorted(t for t in ts if t.startswith(above)) for m, ts in graph.items() if m.startswith("dingji.core")}
    assert {m: ts for m, ts in bad.items() if ts} == {}


def test_import_contracts_hold():
    pytest.importorskip("importlinter")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command;"
            " sys.argv = ['lint-imports', '--no-cache']; lint_imports_command()",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("KEPT") >= 5 and "BROKEN" not in proc.stdout
