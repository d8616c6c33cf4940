"""The golden file of ``dingji evaluate --format json`` (cli.md: "a change to these keys
bumps schema_version; a test holds a golden file").

tests/golden/standard.toml is the format page's example (tests/data/example.toml, copied so
the golden does not move when the example does); it has id ``village`` and replaces the
built-in in the workspace.  Sources self 0.2, review 0.3 (survey), superior 0.5; indicators
secretary (score 15), meetings (deduct 2 per 次, 25), participation (tiers ≥0.95 → 30,
≥0.85 → 20, ≥0.7 → 10), pledges (tracker, rate × 30, the same in both sources); bonus honor
2 per time, cap 5; penalty late_report 1 per time, cap 10; vetoes petition (entered) and
below_90 (satisfaction < 0.9 → at most 一般); 服务型: grade 好, satisfaction ≥ 0.9,
participation full in every source.

tests/golden/evaluate.json was written by hand from this arithmetic, then checked against
the command:

c-01  self     = 14 + (25 − 2×2) + 20 (0.9 ≥ 0.85) + 0.8×30 = 14 + 21 + 20 + 24 = 79
      superior = 13.5 + (25 − 3×2) + 30 (0.96 ≥ 0.95) + 24 = 13.5 + 19 + 30 + 24 = 86.5
      review   = 100 × (41×1 + 6×0.8 + 3×0) / 50 = 91.6 (不了解 10 left out); satisfaction 47/50 = 0.94
      combined = 0.2×79 + 0.3×91.6 + 0.5×86.5 = 15.8 + 27.48 + 43.25 = 86.53 → 86.5 较好; 3.5 short of 好
c-02  self = superior = 15 + 25 + 30 + 30 = 100
      review   = 100 × (45 + 5×0.8) / 50 = 98; satisfaction 50/50 = 1
      bonus 3×2 = 6 → cap 5; penalty 2×1 = 2
      combined = 20 + 29.4 + 50 + 5 − 2 = 102.4 → clamped to 100 → 好; 服务型 (participation 30 of 30 in both)
c-03  self = superior = 15 + 25 + 30 + 0.9×30 = 97
      review   = 100 × (20 + 10×0.8) / 50 = 56; satisfaction 30/50 = 0.6
      combined = 19.4 + 16.8 + 48.5 − 1 (penalty) = 83.7 → 较好 by score;
      vetoes petition (→ 较差) and below_90 (→ at most 一般): 较差; petition changed the grade,
      below_90 holds without effect (petition sets it); next_grade null: petition keeps 较差
      whatever the score

To regenerate after an intended change: DINGJI_REGEN_GOLDEN=1 python -m pytest tests/test_golden_evaluate.py,
then review the diff of tests/golden/evaluate.json line by line against the arithmetic above
(and bump schema_version if a key changed).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from cli_support import (
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
    write,
)

GOLDEN = Path(__file__).parent / "golden"

ROSTER = """\
组织编号,组织名称,领域
c-01,东山村党支部,农村
c-02,西岭村党支部,农村
c-03,南溪村党支部,village
"""

SCORES = """\
org,source,item,value
c-01,self,secretary,14
c-01,self,meetings,2
c-01,self,participation,0.9
c-01,superior,secretary,13.5
c-01,superior,meetings,3
c-01,superior,participation,96%
c-01,tracker,pledges,0.8
c-01,survey,满意,41
c-01,survey,基本满意,6
c-01,survey,不满意,3
c-01,survey,不了解,10
c-02,self,secretary,15
c-02,self,meetings,0
c-02,self,participation,1
c-02,superior,secretary,15
c-02,superior,meetings,0
c-02,superior,participation,1
c-02,tracker,pledges,1
c-02,survey,满意,45
c-02,survey,基本满意,5
c-02,survey,不满意,0
c-02,survey,不了解,2
c-02,bonus,honor,3
c-02,penalty,late_report,2
c-03,self,secretary,15
c-03,self,meetings,0
c-03,self,participation,1
c-03,superior,secretary,15
c-03,superior,meetings,0
c-03,superior,participation,0.96
c-03,tracker,pledges,0.9
c-03,survey,满意,20
c-03,survey,基本满意,10
c-03,survey,不满意,20
c-03,penalty,late_report,1
c-03,veto,petition,是
c-03,veto,violation,否
"""

CLI_KEYS = {
    "org",
    "name",
    "domain",
    "standard",
    "score",
    "grade",
    "vetoes",
    "service_oriented",
    "satisfaction",
    "sources",
    "bonus",
    "penalty",
    "indicators",
}


def test_evaluate_json_matches_the_golden_file(tmp_path):
    root = tmp_path / "东山乡"
    ok(["init", root, "--name", "东山乡", "--year", "2025"])
    (root / "standards" / "village.toml").write_bytes((GOLDEN / "standard.toml").read_bytes())
    ok(["--workspace", root, "roster", "import", write(root / "名单.csv", ROSTER)])
    result = ok(["--workspace", root, "evaluate", "village", write(root / "评分.csv", SCORES), "--format", "json"])
    got = json.loads(result.stdout)

    path = GOLDEN / "evaluate.json"
    if os.environ.get("DINGJI_REGEN_GOLDEN") == "1":
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"regenerated {path}: review its diff before committing")
    want = json.loads(path.read_text(encoding="utf-8"))

    # the golden itself keeps the contract (a regenerated file must not lose a key)
    assert want["schema_version"] == 1 and set(want) == {"schema_version", "results"}
    for r in want["results"]:
        assert CLI_KEYS <= set(r)
        assert set(r["standard"]) == {"id", "version", "sha256"}
        assert all({"id", "name", "points", "values"} <= set(i) for i in r["indicators"])
    assert (
        want["results"][0]["standard"]["sha256"] == hashlib.sha256((GOLDEN / "standard.toml").read_bytes()).hexdigest()
    )

    # same keys, same values: compared result by result for a readable failure
    assert set(got) == set(want) and got["schema_version"] == want["schema_version"]
    assert [r["org"] for r in got["results"]] == [r["org"] for r in want["results"]]
    for g, w in zip(got["results"], want["results"], strict=True):
        assert sorted(g) == sorted(w), f"{w['org']}: keys changed; bump schema_version and the golden"
        for key in w:
            assert g[key] == w[key], f"{w['org']}.{key}: got {g[key]!r}, golden {w[key]!r}"
    assert got == want
