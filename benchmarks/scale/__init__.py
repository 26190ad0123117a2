"""Cadence at organisation scale, embedded and server mode side by side.

    .venv/bin/python -m benchmarks.scale --people 1000,2000 --modes embedded,server [--out F]

For each (mode, size) a fresh child process generates the demo organisation
(``assistant.demo.generate``), imports it (``import_bundle``), builds the whole index
(``rebuild_index``), times write → searchable (a feedback written through ``writes.give_feedback``
while an index worker drains the outbox, as ``cadence serve`` or ``cadence worker`` does), scoped
hybrid search for four callers (``load_caller`` + ``scope_for`` + ``hybrid_search``, as ``cadence
search`` does), agendas for a manager and a director and HR themes (``pipeline.generate``,
offline provider, the task cache cleared before each run), and the peak memory of each process.
The parent prints a markdown table of every configuration (and writes the figures as JSON with
``--out``).

Embedded mode is SQLite + embedded Chroma in a temporary data dir. Server mode is PostgreSQL
(``--pg-url``: a scratch database the benchmark drops and recreates) and a ``chroma run`` server on
a free loopback port (the same start-up as tests/integration/test_topology.py).
"""
