"""Trigram indexes for search on PostgreSQL (no-ops elsewhere).

Django's `icontains` compiles to UPPER(col) LIKE UPPER(%s), so the directory's indexes are on
UPPER(col); the holder search uses the `%` similarity operator on the plain column.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.indexes import OpClass
from django.db import migrations

from bodies.migration_ops import PostgreSQLAddIndex, PostgreSQLTrigramExtension


def upper_trgm(field):
    return OpClass(django.db.models.functions.text.Upper(field), name="gin_trgm_ops")


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial")]

    operations = [
        PostgreSQLTrigramExtension(),
        # Directory `q`: name, acronym, city icontains.
        PostgreSQLAddIndex(
            model_name="body",
            index=django.contrib.postgres.indexes.GinIndex(
                upper_trgm("name"), name="body_name_upper_trgm"
            ),
        ),
        PostgreSQLAddIndex(
            model_name="body",
            index=django.contrib.postgres.indexes.GinIndex(
                upper_trgm("acronym"), name="body_acronym_upper_trgm"
            ),
        ),
        PostgreSQLAddIndex(
            model_name="body",
            index=django.contrib.postgres.indexes.GinIndex(
                upper_trgm("city"), name="body_city_upper_trgm"
            ),
        ),
        # /verify/ by holder name: holder_name % 'query' ordered by similarity.
        PostgreSQLAddIndex(
            model_name="certificate",
            index=django.contrib.postgres.indexes.GinIndex(
                OpClass("holder_name", name="gin_trgm_ops"), name="cert_holder_trgm"
            ),
        ),
    ]
