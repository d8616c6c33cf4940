"""Output that scales (cli.md): at any size, standard error holds per kind of warning a count, at
most 20 named lines and where the full list is; --all lists every one; the JSON document on
standard output is the same whole.  A generated township of 600 organizations through the real
command (CliRunner), every one of them within a point of a grade line.

Each organization grades as sq-01 with self work 30 in cli_support (0.4 × 88 + 0.6 × 91 = 89.8:
较好, 0.2 short of 好), so all 600 are near a line, and a quota (at least 10% 较差) is broken.
"""

from __future__ import annotations

import json

from cli_support import isolated_cwd, ok, write  # noqa: F401 - isolated_cwd: autouse

N = 600


def township(root, copy_workspace):
    root = copy_workspace(root)
    with open(root / "dingji.toml", "a", encoding="utf-8") as f:
        f.write('\n[distribution]\nmin = { "较差" = "10%" }\n')
    orgs = [f"sq-{i:04d}" for i in range(N)]
    write(root / "roster.csv", "org,name,domain\n" + "".join(f"{o},第{i}社区党支部,mini\n" for i, o in enumerate(orgs)))
    ok(["--workspace", root, "roster", "import", root / "roster.csv", "--replace"])
    rows = "".join(
        f"{o},self,work,30\n{o},self,meetings,1\n{o},superior,work,35\n{o},superior,meetings,2\n" for o in orgs
    )
    return root, write(root / "scores.csv", "org,source,item,value\n" + rows)


def test_warnings_stay_short_at_any_size_and_all_lists_every_one(tmp_path, copy_workspace):
    root, scores = township(tmp_path / "w", copy_workspace)
    got = ok(["--workspace", root, "evaluate", "mini", scores, "--format", "json"])
    results = json.loads(got.stdout)["results"]
    assert len(results) == N and {r["grade"] for r in results} == {"较好"}
    lines = got.stderr.splitlines()
    # stored; the broken quota; the near-line count, 20 organizations, and where the rest are
    assert len(lines) == 1 + 1 + 1 + 20 + 1, got.stderr
    assert lines[0].startswith(f"已保存 {N} 个组织的定级结果")
    assert lines[1].startswith("提示：社区：较差 0 个") and "原则上不少于 10%" in lines[1]
    assert lines[2] == f"提示：{N} 个组织的得分距分数线不超过 1 分，建议复核："
    assert lines[3] == "  第0社区党支部（sq-0000）89.8，距“好”（90 分）差 0.2 分"
    assert lines[-1] == "  ……另有 580 个未列出；全部列出：加 --all（如 dingji evaluate … --dry-run --all）"

    every = ok(["--workspace", root, "evaluate", "mini", scores, "--dry-run", "--all"])
    near = [x for x in every.stderr.splitlines() if x.startswith("  第")]
    assert len(near) == N and "另有" not in every.stderr

    en = ok(["--lang", "en", "--workspace", root, "evaluate", "mini", scores, "--dry-run", "--format", "csv"])
    assert len(en.stdout.splitlines()) == N + 1  # the header and one row per organization
    lines = en.stderr.splitlines()
    assert len(lines) == 1 + 1 + 1 + 20 + 1, en.stderr
    assert lines[-1] == "  … and 580 more; all of them: add --all (dingji evaluate … --dry-run --all)"


def test_status_names_at_most_twenty_near_a_line_and_where_the_rest_are(tmp_path, copy_workspace):
    root, scores = township(tmp_path / "w", copy_workspace)
    ok(["--workspace", root, "evaluate", "mini", scores])
    text = ok(["--workspace", root, "status"]).stdout
    line = next(x for x in text.splitlines() if "建议复核" in x)
    assert line.count("社区党支部") == 20
    assert line.endswith("……另有 580 个；全部：dingji status --format json")
    assert len(json.loads(ok(["--workspace", root, "status", "--format", "json"]).stdout)["near"]) == N
