"""What the 汇总 sheet (and the JSON summary) says beyond the counts per grade: 晋位升级
against last year, the distribution checks, rectification as of a day, and visits.

:func:`facts` reads the store once (grades streamed beside last year's) and returns
plain data under stable keys; :func:`blocks` lays it out as tables of the 汇总 sheet.
Lists are cut at :data:`LIST_LIMIT` rows in the sheet, with the full count given
(the 分类定级台账 holds every organization's move, filterable).

Split by concern: the facts (:mod:`.summary_facts`), their layout as blocks
(:mod:`.summary_blocks`), and the words of both (:mod:`.summary_text`).
"""

from __future__ import annotations

from dingji.report.summary_blocks import blocks
from dingji.report.summary_facts import LIST_LIMIT, NEW, facts
from dingji.report.summary_text import T, t

__all__ = ["LIST_LIMIT", "NEW", "T", "blocks", "facts", "t"]
