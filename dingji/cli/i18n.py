"""Message catalogue for the command line: Chinese by default, English with --lang en."""

from __future__ import annotations

import os

_lang = None

MESSAGES = {
    "error": ("错误：{message}", "Error: {message}"),
    "usage_hint": ("运行“{command} --help”查看用法。", "Try '{command} --help' for help."),
    "aborted": ("已中止。", "Aborted!"),
    "error_head": ("发现 {n} 个问题，未写入任何内容：", "{n:problem} found; nothing was written:"),
    "check_head": ("标准文件中发现 {n} 个问题：", "{n:problem} found in the standard files:"),
    "no_workspace": (
        "当前目录及其上级目录中没有 dingji 工作区（dingji.toml）；请先运行 dingji init，或用 --workspace 指定",
        "no dingji workspace (dingji.toml) here or above; run dingji init first, or pass --workspace",
    ),
    "init_done": ("已创建工作区 {name}（{year} 年）：{root}", "created workspace {name} ({year}): {root}"),
    "roster_done": (
        "已导入组织名单：新增 {added} 个，更新 {updated} 个，共 {total} 个",
        "roster imported: {added} added, {updated} updated, {total} in all",
    ),
    "stored": (
        "已保存 {n} 个组织的定级结果（{domain}，{year} 年，第 {round} 轮·{round_name}，第 {run} 次定级）",
        "stored {n:result} ({domain}, {year}, round {round} · {round_name}, grading {run})",
    ),
    "linked": (
        "此次更正答复了异议 {ids}（dingji objection list）",
        "this correction answers objection(s) {ids} (dingji objection list)",
    ),
    "amended": (
        "已更正已公示的结果，理由已记录：{reason}；公示已过期，请重新公示（dingji notice）",
        "the published results were amended, the reason recorded: {reason}; the notice is out of date: "
        "issue it again (dingji notice)",
    ),
    "replaced": (
        "{n} 项填写的数值已由活动台账记录计算的数值替代（记录优先；dingji explain 组织编号 可见两者）：",
        "{n:value was|values were} typed in the scores replaced by values computed from tracker records (records "
        "win; dingji explain ORG shows both):",
    ),
    "replaced_item": ("{org} {item}：填写 {typed}，按记录 {got}", "{org} {item}: typed {typed}, from records {got}"),
    "all_hint": ("加 --all（如 dingji evaluate … --dry-run --all）", "add --all (dingji evaluate … --dry-run --all)"),
    "dry_run": ("试运行：未保存任何结果", "dry run: nothing stored"),
    "not_stored": (
        "不在工作区中：结果未保存（先运行 dingji init，或用 --workspace 指定）",
        "not in a workspace: results were not stored (run dingji init, or pass --workspace)",
    ),
    "counts": ("各等次数量", "Counts per grade"),
    "total": ("合计", "total"),
    "no_result": (
        "{year} 年没有组织 {org} 的定级结果；先运行 dingji evaluate",
        "no {year} result for {org}; run dingji evaluate first",
    ),
    "template_done": ("已写出填报模板：{path}", "template written: {path}"),
    "check_ok": ("{file}：通过（{id} {version}，{n} 个指标）", "{file}: OK ({id} {version}, {n:indicator})"),
    "new_done": (
        "已写出新标准：{path}（用 dingji standards check 检查）",
        "new standard written: {path} (check it with dingji standards check)",
    ),
    "broken_plugin": (
        "警告：插件 {name} 出错，已跳过：{what}",
        "warning: plugin {name} failed and was skipped: {what}",
    ),
    "broken_standard": (
        "警告：标准文件 {file} 无法加载，已跳过（dingji standards check {file} 查看原因）",
        "warning: standard file {file} does not load and was skipped (see dingji standards check {file})",
    ),
    "exists": ("{path} 已存在；如需覆盖请加 --force", "{path} exists; use --force to overwrite"),
    "track_template": ("已写出{name}记录模板：{path}", "{name} record template written: {path}"),
    "track_imported": (
        "已导入{name} {year} 年记录 {n} 条（{orgs} 个组织，第 {id} 次导入）；替换了之前的 {old} 条",
        "imported {n:record} of {name} for {year} ({orgs:organization}, import {id}); {old} replaced",
    ),
    "track_none": (
        "{year} 年没有{name}的记录；用 dingji track {id} import 导入",
        "no {name} records for {year}; import them with dingji track {id} import",
    ),
}

HEADERS = {
    "org": ("编号", "Org"),
    "name": ("组织名称", "Name"),
    "domain": ("领域", "Domain"),
    "score": ("得分", "Score"),
    "grade": ("等次", "Grade"),
    "vetoes": ("否决/限制", "Vetoes"),
    "service": ("服务型", "Service"),
    "satisfaction": ("满意度", "Satisfaction"),
    "bonus": ("加分", "Bonus"),
    "penalty": ("扣分", "Penalty"),
    "id": ("标识", "ID"),
    "version": ("版本", "Version"),
    "origin": ("来源", "From"),
    "indicator": ("指标", "Indicator"),
    "points": ("分值", "Points"),
    "method": ("计分方法", "Method"),
    "category": ("类别", "Category"),
    "weight": ("权重", "Weight"),
    "kind": ("类型", "Kind"),
    "min": ("分数线", "Min"),
    "rule": ("规则", "Rule"),
    "effect": ("效果", "Effect"),
    "plugin": ("插件", "Plugin"),
    "hooks": ("实现的钩子", "Hooks"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "secretary": ("书记", "Secretary"),
    "members": ("党员数", "Members"),
    "title": ("名称", "Name"),
    "standard_name": ("标准名称", "Name"),
    "tracker_name": ("活动名称", "Name"),
    "condition": ("条件", "Condition"),
    "details": ("计分细则", "Details"),
}


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = lang


def lang() -> str:
    value = _lang or os.environ.get("DINGJI_LANG", "zh")
    return "en" if value.lower().startswith("en") else "zh"


def say(catalogue: dict, key: str, **kw) -> str:
    """``catalogue[key]`` is ``(chinese, english)``: the one for the current language, filled in.
    Command modules keep their own catalogues: ``m = functools.partial(say, MESSAGES)``.

    A whole number may name its unit, in English number: ``{n:day}`` is ``1 day`` or ``3 days``,
    ``{n:value was|values were}`` says both (see :class:`dingji.services.text.Count`)."""
    from dingji.services.text import Count

    zh, en = catalogue[key]
    kw = {k: Count(v) if type(v) is int else v for k, v in kw.items()}
    return (en if lang() == "en" else zh).format(**kw)


def t(key: str, **kw) -> str:
    return say(MESSAGES, key, **kw)


def h(key: str) -> str:
    zh, en = HEADERS[key]
    return en if lang() == "en" else zh
