"""The desk's objection page (``/objections``, issue 13): the year's objections with their result,
an objection recorded through the form, its result and reply recorded through the decide form;
a form with mistakes: 400, every message at the top and beside its field, the values kept,
nothing stored.  Expected values come from the store through the services, not from the page.

The demo township (岩樟乡, 2026) has no objection; its notice was issued by the demo."""

from __future__ import annotations

import pytest

from dingji.report.objections import objection_rows
from dingji.services import objections as service
from dingji.services.workspace import open_workspace
from web_support import TODAY, beside, client, post, store_digest, summary


def rows(root):
    ws = open_workspace(root)
    with ws.store() as store:
        return objection_rows(store, 2026, {}, "zh")


def test_the_gets_change_nothing_and_an_unknown_objection_is_404(demo_template):
    before = store_digest(demo_template)
    c = client(demo_template)
    for path in ["/objections", "/objections/new"]:
        got = c.get(path)
        assert got.status_code == 200 and got.headers["cache-control"] == "no-store", path
    assert "还没有异议记录" in c.get("/objections").text
    assert c.get("/objections/9").status_code == 404
    assert store_digest(demo_template) == before
    assert '<a href="/objections"' in c.get("/").text  # in the menu


def test_an_objection_recorded_through_the_form_is_stored_and_listed(demo_copy):
    c = client(demo_copy)
    got = post(
        c,
        "/objections/new",
        {
            "org": "cun-02",
            "received": "",
            "raised_by": "石门村村民<b>张某</b>",
            "channel": "电话",
            "content": "一票否决有误",
        },
        page="/objections/new",
    )
    assert got.status_code == 303
    [o] = rows(demo_copy)
    assert (o["org"], o["received"], o["raised_by"], o["result"]) == (
        "cun-02",
        TODAY.isoformat(),
        "石门村村民<b>张某</b>",
        "open",
    )
    listed = c.get(got.headers["location"]).text
    assert f'<tr id="o-{o["number"]}">' in listed and f"已记录异议 {o['number']}（cun-02）" in listed
    assert "石门村村民&lt;b&gt;张某&lt;/b&gt;" in listed and "<b>张某" not in listed


def test_a_form_with_mistakes_says_each_at_its_field_and_stores_nothing(demo_copy):
    before = store_digest(demo_copy)
    c = client(demo_copy)
    got = post(
        c,
        "/objections/new",
        {"org": "", "received": "2026-02-30", "raised_by": "", "content": ""},
        page="/objections/new",
    )
    assert got.status_code == 400 and store_digest(demo_copy) == before
    assert "<title>错误：记录异议" in got.text
    assert [f for f, _ in summary(got.text)] == ["org", "received", "raised_by", "content"]
    for field, message in summary(got.text):
        assert beside(got.text, field) == [message]
    assert dict(summary(got.text))["org"] == "请选择异议针对的组织"
    assert 'value="2026-02-30"' in got.text  # kept


def test_the_decide_form_records_the_result_and_the_reply_or_names_what_is_missing(demo_copy):
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        number = service.add(
            store, 2026, "cun-02", {"received": "2026-12-01", "raised_by": "张某", "content": "一票否决有误"}
        )
    c = client(demo_copy)
    page = f"/objections/{number}"
    form = c.get(page).text
    assert "一票否决有误" in form and f'name="decided_on" value="{TODAY.isoformat()}"' in form
    before = store_digest(demo_copy)
    bad = post(c, page, {"result": "成立", "decision": "", "decided_on": "", "reply": "", "replied_on": ""}, page=page)
    assert bad.status_code == 400 and store_digest(demo_copy) == before
    assert summary(bad.text) == [("decision", "处理结果为成立，须填处理意见")]
    good = post(
        c,
        page,
        {
            "result": "不成立",
            "decision": "群访属实，维持原定级",
            "decided_on": "",
            "reply": "已当面答复",
            "replied_on": "",
        },
        page=page,
    )
    assert good.status_code == 303
    [o] = rows(demo_copy)
    assert (o["result"], o["decision"], o["decided_on"], o["reply"], o["replied_on"]) == (
        "rejected",
        "群访属实，维持原定级",
        TODAY.isoformat(),
        "已当面答复",
        TODAY.isoformat(),
    )
    assert "已记录异议" in c.get(good.headers["location"]).text


def test_a_post_without_its_token_changes_nothing(demo_copy):
    before = store_digest(demo_copy)
    got = client(demo_copy).post("/objections/new", data={"org": "cun-02", "raised_by": "x", "content": "y"})
    assert got.status_code == 403 and store_digest(demo_copy) == before


@pytest.mark.parametrize("path", ["/objections", "/objections/new"])
def test_the_pages_speak_english_when_asked(demo_template, path):
    c = client(demo_template)
    post(c, "/lang", {"lang": "en", "next": "/"})
    text = c.get(path).text
    assert "Record an objection" in text and "记录异议" not in text
