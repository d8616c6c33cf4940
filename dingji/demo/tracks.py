"""The sample township's activity records, made the same way every time.

三亮三比三评 for the 窗口单位 (``ck-*``) and 党员"一创三联" for the villages (``cun-*``)
(对标创标, 主题党日 and 区域化党建 are in :mod:`dingji.demo.campaign`):
one record per member (the roster's 党员数), most of them complete.  Two cases the
demo shows: 乡便民服务中心 (ck-01, 服务型) has all but one member complete, and 岩樟村
(cun-01, the 89.95 boundary) has every member complete, so its metric is exactly 1 and
the boundary search in :mod:`dingji.demo` still finds 89.95; 岩樟信用社 (ck-03) keeps
records of fewer members than its roster counts, so the roster's count is the
denominator.  The records are written as CSV files, imported as a user would, and the
metrics they give are also written into the long CSVs (so those alone grade the same
outside the workspace).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from dingji.demo import GIVEN, SURNAMES, YEAR

FILES = {"sanliang": "三亮三比三评台账.csv", "yichuang": "一创三联台账.csv"}
PLEDGES = [
    "限时办结，当日事当日毕",
    "微笑服务，零投诉",
    "首问负责，一次性告知",
    "帮扶一户困难群众",
    "带头学习业务新规",
    "上门服务行动不便群众",
]
CREATE = ["党员先锋岗", "党员示范岗", "产业服务项目", "环境整治示范岗", "代办服务项目", "护林防火先锋岗"]
HOUSES = ["户", "家", "户（留守老人）", "户（脱贫户）"]


def _members(org, rng) -> list[str]:
    names: list[str] = []
    while len(names) < (org.members or 0):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])
        names.append(name if name not in names else f"{name}{len(names) + 1}")
    return names


def _day(rng, month_lo=1, month_hi=12, year=YEAR) -> str:
    return f"{year}-{rng.randint(month_lo, month_hi):02d}-{rng.randint(1, 28):02d}"


def sanliang_rows(org, rng) -> list[list]:
    members = _members(org, rng)
    if org.id == "ck-03":
        members = members[:-4]  # four members left out of the records: the roster counts them
    rows = []
    for i, m in enumerate(members):
        full = org.id == "ck-01" and i > 0 or rng.random() < 0.8
        show = ["是", "是", "是"] if full else [rng.choice("是否") for _ in range(3)]
        pledge = rng.choice(PLEDGES) if show[2] == "是" else ""
        due = _day(rng, 6, 12) if pledge else ""
        contest = [f"第{rng.randint(1, 10)}名", rng.choice(["优秀", "良好"]), rng.choice(["优秀", "良好", "合格"])]
        reviews = [
            rng.choice(["好", "较好"]),
            rng.choice(["好", "较好", "一般"]),
            rng.choices(["好", "较好", "一般", "差"], [5, 3, 1, 1])[0],
        ]
        if not full and rng.random() < 0.5 or org.id == "ck-01" and i == 0:
            reviews[2] = ""  # 群众评议 not yet given
        rows.append([org.id, m, str(YEAR), *show, pledge, due, *contest, *reviews])
    return rows


def yichuang_rows(org, rng) -> list[list]:
    rows = []
    for m in _members(org, rng):
        full = org.id == "cun-01" or rng.random() < 0.75
        status = "已完成" if full else rng.choice(["进行中", "已完成", "未开始"])
        kind = rng.choice(["先锋岗", "示范岗", "服务项目"])
        links = []
        for label in ("普通群众户", "困难户", "服务对象或项目"):
            visits = rng.randint(2, 6) if full else rng.randint(0, 4)
            last = _day(rng, 3, 12) if visits else ""
            if visits and not full and rng.random() < 0.3:
                last = _day(rng, 9, 12, YEAR - 1)  # last visited the year before: not active this year
            who = (
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(HOUSES)
                if label != "服务对象或项目"
                else rng.choice(CREATE)
            )
            links += [who, visits, last]
        rows.append([org.id, m, kind, rng.choice(CREATE), status, *links])
    return rows


HEADERS = {
    "sanliang": [
        "组织编号",
        "党员姓名",
        "期间",
        "亮标准",
        "亮身份",
        "亮承诺",
        "承诺内容",
        "完成时限",
        "比技能",
        "比作风",
        "比业绩",
        "领导点评",
        "党员互评",
        "群众评议",
    ],
    "yichuang": [
        "组织编号",
        "党员姓名",
        "创建类型",
        "创建内容",
        "创建状态",
        "联系普通群众户",
        "普通群众户走访次数",
        "普通群众户最近走访",
        "联系困难户",
        "困难户走访次数",
        "困难户最近走访",
        "联系服务对象或项目",
        "服务对象或项目走访次数",
        "服务对象或项目最近走访",
    ],
}


def write_records(orgs, folder: Path) -> dict[str, Path]:
    """The record CSVs (UTF-8 with BOM) of both trackers; {tracker id: path}."""
    out = {}
    for tid, prefix, make in (("sanliang", "ck-", sanliang_rows), ("yichuang", "cun-", yichuang_rows)):
        rng = random.Random(f"{YEAR}-{tid}")
        path = Path(folder) / FILES[tid]
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADERS[tid])
            for org in orgs:
                if org.id.startswith(prefix):
                    w.writerows(make(org, rng))
        out[tid] = path
    return out


def import_and_measure(ws, registry, store, orgs, folder: Path):
    """Write and import the records; return (lines to print, {org: {(source, item): value}}
    of the tracker values they give, for the long CSVs)."""
    from dingji.demo.campaign import write_campaign
    from dingji.services.supply import settings, supply
    from dingji.services.tracking import import_files

    lines, values = [], {}
    for tid, path in {**write_records(orgs, folder), **write_campaign(orgs, folder)}.items():
        tracker = registry.trackers[tid]
        got = import_files(tracker, settings(tracker, ws.trackers), store, [path], ws.year)
        lines.append((tracker.label(), path, got["records"], got["organizations"]))
    roster = store.roster()
    for std in registry.standards.values():
        for org, vals in supply(registry, std, store, ws.year, ws.trackers, roster).values.items():
            values.setdefault(org, {}).update(vals)
    return lines, values
