"""Staff groups "Curator" (edit) and "Viewer" (read only); see bodies/staff_groups.py.

Depends on the latest migration of every certdir app, so that all their models (and
simple-history's Historical* models) exist when the permission sets are computed. When a
later migration adds a model, run `manage.py ensure_staff_groups` (or add a migration that
calls the same function).
"""

from django.db import migrations

from bodies.staff_groups import ensure_staff_groups, remove_staff_groups


def forwards(apps, schema_editor):
    ensure_staff_groups(apps, using=schema_editor.connection.alias)


def backwards(apps, schema_editor):
    remove_staff_groups(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("accreditation", "0002_constraint_messages"),
        ("bodies", "0003_constraint_messages"),
        ("complaints", "0002_constraint_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
