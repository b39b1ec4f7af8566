"""Migration operations that only make sense on PostgreSQL.

Trigram (pg_trgm) indexes speed up the directory search and the holder-name search on
PostgreSQL; SQLite has no such index type (`near "gin_trgm_ops"`), falls back to a LIKE scan
and must still migrate. These operations do nothing on any other database vendor.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class _PostgreSQLOnly:
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgreSQLTrigramExtension(_PostgreSQLOnly, TrigramExtension):
    pass


class PostgreSQLAddIndex(_PostgreSQLOnly, migrations.AddIndex):
    """AddIndex on PostgreSQL; on other vendors the index exists in the model state only."""
