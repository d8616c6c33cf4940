"""The xlsx data-entry workbook and roster, registered as the ``xlsx`` reader.

The reading itself (python-calamine, after the file-safety checks) is
:mod:`dingji.io.xlsx.read`; this plugin registers it through ``dingji_register_readers``.
"""

from dingji import hookimpl
from dingji.core.model import Reader
from dingji.io.xlsx.read import read_roster_xlsx, read_template


@hookimpl
def dingji_register_readers(register):
    register(Reader("xlsx", (".xlsx", ".xlsm", ".xls"), read_template, read_roster_xlsx))
