"""Ingestors, one module per family of files, and the registry that picks one by content."""
