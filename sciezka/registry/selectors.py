"""Reads of the registry, always scoped by the actor through the one access policy.

Lists (search results) carry minimal data and are not logged; opening a person goes through
``registry.services.person_read``, which logs the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from sciezka.accounts.selectors import ActingAs
from sciezka.common.domain import teryt
from sciezka.referrals.selectors import agreement_party_rows_active_for
from sciezka.registry.domain.names import fold_name
from sciezka.registry.domain.policy import Actor, AgreementFact, Grant, RegistrationFact, access_grant
from sciezka.registry.domain.scopes import ROLE_SCOPES, parse_scopes
from sciezka.registry.models import Person, Registration

PAGE_SIZE = 20


def _active_on(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def agreement_facts_for(*, actor: ActingAs, on: date) -> list[AgreementFact]:
    rows: dict[int, list[dict[str, Any]]] = {}
    for row in agreement_party_rows_active_for(institution_id=actor.institution.pk, on=on):
        rows.setdefault(int(row["agreement_id"]), []).append(row)
    return [
        AgreementFact(
            agreement_id=agreement_id,
            party_ids=frozenset(r["institution_id"] for r in parties),
            registration_kinds=frozenset(parties[0]["agreement__registration_kinds"]),
            scopes=parse_scopes(parties[0]["agreement__data_scopes"]),
            valid_from=parties[0]["agreement__valid_from"],
            valid_to=parties[0]["agreement__valid_to"],
        )
        for agreement_id, parties in rows.items()
    ]


def registration_facts_for(*, person: Person) -> list[RegistrationFact]:
    return [
        RegistrationFact(
            institution_id=r.institution_id, kind=r.kind, valid_from=r.valid_from, valid_to=r.valid_to
        )
        for r in person.registrations.all()
    ]


def person_list_visible_to(*, actor: ActingAs, on: date) -> QuerySet[Person]:
    """The persons the actor may open on ``on``: the policy of ``registry.domain.policy`` as a filter."""
    role_scopes = ROLE_SCOPES.get(actor.role, frozenset())
    if not role_scopes:
        return Person.objects.none()
    active = Registration.objects.filter(_active_on(on), person=OuterRef("pk"))
    condition: Any = Exists(active.filter(institution_id=actor.institution.pk))
    for agreement in agreement_facts_for(actor=actor, on=on):
        if not (agreement.scopes & role_scopes):
            continue
        partners = agreement.party_ids - {actor.institution.pk}
        if partners and agreement.registration_kinds:
            condition |= Exists(
                active.filter(institution_id__in=partners, kind__in=sorted(agreement.registration_kinds))
            )
    return Person.objects.filter(condition)


@dataclass(frozen=True)
class PersonSummary:
    """What a search result shows: enough to pick the right person, nothing more."""

    public_id: str
    first_name: str
    last_name: str
    birth_date: date
    gmina: str


def _summary(person: Person) -> PersonSummary:
    gmina = teryt.gmina_label(person.teryt)
    return PersonSummary(
        public_id=str(person.public_id),
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gmina=gmina,
    )


class SearchCriteriaError(ValueError):
    pass


def person_search(
    *,
    actor: ActingAs,
    on: date,
    pesel: str | None = None,
    surname: str | None = None,
    birth_date: date | None = None,
    page: int = 1,
) -> Page:  # type: ignore[type-arg]
    """Search by exact PESEL, or by surname and birth date, within what the actor may see."""
    visible = person_list_visible_to(actor=actor, on=on)
    if pesel:
        found = visible.filter(Q(pesel=pesel.strip()) | Q(pesel_history__pesel=pesel.strip()))
    elif surname and birth_date:
        found = visible.filter(last_name_folded=fold_name(surname), birth_date=birth_date)
    else:
        raise SearchCriteriaError("search by PESEL, or by surname and birth date together")
    found = found.distinct().order_by("last_name_folded", "first_name", "pk")
    result = Paginator(found, PAGE_SIZE).get_page(page)
    result.object_list = [_summary(p) for p in result.object_list]  # type: ignore[misc]
    return result


def _with_registrations(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.select_related("institution").order_by("valid_from", "pk"),
        )
    )


def person_grant(*, actor: ActingAs, person: Person, on: date) -> Grant:
    """The policy's decision for this actor and person on ``on`` (memoised on the loaded person)."""
    cache: dict[tuple[int, str, date], Grant] = person.__dict__.setdefault("_sciezka_grants", {})
    key = (actor.institution.pk, actor.role, on)
    if key not in cache:
        cache[key] = access_grant(
            Actor(institution_id=actor.institution.pk, role=actor.role),
            registration_facts_for(person=person),
            agreement_facts_for(actor=actor, on=on),
            on,
        )
    return cache[key]


def person_get_visible(
    *, actor: ActingAs, on: date, public_id: str | None = None, pesel: str | None = None
) -> Person:
    """The person, if the actor may see them; ``Person.DoesNotExist`` otherwise (callers answer 404).

    Loads the person by key with their registrations and applies the pure policy (the same rule as
    ``person_list_visible_to``; a property test keeps the two equal).
    """
    if public_id is not None:
        person = _with_registrations(Person.objects.filter(public_id=public_id)).get()
    elif pesel is not None:
        person = _with_registrations(Person.objects.filter(pesel=pesel)).get()
    else:
        raise Person.DoesNotExist
    if not person_grant(actor=actor, person=person, on=on).visible:
        raise Person.DoesNotExist
    return person
