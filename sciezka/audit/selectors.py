"""Reads of the audit log: verification of the hash chains."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from sciezka.audit.domain.chain import GENESIS, ChainEntry, ChainProblem, verify_chain
from sciezka.audit.models import ACCESS_CHAIN, AUDIT_CHAIN, AccessLogEntry, AuditEvent, ChainHead


@dataclass(frozen=True)
class ChainReport:
    chain: str
    entries: int
    problem: ChainProblem | None


@dataclass(frozen=True)
class ChainSpec:
    name: str
    queryset: Callable[[], QuerySet[Any]]
    payload: Callable[[Any], dict[str, Any]]


_CHAINS: dict[str, ChainSpec] = {}


def register_chain(spec: ChainSpec) -> None:
    _CHAINS[spec.name] = spec


register_chain(ChainSpec(AUDIT_CHAIN, lambda: AuditEvent.objects.order_by("seq"), AuditEvent.chain_payload))
register_chain(
    ChainSpec(ACCESS_CHAIN, lambda: AccessLogEntry.objects.order_by("seq"), AccessLogEntry.chain_payload)
)


def access_log_for_person(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Every access-log entry about one person, oldest first (for the data-subject report)."""
    return AccessLogEntry.objects.filter(person_id=person_id).select_related("institution").order_by("seq")


def _entries(rows: QuerySet[Model], payload: Callable[[Any], dict[str, Any]]) -> Iterator[ChainEntry]:
    for row in rows.iterator(chunk_size=2000):
        yield ChainEntry(
            seq=row.seq,  # type: ignore[attr-defined]
            payload=payload(row),
            previous_hash=row.previous_hash,  # type: ignore[attr-defined]
            hash=row.hash,  # type: ignore[attr-defined]
        )


def chain_verify(name: str) -> ChainReport:
    spec = _CHAINS[name]
    head = ChainHead.objects.filter(name=name).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    rows = spec.queryset()
    problem = verify_chain(_entries(rows, spec.payload), head_seq=head_seq, head_hash=head_hash)
    return ChainReport(chain=name, entries=rows.count(), problem=problem)


def chain_names() -> list[str]:
    return sorted(_CHAINS)
