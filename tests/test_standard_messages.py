"""Issue 14, item 18: what a standard file's mistakes are called.  One problem per mistake (no
second, bogus one after it), a sum with all its terms and their lines, Chinese quotation marks
named as such, and ``dingji standards check`` saying what it does (it never writes anything)
about the files it was given, not the workspace's other files.

cli_support's MINI: sources self 0.4 (line 26) and superior 0.6 (line 30); indicators work (score,
40) and meetings (deduct, 60).
"""

from __future__ import annotations

from cli_support import (
    MINI,
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    make_workspace,
    ok,
    write,
)

SERVICE = '\n[service]\nname = "服务型基层党组织"\nmin_grade = "好"\nindicators = { work = 0.9 }\n'


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_method_is_the_only_problem_though_service_names_its_indicator(tmp_path):
    text = MINI.replace('method = "score"', 'method = "scroe"') + SERVICE
    path = write(tmp_path / "a.toml", text, bom=False)
    err = fails(["standards", "check", path]).stderr.splitlines()
    assert err == [
        "标准文件中发现 1 个问题：",
        f"  {path}，第 {line_of(text, 'scroe')} 行，键 category[all].indicator[work].method: 指标 work（工作实绩）："
        "未知的计分方法 'scroe'；可用：check, deduct, ratio, score, tiers, tracker",
    ]
    # an indicator that really is not there is still named
    wrong = write(tmp_path / "b.toml", MINI + SERVICE.replace("work", "wrok"), bom=False)
    assert "[service] 引用的指标 'wrok' 不存在" in fails(["standards", "check", wrong]).stderr


def test_the_weight_sum_lists_every_weight_with_its_line_and_the_sum(tmp_path):
    text = MINI.replace("weight = 0.6", "weight = 0.5")
    path = write(tmp_path / "w.toml", text, bom=False)
    a, b = line_of(text, "weight = 0.4"), line_of(text, "weight = 0.5")
    err = fails(["standards", "check", path]).stderr.splitlines()
    assert err[1:] == [
        f"  {path}，键 source: 各来源权重之和为 0.9，不是 1：self 0.4（第 {a} 行）+ superior 0.5（第 {b} 行）= 0.9"
        '（三分之一请写作加引号的分数 "1/3"）'
    ]
    en = fails(["--lang", "en", "standards", "check", path]).stderr.splitlines()
    assert en[1:] == [
        f"  {path}, key source: the weights of the sources add up to 0.9, not 1: self 0.4 (line {a}) + "
        f'superior 0.5 (line {b}) = 0.9 (a third is written as a fraction in quotes: "1/3")'
    ]


def test_chinese_quotation_marks_are_named_with_their_lines(tmp_path):
    text = MINI.replace('name = "工作实绩"', "name = “工作实绩”").replace('unit = "次"', "unit = ‘次’")
    path = write(tmp_path / "q.toml", text, bom=False)
    first, second = line_of(text, "“工作实绩”"), line_of(text, "‘次’")
    err = fails(["standards", "check", path]).stderr.splitlines()
    assert err == [
        "标准文件中发现 2 个问题：",
        f'  {path}，第 {first} 行: 不是有效的 TOML：这一行用了中文引号 “…”；TOML 的文本要用英文直引号 "…"'
        '（如 name = "工作实绩"）',
        f'  {path}，第 {second} 行: 不是有效的 TOML：这一行用了中文引号 ‘…’；TOML 的文本要用英文直引号 "…"'
        '（如 name = "工作实绩"）',
    ]
    en = fails(["--lang", "en", "standards", "check", path]).stderr
    assert (
        f"{path}, line {first}: not valid TOML: this line quotes a text with Chinese quotation marks “…”; "
        'TOML needs straight quotes "…" (name = "工作实绩")'
    ) in en
    # Chinese quotation marks inside a text in straight quotes are text, and load
    fine = write(tmp_path / "fine.toml", MINI.replace('name = "工作实绩"', 'name = "“两学一做”工作实绩"'), bom=False)
    assert "通过" in ok(["standards", "check", fine]).stdout


def test_standards_check_speaks_of_the_files_it_checks_only(tmp_path):
    root = make_workspace(tmp_path / "ws", roster=None)
    broken = write(root / "standards" / "broken.toml", MINI.replace('"mini"', '"broken"', 1) + "[oops\n", bom=False)
    good = ok(["-w", root, "standards", "check", root / "standards" / "mini.toml"])
    assert good.stdout.strip() == f"{root / 'standards' / 'mini.toml'}：通过（mini 1.0，2 个指标）"
    assert good.stderr == ""  # nothing about broken.toml, which was not asked about
    bad = write(tmp_path / "bad.toml", MINI.replace("weight = 0.6", "weight = 0.5"), bom=False)
    err = fails(["-w", root, "standards", "check", bad]).stderr
    assert err.splitlines()[0] == "标准文件中发现 1 个问题：" and "broken.toml" not in err
    assert "未写入" not in err
    asked = fails(["-w", root, "standards", "check", broken]).stderr
    assert asked.splitlines()[0] == "标准文件中发现 1 个问题：" and "警告" not in asked
    en = fails(["-w", root, "--lang", "en", "standards", "check", bad]).stderr
    assert en.splitlines()[0] == "1 problem found in the standard files:"
    # other commands still warn of a standard file that does not load
    assert "broken.toml 无法加载" in ok(["-w", root, "standards", "list"]).stderr
