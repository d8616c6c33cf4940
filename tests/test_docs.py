"""The README keeps the extension surface honest (as datasette's test_docs does)."""

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dingji import hookspecs

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _hooks():
    return [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("dingji_")]


@pytest.mark.parametrize("hook", _hooks())
def test_every_hook_is_documented_with_its_exact_signature(hook):
    fn = getattr(hookspecs, hook)
    signature = f"{hook}({', '.join(inspect.signature(fn).parameters)})"
    assert f"### {signature}" in README, f"README lacks a '### {signature}' section"


def test_readme_documents_no_hook_that_does_not_exist():
    documented = re.findall(r"^### (dingji_\w+)\(", README, re.M)
    assert sorted(documented) == sorted(_hooks())


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert "dingji demo" in blocks[0]
    assert "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci, ".ci/run must run the README's test command as written"


def test_readme_library_example_runs_and_prints_what_it_says():
    code = re.findall(r"```python\n(import dingji.*?)```", README, re.S)[0]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    # the README's comment says "98.8 好 True"; the arithmetic is under the example
    assert out.stdout.splitlines()[0] == "98.8 好 True"


def test_core_imports_no_plugin_click_or_openpyxl():
    forbidden = ("click", "openpyxl", "python_calamine", "dingji.plugins", "dingji.cli")
    paths = sorted((ROOT / "dingji" / "core").glob("*.py"))
    assert len(paths) >= 5, "dingji/core/ has moved: this test would check nothing"
    seen = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                # relative to dingji.core (level 1) or dingji (level 2); "from dingji import cli" names dingji.cli
                base = ".".join(["dingji", "core"][: 3 - node.level] if node.level else [])
                module = ".".join(x for x in (base, node.module) if x)
                names = [module, *(f"{module}.{a.name}" for a in node.names)]
            seen.update(names)
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
    assert "dingji.core.errors" in seen  # the walk saw the core's own imports


def test_help_imports_neither_openpyxl_nor_plugins():
    code = (
        "import sys; from dingji.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in sys.modules if m.startswith(('openpyxl', 'python_calamine', 'dingji.plugins', 'pluggy', 'attrs', 'starlette', 'uvicorn', 'jinja2', 'multipart', 'dingji.web'))]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_package_says_it_is_typed():
    """PEP 561: dingji/py.typed is there and is shipped with the package's data."""
    import tomllib

    assert (ROOT / "dingji" / "py.typed").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["dingji"]
