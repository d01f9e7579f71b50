"""Make the audit log append-only in the database itself, below the application (see ``audit/db.py``)."""

from django.db import migrations

from sciezka.audit.db import guard_tables, unguard_tables

TABLES = ["audit_auditevent"]


def forwards(apps, schema_editor):
    guard_tables(schema_editor, TABLES)


def backwards(apps, schema_editor):
    unguard_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
