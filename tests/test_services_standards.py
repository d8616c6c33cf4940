"""The roster and standards use cases as a second face calls them, without click:
services.roster, services.standards and services.workspace.create, on real files and a
real workspace (cli_support's MINI: work (score, 40) and meetings (deduct 2 per 次, 60),
sources self 0.4 and superior 0.6, grades 好 90 / 较好 80 / 一般 60 / 较差 0, veto petition)."""

from __future__ import annotations

import pytest

from cli_support import (
    MINI,
    ROSTER,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    snapshot,
    write,
)
from dingji.core.errors import DingjiError, InputError
from dingji.services.roster import RosterImport, import_roster, organizations
from dingji.services.standards import (
    check_files,
    new_standard,
    plugin_rows,
    shadowed,
    standard_rows,
    standard_view,
    starter_path,
)
from dingji.services.workspace import create, open_workspace


@pytest.fixture
def ws(tmp_path):
    return open_workspace(make_workspace(tmp_path / "w", roster=None))


# --- roster -----------------------------------------------------------------------


def test_import_roster_adds_updates_and_replaces(ws):
    reg = ws.registry()
    assert import_roster(reg, ws, write(ws.root / "a.csv", ROSTER)) == RosterImport(added=3, updated=0, total=3)
    assert [(o.id, o.domain, o.secretary, o.members) for o in organizations(ws)] == [
        ("sq-01", "社区", "王建国", 25),
        ("sq-02", "mini", "李秀英", 18),
        ("sq-03", "社区", "张明华", 31),
    ]
    more = write(ws.root / "b.csv", "org,name,domain\nsq-01,东街社区第一党支部,社区\nsq-04,北街社区党支部,mini\n")
    assert import_roster(reg, ws, more) == RosterImport(added=1, updated=1, total=4)
    assert import_roster(reg, ws, more, replace=True) == RosterImport(added=0, updated=2, total=2)
    assert [o.id for o in organizations(ws)] == ["sq-01", "sq-04"]


def test_import_roster_with_an_unknown_domain_names_each_and_stores_nothing(ws):
    bad = write(ws.root / "a.csv", "org,name,domain\nsq-01,东街,社区\nx-1,甲,医院\nx-2,乙,学校\n")
    with pytest.raises(InputError, match="x-1: unknown domain '医院'") as err:
        import_roster(ws.registry(), ws, bad)
    assert len(err.value.problems) == 2 and "x-2" in err.value.describe("en")
    assert snapshot(ws.root)["organizations"] == [] and organizations(ws) == []


# --- standards --------------------------------------------------------------------


def test_standard_rows_and_the_one_a_workspace_file_hides(ws):
    reg = ws.registry()
    rows = standard_rows(reg)
    assert [r[0] for r in rows] == ["village", "soe", "private", "institution", "service_window", "mini"]
    assert rows[-1][:4] == ("mini", "社区党组织定级小标准", "社区", "1.0")
    assert shadowed(reg) == []
    write(
        ws.root / "standards" / "village.toml",
        MINI.replace('id = "mini"', 'id = "village"').replace('domain = "社区"', 'domain = "农村"'),
        bom=False,
    )
    reg = open_workspace(ws.root).registry()
    assert shadowed(reg) == [("village", "built-in", f"workspace {ws.root / 'standards' / 'village.toml'}")]


def test_standard_view_of_mini(ws):
    view = standard_view(ws.registry(), "mini")
    assert view.standard.id == "mini"
    assert view.indicators == [
        ("基本工作", "work", "工作实绩", "40", "score", ""),
        ("基本工作", "meetings", "落实三会一课", "60", "deduct", "-2/次"),
    ]
    assert view.sources == [
        ("self", "自查自评", "indicators", "0.4"),
        ("superior", "上级党组织评定", "indicators", "0.6"),
    ]
    assert view.grades == [("好", "90"), ("较好", "80"), ("一般", "60"), ("较差", "0")]
    assert view.vetoes == [("petition", "近一年有严重群访事件", "录入 是/否", "→ 较差")]
    assert standard_view(ws.registry(), "mini", "en").vetoes[0][2] == "entered yes/no"
    assert view.capped == [] and view.service is None


def test_standard_view_of_a_builtin_with_caps_a_survey_veto_and_the_service_rule(ws):
    view = standard_view(ws.registry(), "institution")  # the one built-in with the 90% cap
    assert [which for which, _, _ in view.capped] == ["bonus", "penalty"]
    low = [v for v in view.vetoes if v[2].startswith("satisfaction")]
    assert [(v[2], v[3]) for v in low] == [("satisfaction < 0.5", "→ 较差"), ("satisfaction < 0.9", "≤ 一般")]
    assert view.service.startswith("服务型基层党组织: ≥ 好; satisfaction ≥ 90%")


def test_check_files_keeps_the_good_and_every_problem_of_the_bad(ws, tmp_path):
    good = write(tmp_path / "good.toml", MINI, bom=False)
    bad = write(tmp_path / "bad.toml", MINI.replace("weight = 0.6", "weight = 0.5"), bom=False)
    done = check_files(ws.registry(), [good, bad, tmp_path / "missing.toml"])
    assert [(f, std.id) for f, std in done.loaded] == [(good, "mini")]
    assert not done.ok and len(done.problems) == 2
    assert "0.9" in done.problems[0].message and done.problems[1].message == "file not found"
    assert check_files(ws.registry(), [good]).ok


def test_new_standard_writes_a_starter_that_loads(ws, tmp_path):
    reg = ws.registry()
    assert starter_path("school", ws) == ws.root / "standards" / "school.toml"
    assert starter_path("school") == tmp_path / "school.toml"  # the current folder
    path = new_standard(reg, "school", ws=ws)
    assert path == ws.root / "standards" / "school.toml"
    assert reg.load(path).id == "school"
    with pytest.raises(FileExistsError, match="exists"):
        new_standard(reg, "school", "village", ws=ws)
    assert reg.load(path).domain == "school"  # untouched
    again = new_standard(reg, "school", "village", ws=ws, force=True)
    assert reg.load(again).domain == "school" and "collective_economy" in again.read_text(encoding="utf-8")


def test_new_standard_that_would_not_load_writes_nothing(ws, tmp_path):
    reg = ws.registry()
    folder = ws.root / "standards"
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(DingjiError, match="'Bad Id' is not an id") as err:
        new_standard(reg, "Bad Id", ws=ws)
    assert err.value.problems[0].place.key == "ID"
    with pytest.raises(DingjiError, match="nope"):
        new_standard(reg, "hospital", "nope", output=tmp_path / "sub" / "h.toml")
    assert sorted(p.name for p in folder.iterdir()) == before and not (tmp_path / "sub").exists()


def test_plugin_rows_name_the_builtins_and_their_hooks(ws):
    rows = {name: (origin, hooks) for name, origin, hooks in plugin_rows(ws.registry())}
    assert rows["dingji.plugins.methods"] == ("built-in", "dingji_register_methods")


# --- workspace --------------------------------------------------------------------


def test_create_writes_the_config_and_the_store_and_no_temporary_file(tmp_path):
    ws = create(tmp_path / "乡", '岩"樟\\乡', 2026)
    assert (ws.name, ws.year, ws.level) == ('岩"樟\\乡', 2026, "乡镇")
    assert sorted(p.name for p in ws.root.iterdir()) == ["dingji.sqlite", "dingji.toml", "standards"]
    with pytest.raises(DingjiError, match="a workspace already exists here"):
        create(tmp_path / "乡", "另一个", 2027)
    assert open_workspace(tmp_path / "乡").year == 2026
