"""The long-form score CSV and the roster CSV, registered as the ``csv`` reader.

The reading itself is :mod:`dingji.io.tabular`; this plugin registers it through
``dingji_register_readers`` as a third party would.
"""

from dingji import hookimpl
from dingji.core.model import Reader
from dingji.io.tabular import read_long_csv, read_roster_csv


def _scores(path, standard):
    return read_long_csv(path)


@hookimpl
def dingji_register_readers(register):
    register(Reader("csv", (".csv", ".txt"), _scores, read_roster_csv))
