"""Raw tracker records -> checked :class:`Record` objects, every problem with its place.

A reader hands over a :class:`RecordBatch`: rows ``(where, {field id: raw value})``
with the organization under ``"org"``, and ``locate(where, field id)`` making a
:class:`Place` only for a problem.  :func:`check_records` parses each value by its
field's kind, and refuses unknown organizations, blank required fields, bad dates,
numbers and yes/no values, values outside a field's choices, repeated records, and
whatever the tracker's own ``check`` finds.  Then :func:`org_records` groups them and
:func:`compute_metrics` computes every metric, checked to be 0..1 and kept exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from dingji.core.errors import DingjiError, InputError, Place, Problem
from dingji.core.numbers import Ratio
from dingji.core.text import Text
from dingji.core.tracker import ORG, MetricValue, OrgRecords, Record, Tracker, config_problems
from dingji.core.values import parse_count, parse_yesno

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@attrs.frozen
class RecordBatch:
    """Rows of one record file, as a reader found them."""

    file: str
    rows: Iterable[tuple[Any, Mapping[str, Any]]]
    locate: Callable[[Any, str | None], Place]
    problems: list = attrs.field(factory=list)
    #: ``(sha256, bytes)`` of the file as the reader read it (None: the file is hashed afterwards)
    digest: tuple[str, int] | None = None


def text(raw) -> str:
    """A cell as text: ``3`` for 3.0, 是/否 for booleans, ISO for dates, "" for blank."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, (dt.date, dt.datetime)):
        return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    return str(raw).strip()


def parse_date(raw):
    """``(ISO text, None)`` or ``(None, (english, chinese))``: 2026-03-01, 2026/3/1, 2026.3.1,
    2026年3月1日, 20260301, or a date cell."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat(), None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None
    t = text(raw)
    m = _DATE.match(t) or _COMPACT.match(t)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat(), None
        except ValueError:
            pass
    return None, (f"{t!r} is not a date (write it as 2026-03-01)", f"{t!r} 不是有效日期（请写作 2026-03-01）")


def parse_field(field, raw):
    """``(value, None)``, ``(None, None)`` for a blank, or ``(None, (english, chinese))``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    kind = field.kind
    if kind == "text":
        return text(raw), None
    if kind == "int":
        value, err = parse_count(raw)
        return (None, err) if err else (int(value), None)
    if kind == "date":
        return parse_date(raw)
    if kind == "yesno":
        return parse_yesno(raw)
    t = text(raw)
    if t in field.choices:
        return t, None
    return None, (
        f"{t!r} is not one of {', '.join(field.choices)}",
        f"{t!r} 不是可选值（{'、'.join(field.choices)}）之一",
    )


def check_records(
    tracker: Tracker, config: Mapping, batches: Iterable[RecordBatch], roster: Mapping, year: int
) -> list[Record]:
    """Every row of every batch checked against ``tracker``'s schema for ``config``;
    raises :class:`InputError` with every problem (then nothing may be stored)."""
    config = tracker.configure(config)
    fields = tracker.schema(config)
    problems: list[Problem] = []
    out: list[Record] = []
    seen: dict[tuple, Place] = {}
    batches = list(batches)
    if not roster:
        problems.append(
            Problem(
                Place(file=", ".join(b.file for b in batches) or None),
                Text(
                    "组织名单为空：请先导入组织名单（dingji roster import）",
                    "the roster is empty: import it first (dingji roster import)",
                ),
            )
        )
    for batch in batches:
        found = len(batch.problems)  # the header's, found when the file was opened: listed first
        problems.extend(batch.problems)
        for where, raw in batch.rows:
            checked = _check_row(tracker, config, fields, roster, year, batch, where, raw, problems)
            if checked is None:
                continue
            org, data = checked
            key = (org, *(data.get(u) for u in tracker.unique))
            here = batch.locate(where, None)
            if key in seen:
                what = "、".join(f"{_label(fields, u)} {data.get(u, '')}" for u in tracker.unique)
                what_en = ", ".join(f"{u} {data.get(u, '')}" for u in tracker.unique)
                problems.append(
                    Problem(
                        here,
                        Text(
                            f"{org} {what}：记录重复（首次出现于 {seen[key].describe()}）",
                            f"{org} {what_en}: a repeated record (first at {seen[key]})",
                        ),
                    )
                )
                continue
            seen[key] = here
            out.append(Record(org, data, _str(data.get(tracker.member_field)), _str(data.get(tracker.period_field))))
        problems.extend(batch.problems[found:])
    if not problems and not out:
        problems.append(
            Problem(
                Place(file=", ".join(b.file for b in batches)),
                Text("文件中没有任何记录：无可导入", "no records in the file(s): nothing to import"),
            )
        )
    if problems:
        raise InputError(problems)
    return out


def _check_row(tracker, config, fields, roster, year, batch, where, raw, problems) -> tuple[str, dict] | None:
    """One row's organization and checked fields, or None when it has a problem (added to ``problems``)."""
    bad = False
    org = text(raw.get(ORG))
    if not org:
        problems.append(Problem(batch.locate(where, ORG), Text("组织编号未填写", "the organization id is blank")))
        bad = True
    elif roster and org not in roster:
        problems.append(
            Problem(
                batch.locate(where, ORG),
                Text(f"组织 {org!r} 不在组织名单中", f"unknown organization {org!r} (not in the roster)"),
            )
        )
        bad = True
    data: dict[str, Any] = {}
    for f in fields:
        value, err = parse_field(f, raw.get(f.id))
        if err is not None:
            problems.append(Problem(batch.locate(where, f.id), Text(f"{f.label}：{err[1]}", f"{f.label}: {err[0]}")))
            bad = True
        elif value is None and f.required:
            problems.append(
                Problem(batch.locate(where, f.id), Text(f"{f.label}未填写（必填）", f"{f.label} is required"))
            )
            bad = True
        elif value is not None:
            data[f.id] = value
    if tracker.period_field and tracker.period_field not in data and not bad:
        data[tracker.period_field] = str(year)
    for fid, en, zh in tracker.check(data, config) if tracker.check and not bad else ():
        problems.append(Problem(batch.locate(where, fid), Text(zh, en)))
        bad = True
    return None if bad else (org, data)


def _str(v):
    return None if v is None else str(v)


def _label(fields, fid):
    return next((f.label for f in fields if f.id == fid), fid)


def org_records(
    tracker: Tracker, config: Mapping, records: Iterable[Record], roster: Mapping, year: int, orgs=None
) -> dict[str, OrgRecords]:
    """Records grouped per organization (only ``orgs`` when given), in first-seen order."""
    config = tracker.configure(config)
    grouped: dict[str, list[Record]] = {}
    for r in records:
        if orgs is None or r.org in orgs:
            grouped.setdefault(r.org, []).append(r)
    out = {}
    for org, recs in grouped.items():
        entry = roster.get(org) if roster else None
        out[org] = OrgRecords(org, recs, config, year, getattr(entry, "members", None), roster or {})
    return out


def compute_metrics(
    tracker: Tracker, per_org: Mapping[str, OrgRecords], names: Iterable[str] | None = None
) -> dict[str, dict[str, MetricValue]]:
    """``{org: {metric: MetricValue}}`` for every metric (or those ``names``), each checked
    to be within 0..1 and kept exact: a fraction stays a fraction (a plain Fraction becomes a
    :class:`Ratio`, which mixes with Decimal), so rounding happens once, at the end."""
    names = list(names) if names is not None else list(tracker.metrics)
    out: dict[str, dict[str, MetricValue]] = {}
    for org, group in per_org.items():
        got = {}
        for name in names:
            metric = tracker.metrics[name]
            mv = metric.compute(group) if metric.compute else None
            value = _metric_value(mv.value) if isinstance(mv, MetricValue) else None
            if value is None:
                raise DingjiError(
                    [
                        Problem(
                            Place(key=f"{tracker.id}.{name}"),
                            Text(
                                f"活动台账 {tracker.id}：{org} 的指标量 {name} 结果 {mv!r} 不是 0～1 的 MetricValue",
                                f"tracker {tracker.id}: metric {name} of {org} gave {mv!r}, not a MetricValue 0..1",
                            ),
                        )
                    ]
                )
            got[name] = mv if value is mv.value else attrs.evolve(mv, value=value)
        out[org] = got
    return out


def _metric_value(value):
    """A metric's value as graded, exact (a fraction as a :class:`Ratio`), or None unless it is
    a number 0..1 (an int, a finite Decimal or a fraction; never a float or a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    if not 0 <= value <= 1:
        return None
    if isinstance(value, Fraction):
        return value if isinstance(value, Ratio) else Ratio(value)
    return value if isinstance(value, Decimal) else Decimal(value)


def settings(tracker, table=None, file: str | None = None) -> dict:
    """``tracker``'s configuration from the ``[trackers]`` table of dingji.toml, with its
    defaults; a DingjiError naming each bad key."""
    own = dict((table or {}).get(tracker.id) or {})
    problems = [
        Problem(Place(file=file, key=f"trackers.{tracker.id}.{key}"), Text(zh, en))
        for key, en, zh in config_problems(tracker, own)
    ]
    if problems:
        raise DingjiError(problems)
    return tracker.configure(own)
