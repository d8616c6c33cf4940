"""``dingji ledger merge`` with hostile and unlucky ledgers (issue "Hostile and unlucky inputs",
items 3, 5 and 10): each case is the reproduction that merged, or crashed, before.

The ledgers are forged here, as a township's export writes them: an xlsx workbook (custom
document properties ``dingji.year``, ``dingji.unit`` and, per standard, ``dingji.scale.*``,
``dingji.grade.*``, ``dingji.veto.*``; the 分类定级台账 sheet) made with openpyxl, or a JSON
document (``manifest.standards[i]`` with ``total``, ``precision``, ``grades``, ``vetoes``).

农村 (VILLAGE): total 100, precision 1; 好 90 / 较好 80 / 一般 60 / 较差 0; the fact veto
近一年有严重群访事件 (→ 较差) and the cap 满意度低于60% (→ at most 一般).
社区 (OTHER): 优秀 90 / 良好 75 / 一般 60 / 差 0, as another county's standard names them.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from cli_support import (
    fails,
    isolated_cwd,  # noqa: F401 - autouse: each test in its own folder
    ok,
)
from ledger_support import MAIN_HEADERS, sheets

PETITION, SATISFACTION = "近一年有严重群访事件", "满意度低于60%"
VILLAGE = {
    "domain": "village",
    "name": "农村",
    "total": 100,
    "precision": 1,
    "grades": [("好", 90), ("较好", 80), ("一般", 60), ("较差", 0)],
    "vetoes": [(PETITION, "较差"), (SATISFACTION, "一般")],
}
OTHER = {
    "domain": "community",
    "name": "社区",
    "total": 100,
    "precision": 1,
    "grades": [("优秀", 90), ("良好", 75), ("一般", 60), ("差", 0)],
    "vetoes": [],
}
HEADERS = MAIN_HEADERS[:-1]  # the main sheet's columns as a forged ledger writes them (no rounds)
THRESHOLDS = "好 ≥ 90、较好 ≥ 80、一般 ≥ 60、较差 ≥ 0"


def result(org, score, grade, *, domain="农村", vetoes=(), self_=None, superior=None, bonus=0, penalty=0):
    """One row: ``vetoes`` are ``(name, changed_grade)``."""
    return {
        "org": org,
        "name": f"{org}党支部",
        "domain": domain,
        "score": score,
        "grade": grade,
        "vetoes": list(vetoes),
        "sources": {"self": score if self_ is None else self_, "superior": score if superior is None else superior},
        "bonus": bonus,
        "penalty": penalty,
    }


def ledger_json(path: Path, rows, *, unit="甲乡", year=2025, standards=(VILLAGE,), edit=None) -> Path:
    """A JSON ledger as ``dingji ledger export --format json`` writes it (the keys a merge reads);
    ``edit(doc)`` may spoil it before it is written."""
    doc = {
        "schema_version": 1,
        "year": year,
        "title": f"{unit}{year}年基层党组织分类定级台账",
        "workspace": {"name": unit, "level": "乡镇"},
        "manifest": {
            "standards": [
                {
                    "domain": s["domain"],
                    "name": s["name"],
                    "id": s["domain"],
                    "version": "1.0",
                    "sha256": "0" * 64,
                    "total": s["total"],
                    "precision": s["precision"],
                    "grades": [{"name": g, "min": m} for g, m in s["grades"]],
                    "vetoes": [{"name": v, "grade": g} for v, g in s["vetoes"]],
                }
                for s in standards
            ],
            "files": [],
        },
        "sources": {"self": "自查自评", "superior": "上级党组织评定"},
        "results": [
            {
                "org": r["org"],
                "name": r["name"],
                "domain": r["domain"],
                "score": r["score"],
                "grade": r["grade"],
                "vetoes": [{"id": f"v{k}", "name": v, "changed_grade": c} for k, (v, c) in enumerate(r["vetoes"])],
                "service_oriented": False,
                "satisfaction": None,
                "sources": r["sources"],
                "bonus": r["bonus"],
                "penalty": r["penalty"],
            }
            for r in rows
        ],
        "history": [],
        "summary": {"grades": [g for g, _ in standards[0]["grades"]]},
    }
    if edit is not None:
        edit(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def reasons(vetoes) -> str:
    """The 否决原因 cell as the xlsx export writes it (core/rules.py: rules_text)."""
    changed = "；".join(v for v, c in vetoes if c)
    idle = "；".join(v for v, c in vetoes if not c)
    return changed + (f"（另成立但未改变等次：{idle}）" if idle else "")


def ledger_xlsx(path: Path, rows, *, unit="甲乡", year=2025, standards=(VILLAGE,), props=None) -> Path:
    """An xlsx ledger as ``dingji ledger export`` writes it: document properties and the main sheet
    (title row, header, rows).  ``props`` replaces the per-standard properties."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分类定级台账"
    ws.append([f"{unit}{year}年基层党组织分类定级台账"])
    ws.append(HEADERS)
    for r in rows:
        ws.append(
            [
                r["org"],
                r["name"],
                r["domain"],
                r["sources"]["self"],
                r["sources"]["superior"],
                r["bonus"],
                r["penalty"],
                r["score"],
                r["grade"],
                reasons(r["vetoes"]),
                "",
                "",
                "",
            ]
        )
    if props is None:
        props = {}
        for s in standards:
            d = s["domain"]
            props[f"dingji.scale.{d}"] = f"{s['total']} {s['precision']} {s['name']}"
            props.update({f"dingji.grade.{d}.{k}": f"{m} {g}" for k, (g, m) in enumerate(s["grades"], 1)})
            ranks = [g for g, _ in s["grades"]]
            props.update(
                {f"dingji.veto.{d}.{k}": f"{ranks.index(g) + 1} {v}" for k, (v, g) in enumerate(s["vetoes"], 1)}
            )
    for name, value in {"dingji.schema": "1", "dingji.year": str(year), "dingji.unit": unit, **props}.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.save(path)
    return path


def merge(*files, out="县.json", code=1, lang=None):
    args = (["--lang", lang] if lang else []) + ["ledger", "merge", *files, "-o", out]
    return ok(args) if code == 0 else fails(args, code=code)


# --- item 3: grades are checked against scores, thresholds and the rules named ---------------


def test_a_grade_its_score_does_not_give_is_refused_at_its_cell(tmp_path):
    path = ledger_xlsx(
        tmp_path / "甲乡.xlsx",
        [
            result("cun-01", 30.0, "好"),  # row 3
            result("cun-02", 99.0, "较差"),  # row 4: lower than its score, no reason named
            result("cun-03", 70.0, "特等"),  # row 5: not a grade of the standard
            result("cun-04", 95.0, "好"),
        ],
    )
    err = merge(path).stderr
    assert "发现 3 个问题" in err
    cell = f"{path}，工作表 分类定级台账，第 {{}} 行，列 I: "
    assert cell.format(3) + f"cun-01：综合得分 30 按农村评分标准的分数线（{THRESHOLDS}）应为较差，台账却为好" in err
    assert (
        cell.format(4)
        + (
            f"cun-02：综合得分 99 按农村评分标准的分数线（{THRESHOLDS}）应为好；台账为更低的较差，"
            "却没有写明使其降为较差的否决原因"
        )
        in err
    )
    assert cell.format(5) + "cun-03：“特等”不是农村评分标准的等次（好、较好、一般、较差）" in err
    assert not (tmp_path / "县.json").exists()


def test_the_same_refusals_in_a_json_ledger_name_the_json_path(tmp_path):
    path = ledger_json(
        tmp_path / "甲乡.json",
        [
            result("cun-01", 30, "好"),
            result("cun-02", 99, "较差"),
            result("cun-03", 70, "特等"),
        ],
    )
    err = merge(path, lang="en").stderr
    assert "3 problems found" in err
    assert (
        f"{path}, key results[0].grade: cun-01: score 30 gives 较差 by the 农村 standard's thresholds "
        "(好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, 较差 ≥ 0), not 好"
    ) in err
    assert f"{path}, key results[1].grade: cun-02: score 99 gives 好" in err
    assert "no veto reason that lowers it to 较差 is named" in err
    assert (
        f"{path}, key results[2].grade: cun-03: '特等' is not a grade of the 农村 standard (好, 较好, 一般, 较差)"
        in err
    )


def test_a_veto_reason_lowers_a_grade_only_to_its_own(tmp_path):
    good = ledger_xlsx(
        tmp_path / "甲乡.xlsx",
        [
            result("cun-01", 96.0, "较差", vetoes=[(PETITION, True)]),  # a fact veto: the lowest grade
            result("cun-02", 96.0, "一般", vetoes=[(SATISFACTION, True)]),  # a cap: at most 一般
            result("cun-03", 50.0, "较差", vetoes=[(SATISFACTION, False)]),  # the cap holds without effect
            result("cun-04", 85.0, "较差", vetoes=[(PETITION, True), (SATISFACTION, False)]),
        ],
    )
    assert "已合并 1 份台账（4 个组织）" in merge(good, code=0).stdout
    bad = ledger_xlsx(
        tmp_path / "乙乡.xlsx",
        unit="乙乡",
        rows=[
            result("cun-11", 96.0, "一般", vetoes=[(PETITION, True)]),  # the veto makes it 较差
            result("cun-12", 96.0, "较差", vetoes=[(SATISFACTION, True)]),  # the cap makes it 一般
            result("cun-13", 96.0, "较差", vetoes=[("书记不称职", True)]),  # no such rule
            result("cun-14", 96.0, "好", vetoes=[(PETITION, False)]),  # a veto that holds cannot leave 好
        ],
    )
    err = merge(bad).stderr
    assert "发现 4 个问题" in err
    at = f"{bad}，工作表 分类定级台账，第 {{}} 行，列 {{}}: "
    assert (
        at.format(3, "I") + f"cun-11：综合得分 96 按农村评分标准的分数线（{THRESHOLDS}）应为好，"
        f"所列否决原因（{PETITION}）使其为较差，台账却为一般" in err
    )
    assert at.format(4, "I") + "cun-12：" in err and f"所列否决原因（{SATISFACTION}）使其为一般，台账却为较差" in err
    assert at.format(5, "J") + "cun-13：“书记不称职”不是农村评分标准的否决或限制规则" in err
    assert at.format(6, "I") + "cun-14：" in err and f"所列否决原因（{PETITION}）使其为较差，台账却为好" in err


def test_a_real_export_edited_to_a_better_grade_is_refused(tmp_path, copy_township):
    township = copy_township(tmp_path / "测试乡")
    ok(["--workspace", township, "ledger", "export", "-o", tmp_path / "a.xlsx"])
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    ws = wb["分类定级台账"]
    assert ws["A4"].value == "sq-02" and (ws["H4"].value, ws["I4"].value) == (96, "较差")
    ws["I4"], ws["J4"] = "好", None  # the petition veto removed, the grade raised
    ws["I5"] = "好"  # sq-03, 67.0
    wb.save(tmp_path / "edited.xlsx")
    err = merge(tmp_path / "edited.xlsx", out=tmp_path / "县.xlsx").stderr
    assert "发现 1 个问题" in err  # sq-02 without its reason is 好 by its score: only sq-03 is wrong
    assert f"{tmp_path / 'edited.xlsx'}，工作表 分类定级台账，第 5 行，列 I: sq-03：综合得分 67 按社区评分标准" in err


def test_every_standard_keeps_its_own_order_and_each_lowest_grade_is_listed(tmp_path):
    a = ledger_xlsx(tmp_path / "甲乡.xlsx", [result("cun-01", 95.0, "好"), result("cun-03", 40.0, "较差")])
    b = ledger_json(
        tmp_path / "乙镇.json",
        unit="乙镇",
        standards=(OTHER,),
        rows=[
            result("cun-02", 40, "差", domain="社区"),
            result("cun-04", 95, "优秀", domain="社区"),
            result("cun-05", 70, "一般", domain="社区"),
        ],
    )
    merge(a, b, code=0)
    doc = json.loads(Path("县.json").read_text(encoding="utf-8"))
    summary = doc["summary"]
    assert summary["grades"] == ["好", "优秀", "较好", "良好", "一般", "较差", "差"]
    assert summary["lowest"] == ["较差", "差"]
    assert [(p["org"], p["grade"]) for p in summary["poor"]] == [("cun-03", "较差"), ("cun-02", "差")]
    assert summary["overall"]["counts"] == {"好": 1, "优秀": 1, "较好": 0, "良好": 0, "一般": 1, "较差": 1, "差": 1}
    assert all(not k.startswith("_") for r in doc["rows"] for k in r)

    merge(a, b, out="县.xlsx", code=0)
    book = sheets(Path("县.xlsx"))["汇总"]
    heading = next(r[0] for r in book if str(r[0]).startswith("三、"))
    assert heading == "三、较差/差党组织名单（2 个）"
    names = [r[2] for r in book[book.index([heading, *[""] * (len(book[0]) - 1)]) + 2 :][:2]]
    assert names == ["cun-03", "cun-02"]


def test_a_ledger_without_its_thresholds_is_refused(tmp_path):
    path = ledger_xlsx(tmp_path / "旧.xlsx", [result("cun-01", 95.0, "好")], props={})
    err = merge(path).stderr
    assert f"{path}: 台账中没有各评分标准的等次与分数线（可能由旧版 dingji 导出）；请用当前版本重新导出" in err

    def old(doc):
        for s in doc["manifest"]["standards"]:
            del s["grades"], s["vetoes"], s["total"], s["precision"]

    path = ledger_json(tmp_path / "旧.json", [result("cun-01", 95, "好")], edit=old)
    assert f"{path}，键 manifest.standards: 台账中没有各评分标准的等次与分数线" in merge(path).stderr


def test_forged_thresholds_are_refused(tmp_path):
    def spoil(doc):
        s = doc["manifest"]["standards"][0]
        s["grades"] = [{"name": "好", "min": 90}, {"name": "较差", "min": 95}]
        s["vetoes"] = [{"name": PETITION, "grade": "特等"}]
        s["total"] = 10**9

    path = ledger_json(tmp_path / "甲乡.json", [result("cun-01", 95, "好")], edit=spoil)
    err = merge(path).stderr
    assert f"{path}，键 manifest.standards[0].total: 总分应为大于 0、不超过 1000000 的数值，实为 1000000000" in err
    assert f"{path}，键 manifest.standards[0].vetoes: 否决规则 '{PETITION}'：应指明本标准的一个等次，实为 '特等'" in err

    props = {
        "dingji.scale.village": "100 1 农村",
        "dingji.grade.village.1": "90 好",
        "dingji.grade.village.2": "95 较差",
    }
    path = ledger_xlsx(tmp_path / "乙乡.xlsx", [result("cun-01", 95.0, "好")], props=props, unit="乙乡")
    err = merge(path).stderr
    assert f"{path}，键 dingji.grade.village: 文档属性 dingji.grade.village：等次应为两个以上互不相同的名称" in err


# --- item 5: the same township as xlsx and as JSON ---------------------------------------------


def test_the_same_ledger_as_xlsx_and_json_is_compared_at_its_precision(tmp_path):
    # an xlsx writes source scores, bonus and penalty to 2 decimals, a JSON document to 4: 84.3333 and
    # 84.33 are the same score; 70.005 (4 decimals) may come from 70.00495 or 70.00504, shown 70.0 or 70.01
    rows = [
        result("cun-01", 78.5, "一般", self_=84.3333, superior=70.005, bonus=0.6667),
        result("cun-02", 91.7, "好", self_=95.125, superior=89.9999),
    ]
    as_json = ledger_json(tmp_path / "甲乡.json", rows)
    shown = [
        result("cun-01", 78.5, "一般", self_=84.33, superior=70.0, bonus=0.67),
        result("cun-02", 91.7, "好", self_=95.13, superior=90.0),
    ]
    as_xlsx = ledger_xlsx(tmp_path / "甲乡.xlsx", shown)
    got = merge(as_xlsx, as_json, code=0)
    assert "已合并 1 份台账（2 个组织）" in got.stdout and "内容相同，只计一次" in got.stderr

    changed = ledger_xlsx(
        tmp_path / "甲乡-改.xlsx", [shown[0], result("cun-02", 91.7, "好", self_=95.14, superior=90.0)]
    )
    err = merge(as_json, changed).stderr
    assert f"甲乡 出现了两次且内容不同：{as_json} 与 {changed}" in err


# --- item 10: forged JSON ----------------------------------------------------------------------


def test_members_of_the_wrong_type_are_named_by_their_json_path(tmp_path):
    def spoil(doc):
        doc["sources"], doc["manifest"]["files"], doc["summary"] = "自查", {"a": 1}, 5
        doc["history"] = [{"org": 7}]
        doc["results"][0]["vetoes"] = "none"
        doc["results"][1] = ["cun-02"]
        del doc["results"][2]["grade"]
        doc["results"][3]["sources"]["self"] = "96"
        doc["year"] = True

    rows = [result(f"cun-0{k}", 95, "好") for k in range(1, 5)]
    path = ledger_json(tmp_path / "甲乡.json", rows, edit=spoil)
    err = merge(path).stderr
    assert "发现 9 个问题" in err
    for line in [
        "键 year: 应为四位数的年份，实为布尔值",
        "键 manifest.files: 应为数组，实为对象",
        "键 results[0].vetoes: 应为数组，实为文本 'none'",
        "键 results[1]: 应为对象，实为数组",
        "键 results[2].grade: 缺失",
        "键 results[3].sources.self: 应为数值，实为文本 '96'",
        "键 sources: 应为对象，实为文本 '自查'",
        "键 history[0].org: 应为文本，实为数值 7",
        "键 summary: 应为对象，实为数值 5",
    ]:
        assert f"{path}，{line}" in err


def test_nesting_past_the_bound_is_refused_before_parsing(tmp_path):
    path = ledger_json(tmp_path / "甲乡.json", [result("cun-01", 95, "好")])
    text = path.read_text(encoding="utf-8").replace(
        '"summary": {', '"deep": ' + "[" * 100_000 + "]" * 100_000 + ', "summary": {', 1
    )
    path.write_text(text, encoding="utf-8")
    err = merge(path).stderr
    assert f"{path}: 数组和对象嵌套 100001 层，过深，无法读取（台账为 7 层）" in err


def test_nan_infinity_and_huge_numbers_are_refused_at_their_path(tmp_path):
    def spoil(doc):
        doc["results"][0]["score"] = float("nan")
        doc["results"][1]["bonus"] = float("inf")
        doc["results"][2]["score"] = 10**400
        doc["results"][3]["penalty"] = float("-inf")
        doc["results"][3]["score"] = "1e400"  # a float too large, written below

    rows = [result(f"cun-0{k}", 95, "好") for k in range(1, 6)]
    path = ledger_json(tmp_path / "甲乡.json", rows, edit=spoil)
    path.write_text(path.read_text(encoding="utf-8").replace('"1e400"', "1e400"), encoding="utf-8")
    err = merge(path).stderr
    assert "发现 5 个问题" in err
    assert f"{path}，键 results[0].score: NaN 不是 JSON 允许的数值" in err
    assert f"{path}，键 results[1].bonus: Infinity 不是 JSON 允许的数值" in err
    assert f"{path}，键 results[2].score: 数值 100000000000…000000 过大" in err
    assert f"{path}，键 results[3].penalty: -Infinity 不是 JSON 允许的数值" in err
    assert f"{path}，键 results[3].score: 数值 1e400 过大" in err
    assert not Path("县.json").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", 1e300, "综合得分 1e+300 超出农村评分标准的 0～100"),
        ("score", -5, "综合得分 -5 超出农村评分标准的 0～100"),
        ("score", 100.5, "综合得分 100.5 超出农村评分标准的 0～100"),
        ("bonus", -1, "-1 超出 0～1000000"),
    ],
)
def test_numbers_outside_the_scale_are_refused(tmp_path, field, value, message):
    def spoil(doc):
        doc["results"][0][field] = value

    path = ledger_json(tmp_path / "甲乡.json", [result("cun-01", 95, "好")], edit=spoil)
    assert f"{path}，键 results[0].{field}: cun-01：{message}" in merge(path).stderr


def test_a_source_score_outside_the_scale_is_named_by_its_id(tmp_path):
    path = ledger_json(tmp_path / "甲乡.json", [result("cun-01", 95, "好", superior=1e20)])
    assert f"{path}，键 results[0].sources.superior: cun-01：1e+20 超出 0～100" in merge(path).stderr
    cell = ledger_xlsx(tmp_path / "甲乡.xlsx", [result("cun-01", 95.0, "好", superior=250.0)])
    assert f"{cell}，工作表 分类定级台账，第 3 行，列 E: cun-01：250 超出 0～100" in merge(cell).stderr


def test_a_json_document_that_is_not_json_is_named_by_line(tmp_path):
    path = tmp_path / "甲乡.json"
    path.write_text('{"schema_version": 1,\n "year": 2025,\n "results": [1, 2,,]}', encoding="utf-8")
    assert f"{path}，第 3 行: 不是有效的 JSON：Expecting value（第 19 列）" in merge(path).stderr


def test_a_refused_number_among_the_points_is_said_at_its_path(tmp_path):
    """The merge drops each result's indicators as it parses (it reads none of them); a NaN among
    them is still refused, at its path, as when the whole document was kept."""

    def spoil(doc):
        doc["results"][1]["indicators"] = [{"id": "secretary", "values": {"self": float("nan"), "superior": 3}}]

    rows = [result(f"cun-0{k}", 95, "好") for k in range(1, 4)]
    path = ledger_json(tmp_path / "甲乡.json", rows, edit=spoil)
    err = merge(path).stderr
    assert f"{path}，键 results[1].indicators[0].values.self: NaN 不是 JSON 允许的数值" in err
    assert not Path("县.json").exists()


def test_points_are_not_needed_to_merge(tmp_path):
    """A ledger's results with and without their indicators merge to the same ledger."""
    rows = [result("cun-01", 95, "好"), result("cun-02", 85, "较好"), result("cun-03", 70, "一般")]

    def points(doc):
        for r in doc["results"]:
            r["indicators"] = [{"id": "secretary", "values": {"self": 4.5, "superior": 4}}]

    plain = ledger_json(tmp_path / "甲乡.json", rows)
    full = ledger_json(tmp_path / "甲乡（含指标）.json", rows, edit=points)
    assert "indicators" in full.read_text(encoding="utf-8")
    got = []
    for src, out in ((plain, tmp_path / "a.json"), (full, tmp_path / "b.json")):
        merge(src, out=out, code=0)
        doc = json.loads(out.read_text(encoding="utf-8"))
        got.append((doc["rows"], doc["summary"]["domains"], doc["summary"]["overall"]))  # not the file names
    assert got[0] == got[1] and len(got[0][0]) == 3
