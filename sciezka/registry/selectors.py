"""Reads of the registry, always scoped by the actor through the one access policy.

Lists (search results) carry minimal data and are not logged; opening a person goes through
``registry.services.person_read``, which logs the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from sciezka.accounts.selectors import ActingAs
from sciezka.common.domain import teryt
from sciezka.referrals.selectors import agreement_list_active_for
from sciezka.registry.domain.names import fold_name
from sciezka.registry.domain.policy import AgreementFact, RegistrationFact
from sciezka.registry.domain.scopes import ROLE_SCOPES, parse_scopes
from sciezka.registry.models import Person, Registration

PAGE_SIZE = 20


def _active_on(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def agreement_facts_for(*, actor: ActingAs, on: date) -> list[AgreementFact]:
    return [
        AgreementFact(
            agreement_id=a.pk,
            party_ids=frozenset(p.pk for p in a.parties.all()),
            registration_kinds=frozenset(a.registration_kinds),
            scopes=parse_scopes(a.data_scopes),
            valid_from=a.valid_from,
            valid_to=a.valid_to,
        )
        for a in agreement_list_active_for(institution_id=actor.institution.pk, on=on)
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
    condition = Exists(active.filter(institution_id=actor.institution.pk))
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
    try:
        gmina = teryt.gmina(person.teryt).name
    except KeyError:
        gmina = person.teryt
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
    result.object_list = [_summary(p) for p in result.object_list]
    return result


def person_get_visible(
    *, actor: ActingAs, on: date, public_id: str | None = None, pesel: str | None = None
) -> Person:
    """The person, if the actor may see them; ``Person.DoesNotExist`` otherwise (callers answer 404)."""
    visible = person_list_visible_to(actor=actor, on=on)
    if public_id is not None:
        return visible.get(public_id=public_id)
    if pesel is not None:
        return visible.get(pesel=pesel)
    raise Person.DoesNotExist
