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
    ``compile(indicator)`` returns a ``dingji.Scorer`` whose inputs' kinds are among
    ``score``, ``count``, ``yesno``, ``rate`` (another kind is reported with the plugin's
    name, and the standard using it does not load); ``check(indicator, context)``
    returns ``(key, dingji.Text(chinese, english))`` problems with the method's own keys (the
    0.1 form ``(key, english, chinese)`` is still read)."""


@hookspec
def dingji_register_metrics(register):
    """Register organization metrics that ``when`` veto rules may test:
    ``register(dingji.Metric(name, description, compute))``, where
    ``compute(standard, assessment)`` returns a Decimal 0..1 or None when unknown."""


@hookspec
def dingji_register_trackers(register):
    """Register activity trackers: ``register(dingji.Tracker(id, name, metrics, fields=...,
    member_field=..., period_field=..., unique=..., check=..., defaults=..., commands=...))``.
    ``fields`` (``dingji.Field``: id, label, kind text/int/date/yesno/choice, required,
    choices; or a function of the ``[trackers.<id>]`` settings) is the record schema from
    which dingji makes the xlsx/CSV template, checks imports and lays out the tracker's
    ledger sheet; each ``dingji.TrackerMetric(name, description, compute)`` turns one
    organization's records (``dingji.OrgRecords``) into a ``dingji.MetricValue`` (a share
    0..1 with its counts in words; a Decimal, or the exact fraction of its counts as
    ``OrgRecords.share`` gives it, never rounded), which ``evaluate`` gives the standards'
    ``tracker`` indicators; a tracker's own subcommands come through :func:`dingji_commands`.
    ``dingji.TrackerInfo(id, name, {metric: description})`` declares a tracker without
    records, whose values come from the scores' ``tracker`` rows.  Standards' ``tracker``
    indicators may only name registered trackers and metrics."""


@hookspec
def dingji_register_readers(register):
    """Register input formats: ``register(dingji.Reader(name, suffixes, read_scores, read_roster))``.
    ``read_scores(path, standard)`` returns a ``dingji.Batch``; ``read_roster(path)``
    returns a list of ``dingji.Organization``; both raise ``dingji.InputError``
    with every problem.  The reader is chosen by the file's suffix."""


@hookspec
def dingji_register_writers(register):
    """Register ledger output formats: ``register(dingji.LedgerWriter(name, suffix, write,
    description, many=False))``.  ``write(ledger, path)`` writes the whole ledger (a
    :class:`dingji.report.ledger.Ledger`: ``sheets()``, ``json_items()``, ``manifest``, ``title``,
    ``year``) to ``path``, a temporary file beside the target that is renamed only when
    ``write`` returns; a writer with ``many=True`` gets the user's target instead and writes
    its files atomically itself.  ``dingji ledger export --format NAME`` picks a writer by
    name; the built-in xlsx, csv and json formats are registered through this hook."""


@hookspec
def dingji_ledger_sheets(ledger):
    """Return extra sheets for the combined ledger: a ``dingji.LedgerSheet(name, headers,
    rows, title=None, ...)``, a list of them, or None.  Called once per export with the
    :class:`dingji.report.ledger.Ledger` being written (its ``store``, ``year``, ``standards``,
    ``title``); the sheets go after the tracker sheets and before 公示, in the workbook and
    the CSV export (the JSON document holds the results and the summary).
    ``rows`` may be a callable returning an iterator, so that large sheets are made while
    they are written.  A failing implementation is reported by name and skipped."""


@hookspec
def dingji_commands():
    """Return command-line commands: click commands for the top level (``dingji NAME``), or
    ``(parent, command)`` pairs whose ``parent`` names a group by its words
    (``"track sanliang"``, ``"rectify"``).  A command gets dingji's context object with
    ``click.pass_obj``: ``obj.workspace()``, ``obj.registry()``, ``obj.lang`` (``"zh"`` or
    ``"en"``) and ``obj.table(headers, rows)``; it imports nothing of ``dingji.cli``.
    A failing implementation is reported by name and its commands are left out."""


@hookspec
def dingji_web_pages(desk):
    """Return pages for the desk (``dingji serve``): a list of ``starlette.routing.Route``.
    Called once when the desk starts, with the ``desk`` the pages serve: ``desk.ws`` (the
    workspace), ``desk.registry``, ``desk.year``, ``desk.today()``, ``desk.store()`` (a
    context manager: one store per request), ``desk.render(request, template, **context)``
    (Jinja2, every value escaped; ``desk.add_templates(folder)`` adds a plugin's templates,
    which may extend ``base.html``), ``desk.page(request, title, body)`` and
    ``desk.add_menu(path, zh, en)``.  A POST route's form is read and its CSRF token checked
    before the endpoint runs (forms carry ``<input type="hidden" name="csrftoken"
    value="{{ csrf }}">``); the endpoint finds it in ``request.state.form``.  The desk's own
    pages are registered through this hook too.  A failing implementation is reported by
    name and its pages are left out."""
