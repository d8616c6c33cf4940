"""The 区域化党建 tracker (research §3.5; the plan: 主动推动区域化党建工作), a built-in plugin.

Organizations of an area pair up (结对共建: a window unit with a village, an enterprise
with a community) and act together.  Each organization records its pairs and the joint
activities it took part in, one record per activity:

- 结对单位 (required): the partner, by its id in the roster, its name, or the name of a unit
  outside the roster (县供电公司); 结对形式 (optional; ``kinds``), 结对时间 (a date);
- 活动日期 and 共建活动 (both, or neither: a row with neither records the pairing alone),
  成效 (what it achieved), 受益群众人次 (a whole number).

Metrics (only activities dated in the year count):

- ``activities`` = joint activities ÷ ``target`` (4 a year: one a quarter), capped at 1;
- ``active_pairs`` = partners with at least one joint activity ÷ partners.

A pair recorded from both sides (each names the other, by id or name) is one pair:
``dingji track quyu pairs`` and the ledger's 结对共建 sheet list every pair once, with what
each side did.
"""

from __future__ import annotations

from dingji import hookimpl
from dingji.core.tracker import Field, MetricValue, Tracker, TrackerMetric
from dingji.report.sheet import LedgerSheet

DEFAULTS = {"kinds": ["结对共建", "共驻共建", "结对帮扶"], "target": 4}
PAIRS = ("结对共建", "Pairs")


def fields(config):
    return [
        Field("partner", "结对单位", "text", True, label_en="partner", help="对方的组织编号或名称；可为名单外的单位"),
        Field("kind", "结对形式", "choice", choices=config["kinds"], label_en="kind"),
        Field("since", "结对时间", "date", label_en="paired since"),
        Field("date", "活动日期", "date", label_en="date", help="只记录结对、尚无活动时留空"),
        Field("content", "共建活动", "text", label_en="joint activity", help="与活动日期同填或同空"),
        Field("result", "成效", "text", label_en="result"),
        Field("served", "受益群众人次", "int", label_en="people served"),
        Field("note", "备注", label_en="note"),
    ]


def check(data, config):
    if bool(data.get("date")) != bool(data.get("content")):
        missing = "content" if data.get("date") else "date"
        return [
            (
                missing,
                "a joint activity needs both its date and what it was (or neither, for the pairing alone)",
                "共建活动须同时填写活动日期和活动内容（只记录结对时两者都不填）",
            )
        ]
    return []


def _acts(records, year):
    return [r for r in records if r.data.get("date", "")[:4] == str(year)]


def partner_of(text: str, roster, by_name: dict) -> str | None:
    """The roster's id of a partner named by its id or its name; None for a unit outside the roster."""
    return text if text in roster else by_name.get(text)


def _partners(group) -> dict[str, str]:
    """``{partner key: its name}``: a roster organization named by id or by name is one partner."""
    by_name = {o.name: o.id for o in group.roster.values()}
    out = {}
    for r in group.records:
        text = r.data["partner"]
        key = partner_of(text, group.roster, by_name) or text
        out.setdefault(key, group.roster[key].name if key in group.roster else text)
    return out


def _active(group) -> set[str]:
    by_name = {o.name: o.id for o in group.roster.values()}
    return {
        partner_of(r.data["partner"], group.roster, by_name) or r.data["partner"]
        for r in _acts(group.records, group.year)
    }


def activities(group) -> MetricValue:
    partners = list(_partners(group).values())
    n, target = len(_acts(group.records, group.year)), group.config["target"]
    shown = "、".join(partners[:3]) + ("等" if len(partners) > 3 else "")
    return MetricValue(
        group.share(n, target),
        f"与{len(partners)}个单位结对（{shown}），开展共建活动{n}次，目标{target}次",
        f"paired with {len(partners)} ({', '.join(partners[:3])}{', …' if len(partners) > 3 else ''}):"
        f" {n} joint activities of a target of {target}",
        {"partners": len(partners), "activities": n, "target": target},
    )


def active_pairs(group) -> MetricValue:
    partners, active = _partners(group), _active(group)
    return MetricValue(
        group.share(len(active), len(partners)),
        f"结对{len(partners)}个，其中{len(active)}个本年开展了共建活动",
        f"{len(active)} of {len(partners)} pairs had a joint activity this year",
        {"partners": len(partners), "active": len(active)},
    )


def pair_rows(records, roster, year: int) -> list[dict]:
    """Every pair once (a pair recorded from both sides is one), in the order first recorded:
    ``a`` (the organization that recorded it first), ``b`` (an organization id, or a unit outside
    the roster as written), their names, ``kind``, ``since``, ``activities`` (joint activities in
    ``year``) and what each side did, by date."""
    by_name = {o.name: o.id for o in roster.values()}
    pairs: dict[frozenset, dict] = {}
    for r in records:
        partner = r.data["partner"]
        other = partner_of(partner, roster, by_name) or partner
        p = pairs.get(frozenset((r.org, other)))
        if p is None:
            p = pairs[frozenset((r.org, other))] = {
                "a": r.org,
                "b": other,
                "a_name": roster[r.org].name if r.org in roster else r.org,
                "b_name": roster[other].name if other in roster else other,
                "kind": None,
                "since": None,
                "activities": 0,
                "a_did": [],
                "b_did": [],
            }
        p["kind"] = p["kind"] or r.data.get("kind")
        p["since"] = min(filter(None, (p["since"], r.data.get("since"))), default=None)
        if r.data.get("date", "")[:4] == str(year):
            p["activities"] += 1
            done = f"{r.data['date']} {r.data['content']}" + (f"（{r.data['result']}）" if r.data.get("result") else "")
            p["a_did" if r.org == p["a"] else "b_did"].append(done)
    for p in pairs.values():
        p["a_did"].sort()  # each begins with its date
        p["b_did"].sort()
    return list(pairs.values())


def _side(p, which: str, lang: str) -> str:
    code, name = p[which], p[f"{which}_name"]
    if code == name:
        return name
    return f"{name} ({code})" if lang == "en" else f"{name}（{code}）"


HEAD = {
    "zh": (
        "序号",
        "结对一方",
        "结对另一方",
        "结对形式",
        "结对时间",
        "活动次数",
        "一方开展的活动",
        "另一方开展的活动",
    ),
    "en": (
        "No.",
        "One side",
        "Other side",
        "Kind",
        "Since",
        "Joint activities",
        "What one side did",
        "What the other did",
    ),
}


def pairs_sheet(ledger):
    """The ledger's 结对共建 sheet: every pair once, with what each side did."""
    from dingji.core.records import settings
    from dingji.store.tracking import load_records

    lang = ledger.lang
    name = PAIRS[lang == "en"]
    config = settings(QUYU, ledger.trackers)
    records = load_records(ledger.store, QUYU.id, ledger.year)
    got = pair_rows(records, ledger.store.roster(), ledger.year)
    total = sum(p["activities"] for p in got)
    sep = "; " if lang == "en" else "；"
    note = (
        f"{len(got)} pairs, {total} joint activities in {ledger.year} (from {QUYU.label(config)})"
        if lang == "en"
        else f"结对 {len(got)} 对，{ledger.year} 年共建活动 {total} 次（见{QUYU.label(config)}）"
    )
    rows = [
        [
            i,
            _side(p, "a", lang),
            _side(p, "b", lang),
            p["kind"] or "",
            p["since"] or "",
            p["activities"],
            sep.join(p["a_did"]),
            sep.join(p["b_did"]),
        ]
        for i, p in enumerate(got, 1)
    ]
    return LedgerSheet(
        name,
        HEAD[lang],
        rows,
        title=f"{ledger.title}·{name}",
        notes=[note],
        formats=[None, "wrap", "wrap", None, None, None, "wrap", "wrap"],
        widths=[5, 26, 26, 9, 11, 8, 38, 38],
        order=390,
    )


def pairs_command():
    """``dingji track quyu pairs``: every pair once, with what each side did."""
    import click

    @click.command("pairs", epilog="示例 / Example:  dingji track quyu pairs")
    @click.option("--year", type=int, default=None, help="年度（默认：工作区年度）/ the year.")
    @click.pass_obj
    def pairs(obj, year):
        """结对共建：每对结对单位及双方开展的共建活动 / every pair and what each side did."""
        from dingji.store.tracking import load_records

        ws = obj.workspace()
        year = year or ws.year
        with ws.store() as store:
            got = pair_rows(load_records(store, QUYU.id, year), store.roster(), year)
        lang = obj.lang
        sep = "; " if lang == "en" else "；"
        rows = [
            [
                _side(p, "a", lang),
                _side(p, "b", lang),
                p["kind"] or "",
                p["activities"],
                sep.join(p["a_did"]),
                sep.join(p["b_did"]),
            ]
            for p in got
        ]
        click.echo(obj.table([HEAD[lang][i] for i in (1, 2, 3, 5, 6, 7)], rows))

    return pairs


QUYU = Tracker(
    "quyu",
    "区域化党建",
    {
        "activities": TrackerMetric(
            "activities",
            "joint activities this year ÷ the target (4), capped at 1",
            activities,
            "本年共建活动次数 ÷ 目标次数（4），最高为 1",
            label="共建活动率",
        ),
        "active_pairs": TrackerMetric(
            "active_pairs",
            "partners with a joint activity this year ÷ partners",
            active_pairs,
            "本年开展了共建活动的结对单位数 ÷ 结对单位数",
            label="结对活跃率",
        ),
    },
    fields=fields,
    member_field=None,
    unique=("partner", "date", "content"),
    check=check,
    defaults=DEFAULTS,
    name_en="Area-based Party building",
    description="区域内党组织结对共建（如窗口单位与村结对），记录结对关系和共建活动",
)


@hookimpl
def dingji_register_trackers(register):
    register(QUYU)


@hookimpl
def dingji_commands():
    return [("track quyu", pairs_command())]


@hookimpl
def dingji_ledger_sheets(ledger):
    return pairs_sheet(ledger)
