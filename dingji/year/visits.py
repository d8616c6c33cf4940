"""The visit ledger (走访台账): which organizations were visited, when, by whom, in what
form, and what was found; every organization of the roster is to be visited (一个不漏).

Visits live in the store's ``visits`` table (schema 3), one row per visit of a year:
organization, date, visitors, form, and the findings as JSON.  ``dingji visit add``
records one; an import adds a file's visits (or, with ``replace``, replaces the
year's) with an audit row in ``imports`` (kind ``visits``).  A visit already recorded
(same organization, date and visitors) is refused, as is any bad value: nothing is
stored unless every row is right.
"""

from __future__ import annotations

import json

from dingji.core.tracker import Field
from dingji.year.forms import Form, from_options, read
from dingji.store import now

KIND = "visits"
YESNO = ("setup", "team", "rules", "venue", "support")
FINDINGS = (*YESNO, "role", "masses")
#: Suggested forms of a visit (the template offers them; any text is accepted).
FORMS = ("实地查看", "座谈了解", "个别谈话", "入户走访", "查阅资料", "问卷调查")

FORM = Form(
    "visits", "走访台账", "Visits", "dingji visit",
    (Field("name", "组织名称", label_en="name", help="仅供核对，导入时不读取"),
     Field("date", "走访日期", "date", True, label_en="date"),
     Field("visitors", "走访人", "text", True, label_en="visitors", help="多人用、分隔"),
     Field("form", "走访形式", "text", True, label_en="form", help="如 " + "、".join(FORMS)),
     Field("setup", "设置是否合理", "yesno", label_en="set-up sound"),
     Field("team", "班子是否健全", "yesno", label_en="leadership complete"),
     Field("rules", "制度是否完善", "yesno", label_en="rules complete"),
     Field("venue", "场所是否达标", "yesno", label_en="premises up to standard"),
     Field("support", "保障是否到位", "yesno", label_en="resources in place"),
     Field("role", "作用发挥", "choice", choices=("好", "较好", "一般", "差"), label_en="role played"),
     Field("masses", "群众满意", "choice", choices=("满意", "基本满意", "不满意"), label_en="masses satisfied"),
     Field("problems", "发现的问题", label_en="problems found"),
     Field("note", "备注", label_en="note")),
    unique=("date", "visitors"),
    help=("每行一次走访：组织编号、走访日期、走访人、走访形式必填；七项情况可留空（未了解）。"
          "同一组织同一天同一走访人只记一次。名单中每个组织都要走访（一个不漏）：dingji visit list --missing 查看未走访的组织。",
          "One visit a row: org, date, visitors and form are required; the seven findings may be blank. "
          "One visit per organization, date and visitors. Every organization is to be visited: "
          "dingji visit list --missing shows those not yet visited."))

#: ``dingji visit add`` options per field
OPTIONS = {"date": "--date", "visitors": "--by", "form": "--form", "setup": "--setup", "team": "--team",
           "rules": "--rules", "venue": "--venue", "support": "--support", "role": "--role",
           "masses": "--masses", "problems": "--problems", "note": "--note"}


def _stored_keys(store, year: int) -> dict:
    return {(o, d, v): i for i, o, d, v in store.db.execute("SELECT id, org, date, visitors FROM visits WHERE year=?",
                                                            (year,))}


def _not_twice(store, year: int, against_store: bool = True):
    """The check that refuses a visit the store holds already."""
    stored = _stored_keys(store, year) if against_store else {}

    def extra(data, org):
        got = stored.get((org, data.get("date"), data.get("visitors")))
        if got is not None:
            return [("date", f"{org} was visited on {data['date']} by {data['visitors']} already (visit {got})",
                     f"{org} 于 {data['date']} 由 {data['visitors']} 走访的记录已存在（走访记录 {got}）")]
        return []
    return extra


def _row(year: int, org: str, data: dict, import_id, at: str) -> tuple:
    findings = {k: data[k] for k in (*FINDINGS, "problems", "note") if k in data}
    return (year, org, data["date"], data["visitors"], data["form"],
            json.dumps(findings, ensure_ascii=False, separators=(",", ":")), import_id, at)


_INSERT = "INSERT INTO visits (year, org, date, visitors, form, data, import_id, at) VALUES (?,?,?,?,?,?,?,?)"


def add(store, year: int, org: str, values: dict) -> int:
    """Record one visit (``values``: field id -> text as typed); returns its id."""
    org_, data, _ = from_options(FORM, org, values, OPTIONS, store.roster(), year, _not_twice(store, year))
    with store.transaction() as db:
        return db.execute(_INSERT, _row(year, org_, data, None, now())).lastrowid


def import_files(store, files, year: int, replace: bool = False) -> dict:
    """Add (or with ``replace``, replace the year's by) every visit of the files, all or none."""
    rows, infos = read(FORM, files, store.roster(), year, _not_twice(store, year, not replace))
    at = now()
    with store.transaction() as db:
        import_id = db.execute("INSERT INTO imports (at, year, kind, files, rows) VALUES (?,?,?,?,?)",
                               (at, year, KIND, json.dumps(infos, ensure_ascii=False), len(rows))).lastrowid
        removed = 0
        if replace:
            removed = db.execute("DELETE FROM visits WHERE year=?", (year,)).rowcount
            db.execute("UPDATE imports SET active=0, replaced_by=? WHERE year=? AND kind=? AND id<>?",
                       (import_id, year, KIND, import_id))
        db.executemany(_INSERT, [_row(year, org, data, import_id, at) for org, data, _ in rows])
    return {"import": import_id, "visits": len(rows), "organizations": len({r[0] for r in rows}), "removed": removed}


def visits(store, year: int, org: str | None = None) -> list[dict]:
    """The visits of ``year`` (of one organization), by organization then date."""
    sql = "SELECT id, org, date, visitors, form, data FROM visits WHERE year=?"
    args: list = [year]
    if org:
        sql += " AND org=?"
        args.append(org)
    out = []
    for vid, o, d, who, form, data in store.db.execute(sql + " ORDER BY org, date, id", args):
        out.append({"id": vid, "org": o, "date": d, "visitors": who, "form": form, **json.loads(data)})
    return out


def iter_named(store, year: int):
    """``(visit, the organization's name, its roster domain)`` of ``year``, streamed (for the ledger)."""
    rows = store.db.execute("SELECT v.id, v.org, v.date, v.visitors, v.form, v.data, o.name, o.domain FROM visits v"
                            " LEFT JOIN organizations o ON o.org = v.org WHERE v.year=? ORDER BY v.org, v.date, v.id",
                            (year,))
    for vid, o, d, who, form, data, name, domain in rows:
        yield {"id": vid, "org": o, "date": d, "visitors": who, "form": form, **json.loads(data)}, name, domain


def coverage(store, year: int, limit: int = 200) -> dict:
    """Counted in SQL (a city's roster stays on disk): ``per_domain`` [(roster domain, organizations,
    visited)], ``visits``, and the first ``limit`` organizations not visited (``missing``, of
    ``missing_count``)."""
    seen = "(SELECT DISTINCT org FROM visits WHERE year=?)"
    per = store.db.execute(f"SELECT o.domain, count(*), count(s.org) FROM organizations o LEFT JOIN {seen} s"
                           " ON s.org = o.org GROUP BY o.domain ORDER BY min(o.org)", (year,)).fetchall()
    missing = store.db.execute(f"SELECT org, name, domain FROM organizations WHERE org NOT IN {seen} ORDER BY org"
                               " LIMIT ?", (year, limit)).fetchall()
    n_missing = sum(total - got for _, total, got in per)
    visits_n = store.db.execute("SELECT count(*) FROM visits WHERE year=?", (year,)).fetchone()[0]
    return {"per_domain": per, "visits": visits_n, "missing": missing, "missing_count": n_missing}


def visited(store, year: int) -> dict[str, int]:
    """``{org: number of visits}`` of ``year``."""
    return dict(store.db.execute("SELECT org, count(*) FROM visits WHERE year=? GROUP BY org", (year,)))


def missing(store, year: int) -> list:
    """The roster's organizations without a visit in ``year`` (``Organization`` objects)."""
    seen = visited(store, year)
    return [o for o in store.roster().values() if o.id not in seen]


def finding_text(visit: dict, lang: str = "zh") -> str:
    """The seven findings in a few words: "设置✓ 班子✓ 制度✗ … 作用发挥较好 群众满意"."""
    en = lang == "en"
    parts = []
    for fid in YESNO:
        if fid in visit:
            parts.append(f"{fid if en else FORM.field(fid).label[:2]}{'✓' if visit[fid] else '✗'}")
    for fid, zh in (("role", "作用发挥"), ("masses", "群众")):
        if fid in visit:
            parts.append(f"{fid}: {visit[fid]}" if en else f"{zh}{visit[fid]}")
    return " ".join(parts)


def yes(value, lang: str = "zh") -> str:
    if value is None:
        return ""
    return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
