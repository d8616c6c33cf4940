"""The command line as a whole: help and examples, languages, ``standards``,
``plugins``, ``roster``, and a few runs of the real command in a child process."""

from __future__ import annotations

import json
import shutil
import subprocess

import click
import pytest

from cli_support import (
    MINI,
    ROSTER,
    SCORES,
    fails,
    invoke,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    run,
    snapshot,
    write,
)
from dingji.cli import cli


def all_commands():
    """Every command path, walking the (lazy) groups: ["init"], ["standards", "list"], ..."""
    out = []

    def walk(group, path):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            out.append(path + [name])
            if isinstance(cmd, click.Group):
                walk(cmd, path + [name])

    walk(cli, [])
    return out


COMMANDS = all_commands()


def test_the_contract_commands_exist():
    names = {" ".join(c) for c in COMMANDS}
    assert {
        "init",
        "demo",
        "standards list",
        "standards show",
        "standards check",
        "standards new",
        "plugins",
        "roster import",
        "roster list",
        "template",
        "evaluate",
        "explain",
    } <= names


@pytest.mark.parametrize("path", [[]] + COMMANDS, ids=lambda p: " ".join(p) or "dingji")
def test_every_help_shows_an_example(path):
    result = ok([*path, "--help"])
    assert "示例 / Example:" in result.stdout
    example = result.stdout.split("示例 / Example:")[1].strip().splitlines()[0]
    assert example.startswith("dingji"), example
    if path:  # the example uses the command it documents
        assert " ".join(path) in example, example
    # -h works as well
    assert ok([*path, "-h"]).stdout == result.stdout


def test_version_and_usage_errors():
    assert "0.1.0" in ok(["--version"]).stdout
    result = fails(["evaluat"], code=2)
    assert "evaluat" in result.stderr
    fails(["evaluate", "--format", "xml", "mini", "x.csv"], code=2)
    fails(["--lang", "fr", "plugins"], code=2)


# --- plugins and standards --------------------------------------------------------


def test_plugins_lists_the_builtins_with_their_hooks():
    result = ok(["plugins"])
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    expected = {
        "dingji.plugins.methods": "dingji_register_methods",
        "dingji.plugins.standards": "dingji_register_standards",
        "dingji.trackers.sanliang": "dingji_register_trackers",
        "dingji.trackers.yichuang": "dingji_register_trackers",
        "dingji.plugins.csv_reader": "dingji_register_readers",
    }
    for name, hook in expected.items():
        assert name in rows and "built-in" in rows[name] and hook in rows[name], result.stdout
    assert result.stdout.splitlines()[0].split() == ["插件", "来源", "实现的钩子"]
    assert ok(["--lang", "en", "plugins"]).stdout.splitlines()[0].split() == ["Plugin", "From", "Hooks"]


def test_standards_list_shows_the_five_builtins():
    result = ok(["standards", "list"])
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[2:]}
    assert set(rows) >= {"village", "soe", "private", "institution", "service_window"}
    assert rows["village"][2] == "农村" and rows["village"][-1] == "built-in"
    assert rows["service_window"][2] == "窗口单位和服务行业"


def test_standards_show(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    text = ok(["--workspace", root, "standards", "show", "mini"]).stdout
    first = text.splitlines()[0]
    assert first.startswith("社区党组织定级小标准  [mini 1.0]  社区  sha256 ")
    assert "work" in text and "工作实绩" in text and "-2/次" in text
    assert "自查自评" in text and "0.4" in text and "0.6" in text
    for grade, lo in (("好", "90"), ("较好", "80"), ("一般", "60"), ("较差", "0")):
        assert any(line.split() == [grade, lo] for line in text.splitlines()), grade
    assert "petition" in text and "→ 较差" in text
    # by domain name too, and the built-in village's veto rules and 服务型
    village = ok(["standards", "show", "农村"]).stdout
    assert "[village " in village and "→ 较差" in village and "服务型" in village
    assert "≤ 一般" not in village  # the 90% cap is the institution standard's (an option elsewhere)
    assert "≤ 一般" in ok(["standards", "show", "institution"]).stdout
    assert "没有标准 'nope'" in fails(["standards", "show", "nope"]).stderr


def test_standards_check_passes_a_good_file(tmp_path):
    path = write(tmp_path / "mini.toml", MINI, bom=False)
    result = ok(["standards", "check", path])
    assert "通过（mini 1.0，2 个指标）" in result.stdout


def test_standards_check_lists_every_error_with_file_line_and_key(tmp_path):
    good = write(tmp_path / "good.toml", MINI, bom=False)
    bad_text = (
        MINI.replace("weight = 0.6", "weight = 0.5")  # weights add up to 0.9
        .replace("points = 60", "points = 65")  # 40 + 65 ≠ the category's 100
        .replace('name = "一般"\nmin = 60', 'name = "一般"\nmin = 85')
    )  # 80 then 85: not decreasing
    bad = write(tmp_path / "bad.toml", bad_text, bom=False)
    broken = write(tmp_path / "broken.toml", "schema = 1\n[standard\nid = 1\n", bom=False)
    result = fails(["standards", "check", good, bad, broken])
    assert "good.toml：通过" in result.stdout
    problems = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert result.stderr.splitlines()[0] == f"标准文件中发现 {len(problems)} 个问题："
    assert len(problems) == 4, problems

    def line_of(needle):
        return next(i for i, line in enumerate(bad_text.splitlines(), 1) if needle in line)

    # keys name tables by id (grades by name), never by index; a sum lists its terms (the weights'
    # sum, about every source, each weight with its line)
    expect = [
        (line_of("min = 85"), "grade[一般].min", "等次分数线应严格递减：80 之后为 85"),
        (
            line_of("points = 100"),
            "category[all].points",
            "类别 all（基本工作）：各指标分值之和为 105（work 40 + meetings 65）",
        ),
    ]
    for line, key, words in expect:
        hits = [p for p in problems if p.startswith(f"{bad}，第 {line} 行，键 {key}")]
        assert len(hits) == 1 and words in hits[0], (line, key, problems)
    weights = f"{bad}，键 source: 各来源权重之和为 0.9，不是 1：self 0.4（第 {line_of('weight = 0.4')} 行）"
    assert sum(p.startswith(weights) for p in problems) == 1, problems
    assert any(p.startswith(f"{broken}，第 2 行") and "TOML" in p for p in problems)

    en = fails(["--lang", "en", "standards", "check", bad])
    assert f"{bad}, key source: the weights of the sources add up to 0.9, not 1: self 0.4 (line " in en.stderr


def test_standards_new_writes_files_that_pass_check(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    ok(["--workspace", root, "standards", "new", "community"])
    ok(["--workspace", root, "standards", "new", "school", "--from", "village"])
    community, school = root / "standards" / "community.toml", root / "standards" / "school.toml"
    result = ok(["standards", "check", community, school])
    assert "community" in result.stdout and "school" in result.stdout
    assert "#" in community.read_text(encoding="utf-8")  # a commented starter
    # both load in the workspace, with their own ids; village's indicators came along
    listed = ok(["--workspace", root, "standards", "list"]).stdout
    assert "community" in listed and "school" in listed
    assert "collective_economy" in ok(["--workspace", root, "standards", "show", "school"]).stdout
    # no overwriting without --force
    before = community.read_bytes()
    result = fails(["--workspace", root, "standards", "new", "community"])
    assert "--force" in result.stderr and community.read_bytes() == before
    ok(["--workspace", root, "standards", "new", "community", "--force", "--from", "private"])
    assert community.read_bytes() != before
    # an unknown base is an error, and writes nothing
    fails(["--workspace", root, "standards", "new", "hospital", "--from", "nope"])
    assert not (root / "standards" / "hospital.toml").exists()


def test_standards_new_outside_a_workspace_writes_beside_you(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "已写出新标准：医院.toml" in ok(["standards", "new", "hospital", "-o", "医院.toml"]).stdout
    assert ok(["standards", "check", "医院.toml"]).stdout.startswith("医院.toml：通过（hospital ")
    assert f"已写出新标准：{tmp_path / 'clinic.toml'}" in ok(["standards", "new", "clinic"]).stdout
    assert "通过（clinic " in ok(["standards", "check", tmp_path / "clinic.toml"]).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.toml", "医院.toml"]  # beside you, nothing else


def test_standards_new_that_would_not_load_writes_nothing_not_even_a_temporary_file(tmp_path):
    root = make_workspace(tmp_path / "ws", roster=None)
    folder = root / "standards"
    before = sorted(p.name for p in folder.iterdir())
    # an id with a space or a quote is not an id: refused before any file is named or written
    for bad in ("Bad Id", 'x"y'):
        result = fails(["--workspace", root, "standards", "new", bad])
        assert "键 ID" in result.stderr and "不是有效的标识" in result.stderr, result.stderr
        assert sorted(p.name for p in folder.iterdir()) == before
    # with -o into a folder that does not exist yet: not made either
    fails(["standards", "new", "Bad Id", "-o", tmp_path / "new" / "bad.toml"])
    assert not (tmp_path / "new").exists()
    # an unknown base writes nothing
    fails(["standards", "new", "hospital", "--from", "nope"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]


# --- roster ---------------------------------------------------------------------


def test_roster_import_with_bom_and_chinese_headers(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws", roster=None)
    path = write(root / "组织名单.csv", ROSTER)  # with a BOM
    result = ok(["--workspace", root, "roster", "import", path])
    assert result.stdout.strip() == "已导入组织名单：新增 3 个，更新 0 个，共 3 个"
    rows = snapshot(root)["organizations"]
    cols = ("org", "name", "domain", "parent", "secretary", "members")
    assert [tuple(r[c] for c in cols) for r in rows] == [
        ("sq-01", "东街社区党支部", "社区", None, "王建国", 25),
        ("sq-02", "西街社区党支部", "mini", None, "李秀英", 18),
        ("sq-03", "南街社区党支部", "社区", None, "张明华", 31),
    ]
    listed = ok(["--workspace", root, "roster", "list"]).stdout
    assert "东街社区党支部" in listed and "王建国" in listed

    # again, with one more and one renamed: merged
    more = write(root / "补充.csv", "org,name,domain\nsq-01,东街社区第一党支部,社区\nsq-04,北街社区党支部,mini\n")
    result = ok(["--workspace", root, "roster", "import", more])
    assert result.stdout.strip() == "已导入组织名单：新增 1 个，更新 1 个，共 4 个"
    names = {r["org"]: r["name"] for r in snapshot(root)["organizations"]}
    assert names == {
        "sq-01": "东街社区第一党支部",
        "sq-02": "西街社区党支部",
        "sq-03": "南街社区党支部",
        "sq-04": "北街社区党支部",
    }


def test_roster_import_replace(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    only = write(root / "新名单.csv", "组织编号,组织名称,领域\nsq-09,新区社区党支部,社区\n")
    result = ok(["--workspace", root, "roster", "import", only, "--replace"])
    assert "共 1 个" in result.stdout
    assert [r["org"] for r in snapshot(root)["organizations"]] == ["sq-09"]


def test_roster_import_unknown_domain_names_the_organization(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    before = snapshot(root)
    path = write(
        root / "名单.csv",
        "org,name,domain\nsq-05,学校党支部,学校\nsq-06,医院党支部,hospital\nsq-07,好社区党支部,社区\n",
    )
    result = fails(["--workspace", root, "roster", "import", path])
    assert "发现 2 个问题" in result.stderr
    assert "sq-05：未知领域 '学校'" in result.stderr and "sq-06：未知领域 'hospital'" in result.stderr
    assert "mini/社区" in result.stderr  # the known ones are listed
    assert snapshot(root) == before  # sq-07 was not added either: all or nothing


def test_roster_import_duplicate_and_empty_fields(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    before = snapshot(root)
    path = write(
        root / "名单.csv",
        "组织编号,组织名称,领域,党员数\nsq-05,甲党支部,社区,10\nsq-05,乙党支部,社区,12\n"
        "sq-06,,社区,9\nsq-07,丙党支部,社区,很多\n",
    )
    result = fails(["--workspace", root, "roster", "import", path])
    assert "发现 3 个问题" in result.stderr
    assert "第 3 行" in result.stderr and "'sq-05' 重复出现" in result.stderr
    assert "第 4 行" in result.stderr and "未填写" in result.stderr
    assert "第 5 行" in result.stderr and "很多" in result.stderr
    assert snapshot(root) == before


def test_roster_import_wrong_header_and_unknown_format(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    path = write(root / "名单.csv", "编号,名字\nsq-05,甲\n")
    result = fails(["--workspace", root, "roster", "import", path])
    assert "名单.csv，第 1 行" in result.stderr and "缺少 name、domain" in result.stderr
    (root / "名单.ods").write_bytes(b"PK\x03\x04")
    result = fails(["--workspace", root, "roster", "import", root / "名单.ods"])
    assert ".ods" in result.stderr and ".csv" in result.stderr


# --- the real command, in a child process ------------------------------------------


@pytest.mark.slow  # four child processes
def test_the_real_command_end_to_end(tmp_path):
    """init → roster import → evaluate → explain, as a user types them."""
    root = tmp_path / "岩樟乡"
    proc = run(["init", root, "--name", "岩樟乡", "--year", "2025"], cwd=tmp_path)
    assert proc.returncode == 0 and "岩樟乡" in proc.stdout
    write(root / "standards" / "mini.toml", MINI, bom=False)
    write(root / "名单.csv", ROSTER)
    write(root / "评分.csv", SCORES)
    sub = root / "inputs"
    sub.mkdir()
    assert run(["roster", "import", "../名单.csv"], cwd=sub).returncode == 0
    proc = run(["evaluate", "mini", "../评分.csv", "--format", "json"], cwd=sub)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(r["org"], r["score"], r["grade"]) for r in doc["results"]] == [
        ("sq-01", 93, "好"),
        ("sq-02", 96, "较差"),
        ("sq-03", 67, "一般"),
    ]
    assert "已保存 3 个组织的定级结果" in proc.stderr
    proc = run(["explain", "sq-01"], cwd=sub, env={"DINGJI_LANG": "en"})
    assert proc.returncode == 0 and "2 occurrence(s) × 2 = −4 → 56" in proc.stdout


def test_the_real_command_reports_bad_input_without_a_traceback(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    write(root / "评分.csv", SCORES.replace("sq-01,superior,work,35", "sq-01,superior,work,99"))
    proc = run(["evaluate", "mini", "评分.csv"], cwd=root)  # run() also checks for "Traceback"
    assert proc.returncode == 1
    assert "评分.csv，第 4 行" in proc.stderr and "99 超出范围 0～40" in proc.stderr
    assert proc.stdout == ""
    assert snapshot(root)["results"] == []
    # outside any workspace
    outside = tmp_path / "空"
    outside.mkdir()
    proc = run(["explain", "sq-01"], cwd=outside)
    assert proc.returncode == 1 and "dingji init" in proc.stderr
    # a usage error is 2
    assert run(["evaluate"], cwd=outside).returncode == 2


def test_the_console_script_is_installed(tmp_path):
    exe = shutil.which("dingji")
    if exe is None:
        pytest.skip("the dingji console script is not on PATH")
    proc = subprocess.run([exe, "--help"], capture_output=True, cwd=tmp_path)
    assert proc.returncode == 0 and "示例 / Example" in proc.stdout.decode("utf-8")


def test_a_folder_given_as_the_scores_file_is_a_usage_error(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    (root / "目录.csv").mkdir()
    result = invoke(["--workspace", root, "evaluate", "mini", root / "目录.csv"])
    assert result.exit_code == 2 and "目录.csv" in result.stderr  # click's own usage error


@pytest.mark.parametrize("value", ["EN", "en_US"])
def test_dingji_lang_is_read_as_i18n_reads_it(value):
    result = invoke(["plugins"], env={"DINGJI_LANG": value})
    assert result.exit_code == 0 and result.stdout.splitlines()[0].split() == ["Plugin", "From", "Hooks"]


def test_an_output_path_that_cannot_be_made(tmp_path, copy_workspace):
    root = copy_workspace(tmp_path / "ws")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = invoke(["--workspace", root, "template", "mini", "--format", "csv", "-o", tmp_path / "a-file" / "t.csv"])
    assert result.exit_code == 1 and "a-file" in result.stderr


def test_global_options_work_after_the_command_too(tmp_path):
    # the README's and --help's own example: dingji explain cun-01 --lang en
    ws = make_workspace(tmp_path / "ws")
    before = ok(["--lang", "en", "--workspace", ws, "roster", "list"]).stdout
    assert ok(["roster", "list", "--lang", "en", "-w", ws]).stdout == before
    assert ok(["roster", "list", "--lang=en", f"--workspace={ws}"]).stdout == before
    assert "Org" in before.splitlines()[0]


def test_errors_speak_the_users_language():
    from click.testing import CliRunner

    from dingji.cli import cli

    zh = CliRunner().invoke(cli, ["explain", "--bogus"], env={"DINGJI_LANG": None}, prog_name="dingji")
    assert zh.exit_code == 2 and "错误：" in zh.stderr and "Error:" not in zh.stderr
    assert "运行“dingji explain --help”查看用法。" in zh.stderr
    en = CliRunner().invoke(cli, ["--lang", "en", "explain", "--bogus"])
    assert en.exit_code == 2 and "Error: No such option '--bogus'" in en.stderr
