"""Tampering with the access log directly in the database makes `sciezka audit verify` fail, naming the entry."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from sciezka.audit.tests.tampering import append_only_guard_lifted, raw
from sciezka.registry.services import person_read
from sciezka.registry.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
TABLE = "audit_accesslogentry"


@pytest.fixture
def four_reads(world) -> None:
    actor = world.actor(world.ops)
    for person in (world.shared, world.ops_only, world.shared, world.pup_only):
        person_read(actor=actor, person=person, on=TODAY, purpose="case_handling")


def verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", "--chain", "access", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue()


def test_intact_access_log_verifies(four_reads) -> None:
    assert verify() == (0, '{"chain": "access", "entries": 4, "ok": true}\n')


def test_application_cannot_update_the_access_log(four_reads) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"UPDATE {TABLE} SET purpose = 'audit' WHERE seq = 1")


def test_edited_entry_is_named(four_reads) -> None:
    with append_only_guard_lifted(TABLE):
        raw(f"UPDATE {TABLE} SET purpose = 'audit' WHERE seq = 2")
    code, output = verify()
    assert (code, '"first_bad_entry": 2' in output) == (1, True)


def test_deleted_entry_is_named(four_reads) -> None:
    with append_only_guard_lifted(TABLE):
        raw(f"DELETE FROM {TABLE} WHERE seq = 3")
    code, output = verify()
    assert (code, '"first_bad_entry": 3' in output) == (1, True)


def test_reordered_entries_are_named(four_reads) -> None:
    with append_only_guard_lifted(TABLE):
        raw(f"UPDATE {TABLE} SET seq = 100 WHERE seq = 1")
        raw(f"UPDATE {TABLE} SET seq = 1 WHERE seq = 2")
        raw(f"UPDATE {TABLE} SET seq = 2 WHERE seq = 100")
    code, output = verify()
    assert (code, '"first_bad_entry": 1' in output) == (1, True)
