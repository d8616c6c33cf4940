"""Issue "One house, layered": the public API, plugin registration and the store's own tables.

Each test here failed before its fix (see the commit that added it)."""

from __future__ import annotations

import ast
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import dingji
from dingji.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


# --- 1. the bundled standards are data, never a module shadowing dingji.standards() ------------

def test_standards_works_twice_and_after_get_standard():
    first = dingji.standards()
    assert {"village", "enterprise", "institution", "service_window"} <= set(first)
    assert dingji.get_standard("village").id == "village"
    again = dingji.standards()
    assert set(again) == set(first)
    assert callable(dingji.standards)


def test_the_bundled_standards_are_no_package():
    assert not (ROOT / "dingji" / "standards" / "__init__.py").exists()
    assert sorted(p.name for p in (ROOT / "dingji" / "standards").glob("*.toml")) == [
        "enterprise.toml", "institution.toml", "service_window.toml", "village.toml"]


