"""Writes to the registry, and the logged read of a person (``person_read``).

Each write records an audit event in its transaction. Each read of personal data goes through the access
policy and writes exactly one access-log entry naming the scopes shown and the purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from sciezka.accounts.models import Institution
from sciezka.accounts.selectors import ActingAs
from sciezka.audit.services import access_log_record, audit_record
from sciezka.common.domain import teryt
from sciezka.common.domain.pesel import check_pesel
from sciezka.common.errors import field_error
from sciezka.registry import audit_events as events
from sciezka.registry.domain.names import fold_name
from sciezka.registry.domain.scopes import Scope
from sciezka.registry.models import CaseNote, Household, HouseholdMember, Person, PeselHistory, Registration
from sciezka.registry.selectors import person_grant

# --- reads -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationView:
    institution_code: str
    institution_name: str
    kind: str
    valid_from: date
    valid_to: date | None
    end_reason: str
    legal_basis: str
    benefit_right: bool | None = None
    benefit_from: date | None = None
    benefit_to: date | None = None
    benefit_shown: bool = False


@dataclass(frozen=True)
class NoteView:
    institution_code: str
    scope: str
    written_on: date
    text: str


@dataclass(frozen=True)
class HouseholdMemberView:
    first_name: str
    last_name: str
    birth_date: date
    relation: str


@dataclass(frozen=True)
class PersonView:
    """Exactly what the actor may see of one person, built from the grant; nothing else is loaded into it."""

    public_id: str
    scopes: frozenset[Scope]
    reasons: tuple[str, ...]
    pesel: str | None = None
    alt_id_kind: str = ""
    alt_id: str = ""
    first_name: str = ""
    second_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    sex: str = ""
    teryt: str = ""
    gmina: str = ""
    street: str = ""
    postal_code: str = ""
    phone: str = ""
    email: str = ""
    household: tuple[HouseholdMemberView, ...] = ()
    registrations: tuple[RegistrationView, ...] = ()
    notes: tuple[NoteView, ...] = ()
    #: Institutions whose files exist but are not shared with the actor (shown as "not available").
    withheld_institutions: tuple[str, ...] = field(default=())


@transaction.atomic
def person_read(
    *,
    actor: ActingAs,
    person: Person,
    on: date,
    purpose: str,
    purpose_text: str = "",
    what: str = "person",
    wanted: frozenset[Scope] | None = None,
) -> PersonView:
    """Build the view of ``person`` the actor may see and log the read. Raises PermissionDenied if none."""
    grant = person_grant(actor=actor, person=person, on=on)
    if not grant.visible:
        raise PermissionDenied("person not visible to the actor")
    limit = wanted if wanted is not None else frozenset(Scope)
    person_scopes = grant.person_scopes & limit
    shown: set[Scope] = set(person_scopes)
    values: dict[str, Any] = {}
    if Scope.IDENTITY in person_scopes:
        values.update(
            pesel=person.pesel,
            alt_id_kind=person.alt_id_kind,
            alt_id=person.alt_id,
            first_name=person.first_name,
            second_name=person.second_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            sex=person.sex,
        )
    if Scope.CONTACT in person_scopes:
        values.update(
            teryt=person.teryt,
            gmina=teryt.gmina_label(person.teryt),
            street=person.street,
            postal_code=person.postal_code,
            phone=person.phone,
            email=person.email,
        )
    if Scope.HOUSEHOLD in person_scopes:
        values["household"] = tuple(_household_of(person, on))
    registrations = []
    withheld = set()
    for r in sorted(person.registrations.all(), key=lambda r: (r.valid_from, r.pk)):
        scopes = grant.scopes_for(r.institution_id) & limit
        if Scope.REGISTRATION_STATUS not in scopes:
            withheld.add(r.institution.code)
            continue
        shown.add(Scope.REGISTRATION_STATUS)
        benefit = Scope.BENEFIT in scopes and r.kind == "unemployed"
        if benefit:
            shown.add(Scope.BENEFIT)
        registrations.append(
            RegistrationView(
                institution_code=r.institution.code,
                institution_name=r.institution.name,
                kind=r.kind,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                end_reason=r.end_reason,
                legal_basis=r.legal_basis,
                benefit_right=r.benefit_right if benefit else None,
                benefit_from=r.benefit_from if benefit else None,
                benefit_to=r.benefit_to if benefit else None,
                benefit_shown=benefit,
            )
        )
    notes = []
    note_scopes = {Scope.COUNSELLING_NOTES, Scope.SOCIAL_WORK_NOTES} & grant.all_scopes() & limit
    for note in person.notes.select_related("institution") if note_scopes else ():
        if note.scope in (grant.scopes_for(note.institution_id) & limit):
            shown.add(Scope(note.scope))
            notes.append(NoteView(note.institution.code, note.scope, note.written_on, note.text))
    shown_codes = sorted(s.value for s in shown)
    if not shown_codes:
        raise PermissionDenied("nothing of this person may be shown for this purpose")
    access_log_record(
        user=actor.user,
        institution=actor.institution,
        role=actor.role,
        person_id=person.pk,
        scopes=shown_codes,
        purpose=purpose,
        purpose_text=purpose_text,
        what=what,
    )
    return PersonView(
        public_id=str(person.public_id),
        scopes=frozenset(shown),
        reasons=grant.reasons,
        registrations=tuple(registrations),
        notes=tuple(notes),
        withheld_institutions=tuple(sorted(withheld - {r.institution_code for r in registrations})),
        **values,
    )


def _household_of(person: Person, on: date) -> list[HouseholdMemberView]:
    """Everyone in the households the person belongs to on ``on`` (one query)."""
    active = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    mine = HouseholdMember.objects.filter(active, person=person).values("household_id")
    members = (
        HouseholdMember.objects.filter(active, household_id__in=mine).select_related("person").order_by("pk")
    )
    return [
        HouseholdMemberView(m.person.first_name, m.person.last_name, m.person.birth_date, m.relation)
        for m in members
    ]


# --- writes ------------------------------------------------------------------------------------------


def ensure_can_act_for(actor: ActingAs, institution: Institution) -> None:
    """A caseworker may record data for, and act for, only their own institution."""
    if actor.institution.pk != institution.pk:
        raise PermissionDenied(
            f"{actor.user.username} acts for {actor.institution.code}, not {institution.code}"
        )
    if actor.role not in {"caseworker", "social_worker", "manager"}:
        raise PermissionDenied(f"the role {actor.role} cannot record clients' data")


def _validate_pesel(pesel: str, birth_date: date | None, sex: str | None) -> tuple[date, str]:
    checked = check_pesel(pesel)
    if not checked.valid or checked.birth_date is None or checked.sex is None:
        raise field_error("pesel", f"invalid PESEL: {checked.reason}", "invalid_pesel")
    if birth_date is not None and birth_date != checked.birth_date:
        raise field_error("birth_date", "does not agree with the PESEL", "pesel_mismatch")
    if sex and sex != checked.sex:
        raise field_error("sex", "does not agree with the PESEL", "pesel_mismatch")
    return checked.birth_date, checked.sex


def _validate_teryt(code: str) -> None:
    try:
        teryt.gmina(code)
    except KeyError:
        raise field_error("teryt", f"unknown gmina TERYT code {code!r}", "unknown_teryt") from None


@transaction.atomic
def person_create(
    *,
    actor: ActingAs,
    first_name: str,
    last_name: str,
    teryt_code: str,
    pesel: str | None = None,
    birth_date: date | None = None,
    sex: str | None = None,
    alt_id_kind: str = "",
    alt_id: str = "",
    street: str = "",
    postal_code: str = "",
    phone: str = "",
    email: str = "",
    valid_from: date,
) -> Person:
    if pesel:
        birth_date, sex = _validate_pesel(pesel, birth_date, sex)
    elif not (alt_id_kind and alt_id and birth_date and sex):
        raise field_error(
            "pesel",
            "a person without a PESEL needs another identifier, its kind, a birth date and sex",
            "identifier_required",
        )
    _validate_teryt(teryt_code)
    person = Person(
        pesel=pesel or None,
        alt_id_kind=alt_id_kind,
        alt_id=alt_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        last_name_folded=fold_name(last_name),
        birth_date=birth_date,
        sex=sex,
        teryt=teryt_code,
        street=street,
        postal_code=postal_code,
        phone=phone,
        email=email,
    )
    person.full_clean()
    person.save()
    if pesel:
        PeselHistory.objects.create(person=person, pesel=pesel, valid_from=valid_from, reason="first entry")
    audit_record(
        event=events.PERSON_CREATED,
        actor=actor.user,
        institution=actor.institution,
        subject=person,
        data={"public_id": str(person.public_id)},
    )
    return person


@transaction.atomic
def person_change_pesel(*, actor: ActingAs, person: Person, new_pesel: str, on: date, reason: str) -> Person:
    """Record a new PESEL (a correction or a change of the registered data); the old one stays in history."""
    birth_date, sex = _validate_pesel(new_pesel, None, None)
    old = person.pesel
    if old and not PeselHistory.objects.filter(person=person, pesel=old).exists():
        # A record entered in bulk before its history was kept: the old number must stay findable.
        PeselHistory.objects.create(
            person=person, pesel=old, valid_from=min(person.created_at.date(), on), reason=""
        )
    PeselHistory.objects.filter(person=person, valid_to__isnull=True).update(valid_to=on)
    PeselHistory.objects.create(person=person, pesel=new_pesel, valid_from=on, reason=reason)
    person.pesel, person.birth_date, person.sex = new_pesel, birth_date, sex
    person.full_clean()
    person.save()
    audit_record(
        event=events.PESEL_CHANGED,
        actor=actor.user,
        institution=actor.institution,
        subject=person,
        data={"reason": reason, "had_pesel": old is not None},
    )
    return person


@transaction.atomic
def registration_create(
    *,
    actor: ActingAs,
    person: Person,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    benefit_right: bool | None = None,
    benefit_from: date | None = None,
    benefit_to: date | None = None,
    end_reason: str = "",
    legal_basis: str = "",
) -> Registration:
    """Record a person's registration at the actor's own institution."""
    ensure_can_act_for(actor, actor.institution)
    if kind != "unemployed" and (benefit_right is not None or benefit_from or benefit_to):
        raise field_error(
            "benefit_right", "only an unemployed registration carries a benefit", "benefit_kind"
        )
    registration = Registration(
        person=person,
        institution=actor.institution,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        benefit_right=benefit_right,
        benefit_from=benefit_from,
        benefit_to=benefit_to,
        end_reason=end_reason,
        legal_basis=legal_basis,
    )
    registration.full_clean()
    if registration.valid_to is not None and registration.valid_to < registration.valid_from:
        raise field_error("valid_to", "ends before it starts", "period_order")
    registration.save()
    audit_record(
        event=events.REGISTRATION_CREATED,
        actor=actor.user,
        institution=actor.institution,
        subject=registration,
        data={
            "kind": kind,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
        },
    )
    return registration


@transaction.atomic
def household_create(*, actor: ActingAs, head: Person, on: date) -> Household:
    household = Household.objects.create(teryt=head.teryt)
    HouseholdMember.objects.create(household=household, person=head, relation="head", valid_from=on)
    audit_record(
        event=events.HOUSEHOLD_CREATED, actor=actor.user, institution=actor.institution, subject=household
    )
    return household


@transaction.atomic
def household_member_add(
    *, actor: ActingAs, household: Household, person: Person, relation: str, on: date
) -> HouseholdMember:
    member = HouseholdMember(household=household, person=person, relation=relation, valid_from=on)
    member.full_clean()
    member.save()
    audit_record(
        event=events.HOUSEHOLD_MEMBER_ADDED,
        actor=actor.user,
        institution=actor.institution,
        subject=member,
        data={"relation": relation},
    )
    return member


@transaction.atomic
def note_add(*, actor: ActingAs, person: Person, scope: str, text: str, on: date) -> CaseNote:
    ensure_can_act_for(actor, actor.institution)
    if scope not in {Scope.COUNSELLING_NOTES, Scope.SOCIAL_WORK_NOTES}:
        raise field_error("scope", f"{scope!r} is not a kind of note", "note_scope")
    note = CaseNote.objects.create(
        person=person, institution=actor.institution, author=actor.user, scope=scope, written_on=on, text=text
    )
    audit_record(
        event=events.NOTE_ADDED,
        actor=actor.user,
        institution=actor.institution,
        subject=note,
        data={"scope": scope},
    )
    return note


@dataclass(frozen=True)
class ClientRegistered:
    person: Person
    registration: Registration
    #: False when the PESEL was already in the registry: the registration was added to that person.
    person_created: bool


@transaction.atomic
def client_register(
    *,
    actor: ActingAs,
    pesel: str,
    first_name: str,
    last_name: str,
    teryt_code: str,
    street: str = "",
    kind: str,
    valid_from: date,
) -> ClientRegistered:
    """Register a client at the actor's own institution, entering the person if the registry lacks them.

    A person already in the registry (same PESEL, current or former) is not entered twice: the registration
    is added to that record, whose particulars stay as they are. The institution learns that the person is
    known only because it is registering them with their PESEL in hand.
    """
    ensure_can_act_for(actor, actor.institution)
    existing = Person.objects.filter(Q(pesel=pesel) | Q(pesel_history__pesel=pesel)).distinct().first()
    person = existing or person_create(
        actor=actor,
        pesel=pesel,
        first_name=first_name,
        last_name=last_name,
        teryt_code=teryt_code,
        street=street,
        valid_from=valid_from,
    )
    registration = registration_create(actor=actor, person=person, kind=kind, valid_from=valid_from)
    return ClientRegistered(person=person, registration=registration, person_created=existing is None)
