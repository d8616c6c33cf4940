"""The sample township's year after grading, made the same way every time: the plan's
phases and distribution quotas in its dingji.toml, last year (2025) graded from this
year's inputs perturbed per organization, the visit ledger, and rectification tasks.

- 2025: most organizations scored about as this year; some lower (they move up), some
  higher (they move down).  岩樟村 (cun-01, 89.95 → 好 this year) was 较好; 石门村
  (cun-02, this year's veto) had no petition then; 山泉食品 (qy-08) was founded this
  year and was not graded.  The roster of 2025 is used for that year's grading.
- Visits: every organization but :data:`NOT_VISITED`, in the survey phase, with
  findings that follow this year's grade.
- Rectification: for each organization graded 一般 or 较差, drafts from the points it
  lost (``rectify suggest``), filled in with measures, owner, deadline, commitment and
  progress: some closed, some done, some overdue; 石门村's plan is to be filed.
- 先进典型 (学习先进): see :mod:`dingji.demo.campaign`.

Visits and tasks are written as CSV files and imported as a user would.
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

from dingji.core.inputs import spec_for
from dingji.core.model import VETO
from dingji.demo import BOUNDARY_ORG, SURNAMES, YEAR
from dingji.services.text import Count

PREVIOUS = YEAR - 1
NEW_ORG = "qy-08"
NOT_VISITED = ("qy-06", "jg-07", "ck-05")
UP_ORGS = (BOUNDARY_ORG,)  # forced to have been lower last year
CONFIG = f"""
[phases]
"调查摸底、分类定级" = [{YEAR}-02-01, {YEAR}-04-30]
"整改提高、晋位升级" = [{YEAR}-05-01, {YEAR}-08-31]
"学习先进、创先争优" = [{YEAR}-09-01, {YEAR}-10-31]
"巩固成果、常态设计" = [{YEAR}-11-01, {YEAR}-12-31]

[distribution]
max = {{ "好" = 0.20 }}
min = {{ "较差" = 0.10 }}
margin = 1
"""
VISITORS = ["乡党委书记 唐建国", "组织委员 罗秀英", "纪委书记 彭志强", "宣传委员 肖丽娟"]
FORMS = ["实地查看", "座谈了解", "个别谈话", "查阅资料", "入户走访"]
MEASURES = [
    "制定整改计划，逐项对照标准补齐短板，每月向乡党委报告进展",
    "召开专题组织生活会，查找原因，明确分工，限期整改",
    "建立工作台账，书记负总责，包片领导跟踪督办",
    "开展集中学习培训，完善制度并上墙公示，接受党员群众监督",
]


#: whom objections to the notice go to ([notice] of dingji.toml; init writes these lines commented)
CONTACT = {"office": "岩樟乡党委组织办", "phone": "0743-5221234", "address": "岩樟乡人民政府二楼组织办"}


def configure(ws) -> None:
    """Add the plan's phases and the distribution quotas to the demo's dingji.toml, and the
    contact for objections to its notice."""
    import re

    from dingji.services.workspace import open_workspace

    text = ws.config_path.read_text(encoding="utf-8")
    for key, value in CONTACT.items():
        text = re.sub(rf"^# {key} = .*$", f'{key} = "{value}"', text, count=1, flags=re.M)
    ws.config_path.write_text(text + CONFIG, encoding="utf-8")
    ws.config = open_workspace(ws.root).config


def _scaled(kind, maximum, value, factor, rng):
    if kind == "score":
        step = Decimal("0.5")
        return max(Decimal(0), min(maximum, (Decimal(value) * Decimal(str(factor)) / step).quantize(Decimal(1)) * step))
    if kind == "count":
        return int(value) + (factor < 0.95 and rng.random() < 0.5) if not isinstance(value, str) else value
    if kind == "rate":
        return f"{min(1.0, max(0.0, float(value) * factor)):.2f}"
    return value


def previous_values(standard, org: str, values: dict) -> dict:
    """Last year's entered values of one organization: this year's, perturbed."""
    rng = random.Random(f"{org}-{PREVIOUS}")
    roll = rng.random()
    factor = 0.86 if org in UP_ORGS or roll < 0.15 else 1.07 if roll > 0.85 else rng.uniform(0.99, 1.02)
    spec = spec_for(standard)
    out = {}
    for key, value in values.items():
        if key[0] == VETO:
            out[key] = "否"  # no veto last year (石门村's petition came this year)
        elif key in spec.accepts and key[0] in ("self", "superior", "tracker"):
            kind, maximum, _ = spec.accepts[key]
            out[key] = _scaled(kind, maximum, value, factor, rng)
        else:
            out[key] = value
    return out


def grade_previous(ws, reg, store, orgs, data, inputs: Path):
    """Grade 2025 from perturbed inputs with that year's roster; yields (domain, path, counts)."""
    from dingji import demo
    from dingji.services.evaluate import evaluate_files

    folder = inputs / str(PREVIOUS)
    folder.mkdir(exist_ok=True)
    store.replace_roster([o for o in orgs if o.id != NEW_ORG], replace=True)
    try:
        for domain, values in data.items():
            std = reg.standard(domain)
            old = {org: previous_values(std, org, v) for org, v in values.items() if org != NEW_ORG}
            path = folder / f"{std.domain}评分.csv"
            demo.write_long_csv(old, path)
            results, _ = evaluate_files(reg, std, [path], store=store, year=PREVIOUS, trackers=ws.trackers)
            yield std, path, len(results)
    finally:
        store.replace_roster(orgs, replace=True)


def visit_rows(orgs, grades: dict) -> list[list]:
    """One visit per organization (two for the lowest graded), in the survey phase."""
    rows = []
    for i, o in enumerate(orgs):
        if o.id in NOT_VISITED:
            continue
        rng = random.Random(f"visit-{o.id}")
        g = grades.get(o.id)
        weak = g is not None and g.grade in ("一般", "较差")
        poor = g is not None and g.grade == "较差"
        for k in range(2 if poor else 1):
            day = f"{YEAR}-{2 + (i + k * 5) % 3:02d}-{rng.randint(3, 27):02d}"
            who = "、".join(sorted(rng.sample(VISITORS, 2)))
            yesno = ["否" if weak and rng.random() < 0.4 else "是" for _ in range(5)]
            if poor:
                yesno[1] = "否"
            role = "一般" if weak else rng.choice(["好", "较好"])
            masses = "不满意" if poor else "基本满意" if weak else "满意"
            problems = ""
            if poor:
                problems = "群众反映村务公开不及时，发生集体上访"
            elif weak:
                problems = rng.choice(
                    ["三会一课记录不全", "活动阵地设施陈旧", "党员教育管理不够经常", "发展党员工作滞后"]
                )
            rows.append([o.id, o.name, day, who, rng.choice(FORMS), *yesno, role, masses, problems, ""])
    return rows


def task_rows(store, reg, orgs, grades: dict) -> list[list]:
    """Rectification tasks for the organizations graded 一般 or 较差, from the drafts, and one for
    岩樟村 (90.0 好, on the line): 巩固先进, keeping a good grade good."""
    from dingji.core.rectify_form import FORM as RECTIFY_FORM
    from dingji.report.results import iter_results
    from dingji.services.suggest import drafts

    weak = {org for org, g in grades.items() if g.grade in ("一般", "较差")} | {BOUNDARY_ORG}
    results = {r.org: r for r in iter_results(store, reg, YEAR) if r.org in weak}
    rows, n = [], 0
    for o in orgs:
        if o.id not in weak:
            continue
        top = {"较差": 3, "一般": 2}.get(grades[o.id].grade, 1)
        for d in drafts(results[o.id], o.secretary, None, top=top):
            # the 巩固先进 task runs to the year's end and leaves the others' turns as they were
            k = n if o.id != BOUNDARY_ORG else 2
            rng = random.Random(f"task-{o.id}-{k}")
            deadline = (f"{YEAR}-06-30", f"{YEAR}-08-31", f"{YEAR}-12-31")[k % 3]
            state = ("已验收销号", "已完成", "进行中", "未启动", "进行中")[k % 5]
            if deadline.endswith("12-31") and state in ("已验收销号", "已完成"):
                state = "进行中"
            done = f"{deadline[:8]}{rng.randint(10, 25)}" if state in ("已完成", "已验收销号") else ""
            closed = f"{deadline[:5]}{int(deadline[5:7]) + 1:02d}-05" if state == "已验收销号" else ""
            start = f"{YEAR}-05-{rng.randint(6, 20):02d}" if state != "未启动" else ""
            pledge = f"{int(deadline[5:7])}月底前整改到位，接受党员群众监督"
            row = {
                "org": o.id,
                "name": o.name,
                "problem": d["problem"],
                "origin": d["origin"],
                "requirement": "对照评分标准逐项达标，经乡党委验收合格",
                "measures": d["measures"] or MEASURES[k % len(MEASURES)],
                "owner": d["owner"] or rng.choice(SURNAMES) + "书记",
                "start": start,
                "deadline": deadline,
                "pledge": pledge,
                # a premises the village cannot build alone: the township coordinates it
                "superior": "是" if "阵地" in d["problem"] or "场所" in d["problem"] else "",
                "status": state,
                "done_on": done,
                "closed_on": closed,
            }
            rows.append([row["org"], *(row.get(f.id, "") for f in RECTIFY_FORM.fields)])
            n += o.id != BOUNDARY_ORG
    return rows


def write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def run(ws, reg, store, orgs, data, inputs: Path, en: bool):
    """Everything after this year's grading; yields the lines to print."""
    from dingji.core.rectify_form import FORM as RECTIFY_FORM
    from dingji.core.visit_form import FORM as VISIT_FORM
    from dingji.io.xlsx.forms import headers
    from dingji.report.graded import DOWN, SAME, UP, graded
    from dingji.services import rectify, visits

    configure(ws)
    n = sum(k for _, _, k in grade_previous(ws, reg, store, orgs, data, inputs))
    grades = graded(store, reg, YEAR)
    moves = {k: sum(g.move == k for g in grades.values()) for k in (UP, SAME, DOWN)}
    folder = inputs / str(PREVIOUS)
    yield (
        f"  {PREVIOUS} (last year): {folder}/ → {n} graded; against it: up {moves[UP]}, same {moves[SAME]},"
        f" down {moves[DOWN]}"
        if en
        else f"  {PREVIOUS} 年（上年）：{folder}/ → {n} 个组织；晋位升级：升 {moves[UP]}，平 {moves[SAME]}，降 {moves[DOWN]}"
    )
    path = write_csv(inputs / "走访台账.csv", headers(VISIT_FORM), visit_rows(orgs, grades))
    got = visits.import_files(store, [path], YEAR)
    yield (
        f"  visits: {path} ({Count(got['visits']):visit}, {Count(len(NOT_VISITED)):organization} not yet visited)"
        if en
        else f"  走访台账：{path}（{got['visits']} 次走访，{len(NOT_VISITED)} 个组织尚未走访）"
    )
    from dingji.services import visit_plan

    # 人员分工 of the organizations not yet visited: one overdue by the summer, two still due
    for org, (who, due) in zip(NOT_VISITED, [(VISITORS[0], f"{YEAR}-04-30"), (VISITORS[1], f"{YEAR}-12-15")] * 2):
        visit_plan.assign(store, YEAR, [org], {"visitors": who, "due": due})
    path = write_csv(inputs / "整改台账.csv", headers(RECTIFY_FORM), task_rows(store, reg, orgs, grades))
    got = rectify.import_files(store, [path], YEAR)
    yield (
        f"  rectification: {path} ({Count(got['added']):task}, {Count(got['organizations']):organization})"
        if en
        else f"  整改台账：{path}（{got['added']} 项任务，{got['organizations']} 个组织）"
    )
    from dingji.core.exemplar_form import FORM as EXEMPLAR_FORM
    from dingji.demo.campaign import exemplar_rows
    from dingji.services import exemplars

    path = write_csv(inputs / "先进典型.csv", headers(EXEMPLAR_FORM), exemplar_rows(orgs))
    got = exemplars.import_files(store, [path], YEAR)
    yield (
        f"  exemplars: {path} ({Count(got['exemplars']):exemplar}, {Count(got['organizations']):organization})"
        if en
        else f"  学习先进：{path}（{got['exemplars']} 个先进典型，{got['organizations']} 个组织）"
    )
