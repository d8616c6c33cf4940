"""A third-party plugin found through real distribution metadata (entry points, group "dingji").

tests/plugin_pkg is the dingji-sample package.  Each test "installs" it the way pip
would leave it: a copy of the module beside a ``dingji_sample-0.1.dist-info`` folder
(METADATA + entry_points.txt made from the package's pyproject.toml) on sys.path.

The sample's 社区 standard (community) grades by hand as follows (COMPLETE):
  self     = 4/5 × 50 (stars) + 0.9 × 10 (grid) + (40 − 5×1) = 40 + 9 + 35 = 84
  superior = 5/5 × 50 + 0.9 × 10 + (40 − 5×0) = 50 + 9 + 40 = 99
  combined = 0.4×84 + 0.6×99 = 33.6 + 59.4 = 93.0 → 好
  turnout  = valid answers / all = (8 + 2) / (8 + 2 + 10) = 0.5, not below 0.5
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest

import dingji
from dingji.registry import PluginError, PluginWarning, Registry

PKG = Path(__file__).parent / "plugin_pkg"

COMPLETE = [
    ("s1", "self", "rating", "4"),
    ("s1", "self", "meetings", "1"),
    ("s1", "superior", "rating", "5"),
    ("s1", "superior", "meetings", "0"),
    ("s1", "tracker", "grid", "90%"),
    ("s1", "survey", "满意", "8"),
    ("s1", "survey", "不满意", "2"),
    ("s1", "survey", "不了解", "10"),
]


def install(site: Path, dist: str, version: str, entry_points: dict, modules: dict | None = None):
    """Write ``<dist>-<version>.dist-info`` (METADATA, entry_points.txt) and modules into ``site``."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[dingji]\n{lines}", encoding="utf-8")
    for name, source in (modules or {}).items():
        (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """An empty folder on sys.path; modules imported from it are forgotten afterwards."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("dingji_sample") or name.startswith("dingji_broken"):
            del sys.modules[name]


@pytest.fixture
def sample(site):
    """dingji-sample installed from tests/plugin_pkg, its entry points read from its pyproject.toml."""
    project = tomllib.loads((PKG / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(PKG / "dingji_sample", site / "dingji_sample", ignore=shutil.ignore_patterns("__pycache__"))
    install(site, project["name"], project["version"], project["entry-points"]["dingji"])
    return site


@pytest.fixture
def reg(sample) -> Registry:
    return Registry()


def test_pyproject_declares_the_entry_point():
    project = tomllib.loads((PKG / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["dingji"] == {"sample": "dingji_sample"}
    assert project["name"] == "dingji-sample"


def test_discovered_through_distribution_metadata(reg):
    assert reg.broken == []
    assert reg.origins["sample"] == "dingji-sample 0.1"
    rows = {name: (origin, hooks) for name, origin, hooks in reg.plugin_rows()}
    assert rows["sample"] == (
        "dingji-sample 0.1",
        [
            "dingji_register_methods",
            "dingji_register_metrics",
            "dingji_register_readers",
            "dingji_register_standards",
            "dingji_register_trackers",
        ],
    )
    # built-ins are still there beside the plugin's
    assert {"village", "community"} <= set(reg.standards)


def test_not_there_without_the_distribution(site):
    # the same folder on sys.path but no dist-info: nothing is found
    assert "community" not in Registry().standards


def test_hook_dingji_register_standards(reg):
    std = reg.standard("community")
    assert reg.standard("社区") is std
    assert std.origin == "plugin sample"
    assert (std.name, std.total) == ("社区党组织分类定级评分标准（样例）", 100)
    assert [i.method for i in std.indicators] == ["stars", "tracker", "deduct"]


def test_hook_dingji_register_methods(reg):
    assert reg.methods["stars"].description == "0..5 stars entered; stars / 5 × points"
    (r,) = dingji.evaluate("community", COMPLETE, registry=reg)
    # see the module docstring: self 84, superior 99, 0.4×84 + 0.6×99 = 93.0
    assert r.sources == {"self": D(84), "superior": D(99)}
    assert (r.score, r.grade, r.vetoes) == (D("93.0"), "好", ())
    assert "4 星（满 5 星）× 50 分 = 40 分" in "\n".join(r.explain())


def test_stars_above_five_is_an_error(reg):
    rows = [row for row in COMPLETE if row[1:3] != ("self", "rating")] + [("s1", "self", "rating", "6")]
    with pytest.raises(
        dingji.InputError, match=r"^<rows>, line 8: s1 self/rating \(居民星级评价\): 6 is out of range 0\.\.5$"
    ) as exc:
        dingji.evaluate("community", rows, registry=reg)
    assert len(exc.value.problems) == 1
    assert "6 is out of range 0..5" in exc.value.problems[0].message


def test_hook_dingji_register_trackers(reg):
    grid = reg.trackers["grid"]  # a bare dingji.TrackerInfo: metric names and descriptions, no records
    assert {name: m.description for name, m in grid.metrics.items()} == {"coverage": "share of households visited"}
    assert not grid.keeps_records
    rows = [row for row in COMPLETE if row[1] != "tracker"] + [("s1", "tracker", "grid", "0.5")]
    (r,) = dingji.evaluate("community", rows, registry=reg)
    # grid 0.5 × 10 = 5 in both: self 40 + 5 + 35 = 80, superior 50 + 5 + 40 = 95
    # 0.4×80 + 0.6×95 = 32 + 57 = 89.0 → 较好
    assert (r.score, r.grade) == (D("89.0"), "较好")


def test_hook_dingji_register_metrics(reg):
    assert "turnout" in reg.metrics
    rows = COMPLETE + [("s1", "survey", "不了解", "10"), ("s1", "veto", "violation", "no")]
    assert dingji.evaluate("community", rows, registry=reg)[0].grade == "好"  # 10 / 20 = 0.5
    rows = [row for row in COMPLETE if row[2] != "不了解"] + [("s1", "survey", "不了解", "11")]
    (r,) = dingji.evaluate("community", rows, registry=reg)
    # turnout 10 / 21 < 0.5: low_turnout holds, no max_grade → 较差 whatever the 93.0
    assert (r.score, r.grade, [v.id for v in r.vetoes]) == (D("93.0"), "较差", ["low_turnout"])
    assert r.metrics["turnout"] == D(10) / D(21)


def test_unknown_plugin_metric_is_an_error_not_a_pass(reg):
    rows = [row for row in COMPLETE if row[1] != "survey"]
    with pytest.raises(
        dingji.InputError, match=r"^key s1/turnout: s1: turnout is unknown, so rule low_turnout cannot be decided$"
    ) as exc:
        dingji.evaluate("community", rows, registry=reg)
    (p,) = exc.value.problems
    assert p.message == "s1: turnout is unknown, so rule low_turnout cannot be decided"


def test_hook_dingji_register_readers(reg, tmp_path):
    path = tmp_path / "社区.tsv"
    path.write_text("org\tsource\titem\tvalue\n" + "".join("\t".join(r) + "\n" for r in COMPLETE), encoding="utf-8")
    std = reg.standard("community")
    reader = reg.reader_for(path)
    assert reader.name == "tsv"
    (r,) = dingji.evaluate(std, reader.read_scores(path, std), registry=reg)
    assert (r.score, r.grade) == (D("93.0"), "好")
    with pytest.raises(dingji.InputError, match=r"scores\.ods: cannot read \.ods files; use \.csv, \.tsv, \.txt, "):
        reg.reader_for(tmp_path / "scores.ods")


def test_standard_needing_the_plugin_does_not_load_without_it(registry):
    text = (PKG / "dingji_sample" / "community.toml").read_text(encoding="utf-8")
    with pytest.raises(
        dingji.StandardError,
        match=r"^community\.toml, line \d+, key category\[residents\]\.indicator\[rating\]\.method: "
        r"indicator rating \(居民星级评价\): unknown method 'stars'; known: ",
    ) as exc:
        registry.load(text, name="community.toml")
    keys = sorted(p.place.key for p in exc.value.problems)
    assert keys == [
        "category[residents].indicator[grid].tracker",
        "category[residents].indicator[rating].method",
        "veto[low_turnout].when",
    ]


BROKEN_IMPORT = """
raise RuntimeError("this plugin cannot be imported")
"""

BROKEN_HOOK = """
from dingji import hookimpl

@hookimpl
def dingji_register_methods(register):
    raise ValueError("no methods today")
"""

BROKEN_STANDARD = """
from dingji import hookimpl

@hookimpl
def dingji_register_standards(register):
    register("schema = 1\\n[standard]\\nid = 'half'\\n", name="half.toml")
"""


def test_broken_plugins_are_reported_by_name_and_skipped(sample):
    install(
        sample,
        "dingji-broken",
        "0.2",
        {
            "broken_import": "dingji_broken_import",
            "broken_hook": "dingji_broken_hook",
            "broken_standard": "dingji_broken_standard",
        },
        {
            "dingji_broken_import": BROKEN_IMPORT,
            "dingji_broken_hook": BROKEN_HOOK,
            "dingji_broken_standard": BROKEN_STANDARD,
        },
    )
    with pytest.warns(PluginWarning):
        reg = Registry()
    broken = dict(reg.broken)
    assert set(broken) == {"broken_import (dingji-broken 0.2)", "broken_hook", "broken_standard"}
    assert broken["broken_import (dingji-broken 0.2)"] == "failed to load: RuntimeError: this plugin cannot be imported"
    assert broken["broken_hook"] == "failed in dingji_register_methods: ValueError: no methods today"
    assert "registered a standard that does not load" in broken["broken_standard"]
    assert "half.toml" in broken["broken_standard"]
    # the rest still works: built-ins and the good plugin
    assert {"score", "stars"} <= set(reg.methods)
    (r,) = dingji.evaluate("community", COMPLETE, registry=reg)
    assert r.grade == "好"


@pytest.mark.parametrize(
    "module, source, message",
    [
        (
            "dingji_broken_import",
            BROKEN_IMPORT,
            r"plugin broken \(dingji-broken 0\.2\) failed to load: RuntimeError: this plugin cannot be imported$",
        ),
        (
            "dingji_broken_hook",
            BROKEN_HOOK,
            r"plugin broken failed in dingji_register_methods: ValueError: no methods today$",
        ),
        (
            "dingji_broken_standard",
            BROKEN_STANDARD,
            r"plugin broken failed in dingji_register_standards: StandardError: half\.toml",
        ),
    ],
    ids=["import", "hook", "standard"],
)
def test_broken_plugin_is_fatal_when_strict(site, monkeypatch, module, source, message):
    install(site, "dingji-broken", "0.2", {"broken": module}, {module: source})
    monkeypatch.setenv("DINGJI_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=message) as exc:
        Registry()
    assert exc.value.problems[0].message.startswith("plugin broken ")  # named by its entry point
    assert "failed" in exc.value.problems[0].message
    if module == "dingji_broken_standard":  # with the standard's own errors, naming its file
        assert "half.toml, line 2, key standard.name: 'name' is required" in exc.value.problems[0].message
    monkeypatch.setenv("DINGJI_STRICT_PLUGINS", "0")
    with pytest.warns(PluginWarning):
        assert [name.split(" ")[0] for name, _ in Registry().broken] == ["broken"]


def test_in_a_fresh_interpreter(sample, tmp_path):
    """A new Python with PYTHONPATH set to the folder: the default registry finds the plugin."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(sample), os.environ.get("PYTHONPATH", "")]))
    env.pop("DINGJI_STRICT_PLUGINS", None)
    code = f"import dingji; (r,) = dingji.evaluate('community', {COMPLETE!r}); print(r.score, r.grade)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "93.0 好"


COMMANDS_PLUGIN = """
import click
from dingji import hookimpl


@click.command("hello", help="say hello")
@click.argument("who")
@click.pass_obj
def hello(obj, who):
    click.echo(obj.table(["who", "lang"], [[who, obj.lang]]))


@click.command("count", help="records of sanliang")
@click.pass_obj
def count(obj):
    click.echo(f"trackers: {', '.join(sorted(obj.registry().trackers))}")


@hookimpl
def dingji_commands():
    return [hello, ("track sanliang", count)]
"""


def test_hook_dingji_commands(site, monkeypatch):
    import dingji.registry
    from cli_support import fails, ok

    install(site, "dingji-hello", "0.1", {"hello": "dingji_hello"}, {"dingji_hello": COMMANDS_PLUGIN})
    monkeypatch.chdir(site)
    monkeypatch.setattr(dingji.registry, "_default", None)  # outside a workspace: the process's registry, made anew
    # a top-level command, given dingji's context object (table, lang, registry) through click.pass_obj
    out = ok(["--lang", "en", "hello", "甲乡"]).stdout
    assert out.splitlines()[0].split() == ["who", "lang"] and out.splitlines()[2].split() == ["甲乡", "en"]
    # a command under a tracker's group, beside the built-in sanliang's own pledges
    assert "sanliang, yichuang" in ok(["track", "sanliang", "count"]).stdout
    assert "pledges" in ok(["track", "sanliang", "--help"]).stdout
    # a plugin that returns something other than a click command is reported by name, its commands left out
    install(
        site,
        "dingji-badcmd",
        "0.1",
        {"badcmd": "dingji_badcmd"},
        {"dingji_badcmd": "from dingji import hookimpl\n\n@hookimpl\ndef dingji_commands():\n    return ['nope']\n"},
    )
    monkeypatch.setattr(dingji.registry, "_default", None)
    err = fails(["nope"], code=2).stderr
    assert "No such command 'nope'" in err
