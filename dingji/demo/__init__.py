"""A realistic sample township (岩樟乡), made the same way every time.

Forty organizations across the five built-in domains, with the cases a
township meets: a veto (严重群访事件), a satisfaction cap (below 90% → at most
一般, the institution standard's rule), a 服务型 organization (90% or more in
both of its surveys, 党员群众 and 服务对象), and one organization on a grade
boundary: its exact score is 89.95, which rounds half up (四舍五入) to 90.0 and
so is graded 好; cutting the decimals instead of rounding would give 89.9 and 较好.
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

from dingji.core.inputs import Batch, Organization, collect, spec_for
from dingji.core.model import TRACKER, VETO
from dingji.core.scoring import grade

YEAR = 2026
NAME = "岩樟乡"

VILLAGES = [
    "岩樟村",
    "石门村",
    "龙潭村",
    "枫木村",
    "桃源村",
    "新田村",
    "大坪村",
    "竹溪村",
    "青山村",
    "红岩村",
    "上寨村",
    "下湾村",
    "茶园村",
    "白沙村",
    "金鸡村",
    "双河村",
]
#: (name, domain): 国有企业 graded with soe, 非公有制企业 with private
ENTERPRISES = [
    ("岩樟水泥有限公司", "soe"),
    ("龙潭茶业有限公司", "private"),
    ("岩樟粮站", "soe"),
    ("宏达建材有限公司", "private"),
    ("绿源农业开发公司", "private"),
    ("岩樟电站", "soe"),
    ("众鑫物流有限公司", "private"),
    ("山泉食品有限公司", "private"),
]
INSTITUTIONS = [
    "乡政府机关",
    "乡中心学校",
    "乡卫生院",
    "乡农业服务中心",
    "乡财政所",
    "乡文化站",
    "乡林业站",
    "乡水利站",
]
WINDOWS = ["乡便民服务中心", "岩樟供电所", "岩樟信用社", "岩樟邮政所", "乡派出所", "乡社保服务站"]

#: (prefix, domain, names); a name may be a (name, domain) pair of its own
DOMAINS = (
    ("cun", "village", VILLAGES),
    ("qy", None, ENTERPRISES),
    ("jg", "institution", INSTITUTIONS),
    ("ck", "service_window", WINDOWS),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国志强秀英海燕明华国庆丽娟永红桂兰德胜玉梅春生晓东文军红梅小平"

# special cases, by org id
VETO_ORG = "cun-02"  # 石门村: a serious mass petition incident
CAPPED_ORG = "jg-05"  # 乡财政所: good score, satisfaction below 90% (the cap is the institution standard's)
BOUNDARY_ORG = "cun-01"  # 岩樟村: exact 89.95 -> 90.0
SERVICE_ORG = "ck-01"  # 乡便民服务中心: 服务型


def roster() -> list[Organization]:
    rng = random.Random(YEAR)
    out = []
    for prefix, domain, names in DOMAINS:
        for i, name in enumerate(names, 1):
            name, dom = name if isinstance(name, tuple) else (name, domain)
            kind = "党支部"
            sec = rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])
            out.append(
                Organization(f"{prefix}-{i:02d}", f"{name}{kind}", dom, f"中共{NAME}委员会", sec, rng.randint(8, 60))
            )
    return out


def _value(rng, kind, maximum, q, named=False):
    if kind == "score":
        step = Decimal("0.5")
        v = (maximum * Decimal(str(min(1.0, max(0.0, q + rng.uniform(-0.08, 0.05))))) / step).quantize(
            Decimal(1)
        ) * step
        return min(v, maximum)
    if kind == "count" and named:  # a named deduction: happened once, or not
        return 1 if rng.random() < (1 - q) * 0.6 else 0
    if kind == "count":
        return max(0, round((1 - q) * rng.uniform(0, 4)))
    if kind == "yesno":
        return "是" if rng.random() < q + 0.1 else "否"
    return f"{min(1.0, max(0.0, q + rng.uniform(-0.1, 0.05))):.2f}"


def scores(standard, org: Organization, q: float, seed: int) -> dict:
    """Entered values for one organization of quality ``q`` (0..1)."""
    rng = random.Random(seed)
    spec = spec_for(standard)
    values = {}
    for source, item in spec.required:
        if source == VETO:  # the veto facts are entered below, 否 for every one
            continue
        kind, maximum, _ = spec.accepts[(source, item)]
        bias = 0.06 if source == "self" else 0.0  # self-assessments run a little high
        values[(source, item)] = _value(rng, kind, maximum, min(1.0, q + bias), named="." in item)
    for sv in standard.surveys:  # 党员群众, and 服务对象 or 职工群众 where the standard has them
        voters = rng.randint(40, 80)
        sat = min(0.995, 0.86 + 0.12 * q + rng.uniform(-0.03, 0.03))
        yes = int(voters * sat * 0.8)
        basic = int(voters * sat) - yes
        unknown = rng.randint(0, 4)
        _answers(standard, values, yes, basic, voters - yes - basic, sv)
        values[(sv.key, "不了解")] = unknown
    if rng.random() < 0.25 and standard.bonus:
        values[("bonus", standard.bonus.items[0].id)] = 1
    if rng.random() < 0.2 and standard.penalty:
        values[("penalty", standard.penalty.items[0].id)] = rng.randint(1, 2)
    for veto in standard.vetoes:
        if veto.when is None:
            values[(VETO, veto.id)] = "否"
    return values


def _answers(standard, values, yes, basic, no, survey=None):
    """满意, 基本满意 and 不满意 answers in ``survey``, or in every survey of the standard."""
    for sv in (survey,) if survey is not None else standard.surveys:
        values[(sv.key, "满意")], values[(sv.key, "基本满意")], values[(sv.key, "不满意")] = yes, basic, no


def _full(standard, values):
    spec = spec_for(standard)
    for key in spec.required:
        kind, maximum, _ = spec.accepts[key]
        values[key] = "否" if key[0] == VETO else {"score": maximum, "count": 0, "yesno": "是", "rate": "1"}[kind]
    _answers(standard, values, 58, 2, 0)


def _grade_of(standard, org, values):
    rows = [(org.id, s, i, v, None) for (s, i), v in values.items()]
    a = collect(standard, [Batch("demo", rows)])[org.id]
    return grade(standard, a, org)


def _boundary(standard, org, values, tracked=None):
    """Adjust 岩樟村's survey until the exact score is 89.95 (rounds half up to 90.0); its
    tracker values are the ones its records give (``tracked``), never searched."""
    _full(standard, values)
    values.update(tracked or {})
    spec = spec_for(standard)
    scored = [k for k in spec.required if spec.accepts[k][0] == "score" and k[0] == "superior"]
    for drop in range(0, 40):
        for k in scored:
            values[k] = spec.accepts[k][1]
        # take `drop` half-points from the superior's scores, then search survey counts
        for i in range(drop):  # spread the half-points over the indicators
            k = scored[i % len(scored)]
            values[k] = max(Decimal(0), values[k] - Decimal("0.5"))
        for basic in range(0, 30):
            for no in range(0, 6):
                _answers(standard, values, 60 - basic - no, basic, no)
                r = _grade_of(standard, org, values)
                if r.exact == Decimal("89.95") and not r.vetoes:
                    return values
    raise RuntimeError("no boundary case found")  # pragma: no cover - the demo is deterministic


def generate(standards: dict, tracked: dict | None = None) -> tuple[list[Organization], dict[str, dict[str, dict]]]:
    """The roster and, per domain, each organization's entered values; ``tracked`` holds
    the tracker values that records give (``{org: {(source, item): value}}``), which
    replace the made-up ones."""
    tracked = tracked or {}
    orgs = roster()
    rng = random.Random(YEAR * 7)
    data: dict[str, dict[str, dict]] = {}
    for n, org in enumerate(orgs):
        std = standards[org.domain]
        q = rng.uniform(0.62, 0.97)
        values = scores(std, org, q, seed=YEAR * 1000 + n)
        values.update(tracked.get(org.id, {}))
        if org.id == VETO_ORG:
            values[(VETO, "petition")] = "是"
        if org.id == CAPPED_ORG:
            _full(std, values)
            _answers(std, values, 40, 11, 9)
        if org.id == SERVICE_ORG:
            _full(std, values)
            values[(TRACKER, "sanliang")] = "0.95"
        if org.id == BOUNDARY_ORG:
            values = _boundary(std, org, values, tracked.get(org.id))
        values.update(tracked.get(org.id, {}))
        data.setdefault(org.domain, {})[org.id] = values
    return orgs, data


def write_roster_csv(orgs, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["org", "name", "domain", "parent", "secretary", "members"])
        for o in orgs:
            w.writerow([o.id, o.name, o.domain, o.parent, o.secretary, o.members])


def write_long_csv(values_by_org: dict, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["org", "source", "item", "value"])
        for org, values in values_by_org.items():
            for (source, item), v in values.items():
                w.writerow([org, source, item, v])
