"""The messages of ``dingji rectify`` (:mod:`.rectify`), in Chinese and English: :data:`MESSAGES`
and :func:`m`."""

from __future__ import annotations

from functools import partial

from dingji.cli.i18n import say

MESSAGES = {
    "added": (
        "已添加整改任务 {id}：{org} {problem}（责任人 {owner}，完成时限 {deadline}）",
        "task {id} added: {org} {problem} (owner {owner}, deadline {deadline})",
    ),
    "imported": (
        "已导入 {year} 年整改任务：新增 {added} 项，更新 {updated} 项（{k} 个组织，第 {id} 次导入）",
        "rectification tasks of {year} imported: {added} added, {updated} updated ({k:organization}, import {id})",
    ),
    "advanced": ("已将任务 {ids} 标为{status}（{day}）", "{tasks} {ids} marked {status} ({day})"),
    "filed": ("已记录 {org} 的整改方案于 {day} 报市委组织部备案", "{org}'s plan recorded as filed on {day}"),
    "template": ("已写出整改台账模板（{n} 项任务）：{path}", "rectification template written ({n:task}): {path}"),
    "drafts": (
        "已写出整改问题草稿（{n} 项，{k} 个组织）：{path}；修改后用 dingji rectify import 导入",
        "drafts written ({n:problem}, {k:organization}): {path}; edit them, then dingji rectify import",
    ),
    "tally": (
        "{year} 年整改任务 {n} 项：{parts}；截至 {day} 逾期 {late} 项",
        "{year}: {n:task}: {parts}; {late} overdue as of {day}",
    ),
    "none": ("{year} 年还没有整改任务", "no rectification tasks for {year}"),
    "filing": (
        "定级为较差的组织，整改方案须报市委组织部备案：{items}",
        "plans of organizations graded poor are filed: {items}",
    ),
    "not_graded": (
        "{year} 年没有 {org} 的定级结果；先运行 dingji evaluate",
        "no {year} result for {org}; run dingji evaluate",
    ),
    "no_loss": (
        "{org}：没有失分，走访也未发现问题，无问题草稿",
        "{org}: no points lost, nothing found on visits: no drafts",
    ),
    "today": (
        "已记录{what}日期 {day}（未用 --on 指定，取今天）",
        "recorded {day} as the day {what} (no --on given: today)",
    ),
    "doing": ("开始", "started"),
    "done": ("完成", "done"),
    "closed": ("验收销号", "accepted and closed"),
    "filed_on": ("备案", "filed"),
}


m = partial(say, MESSAGES)
