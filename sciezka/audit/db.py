"""Database-level guards of the append-only logs, used by migrations (and by tests that tamper on purpose).

PostgreSQL: a trigger refuses UPDATE and DELETE of rows for every role, the owner included; only a TRUNCATE
by the database administrator (retention after the filing plan's period) can remove rows.
SQLite (the embedded demo database): a trigger refuses UPDATE; deletion is caught by ``sciezka audit verify``
(SQLite's test-database flush needs DELETE).
"""

from __future__ import annotations

from typing import Any

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION sciezka_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def guard_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            POSTGRES_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sciezka_append_only();",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only (UPDATE refused)'); END;"
        ]
    return []


def unguard_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"]
    return [f"DROP TRIGGER IF EXISTS {table}_append_only;"]


def guard_tables(schema_editor: Any, tables: list[str]) -> None:
    for table in tables:
        for sql in guard_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)


def unguard_tables(schema_editor: Any, tables: list[str]) -> None:
    for table in tables:
        for sql in unguard_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)
