"""What a township officer meets first (issue 14): each rough edge, as it now looks."""

from __future__ import annotations

from dingji.demo.run import hints


def test_the_demos_hints_line_up_their_comments():
    lines = list(
        hints(
            [
                ("cd 岩樟乡", ""),
                ("dingji explain cun-01", "89.95 → 90.0 好"),
                ("dingji explain ck-01", "服务型"),
                ("dingji rectify list --overdue", "逾期"),
            ]
        )
    )
    assert lines[0] == "  cd 岩樟乡"
    columns = {line.index("#") for line in lines[1:]}
    assert columns == {len("  dingji rectify list --overdue  ")}


def test_the_rectification_sheet_shows_the_task_number_rectify_takes(tmp_path):
    # issue 14, 13: the 整改台账 numbered its rows (序号) while `dingji rectify start 9` takes the task's number
    from cli_support import ok
    from ledger_support import make_township, sheets

    ws = make_township(tmp_path / "乡")
    for problem in ("甲", "乙", "丙"):
        ok(
            [
                "--workspace",
                ws,
                "rectify",
                "add",
                "sq-03",
                "--problem",
                problem,
                "--measures",
                "m",
                "--owner",
                "王",
                "--deadline",
                "2025-09-30",
            ]
        )
    ok(
        [
            "--workspace",
            ws,
            "rectify",
            "add",
            "sq-01",
            "--problem",
            "丁",
            "--measures",
            "m",
            "--owner",
            "王",
            "--deadline",
            "2025-09-30",
        ]
    )
    ok(["--workspace", ws, "ledger", "export", "-o", tmp_path / "l.xlsx", "--as-of", "2025-07-01"])
    sheet = sheets(tmp_path / "l.xlsx")["整改台账"]
    head = next(i for i, r in enumerate(sheet) if r and r[0] == "任务编号")
    # by organization, then task: sq-01's task is number 4, sq-03's are 1, 2, 3
    assert [(r[0], r[1]) for r in sheet[head + 1 : head + 5]] == [
        (4, "sq-01"),
        (1, "sq-03"),
        (2, "sq-03"),
        (3, "sq-03"),
    ]
