"""Every hook in dingji/hookspecs.py has a test named test_hook_<hook name> (as datasette does)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from dingji import hookspecs

TESTS = Path(__file__).parent


def hook_names() -> list[str]:
    return sorted(name for name, obj in vars(hookspecs).items() if callable(obj) and hasattr(obj, "dingji_spec"))


@functools.cache  # parsing every test file takes most of a second: once per session, not once per hook
def defined_functions() -> frozenset[str]:
    names = set()
    for path in TESTS.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return frozenset(names)


def test_hooks_are_found():
    # the scanner sees the hookspecs at all (an empty list would make the check below vacuous)
    assert "dingji_register_methods" in hook_names()
    assert len(hook_names()) >= 5


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_test(hook):
    assert f"test_hook_{hook}" in defined_functions(), f"write a test named test_hook_{hook} in tests/"
