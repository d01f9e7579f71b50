"""Make the audit log append-only in the database itself, below the application.

PostgreSQL: a trigger refuses UPDATE and DELETE of rows (for every role, the owner included); only a
TRUNCATE by the database administrator (retention after the filing plan's period) can remove them.
SQLite (the embedded demo database): a trigger refuses UPDATE; deletion is caught by ``sciezka audit verify``.
"""

from django.db import migrations

TABLES = ["audit_auditevent"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                """
                CREATE OR REPLACE FUNCTION sciezka_append_only() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION 'table % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
                END;
                $$ LANGUAGE plpgsql;
                """,
                params=None,
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sciezka_append_only();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only (UPDATE refused)'); END;"
            )


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
