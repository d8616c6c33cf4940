"""Hostile and unlucky inputs (issue 11): each case is the reproduction that failed before."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

import dingji
from dingji.core.values import to_decimal
from dingji.io.xlsx.template import write_template
from test_xlsx_read import BY_ID, CUN01, ROSTER, fill


@pytest.mark.parametrize(
    ("double", "shown"),
    [
        (4.1 - 0.1, "4"),  # 3.9999999999999996 in the file, 4 in Excel
        (5.02 + 0.1, "5.12"),  # 5.119999999999999
        (0.1 + 0.2, "0.3"),  # 0.30000000000000004
        (14.5, "14.5"),
        (1 / 3, "0.333333333333333"),  # a computed third: 15 digits, as Excel keeps it
    ],
)
def test_a_double_from_a_workbook_is_taken_at_15_significant_digits(double, shown):
    assert to_decimal(double) == Decimal(shown)


def test_a_double_just_below_a_rounding_line_does_not_decide_the_score(tmp_path):
    village = dingji.get_standard("village")
    path = tmp_path / "村.xlsx"
    write_template(village, ROSTER, path)
    # cun-01 of test_xlsx_read, but the superior's 村党组织书记 (of 5) typed as the formula =4.02+0.1,
    # which openpyxl (like Excel) stores as the double 4.119999999999999.
    # superior = 81.4 − 4.5 + 4.12 = 81.02; combined 0.2×97 + 0.3×92.8 + 0.5×81.02 + 2 − 1
    #          = 19.4 + 27.84 + 40.51 + 1 = 88.75 → 88.8 (the double alone would give 88.7499… → 88.7)
    values = {"cun-01": {**CUN01, ("superior", "secretary"): 4.02 + 0.1}}
    fill(path, village, values)
    assert "4.119999999999999" in _sheet_xml(path)
    (r, *_) = [x for x in dingji.evaluate(village, path, roster=BY_ID) if x.org == "cun-01"]
    assert (r.score, r.grade) == (Decimal("88.8"), "较好")
    assert r.sources["superior"] == Decimal("81.02")
    assert any("4.12" in line for line in r.explain())


def _sheet_xml(path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("pad", range(6))
def test_a_utf8_text_is_text_wherever_the_sample_cuts_a_character(pad):
    from dingji.io.filesafety import _HEAD, sniff

    # a JSON ledger titled …（报县委组织部）: the first 4 KiB may end inside a 3-byte character
    text = '{"title": "' + " " * pad + "岩樟乡2026年基层党组织分类定级台账（报县委组织部）" * 200
    head = text.encode("utf-8")[:_HEAD]
    assert sniff(head) == "text"


@pytest.mark.parametrize("far", ["XFD1048576", "ZZ200000"])
def test_a_cell_far_away_is_refused_before_calamine_builds_its_range(tmp_path, far):
    import subprocess
    import sys

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["组织编号", "组织名称", "领域"])
    ws.append(["cun-01", "一村党支部", "农村"])
    ws[far] = 1  # a legal address; calamine would allocate every cell up to it (512 GB for XFD1048576)
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    assert path.stat().st_size < 50_000
    # in a child process: before the fix the reader aborted the whole process (SIGABRT)
    code = (
        "import sys; from dingji.io.xlsx.read import read_roster_xlsx; from dingji import InputError\n"
        "try:\n    read_roster_xlsx(sys.argv[1])\nexcept InputError as e:\n    print(e.describe('en')); sys.exit(1)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert f"A1:{far}" in proc.stdout and "too large to read" in proc.stdout and "Ctrl+End" in proc.stdout


def test_a_lying_dimension_is_refused_too(tmp_path):
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(["org", "name", "domain"])
    path, bad = tmp_path / "ok.xlsx", tmp_path / "dim.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C1"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            dst.writestr(item, data)
    from dingji.io.xlsx.read import read_roster_xlsx

    with pytest.raises(dingji.InputError, match=r"it declares the size A1:XFD1048576"):
        read_roster_xlsx(bad)


def test_a_sheet_of_a_realistic_size_is_read():
    from dingji.io.sheet_extent import Extent, check_extent

    watch = Extent("xl/worksheets/sheet1.xml")
    # 30,000 organizations × 70 columns, fed in two pieces that cut a reference in half
    xml = b'<dimension ref="A1:BR30002"/><row r="1"><c r="A1"/></row><row r="30002"><c r="BR30002"/></row>'
    cut = xml.index(b"BR30002") + 2
    watch.feed(xml[:cut])
    watch.feed(xml[cut:])
    assert watch.cols == [1, 70] and watch.rows == [1, 30002]
    assert check_extent(watch) is None


def test_a_stray_cell_among_rows_in_order_is_seen_wherever_it_is():
    from dingji.io.sheet_extent import Extent, check_extent

    # rows in order are proven inside the box piece by piece; a stray cell, earlier, later or
    # with leading zeros, still makes the box it always made
    rows = [b'<row r="%d"><c r="A%d"/><c r="AL%d"/></row>' % (r, r, r) for r in range(1, 3001)]
    for at, stray, box in [
        (2000, b'<c r="XFD5"/>', "A1:XFD3000"),
        (10, b'<c r="B1048576"/>', "A1:AL1048576"),
        (2999, b'<c r="ZZ0200000"/>', "A1:ZZ200000"),
    ]:
        xml = b"".join(rows[:at] + [stray] + rows[at:])
        watch = Extent("xl/worksheets/sheet1.xml")
        for i in range(0, len(xml), 4096):
            watch.feed(xml[i : i + 4096])
        assert box in check_extent(watch)[0]
    watch = Extent("xl/worksheets/sheet1.xml")
    xml = b"".join(rows)
    for i in range(0, len(xml), 4096):
        watch.feed(xml[i : i + 4096])
    assert watch.cols == [1, 38] and watch.rows == [1, 3000] and check_extent(watch) is None


LONG = "x" * 140_000


@pytest.mark.parametrize(
    ("what", "text", "line"),
    [
        ("scores header", f'org,source,item,"{LONG}"\n', 1),
        ("scores row", f'org,source,item,value\ncun-01,self,secretary,"{LONG}\n', 2),
        ("roster", f'org,name,domain\ncun-01,"{LONG}",village\n', 2),
    ],
    ids=["scores-header", "scores-row", "roster"],
)
def test_a_csv_field_over_the_limit_is_a_problem_at_its_line(tmp_path, what, text, line):
    from cli_support import fails, make_workspace

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    args = ["roster", "import", path] if what == "roster" else ["evaluate", "village", path]
    err = fails(["-w", ws, *args]).stderr
    assert f"{path}，第 {line} 行" in err and "超过 131,072 个字符" in err and "引号" in err


def test_a_tracker_csv_field_over_the_limit_is_a_problem_too(tmp_path):
    from cli_support import fails, make_workspace

    ws = make_workspace(tmp_path / "ws")
    from cli_support import ok

    path = tmp_path / "r.csv"
    ok(["-w", ws, "track", "sanliang", "template", "--format", "csv", "-o", path])
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    path.write_text(f'{header}\ncun-01,"{LONG}\n', encoding="utf-8")
    err = fails(["--lang", "en", "-w", ws, "track", "sanliang", "import", path]).stderr
    assert "line 2" in err and "longer than 131,072 characters" in err


def test_a_killed_export_leaves_nothing_behind_after_the_next_one(tmp_path):
    """kill -9 during an export (a real child process), then export again: the temporary file
    beside the target and openpyxl's sheet files are gone, the ledger is whole."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from dingji.io.atomic import STALE_AFTER

    target = tmp_path / "out" / "台账.xlsx"
    target.parent.mkdir()
    # a child that writes a write-only workbook through dingji's atomic path and scratch folder, then hangs
    code = (
        "import sys, time\nfrom openpyxl import Workbook\nfrom dingji.io.atomic import atomic_path, scratch_folder\n"
        "target = sys.argv[1]\nwith atomic_path(target) as tmp, scratch_folder(target):\n"
        "    wb = Workbook(write_only=True); ws = wb.create_sheet('s')\n"
        "    for i in range(2000): ws.append([i, '党支部'])\n"
        "    print('writing', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    left = sorted(p.name for p in target.parent.iterdir())
    assert len(left) == 2 and all(n.startswith(f".台账.xlsx.{child.pid}.") for n in left), left
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    old = time.time() - STALE_AFTER - 5
    for p in target.parent.iterdir():
        os.utime(p, (old, old))
    # the next write of the same target removes them, and writes the file whole
    from dingji.io.atomic import atomic_path

    with atomic_path(target) as tmp:
        tmp.write_bytes(b"ledger")
    assert sorted(p.name for p in target.parent.iterdir()) == ["台账.xlsx"]


def test_a_live_writers_temporary_file_is_left_alone(tmp_path):
    import os

    from dingji.io.atomic import clean_stale

    target = tmp_path / "台账.xlsx"
    mine = tmp_path / f".台账.xlsx.{os.getppid()}.abcd.tmp"  # the parent process: alive
    other = tmp_path / ".台账.xlsx.backup"  # not of our naming
    for p in (mine, other):
        p.write_bytes(b"")
        os.utime(p, (0, 0))
    assert clean_stale(target) == [] and mine.exists() and other.exists()


def test_control_characters_in_a_header_are_shown_escaped(tmp_path):
    from cli_support import fails, make_workspace

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "f.csv"
    # a header that would retitle the terminal (OSC 0), clear the screen (CSI 2J) and hide a NUL
    path.write_text("org,source,item,\x1b]0;pwned\x07\x1b[2J\x00\n", encoding="utf-8")
    err = fails(["-w", ws, "evaluate", "village", path]).stderr
    assert "\x1b" not in err and "\x07" not in err and "\x00" not in err
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in err


def test_an_export_reads_one_snapshot_while_a_grading_commits_midway(tmp_path):
    """Issue 11, 2: an export started, a grading committed while it was writing: every sheet
    must show the same run (before, 汇总/分类定级台账 held the old run and 公示 the new)."""
    import sqlite3

    from cli_support import SCORES, make_workspace, ok, write
    from dingji import hookimpl
    from dingji.report.sheet import LedgerSheet
    from dingji.services.ledger import export_ledger
    from dingji.services.workspace import open_workspace
    from ledger_support import sheets

    root = make_workspace(tmp_path / "乡")
    ok(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])

    class Meanwhile:
        """A sheet whose rows, while the workbook is being written, let another program grade again."""

        @hookimpl
        def dingji_ledger_sheets(self, ledger):
            def rows():
                db = sqlite3.connect(root / "dingji.sqlite")
                db.execute("UPDATE results SET grade='较差' WHERE org='sq-01'")  # committed at once
                db.commit()
                db.close()
                yield ["done"]

            return LedgerSheet("中途", ["x"], rows, order=900)

    ws = open_workspace(root)
    reg = ws.registry()
    reg.pm.register(Meanwhile())
    export_ledger(ws, reg, output=tmp_path / "l.xlsx")
    book = sheets(tmp_path / "l.xlsx")
    main = {r[0]: r[8] for r in book["分类定级台账"][2:]}
    head = next(r for r in book["公示"] if r[:1] == ["序号"])
    at = head.index("定级结果")
    notice = {r[1]: r[at] for r in book["公示"][book["公示"].index(head) + 1 :] if len(r) > at}
    assert main["sq-01"] == "好"  # the grade when the export began …
    assert notice["东街社区党支部"] == "好"  # … on every sheet, 公示 (written after the change) included


@pytest.mark.parametrize(
    ("edit", "key", "said"),
    [
        (("year = 2025", "year = 99999999999999999999"), "workspace.year", "1921～2999 之间的年份"),
        (("year = 2025", "year = -5"), "workspace.year", "1921～2999 之间的年份"),
        (("[trackers.yichuang]", "[trackers]\nyichuang = 2026\n[trackers.x]"), "trackers.yichuang", "应为设置表"),
        (("days = 5", "days = 100000000"), "notice.days", "0～366 的天数"),
    ],
    ids=["huge-year", "negative-year", "tracker-not-a-table", "days"],
)
def test_a_wrong_dingji_toml_is_refused_naming_its_key(tmp_path, edit, key, said):
    from cli_support import fails, make_workspace

    root = make_workspace(tmp_path / "ws")
    config = root / "dingji.toml"
    text = config.read_text(encoding="utf-8")
    assert edit[0] in text
    config.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    for args in (["status"], ["roster", "list"], ["explain", "sq-01"]):
        err = fails(["--workspace", root, *args]).stderr
        assert f"键 {key}" in err and said in err, err


def test_a_read_only_workspace_is_read_and_a_change_says_read_only(tmp_path, monkeypatch):
    """Issue 11, 13: reading commands failed with "unable to open database file".  The tests run
    as root, for whom no folder is read-only: the check for write access answers as for a user."""
    import os

    import dingji.store.db as db_module
    from cli_support import SCORES, fails, make_workspace, ok, write

    root = make_workspace(tmp_path / "ws")
    ok(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])
    real = os.access
    monkeypatch.setattr(db_module.os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    assert "综合得分 93.0 → 等次 好" in ok(["--workspace", root, "explain", "sq-01"]).stdout
    ok(["--workspace", root, "status", "--as-of", "2025-07-01"])
    ok(["--workspace", root, "ledger", "export", "-o", tmp_path / "elsewhere.xlsx"])
    err = fails(["--workspace", root, "evaluate", "mini", root / "s.csv"]).stderr
    assert "工作区只读" in err and "未做任何改动" in err


def test_a_number_edited_by_hand_in_the_store_is_named_not_a_traceback(tmp_path):
    import sqlite3

    from cli_support import SCORES, fails, make_workspace, ok, write

    root = make_workspace(tmp_path / "ws")
    ok(["--workspace", root, "evaluate", "mini", write(root / "s.csv", SCORES)])
    db = sqlite3.connect(root / "dingji.sqlite")
    db.execute("UPDATE results SET score='abc' WHERE org='sq-03'")
    db.commit()
    db.close()
    for args in (["status"], ["ledger", "export", "-o", tmp_path / "l.xlsx"], ["explain", "sq-01"]):
        err = fails(["--workspace", root, *args]).stderr
        assert "键 results 2025 sq-03 score" in err and "不是数值" in err, err
    assert not (tmp_path / "l.xlsx").exists()


def test_a_standard_nested_a_thousand_deep_is_a_problem_not_a_recursion_error(tmp_path):
    from cli_support import fails, make_workspace, ok, write

    root = make_workspace(tmp_path / "ws")
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    err = fails(["standards", "check", deep]).stderr
    assert "嵌套过深" in err and "Traceback" not in err
    write(root / "standards" / "deep.toml", deep.read_text(encoding="utf-8"), bom=False)
    # a broken file in standards/ is reported and skipped by the commands that do not need it
    assert "deep.toml" in ok(["--workspace", root, "status", "--as-of", "2025-07-01"]).stderr
    config = root / "dingji.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[deep]\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    assert "嵌套过深" in fails(["--workspace", root, "status"]).stderr


@pytest.mark.parametrize("bad", ["../../evil", "a/b", "..", ".hidden", "a\\\\b", "x" * 65])
def test_an_id_that_names_a_file_is_an_id(tmp_path, bad):
    from cli_support import fails, make_workspace

    root = make_workspace(tmp_path / "ws")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    err = fails(["--workspace", root, "standards", "new", bad]).stderr
    assert "不是有效的标识" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written anywhere


def test_a_standard_whose_id_is_a_path_does_not_load(tmp_path):
    from cli_support import MINI, fails

    path = tmp_path / "evil.toml"
    path.write_text(MINI.replace('id = "mini"', 'id = "../evil"'), encoding="utf-8")
    assert "standard.id" in fails(["--lang", "en", "standards", "check", path]).stderr


def test_a_stray_cell_in_every_row_gives_a_thousand_problems_and_a_count(tmp_path):
    """Issue 11, 17: one stray value in each of 200,000 rows listed 200,000 problems (a million
    rows: 160 MB on standard error, 1.9 GB of memory); now the first thousand and a count."""
    from cli_support import fails, make_workspace

    root = make_workspace(tmp_path / "ws")
    path = tmp_path / "s.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("org,source,item,value\n")
        f.writelines(f"sq-01,self,stray{i},1\n" for i in range(200_000))
    err = fails(["--workspace", root, "evaluate", "mini", path]).stderr
    lines = err.splitlines()
    assert len(lines) < 1_010, len(lines)
    # 200,000 unknown items, and sq-01 then lacks every value of the standard: 200,001 problems
    assert lines[0] == "发现 200001 个问题，未写入任何内容："
    assert lines[-1].endswith("……另有 199,001 个问题（只列出前 1,000 个）")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('points = 40\n  method = "score"', 'points = 1e400\n  method = "score"'),
        ("[[veto]]", "[bonus]\ncap = 1e30\n\n[[veto]]"),
    ],
    ids=["points-1e400", "cap-1e30"],
)
def test_a_number_too_large_for_a_standard_is_refused_when_it_loads(tmp_path, old, new):
    """Issue 11, 9: `standards check` passed, then show, evaluate and the ledger raised
    decimal.InvalidOperation, after the run was stored."""
    from cli_support import MINI, fails

    assert old in MINI
    path = tmp_path / "big.toml"
    path.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    err = fails(["standards", "check", path]).stderr
    assert "过大，不可能是评分标准中的数" in err and "Traceback" not in err
