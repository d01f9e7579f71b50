"""The data-subject report (GDPR art. 15): what is held on a person, per institution, and who read it, when, why.

Who may produce which report (decided here, see ``report_purposes_for``):

- **A data subject's request** (purpose ``data_subject_request``) gets *everything* held on the person in
  Ścieżka, whichever institution recorded it: identity and contact data with the PESEL history, every
  household, registration, note and issued certificate, grouped by the institution (the controller, GDPR
  art. 26/28) that holds it, and every access-log entry about the person. That is the point of art. 15 ust. 1
  and 3: a copy of the data and the recipients and purposes, and the client should not have to ask each
  office separately. Because it crosses the access policy, only staff of an institution that holds (or held)
  a registration of the person may produce it, as caseworker, social worker or manager (not operators'
  staff); a past registration is enough, since a former client keeps the right of access.
- **Auditors** (who otherwise see no files) produce the same complete report, for ``audit`` or
  ``data_subject_request`` only.
- **Any other purpose** gives a report limited to what the access policy shows the actor (it goes through
  ``person_read``), and lists only the reads made by the actor's own institution: listing other
  institutions' reads would disclose the person's ties to them, which the policy withholds.

Every report is one logged read of personal data: its access-log entry is written first, in the same
transaction, so the report lists its own production. The complete report reads the database directly and
logs every scope it contains with ``access_log_record``.

Reads are listed with date and time (Europe/Warsaw), the reading institution, the purpose (code, name and
the words given), what was read and the data scopes. Following CJEU C-579/21 (*Pankki S*, 22 June 2023),
the information on consultations must give their dates and purposes, but the identity of the individual
employees who consulted the data need not be disclosed to the data subject: the "who" is the institution.
Usernames and roles appear only in reports produced by auditors, whose task is to check the employees.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sciezka.accounts.models import Institution, InstitutionKind, Role
from sciezka.accounts.selectors import ActingAs
from sciezka.audit.purposes import UnknownPurposeError, purpose_get, purposes
from sciezka.audit.selectors import access_log_for_person
from sciezka.audit.services import access_log_record
from sciezka.common.domain import teryt
from sciezka.registry.certificates import pdf_from_template
from sciezka.registry.domain.scopes import ROLE_SCOPES, Scope
from sciezka.registry.models import (
    Certificate,
    HouseholdMember,
    Person,
    PeselHistory,
    Registration,
    RegistrationKind,
    Relation,
)
from sciezka.registry.selectors import person_grant
from sciezka.registry.services import PersonView, person_read

DATA_SUBJECT_REQUEST = "data_subject_request"
AUDITOR_PURPOSES = ("audit", DATA_SUBJECT_REQUEST)
#: Roles that may answer a data subject's request: those that keep clients' files (not operators' staff,
#: who are contractors and see only what an agreement shares, nor roles without access to files).
DATA_SUBJECT_REQUEST_ROLES = frozenset({Role.CASEWORKER, Role.SOCIAL_WORKER, Role.MANAGER})
WHAT = "data_subject_report"
WARSAW = ZoneInfo("Europe/Warsaw")
SCOPE_VALUES = frozenset(s.value for s in Scope)

SCOPE_LABELS = {
    Scope.IDENTITY: _("identity"),
    Scope.CONTACT: _("contact data"),
    Scope.HOUSEHOLD: _("household"),
    Scope.REGISTRATION_STATUS: _("registration status"),
    Scope.BENEFIT: _("unemployment benefit"),
    Scope.COUNSELLING_NOTES: _("counselling notes"),
    Scope.SOCIAL_WORK_NOTES: _("social-work notes"),
}
SCOPE_PL = {
    Scope.IDENTITY: "dane identyfikacyjne",
    Scope.CONTACT: "dane kontaktowe",
    Scope.HOUSEHOLD: "gospodarstwo domowe",
    Scope.REGISTRATION_STATUS: "status rejestracji",
    Scope.BENEFIT: "prawo do zasiłku",
    Scope.COUNSELLING_NOTES: "notatki doradcy zawodowego",
    Scope.SOCIAL_WORK_NOTES: "notatki pracownika socjalnego",
}
WHAT_LABELS = {
    "person": _("the person's file"),
    "person_page": _("the person's file"),
    "api_person": _("the person's file (API)"),
    "api_registrations": _("registrations (API)"),
    "certificate": _("issuing a certificate"),
    "certificate_download": _("downloading a certificate"),
    WHAT: _("data-subject report"),
}
WHAT_PL = {
    "person": "karta osoby",
    "person_page": "karta osoby",
    "api_person": "karta osoby (API)",
    "api_registrations": "rejestracje (API)",
    "certificate": "wydanie zaświadczenia",
    "certificate_download": "pobranie zaświadczenia",
    WHAT: "raport o danych osoby (art. 15 RODO)",
}
CHANNEL_PL = {"web": "aplikacja internetowa", "api": "API", "cli": "wiersz poleceń"}
KIND_PL = {
    RegistrationKind.UNEMPLOYED: "bezrobotny",
    RegistrationKind.JOB_SEEKER: "poszukujący pracy",
    RegistrationKind.SOCIAL_ASSISTANCE: "korzystający z pomocy społecznej",
    RegistrationKind.FAMILY_SUPPORT: "wsparcie rodziny (PCPR)",
    RegistrationKind.CIS_PARTICIPANT: "uczestnik CIS",
    RegistrationKind.KIS_PARTICIPANT: "uczestnik KIS",
    RegistrationKind.PROJECT_PARTICIPANT: "uczestnik projektu",
}
RELATION_PL = {
    Relation.HEAD: "głowa gospodarstwa",
    Relation.SPOUSE: "małżonek",
    Relation.PARTNER: "partner",
    Relation.CHILD: "dziecko",
    Relation.PARENT: "rodzic",
    Relation.SIBLING: "rodzeństwo",
    Relation.OTHER: "inna osoba",
}


class ReportRefusedError(PermissionDenied):
    """The actor may not produce this report; ``code`` says why (callers answer "not found")."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def _purpose_name(code: str, *, polish: bool = False) -> str:
    try:
        purpose = purpose_get(code)
    except UnknownPurposeError:
        return code
    return purpose.name_pl if polish else purpose.name


@dataclass(frozen=True)
class PeselEntry:
    pesel: str
    valid_from: date
    valid_to: date | None
    reason: str


@dataclass(frozen=True)
class ReportPerson:
    """Identity and contact data; empty fields where the report may not show them."""

    public_id: str
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
    pesel_history: tuple[PeselEntry, ...] = ()


@dataclass(frozen=True)
class ReportHouseholdMember:
    """A household member as the subject's record shows them: name and relation (art. 15 ust. 4: no more)."""

    first_name: str
    last_name: str
    relation: str

    @property
    def relation_label(self) -> str:
        return str(Relation(self.relation).label) if self.relation in Relation.values else self.relation

    @property
    def relation_pl(self) -> str:
        return RELATION_PL[Relation(self.relation)] if self.relation in Relation.values else self.relation


@dataclass(frozen=True)
class ReportHousehold:
    #: The subject's membership period; None when the report shows only the current household.
    valid_from: date | None
    valid_to: date | None
    members: tuple[ReportHouseholdMember, ...]


@dataclass(frozen=True)
class ReportRegistration:
    kind: str
    valid_from: date
    valid_to: date | None
    end_reason: str
    legal_basis: str
    benefit_shown: bool
    benefit_right: bool | None = None
    benefit_from: date | None = None
    benefit_to: date | None = None

    @property
    def kind_label(self) -> str:
        return str(RegistrationKind(self.kind).label) if self.kind in RegistrationKind.values else self.kind

    @property
    def kind_pl(self) -> str:
        return KIND_PL[RegistrationKind(self.kind)] if self.kind in RegistrationKind.values else self.kind


@dataclass(frozen=True)
class ReportNote:
    scope: str
    written_on: date
    text: str

    @property
    def scope_label(self) -> str:
        return str(SCOPE_LABELS[Scope(self.scope)]) if self.scope in SCOPE_VALUES else self.scope

    @property
    def scope_pl(self) -> str:
        return SCOPE_PL[Scope(self.scope)] if self.scope in SCOPE_VALUES else self.scope


@dataclass(frozen=True)
class ReportCertificate:
    code: str
    issued_at: datetime
    status_on: date


@dataclass(frozen=True)
class InstitutionSection:
    """What one institution holds on the person."""

    code: str
    name: str
    kind: str
    registrations: tuple[ReportRegistration, ...] = ()
    notes: tuple[ReportNote, ...] = ()
    certificates: tuple[ReportCertificate, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(InstitutionKind(self.kind).label) if self.kind in InstitutionKind.values else self.kind


@dataclass(frozen=True)
class AccessEntry:
    """One read of the person's data. ``username`` and ``role`` are filled only for auditors."""

    occurred_at: datetime
    institution_code: str
    institution_name: str
    purpose: str
    purpose_text: str
    what: str
    scopes: tuple[str, ...]
    channel: str
    username: str | None = None
    role: str | None = None

    @property
    def purpose_name(self) -> str:
        return _purpose_name(self.purpose)

    @property
    def purpose_name_pl(self) -> str:
        return _purpose_name(self.purpose, polish=True)

    @property
    def what_label(self) -> str:
        return str(WHAT_LABELS.get(self.what, self.what))

    @property
    def what_pl(self) -> str:
        return WHAT_PL.get(self.what, self.what)

    @property
    def scope_labels(self) -> list[str]:
        return [str(SCOPE_LABELS[Scope(s)]) if s in SCOPE_VALUES else s for s in self.scopes]

    @property
    def scopes_pl(self) -> list[str]:
        return [SCOPE_PL[Scope(s)] if s in SCOPE_VALUES else s for s in self.scopes]

    @property
    def channel_pl(self) -> str:
        return CHANNEL_PL.get(self.channel, self.channel)


@dataclass(frozen=True)
class PersonReport:
    #: True: everything held on the person (data-subject request or auditor); False: the policy's view.
    complete: bool
    on: date
    produced_at: datetime
    produced_by_code: str
    produced_by_name: str
    purpose: str
    purpose_text: str
    #: The data scopes the report shows (as logged for its production).
    scopes: tuple[str, ...]
    person: ReportPerson
    households: tuple[ReportHousehold, ...]
    institutions: tuple[InstitutionSection, ...]
    #: Institutions holding files on the person that this (limited) report may not show.
    withheld_institutions: tuple[str, ...]
    access_log: tuple[AccessEntry, ...]
    usernames_shown: bool

    @property
    def purpose_name(self) -> str:
        return _purpose_name(self.purpose)

    @property
    def purpose_name_pl(self) -> str:
        return _purpose_name(self.purpose, polish=True)

    @property
    def full_name(self) -> str:
        p = self.person
        return " ".join(n for n in (p.first_name, p.second_name, p.last_name) if n)


# --- who may produce which report ------------------------------------------------------------------


def report_purposes_for(*, actor: ActingAs, person: Person, on: date) -> tuple[str, ...]:
    """The purposes for which the actor may produce a report on ``person`` (empty: none, answer 404)."""
    if actor.role == Role.AUDITOR:
        return AUDITOR_PURPOSES
    if not ROLE_SCOPES.get(actor.role):
        return ()
    holds = (
        actor.role in DATA_SUBJECT_REQUEST_ROLES
        and person.registrations.filter(institution_id=actor.institution.pk).exists()
    )
    visible = person_grant(actor=actor, person=person, on=on).visible
    return tuple(code for code in purposes() if (holds if code == DATA_SUBJECT_REQUEST else visible))


def report_subject_get(
    *, actor: ActingAs, on: date, pesel: str | None = None, public_id: str | None = None
) -> Person:
    """The person, if the actor may produce some report on them; ``Person.DoesNotExist`` otherwise.

    Unlike ``person_get_visible`` this finds former clients (for a data subject's request) and lets
    auditors find anyone: the same answer for "no such person" and "not yours", so existence is not revealed.
    """
    if public_id is not None:
        person = Person.objects.get(public_id=public_id)
    elif pesel is not None:
        person = Person.objects.get(pesel=pesel.strip())
    else:
        raise Person.DoesNotExist
    if not report_purposes_for(actor=actor, person=person, on=on):
        raise Person.DoesNotExist
    return person


# --- the report ------------------------------------------------------------------------------------


@transaction.atomic
def person_report(
    *, actor: ActingAs, person: Person, on: date, purpose: str, purpose_text: str = ""
) -> PersonReport:
    """Produce the report (one access-log entry, written before the entries are listed); see the module."""
    purpose_get(purpose)  # an unknown purpose is refused before anything else
    if purpose not in report_purposes_for(actor=actor, person=person, on=on):
        raise ReportRefusedError(
            f"{actor.role} at {actor.institution.code} may not produce a report for {purpose!r}",
            code="purpose_not_allowed",
        )
    complete = actor.role == Role.AUDITOR or purpose == DATA_SUBJECT_REQUEST
    if complete:
        content = _everything_held(person)
        access_log_record(
            user=actor.user,
            institution=actor.institution,
            role=actor.role,
            person_id=person.pk,
            scopes=content.scopes,
            purpose=purpose,
            purpose_text=purpose_text,
            what=WHAT,
        )
    else:
        view = person_read(
            actor=actor, person=person, on=on, purpose=purpose, purpose_text=purpose_text, what=WHAT
        )
        content = _as_shown(view, actor=actor, person=person)
    entries = access_log_for_person(person_id=person.pk)
    if not complete:
        entries = entries.filter(institution_id=actor.institution.pk)
    auditor = actor.role == Role.AUDITOR
    return PersonReport(
        complete=complete,
        on=on,
        produced_at=timezone.localtime(timezone.now(), WARSAW),
        produced_by_code=actor.institution.code,
        produced_by_name=actor.institution.name,
        purpose=purpose,
        purpose_text=purpose_text,
        scopes=content.scopes,
        person=content.person,
        households=content.households,
        institutions=content.institutions,
        withheld_institutions=content.withheld,
        access_log=tuple(
            AccessEntry(
                occurred_at=timezone.localtime(e.occurred_at, WARSAW),
                institution_code=e.institution.code,
                institution_name=e.institution.name,
                purpose=e.purpose,
                purpose_text=e.purpose_text,
                what=e.what,
                scopes=tuple(e.scopes),
                channel=e.channel,
                username=e.username if auditor else None,
                role=e.role if auditor else None,
            )
            for e in entries
        ),
        usernames_shown=auditor,
    )


@dataclass(frozen=True)
class _Content:
    person: ReportPerson
    households: tuple[ReportHousehold, ...]
    institutions: tuple[InstitutionSection, ...]
    withheld: tuple[str, ...]
    scopes: tuple[str, ...]


def _registration(r: Registration) -> ReportRegistration:
    benefit = r.kind == RegistrationKind.UNEMPLOYED
    return ReportRegistration(
        kind=r.kind,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        end_reason=r.end_reason,
        legal_basis=r.legal_basis,
        benefit_shown=benefit,
        benefit_right=r.benefit_right if benefit else None,
        benefit_from=r.benefit_from if benefit else None,
        benefit_to=r.benefit_to if benefit else None,
    )


def _certificate(c: Certificate) -> ReportCertificate:
    return ReportCertificate(
        code=c.code, issued_at=timezone.localtime(c.issued_at, WARSAW), status_on=c.status_on
    )


def _sections(
    institutions: dict[str, Institution],
    registrations: dict[str, list[ReportRegistration]],
    notes: dict[str, list[ReportNote]],
    certificates: dict[str, list[ReportCertificate]],
) -> tuple[InstitutionSection, ...]:
    return tuple(
        InstitutionSection(
            code=code,
            name=institutions[code].name,
            kind=institutions[code].kind,
            registrations=tuple(registrations.get(code, ())),
            notes=tuple(notes.get(code, ())),
            certificates=tuple(certificates.get(code, ())),
        )
        for code in sorted(set(registrations) | set(notes) | set(certificates))
    )


def _everything_held(person: Person) -> _Content:
    institutions: dict[str, Institution] = {}
    registrations: dict[str, list[ReportRegistration]] = defaultdict(list)
    notes: dict[str, list[ReportNote]] = defaultdict(list)
    certificates: dict[str, list[ReportCertificate]] = defaultdict(list)
    scopes = {Scope.IDENTITY, Scope.CONTACT}
    for r in person.registrations.select_related("institution").order_by("valid_from", "pk"):
        institutions[r.institution.code] = r.institution
        registrations[r.institution.code].append(_registration(r))
        scopes.add(Scope.REGISTRATION_STATUS)
        if r.kind == RegistrationKind.UNEMPLOYED:
            scopes.add(Scope.BENEFIT)
    for n in person.notes.select_related("institution").order_by("written_on", "pk"):
        institutions[n.institution.code] = n.institution
        notes[n.institution.code].append(ReportNote(n.scope, n.written_on, n.text))
        if n.scope in SCOPE_VALUES:
            scopes.add(Scope(n.scope))
    for c in person.certificates.select_related("institution").order_by("issued_at", "pk"):
        institutions[c.institution.code] = c.institution
        certificates[c.institution.code].append(_certificate(c))
    households = []
    memberships = person.household_memberships.select_related("household").order_by("valid_from", "pk")
    for m in memberships:
        # The members whose membership overlaps the subject's: the household as the subject lived in it.
        others = HouseholdMember.objects.filter(household=m.household).exclude(valid_to__lt=m.valid_from)
        if m.valid_to is not None:
            others = others.filter(valid_from__lte=m.valid_to)
        households.append(
            ReportHousehold(
                valid_from=m.valid_from,
                valid_to=m.valid_to,
                members=tuple(
                    ReportHouseholdMember(o.person.first_name, o.person.last_name, o.relation)
                    for o in others.select_related("person").order_by("pk")
                ),
            )
        )
        scopes.add(Scope.HOUSEHOLD)
    report_person = ReportPerson(
        public_id=str(person.public_id),
        pesel=person.pesel,
        alt_id_kind=person.alt_id_kind,
        alt_id=person.alt_id,
        first_name=person.first_name,
        second_name=person.second_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        sex=person.sex,
        teryt=person.teryt,
        gmina=teryt.gmina_label(person.teryt),
        street=person.street,
        postal_code=person.postal_code,
        phone=person.phone,
        email=person.email,
        pesel_history=tuple(
            PeselEntry(h.pesel, h.valid_from, h.valid_to, h.reason)
            for h in PeselHistory.objects.filter(person=person).order_by("valid_from", "pk")
        ),
    )
    return _Content(
        person=report_person,
        households=tuple(households),
        institutions=_sections(institutions, registrations, notes, certificates),
        withheld=(),
        scopes=tuple(sorted(s.value for s in scopes)),
    )


def _as_shown(view: PersonView, *, actor: ActingAs, person: Person) -> _Content:
    """The report limited to ``view`` (what ``person_read`` showed and logged) and the actor's own certificates."""
    registrations: dict[str, list[ReportRegistration]] = defaultdict(list)
    for r in view.registrations:
        registrations[r.institution_code].append(
            ReportRegistration(
                kind=r.kind,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                end_reason=r.end_reason,
                legal_basis=r.legal_basis,
                benefit_shown=r.benefit_shown,
                benefit_right=r.benefit_right,
                benefit_from=r.benefit_from,
                benefit_to=r.benefit_to,
            )
        )
    notes: dict[str, list[ReportNote]] = defaultdict(list)
    for n in view.notes:
        notes[n.institution_code].append(ReportNote(n.scope, n.written_on, n.text))
    certificates: dict[str, list[ReportCertificate]] = defaultdict(list)
    for c in person.certificates.filter(institution_id=actor.institution.pk).order_by("issued_at", "pk"):
        certificates[actor.institution.code].append(_certificate(c))
    codes = set(registrations) | set(notes) | set(certificates)
    institutions = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    households: tuple[ReportHousehold, ...] = ()
    if view.household:
        members = tuple(ReportHouseholdMember(m.first_name, m.last_name, m.relation) for m in view.household)
        households = (ReportHousehold(valid_from=None, valid_to=None, members=members),)
    person_fields = {f.name for f in dataclasses.fields(ReportPerson)} - {"pesel_history"}
    return _Content(
        person=ReportPerson(**{name: getattr(view, name) for name in person_fields}),
        households=households,
        institutions=_sections(institutions, registrations, notes, certificates),
        withheld=view.withheld_institutions,
        scopes=tuple(sorted(s.value for s in view.scopes)),
    )


# --- output ------------------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Dataclasses, dates, sets and tuples as plain JSON values (dates and times in ISO 8601)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def person_report_json(report: PersonReport) -> dict[str, Any]:
    """The report as JSON: its fields, with the purpose names added for a reader without the code list."""
    data: dict[str, Any] = jsonable(report)
    data["purpose_name"] = report.purpose_name
    for row, entry in zip(data["access_log"], report.access_log, strict=True):
        row["purpose_name"] = entry.purpose_name
        if not report.usernames_shown:
            del row["username"], row["role"]
    return data


def person_report_pdf(report: PersonReport) -> bytes:
    return pdf_from_template("registry/report_pdf.html", {"report": report})
