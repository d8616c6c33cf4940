"""The ledger's hooks: ``dingji_register_writers`` (output formats; the built-in xlsx, csv and
json come through it too) and ``dingji_ledger_sheets`` (extra sheets)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cli_support import isolated_cwd  # noqa: F401 - autouse: each test in its own folder
from dingji import hookimpl
from dingji.registry import PluginWarning, Registry
from dingji.report.ledger import Ledger, LedgerSheet, LedgerWriter, export
from dingji.services.workspace import open_workspace
from ledger_support import SHEETS, sheets


@pytest.fixture(scope="module")
def township(tmp_path_factory, copy_township) -> Path:
    return copy_township(tmp_path_factory.mktemp("hooks") / "测试乡", previous=None)


def ledger_with(root: Path, *plugins):
    ws = open_workspace(root)
    reg = Registry(entry_points=False, plugins=plugins)
    for path in ws.standard_folders:
        reg.add_folder(path)
    store = ws.store()
    return Ledger.from_workspace(ws, store, reg), reg, store


class TsvPlugin:
    """A third-party format: the main sheet as tab-separated text."""

    @staticmethod
    def write(ledger, path):
        main = [s for s in ledger.sheets() if s.name == "分类定级台账"][0]
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(main.headers)
            w.writerows(main.iter_rows())

    @hookimpl
    def dingji_register_writers(self, register):
        register(LedgerWriter("tsv", ".tsv", self.write, "tab-separated main sheet"))


def test_hook_dingji_register_writers(township, tmp_path):
    ledger, reg, store = ledger_with(township, TsvPlugin())
    try:
        assert {"xlsx", "csv", "json", "tsv"} <= set(reg.writers)
        names = {name: hooks for name, _, hooks in reg.plugin_rows()}
        assert "dingji_register_writers" in names["dingji.plugins.ledger_xlsx"]  # built-ins use the same hook
        assert "dingji_register_writers" in names["dingji.plugins.ledger_text"]
        export(ledger, reg.writers["tsv"], tmp_path / "out.tsv")
    finally:
        store.close()
    lines = (tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["编号", "组织名称", "领域"] and len(lines) == 5
    assert lines[4].split("\t")[:2] == ["sq-04", "@a"]


#: values a careless plugin might hand over: formulas, tabs, CR, control characters, a literal escape
ODD = ["=1+1", "\t缩进", "\r回车", "a\rb\nc", "响铃\x07", "A_x0041_", "-3", 12.5, None]


class VisitsPlugin:
    """谈心谈话台账: one row per organization, made while written (走访台账 is built in)."""

    @hookimpl
    def dingji_ledger_sheets(self, ledger):
        def rows():
            for r in ledger.store.iter_result_rows(ledger.year):
                yield [r.org, r.name, "2025-03-01", "张三"]

        return [
            LedgerSheet("谈心谈话台账", ["编号", "组织名称", "谈话日期", "谈话人"], rows, title="谈心谈话台账"),
            LedgerSheet("杂项", [f"列{i}" for i in range(len(ODD))], [ODD]),
        ]


class BrokenSheets:
    @hookimpl
    def dingji_ledger_sheets(self, ledger):
        raise RuntimeError("database offline")


class WrongSheets:
    @hookimpl
    def dingji_ledger_sheets(self, ledger):
        return ["not a sheet"]


def test_hook_dingji_ledger_sheets(township, tmp_path):
    with pytest.warns(PluginWarning) as caught:
        ledger, reg, store = ledger_with(township, VisitsPlugin(), BrokenSheets(), WrongSheets())
        try:
            export(ledger, reg.writers["xlsx"], tmp_path / "l.xlsx")
            export(ledger, reg.writers["csv"], f"{tmp_path}/csv/")
        finally:
            store.close()
    text = " ".join(str(w.message) for w in caught)
    assert "database offline" in text and "not dingji.LedgerSheet" in text  # reported, skipped
    book = sheets(tmp_path / "l.xlsx")
    # after the tracker sheets, before 公示
    assert list(book) == SHEETS[:-2] + ["谈心谈话台账", "杂项", "公示", "评分标准摘要"]
    assert book["谈心谈话台账"][1] == ["编号", "组织名称", "谈话日期", "谈话人"]
    assert [r[0] for r in book["谈心谈话台账"][2:]] == ["sq-01", "sq-02", "sq-03", "sq-04"]
    assert book["杂项"][1][:8] == ODD[:8]  # every text back unchanged, none a formula
    assert (tmp_path / "csv" / "谈心谈话台账.csv").is_file()
    with open(tmp_path / "csv" / "杂项.csv", encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[1][:3] == ["'=1+1", "'\t缩进", "'\r回车"]


def test_a_sheet_without_title_has_its_header_frozen_on_row_1(township, tmp_path):
    import openpyxl

    ledger, reg, store = ledger_with(township, VisitsPlugin())
    try:
        export(ledger, reg.writers["xlsx"], tmp_path / "l.xlsx")
    finally:
        store.close()
    ws = openpyxl.load_workbook(tmp_path / "l.xlsx")["杂项"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:I2" and ws.print_title_rows == "$1:$1"
