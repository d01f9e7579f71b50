"""Recording audit events. Services call ``audit_record`` inside their own transaction."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.utils import timezone

from sciezka.audit.domain.chain import entry_hash
from sciezka.audit.models import ACCESS_CHAIN, AUDIT_CHAIN, AccessLogEntry, AuditEvent, ChainHead
from sciezka.audit.purposes import purpose_get
from sciezka.audit.registry import AuditEventType, registered
from sciezka.common.request_context import current_channel, current_request_id


class AuditOutsideTransactionError(RuntimeError):
    """An audit event must be written in the same transaction as the change it records."""


def chain_append(name: str) -> tuple[int, str]:
    """Lock the chain head and return (next sequence number, previous hash).

    The caller must update the head with :func:`chain_advance` in the same transaction. On PostgreSQL
    the row lock serialises writers; SQLite transactions are IMMEDIATE, which serialises them too.
    """
    head, _ = ChainHead.objects.select_for_update().get_or_create(name=name)
    return head.last_seq + 1, head.last_hash


def chain_advance(name: str, seq: int, new_hash: str) -> None:
    ChainHead.objects.filter(name=name).update(last_seq=seq, last_hash=new_hash)


def audit_record(
    *,
    event: AuditEventType,
    actor: Any | None,
    institution: Any | None = None,
    subject: Any | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Refuses to run outside a transaction, so no change goes unrecorded."""
    if event.code not in registered():
        raise ValueError(f"audit event type {event.code!r} is not registered")
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(f"{event.code} must be recorded inside the service's transaction")
    seq, previous = chain_append(AUDIT_CHAIN)
    record = AuditEvent(
        seq=seq,
        occurred_at=timezone.now(),
        event_type=event.code,
        actor=actor,
        actor_username=getattr(actor, "username", "") or "",
        institution=institution,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        data=data or {},
        channel=current_channel(),
        request_id=current_request_id(),
        previous_hash=previous,
    )
    # The stored JSON is what verification reads back; hash exactly that representation.
    record.data = _json_roundtrip(record.data)
    record.hash = entry_hash(previous, record.chain_payload())
    record.save(force_insert=True)
    chain_advance(AUDIT_CHAIN, seq, record.hash)
    return record


def _json_roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded


def access_log_record(
    *,
    user: Any,
    institution: Any,
    role: str,
    person_id: int,
    scopes: list[str] | tuple[str, ...] | frozenset[str],
    purpose: str,
    purpose_text: str = "",
    what: str,
) -> AccessLogEntry:
    """Append one access-log entry for one read of one person's data. Must run in the read's transaction."""
    purpose_get(purpose)  # refuses an unknown purpose
    if not scopes:
        raise ValueError("an access-log entry must name the data scopes shown")
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError("the access log must be written inside the read's transaction")
    seq, previous = chain_append(ACCESS_CHAIN)
    entry = AccessLogEntry(
        seq=seq,
        occurred_at=timezone.now(),
        user=user,
        username=user.username,
        institution=institution,
        role=role,
        person_id=person_id,
        scopes=sorted(str(s) for s in scopes),
        purpose=purpose,
        purpose_text=purpose_text[:500],
        what=what,
        channel=current_channel(),
        request_id=current_request_id(),
        previous_hash=previous,
    )
    entry.hash = entry_hash(previous, entry.chain_payload())
    entry.save(force_insert=True)
    chain_advance(ACCESS_CHAIN, seq, entry.hash)
    return entry
