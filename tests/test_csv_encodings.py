"""Issue 14, item 2: a CSV saved by Chinese Excel is GBK (its "CSV (逗号分隔)"); every CSV reader
(evaluate, roster import, track / visit / rectify import) reads UTF-8 (with or without BOM) and
GB18030 (a superset of GBK), says on standard error when it read GB18030, and refuses what is
neither, naming the file, the line and the encodings tried.

Real files written as GB18030 bytes, the real command.  ``QS`` is cli_support's township with
ids qs-c01 … qs-c03 (graded 93.0 好, 较差 by veto, 67.0 一般).
"""

from __future__ import annotations

import json
import tracemalloc

import pytest

import dingji
from cli_support import (
    MINI,
    ROSTER,
    SCORES,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
)

QS_ROSTER = ROSTER.replace("sq-0", "qs-c0")
QS_SCORES = SCORES.replace("sq-0", "qs-c0")
GRADES = [("qs-c01", 93, "好"), ("qs-c02", 96, "较差"), ("qs-c03", 67, "一般")]


def put(path, text: str, encoding: str):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def qs(tmp_path):
    return make_workspace(tmp_path / "qs", roster=None)


def test_evaluate_reads_a_gbk_csv_and_says_so(qs):
    ok(["-w", qs, "roster", "import", put(qs / "名单.csv", QS_ROSTER, "utf-8")])
    path = put(qs / "评分.csv", QS_SCORES, "gbk")
    got = ok(["-w", qs, "evaluate", "mini", path, "--format", "json"])
    assert f"已按 GB18030（GBK）编码读取 {path}" in got.stderr.splitlines()
    assert [(r["org"], r["score"], r["grade"]) for r in json.loads(got.stdout)["results"]] == GRADES
    en = ok(["-w", qs, "--lang", "en", "evaluate", "mini", path, "--dry-run"]).stderr
    assert f"read {path} as GB18030 (GBK) text, not UTF-8" in en.splitlines()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom_is_read_without_a_note(qs, encoding):
    ok(["-w", qs, "roster", "import", put(qs / "名单.csv", QS_ROSTER, encoding)])
    got = ok(["-w", qs, "evaluate", "mini", put(qs / "评分.csv", QS_SCORES, encoding)])
    assert "GB18030" not in got.stderr and "编码" not in got.stderr


SANLIANG = (
    "组织编号,党员姓名,期间,亮标准,亮身份,亮承诺,承诺内容,完成时限,比技能,比作风,比业绩,领导点评,党员互评,群众评议\n"
    "qs-c01,张三,2025,是,是,是,微笑服务,2025-06-30,第一名,优秀,优秀,好,好,好\n"
)
VISITS = (
    "组织编号,走访日期,走访人,走访形式,"
    "设置是否合理,班子是否健全,制度是否完善,场所是否达标,保障是否到位,作用发挥,群众满意,发现的问题\n"
    "qs-c02,2025-03-05,组织委员 罗秀英,实地查看,是,是,否,是,是,一般,不满意,制度未上墙\n"
)
RECTIFY = (
    "组织编号,任务编号,存在问题,整改措施,责任人,开始日期,完成时限,公开承诺,进度,完成日期,销号日期\n"
    "qs-c03,,三会一课不规范,制定学习计划,张明华,2025-05-01,2025-06-30,6月底前整改到位,,,\n"
)


@pytest.mark.parametrize(
    ("command", "text", "said"),
    [
        (["track", "sanliang", "import"], SANLIANG, "已导入三亮三比三评 2025 年记录 1 条"),
        (["visit", "import"], VISITS, "已导入 2025 年走访记录 1 条"),
        (["rectify", "import"], RECTIFY, "已导入 2025 年整改任务：新增 1 项"),
    ],
    ids=["track", "visit", "rectify"],
)
def test_every_record_import_reads_gbk(qs, command, text, said):
    roster = put(qs / "名单.csv", QS_ROSTER, "gb18030")
    got = ok(["-w", qs, "roster", "import", roster])
    assert got.stderr.splitlines() == [f"已按 GB18030（GBK）编码读取 {roster}"]
    listed = ok(["-w", qs, "roster", "list"]).stdout
    assert "东街社区党支部" in listed and "王建国" in listed
    path = put(qs / "记录.csv", text, "gbk")
    got = ok(["-w", qs, *command, path, "--year", 2025] if command[0] == "track" else ["-w", qs, *command, path])
    assert said in got.stdout
    assert f"已按 GB18030（GBK）编码读取 {path}" in got.stderr.splitlines()


def test_a_gbk_byte_far_into_a_long_csv_is_read_as_gb18030(qs):
    """The choice is made at the first byte that is not ASCII, however far into the file (here past
    the first 400 kB): nothing read before it is read again."""
    ok(["-w", qs, "roster", "import", put(qs / "名单.csv", QS_ROSTER, "utf-8")])
    head, tail = QS_SCORES.split("qs-c02,veto,petition")
    path = put(qs / "评分.csv", head + "qs-c01,self,work,38\n" * 20_000 + "qs-c02,veto,petition" + tail, "gbk")
    got = ok(["-w", qs, "evaluate", "mini", path, "--format", "json"])
    assert f"已按 GB18030（GBK）编码读取 {path}" in got.stderr.splitlines()
    assert [(r["org"], r["grade"]) for r in json.loads(got.stdout)["results"]] == [(o, g) for o, _, g in GRADES]


def test_neither_utf8_nor_gb18030_is_refused_naming_the_line_and_the_encodings_tried(qs):
    ok(["-w", qs, "roster", "import", put(qs / "名单.csv", QS_ROSTER, "utf-8")])
    path = qs / "评分.csv"
    path.write_bytes(QS_SCORES.encode() + b"qs-c01,self,work,\xff\xfe\n")  # line 16: 0xFF is no lead byte of either
    err = fails(["-w", qs, "evaluate", "mini", path]).stderr
    assert (
        f"{path}，第 16 行: 无法识别文件的编码：这一行既不是 UTF-8 也不是 GB18030（GBK）编码的文本"
        "（已尝试 UTF-8、GB18030）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
    ) in err
    en = fails(["-w", qs, "--lang", "en", "roster", "import", path]).stderr
    assert f"{path}, line 16: cannot tell the file's encoding: this line is neither UTF-8 nor GB18030 (GBK)" in en


def test_a_file_that_turns_from_utf8_to_gbk_is_refused_at_the_line_that_turns(qs):
    ok(["-w", qs, "roster", "import", put(qs / "名单.csv", QS_ROSTER, "utf-8")])
    path = qs / "评分.csv"
    head, tail = QS_SCORES.split("qs-c03,veto,petition")
    body = head + "qs-c01,self,work,38\n" * 20_000  # 是 (UTF-8) on line 10, then 400 kB of ASCII
    path.write_bytes(body.encode("utf-8") + ("qs-c03,veto,petition" + tail).encode("gbk"))
    err = fails(["-w", qs, "evaluate", "mini", path]).stderr
    line = body.count("\n") + 1
    assert f"{path}，第 {line} 行: 这一行不是 UTF-8 文本，而前面的内容是按 UTF-8 读取的" in err
    assert "一个文件只能用一种编码（UTF-8 或 GB18030/GBK），这个文件可能混用了两种，或已损坏" in err


def test_a_long_gbk_csv_is_streamed(tmp_path):
    """Reading a 5 MB GB18030 long CSV row by row holds a few chunks, never the file."""
    std = dingji.load_standard(put(tmp_path / "mini.toml", MINI, "utf-8"))
    row = "qs-c01,veto,petition,否\n"
    path = put(tmp_path / "big.csv", "org,source,item,value\n" + row * 250_000, "gb18030")
    assert path.stat().st_size > 5_000_000
    tracemalloc.start()
    try:
        batch = dingji.read_scores(path, std)
        n = sum(1 for _ in batch.rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 250_000 and not batch.problems
    assert peak < 1_500_000, peak


def test_a_record_files_sha256_is_taken_from_the_bytes_read_whichever_encoding(tmp_path):
    import hashlib

    from dingji.io.tabular import read_text

    for encoding, prefix in (("gb18030", ""), ("utf-8", "\ufeff")):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes((prefix + "org,名称\n" + "cun-01,岩樟村\n" * 5000).encode(encoding))
        digest: list = []
        assert read_text(path, digest).splitlines()[1] == "cun-01,岩樟村"
        assert digest == [(hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size)]
