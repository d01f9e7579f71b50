"""The synthetic demo population (``registry.domain.demo_population``) written to the database in bulk.

About 5,000 persons and 10,000 registrations must load in seconds, so this writes with ``bulk_create`` in
one transaction instead of calling the per-row services, and records one audit event for the whole load
(stack notes, gotcha 1: bulk writes record their own audit). It is idempotent: persons are matched by
PESEL and registrations by (person, institution, kind, start); households, PESEL histories and notes are
created only together with their persons. A second load creates nothing and records nothing.

Another seed or size is another population (other histories for the same first persons): load it into an
empty database, not on top of this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db import transaction

from sciezka.accounts.models import Institution, User
from sciezka.audit.services import audit_record
from sciezka.registry import demo_events
from sciezka.registry.domain.demo_population import (
    AREA_INSTITUTIONS,
    NOTE_AUTHORS,
    Population,
    generate_population,
)
from sciezka.registry.domain.names import fold_name
from sciezka.registry.models import CaseNote, Household, HouseholdMember, Person, PeselHistory, Registration

SEED = 2026
SIZE = 5000
#: Rows per INSERT; Django lowers it further where the database needs (SQLite: 124 rows, see stack notes).
BATCH_SIZE = 500
#: PESELs per ``IN (...)`` lookup, well under every database's limit on query parameters.
LOOKUP_CHUNK = 900

T = TypeVar("T")


def _chunks(values: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _person_ids(pesels: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(pesels))
    result: dict[str, int] = {}
    for chunk in _chunks(wanted, LOOKUP_CHUNK):
        for pesel, pk in Person.objects.filter(pesel__in=chunk).values_list("pesel", "pk"):
            if pesel is not None:
                result[pesel] = pk
    return result


def _ids_by_code(codes: Iterable[str]) -> dict[str, int]:
    wanted = sorted(codes)
    found = dict(Institution.objects.filter(code__in=wanted).values_list("code", "pk"))
    missing = [code for code in wanted if code not in found]
    if missing:
        raise LookupError(f"demo institutions missing (load the accounts demo first): {', '.join(missing)}")
    return found


def _user_ids(usernames: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(usernames))
    found = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    missing = [name for name in wanted if name not in found]
    if missing:
        raise LookupError(f"demo users missing (load the accounts demo first): {', '.join(missing)}")
    return found


@transaction.atomic
def load(*, seed: int = SEED, size: int = SIZE) -> int:
    """Write what is missing of the demo population; return the number of rows created (0 if none)."""
    population = generate_population(seed=seed, size=size)
    institution_ids = _ids_by_code(AREA_INSTITUTIONS)
    author_ids = _user_ids(NOTE_AUTHORS.values())

    existing = _person_ids(p.pesel for p in population.persons)
    new_persons = [p for p in population.persons if p.pesel not in existing]
    created_persons = Person.objects.bulk_create(
        [
            Person(
                pesel=p.pesel,
                first_name=p.first_name,
                second_name=p.second_name,
                last_name=p.last_name,
                last_name_folded=fold_name(p.last_name),
                birth_date=p.birth_date,
                sex=p.sex,
                teryt=p.teryt,
                street=p.street,
                postal_code=p.postal_code,
                phone=p.phone,
            )
            for p in new_persons
        ],
        batch_size=BATCH_SIZE,
    )
    person_ids = existing | {p.pesel: p.pk for p in created_persons if p.pesel is not None}
    new_pesels = {p.pesel for p in new_persons}
    PeselHistory.objects.bulk_create(
        [
            PeselHistory(
                person_id=person_ids[p.pesel], pesel=p.pesel, valid_from=p.entered_on, reason="first entry"
            )
            for p in new_persons
        ],
        batch_size=BATCH_SIZE,
    )
    households, members = _households(population, new_pesels, person_ids)
    registrations = _registrations(population, person_ids, institution_ids)
    notes = CaseNote.objects.bulk_create(
        [
            CaseNote(
                person_id=person_ids[n.pesel],
                institution_id=institution_ids[n.institution],
                author_id=author_ids[n.author],
                scope=n.scope,
                written_on=n.written_on,
                text=n.text,
            )
            for n in population.notes
            if n.pesel in new_pesels
        ],
        batch_size=BATCH_SIZE,
    )
    counts = {
        "persons": len(new_persons),
        "pesel_history": len(new_persons),
        "households": households,
        "household_members": members,
        "registrations": registrations,
        "notes": len(notes),
    }
    changes = sum(counts.values())
    if changes:
        audit_record(
            event=demo_events.DEMO_LOADED, actor=None, data={"seed": seed, "size": size, "created": counts}
        )
    return changes


def _households(population: Population, new_pesels: set[str], person_ids: dict[str, int]) -> tuple[int, int]:
    """Households whose head is new in this load, with all their members; (households, members) created."""
    wanted = [h for h in population.households if h.head in new_pesels]
    created = Household.objects.bulk_create([Household(teryt=h.teryt) for h in wanted], batch_size=BATCH_SIZE)
    members = HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(
                household_id=household.pk,
                person_id=person_ids[m.pesel],
                relation=m.relation,
                valid_from=m.valid_from,
            )
            for spec, household in zip(wanted, created, strict=True)
            for m in spec.members
        ],
        batch_size=BATCH_SIZE,
    )
    return len(created), len(members)


def _registrations(
    population: Population, person_ids: dict[str, int], institution_ids: dict[str, int]
) -> int:
    """Registrations missing by their natural key (person, institution, kind, start); the number created."""
    existing = set(
        Registration.objects.filter(institution_id__in=institution_ids.values()).values_list(
            "person_id", "institution_id", "kind", "valid_from"
        )
    )
    missing = [
        r
        for r in population.registrations
        if (person_ids[r.pesel], institution_ids[r.institution], r.kind, r.valid_from) not in existing
    ]
    Registration.objects.bulk_create(
        [
            Registration(
                person_id=person_ids[r.pesel],
                institution_id=institution_ids[r.institution],
                kind=r.kind,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                benefit_right=r.benefit_right,
                benefit_from=r.benefit_from,
                benefit_to=r.benefit_to,
                end_reason=r.end_reason,
                legal_basis=r.legal_basis,
            )
            for r in missing
        ],
        batch_size=BATCH_SIZE,
    )
    return len(missing)
