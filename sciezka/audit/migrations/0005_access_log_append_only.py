"""Make the access log append-only in the database itself (see ``audit/db.py``)."""

from django.db import migrations

from sciezka.audit.db import guard_tables, unguard_tables

TABLES = ["audit_accesslogentry"]


def forwards(apps, schema_editor):
    guard_tables(schema_editor, TABLES)


def backwards(apps, schema_editor):
    unguard_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_accesslogentry_person_accesslogentry_user_and_more")]
    operations = [migrations.RunPython(forwards, backwards)]
