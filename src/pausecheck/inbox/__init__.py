"""When the member is the target: messages received, threat triage, the harassment log's
commands, the evidence pack.

A room above the engine, beside the store, the desk, the importers and the audit: it reads
messages (CSV, JSON lines, the importers' archives), scores them with the same
:class:`~pausecheck.engine.Checker` as drafts (:mod:`.triage` maps the findings to the
categories of abuse *received*), and appends them to the store's hash-chained harassment log
(:mod:`pausecheck.store.evidence`). The engine never imports it (import-linter).
"""
