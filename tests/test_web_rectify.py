"""The desk's rectification pages (``/rectify``): tasks by organization with their status and
days overdue, the plans to be filed, a task added, started, done and accepted on a day (today
as the desk sees it unless one is typed, and the page says which), a plan recorded as filed,
and forms with mistakes (400, messages at their fields, nothing stored).  Expected values
come from the store through the services.

The demo township 岩樟乡 (2026): 23 tasks; the desk's today is web_support.TODAY."""

from __future__ import annotations

import html
import re

from dingji.services import rectify as service
from dingji.services import rectify_view
from dingji.services.workspace import open_workspace
from web_support import TODAY, client, post, store_digest, summary


def tasks(root) -> list[dict]:
    ws = open_workspace(root)
    with ws.store() as store:
        return service.stored(store, 2026)


def view(root, fn, *args):
    ws = open_workspace(root)
    with ws.store() as store:
        return fn(store, ws.registry(), 2026, *args)


def flash(text: str) -> str:
    return html.unescape(re.search(r'class="ok-box" role="status">([^<]*)<', text).group(1))


def test_every_get_of_the_rectification_pages_changes_nothing(demo_template):
    before = store_digest(demo_template)
    c = client(demo_template)
    first = tasks(demo_template)[0]
    for path in [
        "/rectify",
        "/rectify?overdue=1",
        f"/rectify?org={first['org']}",
        "/rectify/new",
        f"/rectify/{first['id']}",
    ]:
        assert c.get(path).status_code == 200, path
    assert c.get("/rectify/99999").status_code == 404
    assert store_digest(demo_template) == before


def test_tasks_are_grouped_by_organization_with_status_and_overdue(demo_template):
    rows = view(demo_template, rectify_view.task_rows, TODAY)
    text = client(demo_template).get("/rectify").text
    assert re.findall(r'<h3 class="group" id="org-([^"]+)">', text) == list(dict.fromkeys(r["org"] for r in rows))
    assert [int(t) for t in re.findall(r'<td class="num"><a href="/rectify/(\d+)">', text)] == [r["task"] for r in rows]
    ws = open_workspace(demo_template)
    with ws.store() as store:
        tally = rectify_view.tally(store, 2026, TODAY)
    assert f'<a href="/rectify?overdue=1" class="overdue">{tally["overdue"]}</a>' in text
    late = view(demo_template, rectify_view.task_rows, TODAY, None, True)
    assert late and len(late) == tally["overdue"]
    only = client(demo_template).get("/rectify?overdue=1").text
    assert sorted(int(t) for t in re.findall(r'<a href="/rectify/(\d+)">', only)) == sorted(r["task"] for r in late)
    for r in late:
        assert f"逾期 {r['overdue_days']} 天" in only


def test_the_plans_to_be_filed_are_listed_and_one_is_recorded_filed_today(demo_copy):
    filing = view(demo_copy, rectify_view.filing_rows)
    to_file = [f for f in filing if not f["filed_on"] and f["tasks"]]
    assert to_file
    c = client(demo_copy)
    text = c.get("/rectify").text
    for f in to_file:
        assert f'name="org" value="{f["org"]}"' in text
    org = to_file[0]["org"]
    got = post(c, "/rectify/filed", {"org": org, "on": "", "note": "岩组〔2026〕3号"}, page="/rectify")
    assert got.status_code == 303
    assert {f["org"]: f["filed_on"] for f in view(demo_copy, rectify_view.filing_rows)}[org] == TODAY.isoformat()
    page = c.get("/rectify").text
    said = flash(page)
    assert org in said and TODAY.isoformat() in said and "取今天" in said
    assert f"已备案 {TODAY.isoformat()}（岩组〔2026〕3号）" in page  # the 文号 typed is shown


def test_filing_a_plan_on_a_day_that_is_not_a_date_is_refused_at_its_field(demo_copy):
    org = next(f["org"] for f in view(demo_copy, rectify_view.filing_rows) if not f["filed_on"] and f["tasks"])
    before = store_digest(demo_copy)
    got = post(client(demo_copy), "/rectify/filed", {"org": org, "on": "明天"}, page="/rectify")
    assert got.status_code == 400 and store_digest(demo_copy) == before
    assert summary(got.text) == [(f"filed-{org}-on", "备案日期：'明天' 不是有效日期（请写作 2026-03-01）")]
    assert 'value="明天"' in got.text  # kept


def test_a_task_started_today_then_done_on_a_day_typed_then_accepted(demo_copy):
    # not yet due (a task may not start after its deadline: the service's rule)
    task = next(t for t in tasks(demo_copy) if t["status"] == "todo" and t["deadline"] >= TODAY.isoformat())
    tid = task["id"]
    c = client(demo_copy)
    page = c.get(f"/rectify/{tid}").text
    assert f'action="/rectify/{tid}/start"' in page and f'value="{TODAY.isoformat()}"' in page
    got = post(c, f"/rectify/{tid}/start", {"on": ""}, page=f"/rectify/{tid}")
    assert got.status_code == 303 and got.headers["location"] == f"/rectify/{tid}"
    now = next(t for t in tasks(demo_copy) if t["id"] == tid)
    assert (now["status"], now["start"]) == ("doing", TODAY.isoformat())
    said = flash(c.get(f"/rectify/{tid}").text)
    assert said == f"任务 {tid}：开始整改，日期 {TODAY.isoformat()}（未填日期，取今天）"

    got = post(c, f"/rectify/{tid}/done", {"on": "2026-12-20"}, page=f"/rectify/{tid}")
    assert got.status_code == 303
    now = next(t for t in tasks(demo_copy) if t["id"] == tid)
    assert (now["status"], now["done_on"]) == ("done", "2026-12-20")
    assert flash(c.get(f"/rectify/{tid}").text) == f"任务 {tid}：整改完成，日期 2026-12-20"

    assert post(c, f"/rectify/{tid}/closed", {"on": "2026-12-21"}, page=f"/rectify/{tid}").status_code == 303
    now = next(t for t in tasks(demo_copy) if t["id"] == tid)
    assert (now["status"], now["closed_on"]) == ("closed", "2026-12-21")
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        assert [e["status"] for e in service.events(store, tid)][-3:] == ["doing", "done", "closed"]
    assert "验收销号" in c.get(f"/rectify/{tid}").text


def test_a_task_planned_to_start_later_started_today_records_today_and_can_be_done_today(demo_copy):
    """The day work began is the day recorded (the page says it), not the day planned."""
    c = client(demo_copy)
    added = post(
        c,
        "/rectify/new",
        {"org": "cun-03", "problem": "台账不全", "measures": "补齐", "start": "2026-12-05", "deadline": "2026-12-31"},
        page="/rectify/new",
    )
    assert added.status_code == 303, added.text
    tid = int(added.headers["location"].rsplit("/", 1)[1])
    assert post(c, f"/rectify/{tid}/start", {"on": ""}, page=f"/rectify/{tid}").status_code == 303
    now = next(t for t in tasks(demo_copy) if t["id"] == tid)
    assert (now["status"], now["start"]) == ("doing", TODAY.isoformat())  # 2026-12-02, as the page says
    assert TODAY.isoformat() in flash(c.get(f"/rectify/{tid}").text)
    assert post(c, f"/rectify/{tid}/done", {"on": ""}, page=f"/rectify/{tid}").status_code == 303


def test_done_before_its_start_is_refused_at_the_day_and_stores_nothing(demo_copy):
    task = next(t for t in tasks(demo_copy) if t["status"] == "doing" and t["start"])
    before = store_digest(demo_copy)
    got = post(client(demo_copy), f"/rectify/{task['id']}/done", {"on": "2020-01-01"}, page=f"/rectify/{task['id']}")
    assert got.status_code == 400 and store_digest(demo_copy) == before
    assert summary(got.text) == [("done-on", f"完成日期 2020-01-01 早于开始日期 {task['start']}")]
    assert re.search(r'id="f-done-on-error">.*?完成日期 2020-01-01 早于开始日期', got.text)
    assert "<title>错误：" in got.text


def test_a_task_added_through_the_form_has_the_secretary_as_owner(demo_copy):
    c = client(demo_copy)
    got = post(
        c,
        "/rectify/new",
        {"org": "cun-03", "problem": "三会一课<不规范>", "measures": "制定学习计划", "deadline": "2026-12-31"},
        page="/rectify/new",
    )
    assert got.status_code == 303
    tid = int(got.headers["location"].rsplit("/", 1)[1])
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        task = service.task(store, 2026, tid)
        secretary = store.roster()["cun-03"].secretary
    assert (task["org"], task["problem"], task["owner"], task["status"]) == (
        "cun-03",
        "三会一课<不规范>",
        secretary,
        "todo",
    )
    page = c.get(f"/rectify/{tid}").text
    assert "三会一课&lt;不规范&gt;" in page and f"已添加整改任务 {tid}" in page


def test_a_task_form_with_mistakes_says_each_at_its_field_and_stores_nothing(demo_copy):
    before = store_digest(demo_copy)
    got = post(
        client(demo_copy),
        "/rectify/new",
        {
            "org": "",
            "problem": "",
            "measures": "m",
            "start": "2026-02-01",
            "deadline": "2026-01-01",
            "status": "已完成",
        },
        page="/rectify/new",
    )
    assert got.status_code == 400 and store_digest(demo_copy) == before
    fields = dict(summary(got.text))
    assert fields["org"] == "请选择整改的组织" and fields["problem"] == "存在问题未填写（必填）"
    assert "owner" not in fields  # the secretary's once the organization is chosen
    assert re.search(r'<textarea id="f-measures" name="measures"[^>]*>m</textarea>', got.text)  # kept
    ok = post(
        client(demo_copy),
        "/rectify/new",
        {
            "org": "cun-03",
            "problem": "p",
            "measures": "m",
            "start": "2026-02-01",
            "deadline": "2026-01-01",
            "status": "已完成",
        },
        page="/rectify/new",
    )
    assert ok.status_code == 400 and store_digest(demo_copy) == before
    assert dict(summary(ok.text)) == {
        "deadline": "完成时限 2026-01-01 早于开始日期 2026-02-01",
        "done_on": "进度为已完成，须填完成日期",
    }


def test_a_task_is_edited_on_the_desk_and_the_edit_recorded_with_what_it_changed(demo_copy):
    c = client(demo_copy)
    tid = next(t["id"] for t in tasks(demo_copy) if t["status"] == "todo")
    form = c.get(f"/rectify/{tid}/edit")
    assert form.status_code == 200 and f'action="/rectify/{tid}/edit"' in form.text
    old = next(t for t in tasks(demo_copy) if t["id"] == tid)
    from dingji.web.forms import value_text
    from dingji.web.pages.rectify_edit import NAMES

    values = {f: value_text(old.get(f)) for f in NAMES}  # the form as it comes, filled with the task
    assert all(f'name="{f}"' in form.text for f in NAMES)
    values["deadline"], values["owner"] = "2026-12-20", "李四<新>"

    before = store_digest(demo_copy)
    bad = post(c, f"/rectify/{tid}/edit", {**values, "deadline": "2026-02-30"}, page=f"/rectify/{tid}/edit")
    assert bad.status_code == 400 and store_digest(demo_copy) == before  # a mistake stores nothing
    assert [f for f, _ in summary(bad.text)] == ["deadline"]

    got = post(c, f"/rectify/{tid}/edit", values, page=f"/rectify/{tid}/edit")
    assert got.status_code == 303 and got.headers["location"] == f"/rectify/{tid}"
    now = next(t for t in tasks(demo_copy) if t["id"] == tid)
    assert (now["deadline"], now["owner"], now["status"]) == ("2026-12-20", "李四<新>", old["status"])
    page = c.get(f"/rectify/{tid}").text
    assert f"已修改整改任务 {tid}（2 项）" in page
    assert "修改记录" in page and old["deadline"] in page and "李四&lt;新&gt;" in page

    again = post(c, f"/rectify/{tid}/edit", values, page=f"/rectify/{tid}/edit")  # the same again
    assert again.status_code == 303 and "没有改动，未保存" in c.get(f"/rectify/{tid}").text
    ws = open_workspace(demo_copy)
    with ws.store() as store:
        assert [e["changes"] for e in service.task_changes(store, tid)] == [
            {"owner": [old["owner"], "李四<新>"], "deadline": [old["deadline"], "2026-12-20"]}
        ]


def test_page_zero_is_the_first_page(demo_template):
    """``?page=0`` (typed, or a link cut short) shows the first page, not an empty list."""
    import re

    c = client(demo_template)

    def listed(path):
        return re.findall(r'href="/rectify/(\d+)"', c.get(path).text)

    first = listed("/rectify")
    assert len(first) == len(tasks(demo_template))  # the demo's tasks fit one page
    assert listed("/rectify?page=0") == first and listed("/rectify?page=00") == first
