"""The sample township's other activity records, made the same way every time: 对标创标,
主题党日 and 区域化党建 (see dingji/trackers/), and its 先进典型 (学习先进).

None of them changes a grade the demo shows (the tests pin them): no built-in standard takes
对标创标's or 区域化党建's metrics, and the 主题党日 records are kept by the 机关事业单位 and the
国有企业 only, whose standards have no 主题党日 indicator; a village's or a 非公 enterprise's
主题党日 indicator would take them (its entered scores give the grades the tests pin).

- 对标创标: the window units and the institutions, three or four targets each against a
  benchmark (乡便民服务中心, the 服务型 one, sets its own 树标 targets).
- 主题党日: the institutions and the state-owned enterprises, a theme day most months.
- 区域化党建: window units, institutions and an enterprise paired with villages (乡政府机关 with
  石门村, this year's veto case), each pair's joint activities, some recorded by both sides.
- 先进典型: 乡便民服务中心 (服务型) and 岩樟村 (moved up) as organizations, three members, one of
  them held up as an example and not (yet) commended.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from dingji.demo import YEAR

FILES = {"duibiao": "对标创标台账.csv", "zhutiri": "主题党日台账.csv", "quyu": "区域化党建台账.csv"}
HEADERS = {
    "duibiao": ["组织编号", "标杆", "创标类型", "目标", "措施", "责任人", "完成时限", "进展", "检查日期", "备注"],
    "zhutiri": [
        "组织编号",
        "活动日期",
        "主题",
        "活动内容",
        "活动地点",
        "参加党员数",
        "服务事项",
        "服务群众人次",
        "备注",
    ],
    "quyu": ["组织编号", "结对单位", "结对形式", "结对时间", "活动日期", "共建活动", "成效", "受益群众人次", "备注"],
}
MARKS = ["乡便民服务中心党支部（县级示范党支部）", "县直机关工委示范党支部", "市级先进基层党组织 岩樟供电所党支部"]
TARGETS = [
    ("党员活动室标准化建设", "改造活动室，制度上墙"),
    ("三会一课记录规范完整", "每月检查记录，季度通报"),
    ("党员志愿服务全覆盖", "每名党员认领一个服务岗"),
    ("群众满意率达到95%以上", "开展满意度回访"),
    ("创建党员示范岗2个", "评选并挂牌"),
    ("服务群众零投诉", "首问负责、限时办结"),
]
THEMES = {
    "学习培训": ["学习党章党规", "学习上级会议精神", "专题党课"],
    "民主议事": ["议定年度工作计划", "讨论发展党员", "议定重点工作"],
    "组织生活": ["组织生活会", "重温入党誓词", "党员谈心谈话"],
    "志愿服务": ["进村入户志愿服务", "环境整治志愿服务", "便民服务进社区"],
}
PAIRS = [
    ("ck-01", "cun-03", "结对共建", [("代办服务进村", "为群众代办事项26件"), ("联合主题党日", "")]),
    ("ck-02", "cun-05", "结对共建", [("电力设施安全检查", "排查隐患7处"), ("助农春耕保电", "")]),
    ("ck-04", "cun-08", "结对共建", [("邮政便民服务进村", "代收代寄包裹60余件")]),
    ("jg-01", "cun-02", "结对帮扶", [("帮助整理党建台账", "台账规范"), ("指导化解信访矛盾", "化解矛盾3件")]),
    ("jg-03", "cun-10", "结对帮扶", [("义诊进村", "义诊85人次"), ("健康知识讲座", "")]),
    ("qy-01", "cun-12", "共驻共建", [("共同开展环境整治", "清理垃圾10余吨")]),
]
BACK = [("联合主题党日", "共学共议"), ("组织村民到中心办事", "")]  # what a village did in return
OUTSIDE = ("ck-02", "县供电公司党委", "共驻共建")  # a pairing outside the roster, no activity yet


def _day(rng, month: int) -> str:
    return f"{YEAR}-{month:02d}-{rng.randint(2, 27):02d}"


def duibiao_rows(orgs, rng) -> list[list]:
    rows = []
    for org in orgs:
        if not org.id.startswith(("ck-", "jg-")):
            continue
        own = org.id == "ck-01"
        mark = "县级示范党支部标准" if own else rng.choice(MARKS)
        kind = "树标" if own else rng.choice(["提标", "提标", "达标"])
        for n, (target, measures) in enumerate(rng.sample(TARGETS, rng.randint(3, 4))):
            due = (f"{YEAR}-06-30", f"{YEAR}-09-30", f"{YEAR}-12-31")[n % 3]
            status = rng.choices(["已达标", "进行中", "未开始"], [5, 3, 1])[0]
            checked = "" if status == "未开始" else f"{YEAR}-{rng.choice([7, 10]):02d}-{rng.randint(1, 9):02d}"
            rows.append([org.id, mark, kind, target, measures, org.secretary, due, status, checked, ""])
    return rows


def zhutiri_rows(orgs, rng) -> list[list]:
    rows = []
    for org in orgs:
        if not (org.id.startswith("jg-") or org.id.startswith("qy-") and org.domain == "soe"):
            continue
        skipped = set(rng.sample(range(1, 12), rng.randint(0, 2)))
        for month in range(1, 12):
            if month in skipped:
                continue
            theme = rng.choice(list(THEMES))
            serving = theme == "志愿服务"
            rows.append(
                [
                    org.id,
                    _day(rng, month),
                    theme,
                    rng.choice(THEMES[theme]),
                    "党员活动室" if not serving else "岩樟村",
                    max(1, (org.members or 1) - rng.randint(0, 3)),
                    rng.randint(1, 4) if serving else "",
                    rng.randint(20, 90) if serving else "",
                    "",
                ]
            )
    return rows


def quyu_rows(rng) -> list[list]:
    rows = []
    for a, b, kind, acts in PAIRS:
        since = f"{YEAR - 1}-{rng.randint(3, 9):02d}-01"
        for content, result in acts:
            rows.append([a, b, kind, since, _day(rng, rng.randint(3, 11)), content, result, rng.randint(20, 120), ""])
        if rng.random() < 0.6:  # the village records a joint activity of its own
            content, result = rng.choice(BACK)
            rows.append([b, a, kind, since, _day(rng, rng.randint(4, 11)), content, result, "", ""])
    rows.append([*OUTSIDE, f"{YEAR}-01-10", "", "", "", "", "尚未开展活动"])
    return rows


def write_campaign(orgs, folder: Path) -> dict[str, Path]:
    """The record CSVs (UTF-8 with BOM) of the three trackers; {tracker id: path}."""
    made = {
        "duibiao": duibiao_rows(orgs, random.Random(f"{YEAR}-duibiao")),
        "zhutiri": zhutiri_rows(orgs, random.Random(f"{YEAR}-zhutiri")),
        "quyu": quyu_rows(random.Random(f"{YEAR}-quyu")),
    }
    out = {}
    for tid, rows in made.items():
        path = Path(folder) / FILES[tid]
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADERS[tid])
            w.writerows(rows)
        out[tid] = path
    return out


EXEMPLARS = [  # (org, a member? the secretary, title, reason, level, day, by)
    (
        "ck-01",
        False,
        "服务型党组织示范点",
        "便民服务“一窗受理、限时办结”，服务对象满意率98%",
        "县级",
        "07-01",
        "中共某县委",
    ),
    (
        "cun-01",
        False,
        "晋位升级先进党组织",
        "由较好晋升为好，村集体经济收入翻番",
        "乡镇级",
        "07-01",
        "中共岩樟乡委员会",
    ),
    ("cun-04", True, "优秀共产党员", "带领群众发展茶叶产业，带动30户增收", "县级", "07-01", "中共某县委"),
    ("jg-01", True, "优秀党务工作者", "党建台账规范完整，三会一课记录齐全", "乡镇级", "07-01", "中共岩樟乡委员会"),
    ("ck-02", True, "党员先锋岗", "抢修线路随叫随到，全年零投诉", "", "", ""),
]


def exemplar_rows(orgs) -> list[list]:
    """The 先进典型 of the year, as the template's columns (组织名称 left blank: not read)."""
    by_id = {o.id: o for o in orgs}
    rows = []
    for org, member, title, reason, level, day, by in EXEMPLARS:
        name = by_id[org].secretary if member else ""
        rows.append([org, "", name, title, reason, level, f"{YEAR}-{day}" if day else "", by, ""])
    return rows
