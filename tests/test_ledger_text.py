"""``dingji ledger export --format csv|json``: one CSV per sheet (UTF-8 with BOM), one JSON
document whose results are exactly ``evaluate --format json``'s, held by a golden file.

tests/golden/ledger.json is the ledger_support township (its arithmetic is in that
module's docstring); the standard's sha256 is MINI's text, the file's the 2025 scores.
To regenerate after an intended change: DINGJI_REGEN_GOLDEN=1 python -m pytest
tests/test_ledger_text.py, then review the diff line by line against that arithmetic
(and bump schema_version if a key changed).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from cli_support import (
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from ledger_support import HOSTILE, MAIN_HEADERS, SHEETS

GOLDEN = Path(__file__).parent / "golden" / "ledger.json"


@pytest.fixture(scope="module")
def township(tmp_path_factory, copy_township) -> Path:
    return copy_township(tmp_path_factory.mktemp("text") / "测试乡")


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_csv_one_file_per_sheet_in_a_folder(township, tmp_path):
    result = ok(["--workspace", township, "ledger", "export", "--format", "csv", "-o", f"{tmp_path}/out/"])
    assert result.stdout == ""  # messages go to standard error with --format csv
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(f"{s}.csv" for s in SHEETS)
    main = read_csv(tmp_path / "out" / "分类定级台账.csv")
    assert main[0] == MAIN_HEADERS
    # a text that Excel would take for a formula gets an apostrophe; numbers stay numbers
    assert main[1] == [
        "sq-01",
        "'" + HOSTILE["sq-01"],
        "社区",
        "96.0",
        "91.0",
        "0.0",
        "0.0",
        "93.0",
        "好",
        "",
        "",
        "较好",
        "升",
        "",
    ]
    assert [r[1] for r in main[2:]] == ["'+1", "'-2", "'@a"]
    summary = read_csv(tmp_path / "out" / "汇总.csv")
    assert summary[0] == ["一、分领域定级情况"] and summary[2] == [
        "社区",
        "4",
        "2",
        "0.5",
        "0",
        "0",
        "1",
        "0.25",
        "1",
        "0.25",
        "0",
        "0",
    ]
    detail = read_csv(tmp_path / "out" / "社区指标明细.csv")
    assert detail[0][:4] == ["编号", "组织名称", "工作实绩（40分）·自查自评", "工作实绩（40分）·上级党组织评定"]
    assert len(detail) == 5 and read_csv(tmp_path / "out" / "整改台账.csv")[0] == [
        "任务编号",
        "编号",
        "党组织名称",
        "分类",
        "领域",
        "定级结果",
        "问题来源",
        "存在问题",
        "整改要求",
        "整改措施",
        "责任人",
        "开始日期",
        "完成时限",
        "公开承诺",
        "需上级统筹解决",
        "进度",
        "完成日期",
        "销号日期",
        "逾期",
        "备案",
    ]


def test_csv_with_a_prefix(township, tmp_path):
    ok(["--workspace", township, "ledger", "export", "--format", "csv", "-o", tmp_path / "岩樟乡台账.csv"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"岩樟乡台账-{s}.csv" for s in SHEETS)


def test_json_is_the_golden_document(township, tmp_path):
    ok(["--workspace", township, "ledger", "export", "-o", tmp_path / "ledger.json", "--as-of", "2026-01-05"])
    text = (tmp_path / "ledger.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"  # streamed, yet the ordinary layout
    if os.environ.get("DINGJI_REGEN_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert doc == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert list(doc) == [
        "schema_version",
        "year",
        "title",
        "workspace",
        "manifest",
        "sources",
        "results",
        "previous_year",
        "history",
        "visits",
        "objections",
        "rectification",
        "exemplars",
        "summary",
    ]


def test_json_results_are_exactly_evaluates(township, tmp_path):
    ok(["--workspace", township, "ledger", "export", "--format", "json", "-o", tmp_path / "l.json"])
    doc = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    evaluated = json.loads(
        ok(
            ["--workspace", township, "evaluate", "mini", township / "scores.csv", "--format", "json", "--dry-run"]
        ).stdout
    )
    assert doc["schema_version"] == evaluated["schema_version"] == 1
    assert doc["results"] == evaluated["results"]
    assert doc["history"] == [
        {"org": "sq-01", "grade": "较好", "move": "升"},
        {"org": "sq-02", "grade": "好", "move": "降"},
        {"org": "sq-03", "grade": "一般", "move": "平"},
    ]
    assert doc["summary"]["overall"] == {
        "total": 4,
        "counts": {"好": 2, "较好": 0, "一般": 1, "较差": 1},
        "shares": {"好": 0.5, "较好": 0, "一般": 0.25, "较差": 0.25},
        "service": 0,
        "service_share": 0,
    }
    assert doc["summary"]["poor"] == [
        {"org": "sq-02", "name": "+1", "domain": "社区", "score": 96.0, "rules": ["近一年有严重群访事件"]}
    ]


def test_a_failed_csv_export_replaces_no_file(township, tmp_path):
    import shutil
    import sqlite3

    root = Path(shutil.copytree(township, tmp_path / "copy"))
    out = tmp_path / "out"
    ok(["--workspace", root, "ledger", "export", "--format", "csv", "-o", f"{out}/"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    db = sqlite3.connect(root / "dingji.sqlite")  # sq-03's stored total no longer matches its inputs
    db.execute(
        """UPDATE results SET sources='{"self": "71", "superior": "65"}', score='67.6'"""
        " WHERE org='sq-03' AND year=2025"
    )
    db.commit()
    db.close()
    from cli_support import fails

    assert "sq-03" in fails(["--workspace", root, "ledger", "export", "--format", "csv", "-o", f"{out}/"]).stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # 汇总 and 分类定级台账 were not replaced
