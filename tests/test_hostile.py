"""Hostile and unlucky inputs (issue 11): each case is the reproduction that failed before."""

from __future__ import annotations

from decimal import Decimal

import pytest

import dingji
from dingji.core.values import to_decimal
from dingji.io.xlsx.template import write_template
from test_xlsx_read import BY_ID, CUN01, ROSTER, fill


@pytest.mark.parametrize(("double", "shown"), [
    (4.1 - 0.1, "4"),               # 3.9999999999999996 in the file, 4 in Excel
    (5.02 + 0.1, "5.12"),           # 5.119999999999999
    (0.1 + 0.2, "0.3"),             # 0.30000000000000004
    (14.5, "14.5"),
    (1 / 3, "0.333333333333333"),   # a computed third: 15 digits, as Excel keeps it
])
def test_a_double_from_a_workbook_is_taken_at_15_significant_digits(double, shown):
    assert to_decimal(double) == Decimal(shown)


def test_a_double_just_below_a_rounding_line_does_not_decide_the_score(tmp_path):
    village = dingji.get_standard("village")
    path = tmp_path / "村.xlsx"
    write_template(village, ROSTER, path)
    # cun-01 of test_xlsx_read, but the superior's 村党组织书记 typed as the formula =5.02+0.1,
    # which openpyxl (like Excel) stores as the double 5.119999999999999.
    # superior = 79.4 − 5.5 + 5.12 = 79.02; combined 0.2×97 + 0.3×92.8 + 0.5×79.02 + 2 − 1
    #          = 19.4 + 27.84 + 39.51 + 1 = 87.75 → 87.8 (the double alone would give 87.7499… → 87.7)
    values = {"cun-01": {**CUN01, ("superior", "secretary"): 5.02 + 0.1}}
    fill(path, village, values)
    assert "5.119999999999999" in _sheet_xml(path)
    (r, *_) = [x for x in dingji.evaluate(village, path, roster=BY_ID) if x.org == "cun-01"]
    assert (r.score, r.grade) == (Decimal("87.8"), "较好")
    assert r.sources["superior"] == Decimal("79.02")
    assert any("5.12" in line for line in r.explain())


def _sheet_xml(path) -> str:
    import zipfile
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
