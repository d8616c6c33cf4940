"""What follows grading in the year: visits, rectification, 晋位升级, the plan and the status.

- ``visits``: the visit ledger (走访台账).
- ``rectify``: rectification tasks (整改任务), their status history and the filing (备案) of plans.
- ``suggest``: draft rectification problems from a graded result (整改问题草稿).
- ``rectify_view``: what ``dingji rectify list`` and ``suggest`` show.
- ``forms``: the record forms of visits and tasks, read and checked like tracker records.
- ``graded``: a year's stored grades beside last year's (晋位升级), read without re-grading.
- ``compare``: last year beside this year for ``dingji explain``.
- ``plan``: the year's phases and grade distribution from ``dingji.toml``.
- ``status``: the year at a glance (``dingji status``).
- ``sheets``: the ledger's 走访台账 and 整改台账 sheets.
- ``summary``: what the 汇总 sheet says beyond the counts per grade.
"""
