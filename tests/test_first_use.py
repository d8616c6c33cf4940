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
