"""The store's schema: plain SQL steps applied in order, ``PRAGMA user_version`` holding the
number of the last one applied (see :meth:`dingji.store.db.Store.migrate`).

1. the roster (``organizations``); ``runs``, one audit row per evaluate, kept forever (when,
   which files with their sha256, the standard's text, version and sha256); ``results``, the
   active run's result per organization of a domain and year, with its normalized inputs, so
   any result can be re-graded and explained exactly;
2. ``imports`` (an audit row per import of records) and ``tracker_records``;
3. ``visits``, ``rectify_tasks``, ``rectify_events`` and ``rectify_filings``;
4. ``run_metrics``: the tracker metrics an evaluate run used, with their words, kept with the
   run (until schema 3 they were ``tracker_records`` under an ``imports`` row of kind
   ``metrics:<standard id>``; the step moves them over and removes those rows).
5. ``rounds`` of a year per domain, ``round_results`` and ``amendments``;
6. a visit edited after it was recorded: ``visits.updated_at`` and ``visit_changes``, one row
   per edit with what changed (field: [before, after]), so that no change is silent.
7. ``objections`` to the notice (异议) with their decision, reply and the amendment they caused;
   rectification tasks' ``origin`` (自己找 / 群众提 / 上级点), ``requirement`` (要求) and
   ``superior`` (需上级统筹解决); ``visit_assignments``, who is to visit which organization by when.
8. a rectification task edited after it was added (on the desk): ``rectify_changes``, one row per
   edit with what changed (field: [before, after]), as ``visit_changes`` for visits.
"""

from __future__ import annotations

MIGRATIONS = [
    # 1: roster, runs (audit), results
    """
    CREATE TABLE organizations (
        org TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL,
        parent TEXT, secretary TEXT, members INTEGER, updated_at TEXT NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, year INTEGER NOT NULL, domain TEXT NOT NULL,
        standard_id TEXT NOT NULL, standard_version TEXT NOT NULL, standard_sha256 TEXT NOT NULL,
        standard_text TEXT NOT NULL, files TEXT NOT NULL, organizations INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, replaced_by INTEGER);
    CREATE INDEX runs_year_domain ON runs(year, domain, active);
    CREATE TABLE results (
        run_id INTEGER NOT NULL REFERENCES runs(id), year INTEGER NOT NULL, domain TEXT NOT NULL,
        org TEXT NOT NULL, name TEXT NOT NULL, score TEXT NOT NULL, grade TEXT NOT NULL,
        vetoes TEXT NOT NULL, service INTEGER NOT NULL, satisfaction TEXT, inputs TEXT NOT NULL,
        exact TEXT NOT NULL, sources TEXT NOT NULL, bonus TEXT NOT NULL, penalty TEXT NOT NULL,
        PRIMARY KEY (year, org));
    CREATE INDEX results_run ON results(run_id);
    """,
    # 2: activity tracker records, and an audit row per import of any record kind
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL,
        files TEXT NOT NULL, rows INTEGER NOT NULL, active INTEGER NOT NULL DEFAULT 1, replaced_by INTEGER);
    CREATE INDEX imports_year_kind ON imports(year, kind, active);
    CREATE TABLE tracker_records (
        id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id), year INTEGER NOT NULL,
        tracker TEXT NOT NULL, org TEXT NOT NULL, member TEXT, period TEXT, data TEXT NOT NULL);
    CREATE INDEX tracker_records_key ON tracker_records(year, tracker, org);
    """,
    # 3: after grading: visits (走访台账), rectification tasks (整改台账) with their status history,
    # and the filing (备案) of rectification plans; see dingji/store/visits.py and dingji/store/rectify.py
    """
    CREATE TABLE visits (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, org TEXT NOT NULL, date TEXT NOT NULL,
        visitors TEXT NOT NULL, form TEXT NOT NULL, data TEXT NOT NULL,
        import_id INTEGER REFERENCES imports(id), at TEXT NOT NULL);
    CREATE INDEX visits_year_org ON visits(year, org);
    CREATE TABLE rectify_tasks (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, org TEXT NOT NULL, problem TEXT NOT NULL,
        measures TEXT NOT NULL, owner TEXT NOT NULL, start TEXT, deadline TEXT NOT NULL, pledge TEXT,
        status TEXT NOT NULL, done_on TEXT, closed_on TEXT, note TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
    CREATE INDEX rectify_tasks_year_org ON rectify_tasks(year, org);
    CREATE TABLE rectify_events (
        id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES rectify_tasks(id), status TEXT NOT NULL,
        on_date TEXT NOT NULL, at TEXT NOT NULL, how TEXT NOT NULL, import_id INTEGER REFERENCES imports(id));
    CREATE INDEX rectify_events_task ON rectify_events(task_id);
    CREATE TABLE rectify_filings (
        year INTEGER NOT NULL, org TEXT NOT NULL, filed_on TEXT NOT NULL, note TEXT, at TEXT NOT NULL,
        PRIMARY KEY (year, org));
    """,
    # 4: a run's tracker metrics, in their own table (were tracker records of kind metrics:<standard>)
    """
    CREATE TABLE run_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id), org TEXT NOT NULL, source TEXT NOT NULL, item TEXT NOT NULL,
        tracker TEXT NOT NULL, import_id INTEGER, metric TEXT NOT NULL, value TEXT NOT NULL, inputs TEXT NOT NULL,
        zh TEXT NOT NULL, en TEXT NOT NULL,
        PRIMARY KEY (run_id, org, source, item));
    INSERT INTO run_metrics (run_id, org, source, item, tracker, import_id, metric, value, inputs, zh, en)
        SELECT json_extract(i.files, '$.run'), t.org, 'tracker', t.period, t.tracker,
               json_extract(i.files, '$.imports."' || t.tracker || '"'),
               json_extract(t.data, '$.metric'), json_extract(t.data, '$.value'), json_extract(t.data, '$.inputs'),
               json_extract(t.data, '$.zh'), json_extract(t.data, '$.en')
        FROM tracker_records t JOIN imports i ON i.id = t.import_id
        WHERE i.kind LIKE 'metrics:%' AND json_extract(i.files, '$.run') IN (SELECT id FROM runs);
    DELETE FROM tracker_records WHERE import_id IN (SELECT id FROM imports WHERE kind LIKE 'metrics:%');
    DELETE FROM imports WHERE kind LIKE 'metrics:%';
    """,
    # 5: rounds of a year per domain (初定, 复评 …), their publication (公示), the results of a round
    # once the next opens, and amendments of a published round; runs are numbered per domain and year
    """
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, domain TEXT NOT NULL, number INTEGER NOT NULL,
        name TEXT NOT NULL, opened_at TEXT NOT NULL, published_at TEXT, notice_from TEXT, notice_days INTEGER,
        notice_stale INTEGER NOT NULL DEFAULT 0, UNIQUE (year, domain, number));
    CREATE TABLE round_results (
        round_id INTEGER NOT NULL REFERENCES rounds(id), run_id INTEGER NOT NULL REFERENCES runs(id),
        org TEXT NOT NULL, name TEXT NOT NULL, score TEXT NOT NULL, grade TEXT NOT NULL, vetoes TEXT NOT NULL,
        service INTEGER NOT NULL, PRIMARY KEY (round_id, org));
    CREATE TABLE amendments (
        id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL REFERENCES rounds(id), run_id INTEGER NOT NULL REFERENCES runs(id),
        at TEXT NOT NULL, reason TEXT NOT NULL, changes TEXT NOT NULL);
    ALTER TABLE runs ADD COLUMN round_id INTEGER REFERENCES rounds(id);
    ALTER TABLE runs ADD COLUMN seq INTEGER;
    INSERT INTO rounds (year, domain, number, name, opened_at)
        SELECT year, domain, 1, '初定', min(at) FROM runs GROUP BY year, domain;
    UPDATE runs SET round_id = (SELECT r.id FROM rounds r WHERE r.year = runs.year AND r.domain = runs.domain),
        seq = (SELECT count(*) FROM runs o WHERE o.year = runs.year AND o.domain = runs.domain AND o.id <= runs.id);
    """,
    # 6: visits edited (the desk's form): when, and what changed, per edit; see dingji/store/visits.py
    """
    ALTER TABLE visits ADD COLUMN updated_at TEXT;
    CREATE TABLE visit_changes (
        id INTEGER PRIMARY KEY, visit_id INTEGER NOT NULL REFERENCES visits(id), at TEXT NOT NULL,
        how TEXT NOT NULL, changes TEXT NOT NULL);
    CREATE INDEX visit_changes_visit ON visit_changes(visit_id);
    """,
    # 7: objections to the notice; where a rectification problem came from, what the fix must meet and
    # whether it needs the superior; visits assigned before they happen (issue 13)
    """
    CREATE TABLE objections (
        id INTEGER PRIMARY KEY, year INTEGER NOT NULL, org TEXT NOT NULL, received TEXT NOT NULL,
        raised_by TEXT NOT NULL, channel TEXT, contact TEXT, content TEXT NOT NULL,
        result TEXT NOT NULL DEFAULT 'open', decision TEXT, decided_on TEXT, reply TEXT, replied_on TEXT,
        amendment_id INTEGER REFERENCES amendments(id), import_id INTEGER REFERENCES imports(id),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX objections_year_org ON objections(year, org);
    ALTER TABLE rectify_tasks ADD COLUMN origin TEXT;
    ALTER TABLE rectify_tasks ADD COLUMN requirement TEXT;
    ALTER TABLE rectify_tasks ADD COLUMN superior INTEGER;
    CREATE TABLE visit_assignments (
        year INTEGER NOT NULL, org TEXT NOT NULL, visitors TEXT NOT NULL, due TEXT NOT NULL, note TEXT,
        import_id INTEGER REFERENCES imports(id), at TEXT NOT NULL, PRIMARY KEY (year, org));
    """,
    # 8: the edits of a rectification task, each with what it changed (the desk's task form)
    """
    CREATE TABLE rectify_changes (
        id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES rectify_tasks(id), at TEXT NOT NULL,
        how TEXT NOT NULL, changes TEXT NOT NULL);
    CREATE INDEX rectify_changes_task ON rectify_changes(task_id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str):
    """The statements of one step (no step has a ``;`` inside a string)."""
    for part in script.split(";"):
        if part.strip():
            yield part
