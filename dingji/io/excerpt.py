"""A few rows of an input file, to show a problem where it is: the rows of a worksheet (the
desk shows the header and the offending rows, the bad cell marked) and the lines of a CSV.

The workbook is checked as the readers check it (:func:`dingji.io.filesafety.check_xlsx`:
zip bombs, lying sizes, sheets that reach too far) and read with python-calamine, only down
to the last row asked for.  Every cell is given as text.
"""

from __future__ import annotations

import csv

#: the most columns given per row (a sheet a thousand columns wide is cut, not shown whole)
MAX_COLUMNS = 80


def sheet_rows(path, sheet: str, numbers) -> dict[int, list[str]]:
    """``{row: [cell text from column A]}`` of the rows ``numbers`` (as Excel numbers them,
    from 1) of ``sheet`` in the workbook at ``path``; rows past the sheet's end are left out.
    An InputError when the file is no readable workbook or has no such sheet."""
    from dingji.io.xlsx.read import _guard, _open, cell_text

    wanted = sorted({int(n) for n in numbers if int(n) >= 1})
    if not wanted:
        return {}
    file = str(path)
    wb = _open(path)
    with wb:
        if sheet not in wb.sheet_names:
            return {}
        data = _guard(
            file,
            f"sheet {sheet} cannot be read",
            f"无法读取工作表 {sheet}",
            lambda: wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=wanted[-1]),
        )
    return {n: [cell_text(v) for v in data[n - 1][:MAX_COLUMNS]] for n in wanted if n <= len(data)}


def csv_lines(path, numbers) -> dict[int, list[str]]:
    """``{line: [fields]}`` of the records ending on the lines ``numbers`` (from 1, the header's
    line; the line a CSV reader names a record by) of a UTF-8 CSV file (a BOM is skipped);
    what was read before a part that cannot be split."""
    wanted = {int(n) for n in numbers}
    out: dict[int, list[str]] = {}
    if not wanted:
        return out
    last = max(wanted)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            for row in reader:
                if reader.line_num in wanted:
                    out[reader.line_num] = row[:MAX_COLUMNS]
                if reader.line_num >= last:
                    break
    except (OSError, UnicodeDecodeError, csv.Error):
        pass
    return out
