"""A township for the ledger tests (test_ledger, test_ledger_text, test_notice, test_merge,
test_ledger_hooks): MINI of cli_support, four organizations with hostile names, graded in
2025 and (three of them) in 2024.  Not a conftest: imported by name.

MINI: sources self 0.4 and superior 0.6; work (score, 40) and meetings (deduct 2 per 次, 60);
好 90 / 较好 80 / 一般 60 / 较差 0; entered veto petition (近一年有严重群访事件).

2025 (SCORES_2025), by hand:
  sq-01 '=HYPERLINK("http://x","y")'  self 38 + (60 − 2) = 96; superior 35 + (60 − 4) = 91
        0.4×96 + 0.6×91 = 38.4 + 54.6 = 93.0 → 好
  sq-02 '+1'   self 30 + 60 = 90; superior 40 + 60 = 100 → 36 + 60 = 96.0 → 好 by score, petition → 较差
  sq-03 '-2'   self 20 + (60 − 10) = 70; superior 25 + (60 − 20) = 65 → 28 + 39 = 67.0 → 一般
  sq-04 '@a'   self 40 + 60 = 100; superior 36 + (60 − 2) = 94 → 40 + 56.4 = 96.4 → 好
  counts: 好 2, 较好 0, 一般 1, 较差 1 (4 in all)
2024 (SCORES_2024):
  sq-01  self 35 + 56 = 91; superior 30 + 50 = 80 → 36.4 + 48 = 84.4 → 较好   (2025: 好 → 升)
  sq-02  self 40 + 60 = 100; superior 40 + 60 = 100 → 100.0 → 好            (2025: 较差 → 降)
  sq-03  as in 2025 → 67.0 → 一般                                           (2025: 一般 → 平)
  sq-04  not graded in 2024                                                (上年等级, 变化 blank)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cli_support import MINI, SCORES, make_workspace, ok, write

HOSTILE = {"sq-01": '=HYPERLINK("http://x","y")', "sq-02": "+1", "sq-03": "-2", "sq-04": "@a"}

ROSTER = "组织编号,组织名称,领域\n" + "".join(
    f'{org},"{name.replace(chr(34), chr(34) * 2)}",社区\n' for org, name in HOSTILE.items()
)

#: cli_support's SCORES for sq-01 to sq-03 (without its last row, sq-03's petition 否, which
#: changes no grade), then sq-04
_VETO_NO = "sq-03,veto,petition,否\n"
assert SCORES.endswith(_VETO_NO)
SCORES_2025 = (
    SCORES[: -len(_VETO_NO)]
    + """\
sq-04,self,work,40
sq-04,self,meetings,0
sq-04,superior,work,36
sq-04,superior,meetings,1
"""
)

SCORES_2024 = """\
org,source,item,value
sq-01,self,work,35
sq-01,self,meetings,2
sq-01,superior,work,30
sq-01,superior,meetings,5
sq-02,self,work,40
sq-02,self,meetings,0
sq-02,superior,work,40
sq-02,superior,meetings,0
sq-03,self,work,20
sq-03,self,meetings,5
sq-03,superior,work,25
sq-03,superior,meetings,10
"""

TITLE = "测试乡2025年基层党组织分类定级台账"
SHEETS = [
    "汇总",
    "分类定级台账",
    "社区指标明细",
    "走访台账",
    "异议处理",
    "整改台账",
    "学习先进",
    "三亮三比三评",
    "党员“一创三联”",
    "对标创标",
    "主题党日",
    "区域化党建",
    "结对共建",
    "公示",
    "评分标准摘要",
]
MAIN_HEADERS = [
    "编号",
    "组织名称",
    "领域",
    "自查自评",
    "上级党组织评定",
    "加分",
    "扣分",
    "综合得分",
    "等次",
    "否决原因",
    "服务型",
    "上年等级",
    "变化",
    "本年各轮",
]
#: the main sheet's rows as a reader gets them back (numbers as floats)
MAIN_ROWS = [
    ["sq-01", HOSTILE["sq-01"], "社区", 96.0, 91.0, 0.0, 0.0, 93.0, "好", "", "", "较好", "升", ""],
    ["sq-02", "+1", "社区", 90.0, 100.0, 0.0, 0.0, 96.0, "较差", "近一年有严重群访事件", "", "好", "降", ""],
    ["sq-03", "-2", "社区", 70.0, 65.0, 0.0, 0.0, 67.0, "一般", "", "", "一般", "平", ""],
    ["sq-04", "@a", "社区", 100.0, 94.0, 0.0, 0.0, 96.4, "好", "", "", "", "", ""],
]


def make_township(
    root: Path,
    *,
    name: str = "测试乡",
    year: int = 2025,
    roster: str = ROSTER,
    scores: str = SCORES_2025,
    previous: str | None = SCORES_2024,
) -> Path:
    """A workspace at ``root`` graded in ``year`` (and ``year - 1`` from ``previous``)."""
    if previous is not None:  # last year's roster: those graded then
        graded = {line.split(",")[0] for line in previous.splitlines()[1:]}
        lines = roster.splitlines(keepends=True)
        make_workspace(
            root,
            year=year,
            standard=MINI,
            name=name,
            roster="".join(lines[:1] + [x for x in lines[1:] if x.split(",")[0] in graded]),
        )
        ok(["--workspace", root, "evaluate", "mini", write(root / "scores-prev.csv", previous), "--year", year - 1])
        ok(["--workspace", root, "roster", "import", write(root / "组织名单.csv", roster)])
    else:
        make_workspace(root, year=year, standard=MINI, roster=roster, name=name)
    ok(["--workspace", root, "evaluate", "mini", write(root / "scores.csv", scores)])
    return root


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sheets(path: Path) -> dict[str, list[list]]:
    """Every sheet of a workbook, read by python-calamine (a reader we did not write)."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}
