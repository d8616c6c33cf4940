"""The long-form CSV template (``dingji template DOMAIN --format csv``): one line per
organization, source and item with a blank value, each line saying what it is.

The columns the reader needs come first (``org,source,item,value``: see
:func:`dingji.io.tabular.read_long_csv`, which finds them by name and ignores any other);
then, for the person filling it in in Excel, the organization's name, the source's name,
the item's name (as the standard writes them), its kind and the values it takes.  A name
Excel would run as a formula gets an apostrophe.  UTF-8 with BOM, as Excel opens it.
"""

from __future__ import annotations

import csv

from dingji.core.inputs import spec_for
from dingji.core.model import BONUS, PENALTY, TRACKER, VETO
from dingji.core.numbers import fmt
from dingji.io.tabular import LONG_HEADER
from dingji.io.xlsx.layout import FORMULA_STARTS

#: The columns after LONG_HEADER, in each language.
NAMES = {
    "zh": ("组织名称", "来源", "项目名称", "类型", "填写范围"),
    "en": ("org_name", "source_name", "item_name", "kind", "range"),
}
_KINDS = {
    "zh": {"score": "分数", "count": "次数", "rate": "比率", "yesno": "是/否"},
    "en": {"score": "score", "count": "count", "rate": "rate", "yesno": "yes/no"},
}
_RANGES = {
    "zh": {
        "score": "0～{max}",
        "count": "不小于 0 的整数，留空为 0",
        "rate": "0～1 或 0%～100%",
        "yesno": "是 或 否",
        "yesno-optional": "是 或 否，留空为否",
    },
    "en": {
        "score": "0–{max}",
        "count": "whole number ≥ 0; blank = 0",
        "rate": "0–1 or 0%–100%",
        "yesno": "yes or no",
        "yesno-optional": "yes or no; blank = no",
    },
}
_RESERVED = {
    "zh": {TRACKER: "活动台账", BONUS: "加分", PENALTY: "扣分", VETO: "否决事项"},
    "en": {TRACKER: "tracker", BONUS: "bonus", PENALTY: "penalty", VETO: "vetoes"},
}


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def source_names(std, lang: str = "zh") -> dict[str, str]:
    """The name of every source of the long form: the standard's own, its surveys, the reserved ones."""
    en = lang == "en"
    names = dict(_RESERVED["en" if en else "zh"])
    names.update({s.id: (s.name_en or s.name) if en else s.name for s in std.sources})
    names.update({sv.key: (sv.name_en or sv.name) if en else sv.name for sv in std.surveys})
    return names


def write_long_template(std, roster, path, lang: str = "zh") -> None:
    """The long CSV with one blank value per (organization, source, item), named (see the module)."""
    lang = "en" if lang == "en" else "zh"
    spec = spec_for(std)
    keys = list(spec.required) + [k for k in spec.accepts if k not in set(spec.required)]
    required = set(spec.required)
    sources = source_names(std, lang)
    described = []
    for source, item in keys:
        accepted = spec.accepts[(source, item)]
        kind = accepted.kind
        if kind == "yesno" and source == VETO and (source, item) not in required:
            kind = "yesno-optional"
        limit = fmt(accepted.max) if accepted.max is not None else ""
        described.append(
            (
                source,
                item,
                _text(sources.get(source, source)),
                _text(accepted.label),
                _KINDS[lang][accepted.kind],
                _RANGES[lang][kind].format(max=limit),
            )
        )
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([*LONG_HEADER, *NAMES[lang]])
        for org in roster or [None]:
            org_id, name = (org.id, _text(org.name)) if org else ("", "")
            for source, item, source_name, item_name, kind, limits in described:
                w.writerow([org_id, source, item, "", name, source_name, item_name, kind, limits])
