"""The ledger's built-in sheets beyond the grades, contributed through ``dingji_ledger_sheets``
exactly as a third party's would be:

- 走访台账 (order 100), 异议处理 (150) and 整改台账 (200), with their JSON keys ``visits``,
  ``objections`` and ``rectification``; 上级统筹事项 (210) when a task needs the superior;
- 学习先进 (250, JSON key ``exemplars``): the 先进典型 and their commendations;
- one sheet per registered tracker (from 300, in the trackers' order);
- the 汇总 sheet's parts after the counts: 晋位升级, the distribution checks, rectification
  and visits (a :class:`dingji.report.sheet.SummaryPart`, order 100), then the exemplars (150).
"""

from dingji import hookimpl
from dingji.report import exemplar_sheet as exemplars
from dingji.report.objections import objection_sheet
from dingji.report.rectify_sheets import rectify_sheet, superior_sheet
from dingji.report.sheet import SummaryPart
from dingji.report.summary import blocks, facts
from dingji.report.tracker_sheet import tracker_sheet
from dingji.report.year_sheets import visit_sheet


@hookimpl
def dingji_ledger_sheets(ledger):
    sheets = [
        SummaryPart(facts, blocks, order=100),
        visit_sheet(ledger),
        objection_sheet(ledger),
        rectify_sheet(ledger),
    ]
    upward = superior_sheet(ledger)  # only when a task needs the superior
    if upward is not None:
        sheets.append(upward)
    sheets += [SummaryPart(exemplars.facts, exemplars.blocks, order=150), exemplars.exemplar_sheet(ledger)]
    for i, tracker in enumerate(ledger.registry.trackers.values()):
        sheets.append(tracker_sheet(ledger, tracker, ledger.trackers, order=300 + i))
    return sheets
