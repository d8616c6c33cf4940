"""Issue 15: a large long CSV is graded on two cores (dingji.services.split), and that changes
how fast, never what is written, said or stored.  Each case runs the real command twice on
the same files, DINGJI_PROCESSES=1 and 2, with the size below which a file is read in one piece
set to 0, and compares standard output, standard error, exit status and the stored rows."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

import dingji
from cli_support import invoke
from dingji import demo
from dingji.core.inputs import Organization
from dingji.core.result import Brief, Result
from dingji.io import csvparts
from dingji.io.result_text import result_text
from dingji.services.evaluate import evaluate
from dingji.services.workspace import create, open_workspace

N = 40


@pytest.fixture(autouse=True)
def small_files_split(monkeypatch):
    monkeypatch.setattr(csvparts, "MIN_BYTES", 0)


@pytest.fixture(scope="module")
def village():
    std = dingji.get_standard("village")
    orgs = [Organization(f"c{i:03d}", f"第{i}村党支部", "village") for i in range(N)]
    data = {o.id: demo.scores(std, o, 0.55 + (i % 9) / 20, seed=i) for i, o in enumerate(orgs)}
    return orgs, data


def workspace(folder: Path, orgs) -> Path:
    ws = create(folder / "ws", "某镇", 2026)
    store = ws.store()
    store.replace_roster(orgs, replace=True)
    store.close()
    return ws.root


def rows_of(data) -> list[list[str]]:
    return [[org, s, i, "" if v is None else str(v)] for org, values in data.items() for (s, i), v in values.items()]


def write_csv(path: Path, rows, *, bom=True, newline="\n", encoding="utf-8", quote_first=False) -> Path:
    lines = ["org,source,item,value"]
    for r in rows:
        lines.append(",".join(r))
    if quote_first:
        lines[1] = lines[1].replace(lines[1].split(",")[0], f'"{lines[1].split(",")[0]}"', 1)
    text = ("\ufeff" if bom and encoding == "utf-8" else "") + newline.join(lines) + newline
    path.write_bytes(text.encode(encoding))
    return path


def both(ws: Path, file: Path, *args):
    """The command's exit status, output and messages with one process and with two."""
    got = []
    for n in ("1", "2"):
        r = invoke(["evaluate", "village", file, "--workspace", ws, *args], env={"DINGJI_PROCESSES": n})
        got.append((r.exit_code, r.stdout, r.stderr))
    return got


def graded_in_two(ws: Path, file: Path, monkeypatch) -> bool:
    monkeypatch.setenv("DINGJI_PROCESSES", "2")
    w = open_workspace(ws)
    done = evaluate(w.registry(), w, "village", [file], dry_run=True, render=result_text)
    assert len(list(done.rendered)) == len(done.results)
    kinds = {type(r) for r in done.results}
    assert len(kinds) == 1
    return kinds == {Brief}


def shuffled(rows, seed=1):
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    return rows


CLEAN = {
    "sorted": dict(),
    "shuffled (every organization on both sides of the cut)": dict(shuffle=True),
    "CRLF line ends, no BOM": dict(newline="\r\n", bom=False),
    "blank counts": dict(blank_counts=True),
}


@pytest.mark.parametrize("case", CLEAN, ids=list(CLEAN))
@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_two_cores_write_what_one_writes(tmp_path, village, case, fmt, monkeypatch):
    orgs, data = village
    opts = dict(CLEAN[case])
    rows = rows_of(data)
    if opts.pop("blank_counts", False):  # every deduction count of an organization left blank: 0
        rows = [r[:3] + [""] if r[2].endswith(".incomplete") else r for r in rows]
        assert any(r[3] == "" for r in rows)
    if opts.pop("shuffle", False):
        rows = shuffled(rows)
    file = write_csv(tmp_path / "评分.csv", rows, **opts)
    ws = workspace(tmp_path, orgs)
    one, two = both(ws, file, "--dry-run", "--format", fmt)
    assert one[0] == 0, one[2]
    assert two == one
    assert one[1].count("第") >= N  # every organization is in the output
    assert graded_in_two(ws, file, monkeypatch)


PROBLEMS = {
    "a bad value in the second half": lambda rows: rows[:-5] + [rows[-5][:3] + ["abc"]] + rows[-4:],
    "an unknown organization in the second half": lambda rows: rows + [["cun-999", "self", "secretary", "3"]],
    "a row missing": lambda rows: rows[:-1],
    # c000's secretary score again at the end, another valid value: only the two halves together see it
    "two values of one entry, one on each side": lambda rows: rows + [rows[0][:3] + ["1"]],
    "a wrong number of fields": lambda rows: rows[:-3] + [rows[-3] + ["x"]] + rows[-2:],
}


@pytest.mark.parametrize("case", PROBLEMS, ids=list(PROBLEMS))
def test_what_needs_saying_is_said_as_one_process_says_it(tmp_path, village, case):
    orgs, data = village
    rows = PROBLEMS[case](rows_of(data))
    file = write_csv(tmp_path / "评分.csv", rows)
    ws = workspace(tmp_path, orgs)
    one, two = both(ws, file, "--dry-run", "--format", "json")
    assert one[0] == 1, one
    assert two == one
    assert one[1] == ""  # nothing graded, nothing written


def test_a_file_one_part_cannot_read_falls_back_whole(tmp_path, village, monkeypatch):
    """A quotation mark in the first half (a quoted field might run past the cut) and a GB18030
    file (a part reads UTF-8 only): read in one piece, the same output and messages."""
    orgs, data = village
    ws = workspace(tmp_path, orgs)
    quoted = write_csv(tmp_path / "quoted.csv", rows_of(data), quote_first=True)
    gbk = write_csv(tmp_path / "gbk.csv", rows_of(data) + [], encoding="gb18030", bom=False)
    gbk.write_bytes(gbk.read_bytes().replace(b"org,source,item,value", "org,source,item,value".encode("gb18030")))
    for file in (quoted, gbk):
        one, two = both(ws, file, "--dry-run", "--format", "csv")
        assert one[0] == 0 and two == one
        assert not graded_in_two(ws, file, monkeypatch)
    assert b'"' in quoted.read_bytes()[:100]


def test_stored_on_two_cores_as_on_one(tmp_path, village):
    """Stored: the same results rows (inputs packed, exact scores) and the same grade changes."""
    orgs, data = village
    file = write_csv(tmp_path / "评分.csv", shuffled(rows_of(data), seed=7))
    stored = []
    for n in ("1", "2"):
        ws = workspace(tmp_path / n, orgs)
        r = invoke(["evaluate", "village", file, "--workspace", ws, "--format", "csv"], env={"DINGJI_PROCESSES": n})
        assert r.exit_code == 0, r.stderr
        db = sqlite3.connect(ws / "dingji.sqlite")
        rows = db.execute("SELECT * FROM results ORDER BY org").fetchall()
        db.close()
        stored.append((r.stdout, [row[1:] for row in rows]))
    assert len(stored[0][1]) == N
    assert stored[1] == stored[0]


def test_a_brief_crosses_as_plain_data(registry, village):
    orgs, data = village
    std = registry.standard("village")
    r = dingji.evaluate(std, {orgs[0].id: data[orgs[0].id]})[0]
    assert isinstance(r, Result)
    b = Brief.of(r)
    back = Brief.from_plain({v.id: v for v in std.vetoes}, b.plain())
    assert back == b and (back.score, back.grade) == (r.score, r.grade)


THEME_DAYS = "组织编号,活动日期,主题,活动内容,活动地点,参加党员数,服务事项,服务群众人次,备注\n" + "".join(
    f"{org},2026-{m:02d}-05,学习培训,第{m}次主题党日,村部,20,1,15,\n" for org in ("c000", "c039") for m in range(1, 10)
)


def test_values_records_replace_are_noted_from_both_halves(tmp_path, village, monkeypatch):
    """主题党日 records of c000 (first half) and c039 (second half) replace the typed 主题党日 values
    (the rows are read with the full loop, watched for them): the same grades and the same note."""
    orgs, data = village
    ws = workspace(tmp_path, orgs)
    records = tmp_path / "主题党日.csv"
    records.write_text(THEME_DAYS, encoding="utf-8")
    r = invoke(["--workspace", ws, "track", "zhutiri", "import", records])
    assert r.exit_code == 0, r.stderr
    file = write_csv(tmp_path / "评分.csv", rows_of(data))
    one, two = both(ws, file, "--dry-run", "--format", "json")
    assert one[0] == 0 and two == one
    assert "c000" in one[2] and "c039" in one[2]  # each replaced value named
    assert graded_in_two(ws, file, monkeypatch)


def test_a_part_numbers_its_lines_as_the_whole_file(tmp_path, village):
    """Rows read part by part, at any cut, carry the line numbers the one-piece reader gives them
    (CRLF line ends, blank lines, a BOM)."""
    from dingji.io.tabular import read_long_csv

    orgs, data = village
    rows = rows_of(data)
    rows = rows[:100] + [[""]] + rows[100:]  # a blank line: skipped, counted
    file = write_csv(tmp_path / "评分.csv", rows, newline="\r\n")
    whole = list(read_long_csv(file).rows)
    for shares in ((0.5, 0.5), (0.2, 0.8), (0.3, 0.3, 0.4)):
        parts = csvparts.parts(file, (0, 1, 2, 3), 4, shares)
        assert parts is not None and len(parts) == len(shares)
        got = [row for p in parts for row in p.rows()]
        assert all(p.ok() for p in parts)
        assert got == whole
    assert whole[-1][4] == len(rows) + 1  # the header is line 1


@pytest.fixture
def workbook(tmp_path, village, monkeypatch):
    """The village template of the 40 organizations, filled with openpyxl as a user would; read
    on two cores from any size."""
    from dingji.io.xlsx import template_rows
    from dingji.io.xlsx.template import write_template
    from test_xlsx_read import fill

    monkeypatch.setattr(template_rows, "MIN_ROWS", 0)
    orgs, data = village
    path = write_template(dingji.get_standard("village"), orgs, tmp_path / "农村评分.xlsx")

    def filled(values=None, name="农村评分.xlsx"):
        return fill(path, dingji.get_standard("village"), values or data, out=tmp_path / name)

    return filled


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_workbook_on_two_cores_as_on_one(tmp_path, village, workbook, fmt, monkeypatch):
    orgs, _ = village
    file = workbook()
    ws = workspace(tmp_path, orgs)
    one, two = both(ws, file, "--dry-run", "--format", fmt)
    assert one[0] == 0, one[2]
    assert two == one
    assert graded_in_two(ws, file, monkeypatch)


def test_a_workbook_with_something_to_say_is_read_in_one_piece(tmp_path, village, workbook):
    """A bad value in the last organization's row (the second share): the one-piece reader's
    message, at its sheet, row and column, both ways."""
    orgs, data = village
    bad = {**data, orgs[-1].id: {**data[orgs[-1].id], ("self", "secretary"): "很好"}}
    file = workbook(bad, "bad.xlsx")
    ws = workspace(tmp_path, orgs)
    one, two = both(ws, file, "--dry-run", "--format", "json")
    assert one[0] == 1 and two == one
    # the last of 40 organizations is on row 42 (key row, header, then one row each)
    assert (
        "工作表 自查自评，第 42 行，列 C (村党组织书记): c039 self/secretary（村党组织书记）：'很好' 不是数值" in one[2]
    )


def test_a_file_without_any_organization_is_refused_both_ways(tmp_path, village):
    """Only a header and blank lines, in a workspace with no roster and in one with: nothing to
    grade is an error, never an empty run that replaces the domain's results."""
    orgs, data = village
    empty = tmp_path / "空.csv"
    empty.write_text("org,source,item,value\n" + "\n" * 50, encoding="utf-8")
    bare = create(tmp_path / "bare", "某镇", 2026).root
    said = {
        bare: "没有任何组织的评分数据（village）：无可定级",
        workspace(tmp_path, orgs): "农村领域有 40 个组织没有任何评分数据",
    }
    for ws, words in said.items():
        one, two = both(ws, empty, "--format", "json")
        assert one[0] == 1 and two == one, (one, two)
        assert words in one[2], one[2]


class _NoFork:
    """A multiprocessing context whose processes cannot start (no memory for a fork)."""

    def __init__(self, real):
        self.real = real

    def Pipe(self):  # noqa: N802 - multiprocessing's name
        return self.real.Pipe()

    def Process(self, *args, **kwargs):  # noqa: N802
        class Refused:
            pid = None

            def start(self):
                raise OSError(12, "Cannot allocate memory")

        return Refused()


def test_a_fork_refused_grades_in_one_process(tmp_path, village, monkeypatch):
    from dingji.services import split

    orgs, data = village
    file = write_csv(tmp_path / "评分.csv", rows_of(data))
    ws = workspace(tmp_path, orgs)
    one = invoke(["evaluate", "village", file, "--workspace", ws, "--dry-run"], env={"DINGJI_PROCESSES": "1"})
    real = split.multiprocessing.get_context
    monkeypatch.setattr(split.multiprocessing, "get_context", lambda method: _NoFork(real(method)))
    two = invoke(["evaluate", "village", file, "--workspace", ws, "--dry-run"], env={"DINGJI_PROCESSES": "2"})
    assert one.exit_code == 0 and (two.exit_code, two.stdout, two.stderr) == (0, one.stdout, one.stderr)


def test_the_other_process_stopping_after_grading(tmp_path, village, monkeypatch):
    """Killed (out of memory) after sending its grades, before writing its outputs: a stored run
    is read in one piece and stored whole; a dry run says the output is incomplete (exit 1)."""
    from dingji.services import split

    orgs, data = village
    file = write_csv(tmp_path / "评分.csv", rows_of(data))
    monkeypatch.setattr(split, "_spool", lambda fd, outputs: os._exit(9))  # runs in the other process only
    dry = invoke(["evaluate", "village", file, "--workspace", workspace(tmp_path / "d", orgs), "--dry-run"])
    assert dry.exit_code == 1 and "第二个定级进程在写出结果前中止" in dry.stderr, dry.stderr
    stored = []
    for n in ("2", "1"):
        ws = workspace(tmp_path / n, orgs)
        r = invoke(["evaluate", "village", file, "--workspace", ws, "--format", "csv"], env={"DINGJI_PROCESSES": n})
        assert r.exit_code == 0, r.stderr
        db = sqlite3.connect(ws / "dingji.sqlite")
        stored.append((r.stdout, [row[1:] for row in db.execute("SELECT * FROM results ORDER BY org")]))
        db.close()
    assert len(stored[0][1]) == N and stored[0] == stored[1]


def test_a_value_refused_once_is_refused_again(tmp_path, village, monkeypatch):
    """The lean loop shares the full loop's parse cache: a text it refused before (a second
    grading in the same process, as the desk or a library caller does) is refused again."""
    from dingji.core.errors import InputError

    monkeypatch.setenv("DINGJI_PROCESSES", "2")
    orgs, data = village
    rows = rows_of(data)
    rows[-3] = rows[-3][:3] + ["也许"]
    file = write_csv(tmp_path / "评分.csv", rows)
    w = open_workspace(workspace(tmp_path, orgs))
    registry = w.registry()
    for _ in range(2):
        with pytest.raises(InputError, match="也许"):
            evaluate(registry, w, "village", [file], dry_run=True, render=result_text)


def test_an_entry_in_two_columns_keeps_a_workbook_whole():
    from dingji.io.xlsx import template_rows

    sheets = [("甲", None, [(2, "self", "secretary")], 5000), ("乙", None, [(2, "self", "secretary")], 5000)]
    assert template_rows.parts(sheets, (0.5, 0.5), None) is None
    sheets[1] = ("乙", None, [(2, "superior", "secretary")], 5000)
    assert [p.ranges for p in template_rows.parts(sheets, (0.5, 0.5), None)] == [
        [(0, 2500), (0, 2500)],
        [(2500, None), (2500, None)],
    ]


def test_the_collector_pauses_while_grading_and_comes_back():
    import gc

    from dingji.core.bulk import bulk

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with bulk():
            assert not gc.isenabled()
            with bulk():
                pass
            assert not gc.isenabled()  # a nested pause leaves it paused
            raise RuntimeError("a grading that fails")
    assert gc.isenabled()  # back, even after an error
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()  # as it was: a caller's own pause is kept
    finally:
        gc.enable()
