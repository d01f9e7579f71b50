"""Test helpers that tamper with the append-only tables the way an attacker with database access would."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

from sciezka.audit.db import guard_sql


@contextlib.contextmanager
def append_only_guard_lifted(table: str) -> Iterator[None]:
    """Drop the append-only trigger for the block and restore it afterwards."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Deferred foreign-key checks count as pending trigger events; flush them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        else:
            cursor.execute(f"DROP TRIGGER {table}_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
            else:
                for sql in guard_sql(vendor, table):
                    cursor.execute(sql)


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
