"""Every hook a dingji plugin can implement.

Contribution hooks take a ``register`` callback (as in llm): the host builds
it, the plugin hands it what it contributes, and never touches dingji's state.
Each hook is called once per run (never per organization or indicator).
Implement a hook with ``from dingji import hookimpl``.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("dingji")


@hookspec
def dingji_register_standards(register):
    """Register domain standards: ``register(path)`` for a TOML file (a
    ``pathlib.Path`` or an ``importlib.resources`` file), or ``register(text, name=...)``
    for TOML text.  A standard that fails to load is reported with its plugin's name."""


@hookspec
def dingji_register_methods(register):
    """Register scoring methods: ``register(dingji.Method(name, description, compile, check, keys))``.
    ``compile(indicator)`` returns a ``dingji.Scorer``; ``check(indicator, context)``
    returns ``(key, english, chinese)`` problems with the method's own keys."""


@hookspec
def dingji_register_metrics(register):
    """Register organization metrics that ``when`` veto rules may test:
    ``register(dingji.Metric(name, description, compute))``, where
    ``compute(standard, assessment)`` returns a Decimal 0..1 or None when unknown."""


@hookspec
def dingji_register_trackers(register):
    """Register activity trackers: ``register(dingji.TrackerInfo(id, name, metrics))``,
    ``metrics`` mapping each metric name to its description.  Standards' ``tracker``
    indicators may only name registered trackers and metrics."""


@hookspec
def dingji_register_readers(register):
    """Register input formats: ``register(dingji.Reader(name, suffixes, read_scores, read_roster))``.
    ``read_scores(path, standard)`` returns a ``dingji.Batch``; ``read_roster(path)``
    returns a list of ``dingji.Organization``; both raise ``dingji.InputError``
    with every problem.  The reader is chosen by the file's suffix."""
