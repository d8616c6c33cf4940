"""``python -m dingji``: the same as the ``dingji`` command."""

from dingji.cli import main

main()
