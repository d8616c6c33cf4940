"""Issue "What a township officer meets first": the rough edges of a first session with the
demo township, each met as a user meets it, in Chinese and in English.

Real workspaces (cli_support, ledger_support), the real command; each test failed before
its fix.  ``QS`` is cli_support's township with ids a typo is easily made of: qs-c01 …
qs-c03 graded as cli_support's SCORES grade sq-01 … sq-03 (93.0 好, 较差 by veto, 67.0 一般).
"""

from __future__ import annotations

import pytest

from cli_support import isolated_cwd  # noqa: F401 - autouse: each test in its own folder
from cli_support import ROSTER, SCORES, fails, make_workspace, ok, write

QS_ROSTER = ROSTER.replace("sq-0", "qs-c0")
QS_SCORES = SCORES.replace("sq-0", "qs-c0")


@pytest.fixture
def qs(tmp_path):
    root = make_workspace(tmp_path / "qs", roster=QS_ROSTER)
    ok(["-w", root, "evaluate", "mini", write(root / "scores.csv", QS_SCORES)])
    return root


# --- 4. an organization id that is not in the roster is named so, with the ids nearest it --------

def test_explain_a_typo_says_the_organization_does_not_exist_and_names_the_closest(qs):
    zh = fails(["-w", qs, "explain", "qs-c2"]).stderr
    assert zh.strip() == "错误：组织 qs-c2 不在组织名单中；您是不是要找 qs-c02？"
    assert "evaluate" not in zh
    en = fails(["-w", qs, "--lang", "en", "explain", "QS-C02x"]).stderr
    assert en.strip() == "Error: organization QS-C02x is not in the roster; did you mean qs-c02, qs-c01 or qs-c03?"
    far = fails(["-w", qs, "explain", "zz"]).stderr
    assert far.strip() == "错误：组织 zz 不在组织名单中（dingji roster list 列出全部 3 个组织）"
    # an organization of the roster without a result of the year: run evaluate, as before
    ok(["-w", qs, "roster", "import", write(qs / "more.csv", "org,name,domain\nqs-c04,北街社区党支部,社区\n")])
    assert "先运行 dingji evaluate" in fails(["-w", qs, "explain", "qs-c04"]).stderr


@pytest.mark.parametrize("args", [
    ["visit", "add", "qs-c2", "--date", "2025-03-02", "--by", "王书记", "--form", "实地查看"],
    ["rectify", "add", "qs-c2", "--problem", "三会一课不规范", "--measures", "制定计划", "--deadline", "2025-06-30"],
    ["rectify", "filed", "qs-c2", "--on", "2025-05-10"],
    ["rectify", "suggest", "qs-c2"],
    ["visit", "list", "--org", "qs-c2"],
    ["rectify", "list", "--org", "qs-c2"],
])
def test_every_command_taking_an_organization_names_the_closest(qs, args):
    got = fails(["-w", qs, *args])
    assert got.stderr.strip() == "错误：组织 qs-c2 不在组织名单中；您是不是要找 qs-c02？"
    en = fails(["-w", qs, "--lang", "en", *args]).stderr
    assert en.strip() == "Error: organization qs-c2 is not in the roster; did you mean qs-c02?"
