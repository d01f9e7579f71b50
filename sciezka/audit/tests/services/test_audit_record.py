from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from sciezka.accounts.audit_events import INSTITUTION_CREATED
from sciezka.accounts.services import institution_create
from sciezka.audit.models import AuditEvent
from sciezka.audit.registry import AuditEventType, register
from sciezka.audit.selectors import chain_verify
from sciezka.audit.services import AuditOutsideTransactionError, audit_record
from sciezka.audit.tests.tampering import append_only_guard_lifted, raw
from sciezka.common.request_context import unit_of_work

pytestmark = pytest.mark.django_db


def make_events(n: int) -> list[AuditEvent]:
    for i in range(n):
        institution_create(actor=None, code=f"OPS-T{i}", kind="OPS", name=f"OPS testowy {i}")
    return list(AuditEvent.objects.order_by("seq"))


def verify_output() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(AuditOutsideTransactionError):
        audit_record(event=INSTITUTION_CREATED, actor=None)


def test_audit_record_refuses_unregistered_event_types() -> None:
    stray = AuditEventType("audit.stray_happened", "not registered")
    with transaction.atomic(), pytest.raises(ValueError, match="not registered"):
        audit_record(event=stray, actor=None)


def test_registering_an_event_type_twice_fails() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register(INSTITUTION_CREATED.code, "again")


def test_events_carry_sequence_request_id_and_channel() -> None:
    with unit_of_work(channel="web", request_id="req-12345678"):
        events = make_events(2)
    assert [(e.seq, e.request_id, e.channel) for e in events] == [
        (1, "req-12345678", "web"),
        (2, "req-12345678", "web"),
    ]
    assert events[1].previous_hash == events[0].hash


def test_database_refuses_to_update_an_audit_event() -> None:
    make_events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_auditevent SET event_type = 'x'")


def test_verify_passes_on_an_intact_log() -> None:
    make_events(3)
    code, out, _ = verify_output()
    assert (code, out.strip().splitlines()) == (
        0,
        ['{"chain": "access", "entries": 0, "ok": true}', '{"chain": "audit", "entries": 3, "ok": true}'],
    )


def test_verify_names_the_altered_entry() -> None:
    make_events(4)
    with append_only_guard_lifted("audit_auditevent"):
        raw("UPDATE audit_auditevent SET data = %s WHERE seq = 3", ['{"code": "FORGED"}'])
    code, out, err = verify_output()
    assert (code, '"first_bad_entry": 3' in out, "entry 3" in err) == (1, True, True)


def test_verify_names_a_deleted_entry() -> None:
    make_events(4)
    with append_only_guard_lifted("audit_auditevent"):
        raw("DELETE FROM audit_auditevent WHERE seq = 2")
    report = chain_verify("audit")
    assert report.problem is not None
    assert report.problem.seq == 2


def test_verify_detects_reordered_entries() -> None:
    make_events(3)
    with append_only_guard_lifted("audit_auditevent"):
        raw("UPDATE audit_auditevent SET seq = 100 WHERE seq = 2")
        raw("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
        raw("UPDATE audit_auditevent SET seq = 3 WHERE seq = 100")
    report = chain_verify("audit")
    assert report.problem is not None
    assert report.problem.seq == 2


def test_verify_detects_entries_cut_from_the_end() -> None:
    make_events(3)
    with append_only_guard_lifted("audit_auditevent"):
        raw("DELETE FROM audit_auditevent WHERE seq = 3")
    report = chain_verify("audit")
    assert report.problem is not None
    assert report.problem.seq == 3
