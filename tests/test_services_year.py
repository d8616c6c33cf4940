"""The grading year's use cases called directly, as a second face (the web desk) calls them:
plain arguments in, plain data out, no click.  Real workspaces, a real store, real files.

``dingji status`` says the configured ``[distribution] margin`` (it said 1 point whatever
the margin was).  cli_support's SCORES with sq-01's self ``work`` at 35:
  sq-01  self 35 + 58 = 93; superior 91 → 0.4×93 + 0.6×91 = 37.2 + 54.6 = 91.8 → 好, 1.8 above 90
so it is listed with a margin of 2 and not with 1 or 0.5.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cli_support import SCORES, make_workspace, ok, write
from cli_support import isolated_cwd  # noqa: F401 - autouse: each test in its own folder
from dingji.services.workspace import open_workspace

DAY = dt.date(2025, 7, 15)


def _graded_near(root, margin: str):
    """A workspace whose sq-01 is 1.8 points above the 好 line, with ``margin`` in dingji.toml."""
    make_workspace(root)
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write(f"\n[distribution]\nmargin = {margin}\n")
    scores = write(root / "s.csv", SCORES.replace("sq-01,self,work,38", "sq-01,self,work,35"))
    ok(["--workspace", root, "evaluate", "mini", scores])
    return root


@pytest.mark.parametrize("margin, listed", [("2", True), ("0.5", False), ("1", False)])
def test_status_states_the_configured_margin(tmp_path, margin, listed):
    root = _graded_near(tmp_path / "w", margin)
    text = ok(["--workspace", root, "status", "--as-of", "2025-07-15"]).stdout
    if listed:
        assert "距分数线 2 分以内、建议复核：东街社区党支部 91.8" in text
        en = ok(["--lang", "en", "--workspace", root, "status", "--as-of", "2025-07-15"]).stdout
        assert "Within 2 points of a grade line, for a second look: 东街社区党支部 91.8" in en
    else:
        assert "建议复核" not in text
    from dingji.services.status import status
    ws = open_workspace(root)
    with ws.store() as store:
        got = status(ws, store, ws.registry(), 2025, DAY)
    assert got["margin"] == float(margin) and isinstance(got["margin"], (int, float))
    assert [x["org"] for x in got["near"]] == (["sq-01"] if listed else [])
    doc = json.loads(ok(["--workspace", root, "status", "--as-of", "2025-07-15", "--format", "json"]).stdout)
    assert doc["margin"] == got["margin"]
