"""Vendor-specific full-text structures: the FTS5 virtual table (and its page-deleted
trigger) on SQLite; the GIN index on PostgreSQL."""

from django.db import migrations

from innocence.search.backends import postgres, sqlite_fts5


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_fts5.CREATE_SQL, "postgresql": postgres.CREATE_SQL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_fts5.DROP_SQL, "postgresql": postgres.DROP_SQL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("documents", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
