"""The desk's visit pages (``/visits``): the ledger a page at a time, the organizations not
visited, a visit added and edited through the form (the edit recorded with what it changed),
and a form with mistakes: 400, every message at the top and beside its field, the values kept,
nothing stored.  Expected values come from the store through the services, not from the page.

The demo township 岩樟乡 (2026): 36 visits, 3 organizations not visited; the desk's today is
web_support.TODAY."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from dingji.services import visits as service
from dingji.services.workspace import open_workspace
from dingji.web.pages import visits as page
from web_support import TODAY, beside, client, post, store_digest, summary

GETS = ["/visits", "/visits?missing=1", "/visits?org=cun-02", "/visits?page=9", "/visits/new", "/visits/new?org=ck-05"]


def read(root, fn, *args):
    ws = open_workspace(root)
    with ws.store() as store:
        return fn(store, *args)


def test_every_get_of_the_visit_pages_changes_nothing(demo_template):
    before = store_digest(demo_template)
    c = client(demo_template)
    first = read(demo_template, service.visit_page, 2026, 1, 50)["rows"][0]["id"]
    for path in [*GETS, f"/visits/{first}/edit"]:
        got = c.get(path)
        assert got.status_code == 200, path
        assert got.headers["cache-control"] == "no-store"
    assert store_digest(demo_template) == before
    assert c.get("/visits/99999/edit").status_code == 404


def test_the_ledger_is_paged_in_the_stores_order(demo_template, monkeypatch):
    monkeypatch.setattr(page, "PER", 10)
    c = client(demo_template)
    total = read(demo_template, service.tally, 2026)["visits"]
    pages = -(-total // 10)
    seen = []
    for n in range(1, pages + 1):
        text = c.get(f"/visits?page={n}").text
        want = [r["id"] for r in read(demo_template, service.visit_page, 2026, n, 10)["rows"]]
        assert [int(i) for i in re.findall(r'<tr id="v-(\d+)">', text)] == want
        assert (f'href="/visits?page={n + 1}"' in text) == (n < pages)
        seen += want
    assert sorted(seen) == sorted(v["id"] for v in read(demo_template, service.visit_rows, 2026))
    beyond = c.get(f"/visits?page={pages + 5}").text  # kept within the pages
    assert re.findall(r'<tr id="v-(\d+)">', beyond) == re.findall(
        r'<tr id="v-(\d+)">', c.get(f"/visits?page={pages}").text
    )


def test_missing_lists_the_organizations_not_visited(demo_template):
    ws = open_workspace(demo_template)
    with ws.store() as store:
        want = service.missing_rows(store, ws.registry(), 2026)
    text = client(demo_template).get("/visits?missing=1").text
    assert want and re.findall(r'<td><a href="/org/([^"]+)">', text) == [m["org"] for m in want]
    for m in want:
        assert m["name"] in text and f'href="/visits/new?org={m["org"]}"' in text


def test_a_form_with_mistakes_says_each_at_its_field_keeps_the_values_and_stores_nothing(demo_copy):
    before = store_digest(demo_copy)
    c = client(demo_copy)
    got = post(
        c,
        "/visits/new",
        {"org": "", "date": "2026-13-01", "visitors": "", "form": "座谈<b>了解</b>", "setup": "maybe", "role": "极好"},
        page="/visits/new",
    )
    assert got.status_code == 400
    assert store_digest(demo_copy) == before
    text = got.text
    assert "<title>错误：记录走访" in text
    fields = [f for f, _ in summary(text)]
    assert fields == ["org", "date", "visitors", "setup", "role"]  # in the order of the form
    for field, message in summary(text):
        assert beside(text, field) == [message]
    assert dict(summary(text))["org"] == "请选择走访的组织"
    assert "2026-13-01" in dict(summary(text))["date"]
    assert 'value="座谈&lt;b&gt;了解&lt;/b&gt;"' in text  # kept, escaped
    assert 'name="role"' in text and '<option value="极好" selected>' in text


def test_a_visit_added_is_stored_and_listed(demo_copy):
    c = client(demo_copy)
    org = read(demo_copy, service.missing, 2026)[0].id
    got = post(
        c,
        "/visits/new",
        {
            "org": org,
            "date": "2026-05-06",
            "visitors": "王书记、李委员",
            "form": "座谈了解",
            "team": "否",
            "problems": "<script>x</script>",
        },
        page="/visits/new",
    )
    assert got.status_code == 303
    [stored] = read(demo_copy, service.visit_rows, 2026, org)
    assert (stored["date"], stored["visitors"], stored["form"], stored["team"]) == (
        "2026-05-06",
        "王书记、李委员",
        "座谈了解",
        False,
    )
    assert stored["setup"] is None  # not known: not recorded
    listed = c.get(got.headers["location"]).text
    assert f'<tr id="v-{stored["id"]}">' in listed and f"已记录走访（第 {stored['id']} 条）" in listed
    assert "&lt;script&gt;x&lt;/script&gt;" in listed and "<script>x" not in listed
    assert org not in [m.id for m in read(demo_copy, service.missing, 2026)]


def test_the_form_offers_todays_date_and_the_organization_asked(demo_template):
    text = client(demo_template).get("/visits/new?org=ck-05").text
    assert f'name="date" value="{TODAY.isoformat()}"' in text
    assert '<option value="ck-05" selected>' in text


def test_a_visit_edited_is_changed_and_the_change_recorded(demo_copy):
    c = client(demo_copy)
    old = read(demo_copy, service.visit_rows, 2026, "cun-01")[0]
    vid = old["id"]
    form = c.get(f"/visits/{vid}/edit").text
    assert f'value="{old["visitors"]}"' in form and "记录以来未修改过" in form
    values = {f: ("是" if old[f] is True else "否" if old[f] is False else old[f] or "") for f in service.STORED}
    got = post(
        c, f"/visits/{vid}/edit", {**values, "rules": "否", "problems": "制度未上墙"}, page=f"/visits/{vid}/edit"
    )
    assert got.status_code == 303
    now = read(demo_copy, service.visit, 2026, vid)
    assert now["rules"] is False and now["problems"] == "制度未上墙" and now["updated_at"]
    [edit] = read(demo_copy, service.changes, vid)
    assert edit["changes"] == {"rules": [old["rules"], False], "problems": [old.get("problems"), "制度未上墙"]}
    assert edit["at"] == now["updated_at"]
    assert "已修改走访记录" in c.get(got.headers["location"]).text
    history = c.get(f"/visits/{vid}/edit").text
    assert "制度是否完善" in history and "制度未上墙" in history
    # the same values again: nothing written, and the page says so
    before = store_digest(demo_copy)
    again = post(
        c, f"/visits/{vid}/edit", {**values, "rules": "否", "problems": "制度未上墙"}, page=f"/visits/{vid}/edit"
    )
    assert again.status_code == 303 and store_digest(demo_copy) == before
    assert "没有改动" in c.get(again.headers["location"]).text


def test_an_edit_that_would_record_a_visit_twice_is_refused_at_its_date(demo_copy):
    c = client(demo_copy)
    first, second = read(demo_copy, service.visit_rows, 2026, "cun-02")[:2]
    values = {
        f: ("是" if second[f] is True else "否" if second[f] is False else second[f] or "") for f in service.STORED
    }
    before = store_digest(demo_copy)
    got = post(
        c,
        f"/visits/{second['id']}/edit",
        {**values, "date": first["date"], "visitors": first["visitors"]},
        page=f"/visits/{second['id']}/edit",
    )
    assert got.status_code == 400 and store_digest(demo_copy) == before
    [(field, message)] = summary(got.text)
    assert field == "date" and f"走访记录 {first['id']}" in message
    assert beside(got.text, "date") == [message]


def test_a_post_without_its_token_changes_nothing(demo_copy):
    before = store_digest(demo_copy)
    got = client(demo_copy).post(
        "/visits/new", data={"org": "ck-05", "date": "2026-05-06", "visitors": "王", "form": "x"}
    )
    assert got.status_code == 403 and store_digest(demo_copy) == before


@pytest.mark.parametrize("path", ["/visits", "/visits/new"])
def test_the_pages_speak_english_when_asked(demo_template, path):
    c = client(demo_template)
    post(c, "/lang", {"lang": "en", "next": "/"})
    text = c.get(path).text
    assert "Record a visit" in text and "记录走访" not in text


def test_the_replace_import_takes_the_edits_of_the_visits_it_removes(demo_copy):
    c = client(demo_copy)
    vid = read(demo_copy, service.visit_rows, 2026)[0]["id"]
    old = read(demo_copy, service.visit, 2026, vid)
    values = {
        f: ("是" if old.get(f) is True else "否" if old.get(f) is False else old.get(f) or "") for f in service.STORED
    }
    assert post(c, f"/visits/{vid}/edit", {**values, "note": "补记"}, page=f"/visits/{vid}/edit").status_code == 303
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        service.import_files(store, [demo_copy / "inputs" / "走访台账.csv"], 2026, replace=True)
    with closing(sqlite3.connect(demo_copy / "dingji.sqlite")) as db:
        assert db.execute("SELECT count(*) FROM visit_changes").fetchone() == (0,)


def test_a_visit_dated_outside_the_ledgers_year_is_refused_at_its_date(demo_copy):
    before = store_digest(demo_copy)
    c = client(demo_copy)
    got = post(
        c,
        "/visits/new",
        {"org": "ck-05", "date": "2027-01-05", "visitors": "王书记", "form": "座谈了解"},
        page="/visits/new",
    )
    assert got.status_code == 400
    assert summary(got.text) == [("date", "走访日期 2027-01-05 不在 2026 年内（本台账是 2026 年的）")]
    assert store_digest(demo_copy) == before
