"""Page search over case files, always limited to what the user may see.

Public API (everything else is private to the app):
- ``services.index_pages_by_id(page_ids)``, ``services.remove_document(document_id)``,
  ``services.reindex_all()`` — keep the index in step with page text;
- ``selectors.search_pages(user, query, ...)`` — ranked, cited, highlighted hits;
- ``batch.batch_search(user, terms)`` and ``batch.batch_csv(results)`` — term sweeps;
- ``query.parse(text)`` — the query language (see its docstring).

Backends live in ``backends/`` behind one Protocol: SQLite FTS5 (the default on SQLite,
chosen by measurement — see bench/bench_search.py), PostgreSQL full text (the default on
PostgreSQL) and Tantivy.
"""
