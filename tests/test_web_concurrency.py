"""The desk and the commands on one workspace at the same time (the store is SQLite in WAL mode):
a command grading in another process while the desk serves pages and a form posts. Nothing is
corrupted and no write is lost."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import closing

import pytest

from cli_support import SCORES, run, write
from web_support import client, post

pytestmark = pytest.mark.slow


def test_grading_in_a_terminal_while_the_desk_serves_and_stores_a_form(copy_workspace, tmp_path):
    root = copy_workspace(tmp_path / "ws")
    scores = write(tmp_path / "scores.csv", SCORES)
    graded: list = []

    def grade_three_times():
        for _ in range(3):
            graded.append(run(["--workspace", root, "evaluate", "mini", scores], cwd=tmp_path, timeout=120))

    terminal = threading.Thread(target=grade_three_times)
    c = client(root)
    terminal.start()
    statuses, during = [], 0
    while terminal.is_alive() or len(statuses) < 10 * 4:
        during += terminal.is_alive()
        i = len(statuses) // 4
        statuses.append(c.get("/").status_code)
        statuses.append(c.get("/orgs").status_code)
        statuses.append(c.get("/org/sq-01").status_code)
        day = (dt.date(2025, 1, 1) + dt.timedelta(days=i % 365)).isoformat()  # as many as the grading lasts
        visit = {"org": f"sq-0{i % 3 + 1}", "date": day, "visitors": f"走访人{i}", "form": "座谈"}
        statuses.append(post(c, "/visits/new", visit, page="/visits/new").status_code)
    terminal.join()
    assert during >= 2, "the desk was not used while the command graded"

    assert [p.returncode for p in graded] == [0, 0, 0], [p.stderr for p in graded]
    posts = statuses[3::4]
    assert set(posts) == {303}, statuses  # every form stored
    assert set(statuses) - set(posts) <= {200, 404}  # pages served (/org before the first grading: 404)
    with closing(sqlite3.connect(root / "dingji.sqlite")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == len(posts)  # no visit lost
        assert db.execute("SELECT count(*) FROM runs WHERE domain = 'mini'").fetchone()[0] == 3  # no grading lost
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 3  # the last grading's 3 organizations
