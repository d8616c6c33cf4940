"""The data-entry files of a standard, registered as writers of role ``template``:
``xlsx`` (the workbook of :mod:`dingji.io.xlsx.template`) and ``csv`` (the long form,
one blank value per organization, source and item, each line naming what it is:
:mod:`dingji.io.long_template`)."""

from dingji import hookimpl
from dingji.report.sheet import LedgerWriter


def _xlsx(standard, roster, path, lang="zh"):
    from dingji.io.xlsx.template import write_template

    return write_template(standard, roster, path, lang=lang)


def _csv(standard, roster, path, lang="zh"):
    from dingji.io.long_template import write_long_template

    return write_long_template(standard, roster, path, lang)


@hookimpl
def dingji_register_writers(register):
    register(LedgerWriter("xlsx", ".xlsx", _xlsx, "填报工作簿 / the data-entry workbook", role="template"))
    register(LedgerWriter("csv", ".csv", _csv, "长表 CSV / the long-form CSV", role="template"))
