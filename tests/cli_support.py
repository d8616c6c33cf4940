"""Helpers for the command-line tests (test_cli, test_workspace, test_store,
test_evaluate_cli, test_demo, test_golden_evaluate): real files, a real SQLite
store, the real click command.  Not a conftest: imported by name.

MINI is a two-indicator standard, so every grade is a line of arithmetic:
sources self 0.4 and superior 0.6 (both ``indicators``); indicators
work (score, 40) and meetings (deduct 2 per 次, 60); grades 好 90 / 较好 80 /
一般 60 / 较差 0; one entered veto, petition.  No survey: satisfaction is null.

SCORES, the input most tests start from, grades by hand as:
  sq-01  self     = 38 + (60 − 1×2) = 96
         superior = 35 + (60 − 2×2) = 91
         combined = 0.4×96 + 0.6×91 = 38.4 + 54.6 = 93.0 → 好
  sq-02  self     = 30 + 60 = 90;  superior = 40 + 60 = 100
         combined = 0.4×90 + 0.6×100 = 36 + 60 = 96.0 → 好 by score, veto petition → 较差
  sq-03  self     = 20 + (60 − 5×2) = 70;  superior = 25 + (60 − 10×2) = 65
         combined = 0.4×70 + 0.6×65 = 28 + 39 = 67.0 → 一般
  counts: 好 1, 较好 0, 一般 1, 较差 1 (3 in all)
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from dingji.cli import cli
from standard_text import preamble

TESTS = Path(__file__).parent
BOM = "\ufeff"

MINI = (
    preamble("mini", "社区党组织定级小标准", "社区", "1.0", spaced=True)
    + """\
[[category]]
id = "all"
name = "基本工作"
points = 100

  [[category.indicator]]
  id = "work"
  name = "工作实绩"
  points = 40
  method = "score"

  [[category.indicator]]
  id = "meetings"
  name = "落实三会一课"
  points = 60
  method = "deduct"
  per = 2
  unit = "次"

[[veto]]
id = "petition"
name = "近一年有严重群访事件"
"""
)

#: roster with Chinese headers; sq-01 by domain name, the others by standard id
ROSTER = """\
组织编号,组织名称,领域,书记,党员数
sq-01,东街社区党支部,社区,王建国,25
sq-02,西街社区党支部,mini,李秀英,18
sq-03,南街社区党支部,社区,张明华,31
"""

#: the long CSV graded in the module docstring (line numbers matter to some tests:
#: the header is line 1, sq-01's rows are lines 2-5)
SCORES = """\
org,source,item,value
sq-01,self,work,38
sq-01,self,meetings,1
sq-01,superior,work,35
sq-01,superior,meetings,2
sq-02,self,work,30
sq-02,self,meetings,0
sq-02,superior,work,40
sq-02,superior,meetings,0
sq-02,veto,petition,是
sq-03,self,work,20
sq-03,self,meetings,5
sq-03,superior,work,25
sq-03,superior,meetings,10
sq-03,veto,petition,否
"""


@pytest.fixture(autouse=True)
def isolated_cwd(tmp_path, monkeypatch):
    """Each test runs in its own empty folder, so a dingji.toml wherever pytest was started
    from can never be found by a command run without --workspace.  Import it into a test
    module to use it there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str, bom: bool = True) -> Path:
    """Write ``text`` as UTF-8 (with a BOM, as Excel saves 'CSV UTF-8', unless bom=False)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(((BOM if bom else "") + text).encode("utf-8"))
    return path


def invoke(args, *, env=None, input=None):
    """Run the click command in-process; an exception other than SystemExit fails the test
    (CliRunner would otherwise swallow it, and a user would have seen a traceback)."""
    env = {"DINGJI_LANG": None, **(env or {})}
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"dingji {' '.join(map(str, args))} raised {result.exception!r}\n"
            + "".join(traceback.format_exception(*result.exc_info))
            + "\nstderr:\n"
            + result.stderr
        )
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text, text
    return result


def ok(args, **kw):
    result = invoke(args, **kw)
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def fails(args, code=1, **kw):
    result = invoke(args, **kw)
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def command_line() -> list[str]:
    """The installed command as a user runs it, with this interpreter."""
    return [sys.executable, "-c", "from dingji.cli import main; main()"]


def run(args, *, cwd, env=None, timeout=60):
    """Run dingji in a child process; returns CompletedProcess with text stdout/stderr."""
    full_env = {k: v for k, v in os.environ.items() if k != "DINGJI_LANG"}
    full_env.update(env or {})
    proc = subprocess.run(
        [*command_line(), *map(str, args)], cwd=cwd, env=full_env, capture_output=True, timeout=timeout
    )
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def make_workspace(
    root: Path, *, year: int = 2025, standard: str | None = MINI, roster: str | None = ROSTER, name: str = "测试乡"
) -> Path:
    """``dingji init`` a workspace at ``root``; add MINI to standards/ and import ROSTER."""
    ok(["init", root, "--name", name, "--year", year])
    if standard is not None:
        write(root / "standards" / "mini.toml", standard, bom=False)
    if roster is not None:
        path = write(root / "组织名单.csv", roster)
        ok(["--workspace", root, "roster", "import", path])
    return root


def snapshot(root: Path) -> dict:
    """Everything the store holds, read with plain sqlite3 (not through dingji):
    {table: [ {column: value} ... ]} for organizations, runs and results, in a stable order."""
    db = sqlite3.connect(Path(root) / "dingji.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return {
            table: sorted((dict(r) for r in db.execute(f"SELECT * FROM {table}")), key=repr)
            for table in ("organizations", "runs", "results")
        }
    finally:
        db.close()
