"""E-certificates (zaświadczenia) of a person's labour-office status: issue, render, download, verify.

A certificate confirms facts from the issuer's records (art. 217 § 2 and art. 218 § 1 KPA). An OPS or PCPR
may certify the PUP status it is allowed to see under a cooperation agreement (art. 33 ust. 7 of the 2004 act:
social-assistance units obtain the PUP's information to the extent necessary), which spares the client a trip
to the labour office, as SEPI's certificates did. So exactly the actors to whom ``person_read`` shows a
labour-office registration may issue one.

``Certificate.facts`` holds the certified facts and nothing else. Rendering and verifying show those facts and
never read the registry again; a staff download is still a read of personal data and is logged (GDPR art. 5
ust. 2; art. 33 ust. 8 pkt 3 of the 2004 act). The public verification page has no user to log against, so it
records an audit event naming the certificate only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from sciezka.accounts.models import Institution
from sciezka.accounts.selectors import ActingAs
from sciezka.audit.services import access_log_record, audit_record
from sciezka.common.domain import teryt
from sciezka.registry import audit_events, document_events
from sciezka.registry.domain.scopes import Scope
from sciezka.registry.models import AltIdKind, Certificate, Person, RegistrationKind
from sciezka.registry.selectors import person_grant, registration_facts_for
from sciezka.registry.services import PersonView, person_read

#: Registrations kept by labour offices: the only ones a certificate of PUP status speaks about.
LABOUR_OFFICE_KINDS = frozenset({RegistrationKind.UNEMPLOYED.value, RegistrationKind.JOB_SEEKER.value})
#: What issuing reads, and all a certificate may contain.
CERTIFIED_SCOPES = frozenset({Scope.IDENTITY, Scope.REGISTRATION_STATUS, Scope.BENEFIT})
#: Where anyone holding the certificate checks it (``urls_documents`` serves this path).
VERIFY_PATH = "/verify/{code}"
#: 12 random bytes: 16 URL-safe characters, 96 bits, so codes cannot be guessed or enumerated.
CODE_BYTES = 12
FACTS_VERSION = 1

KIND_PL = {
    RegistrationKind.UNEMPLOYED.value: "osoba bezrobotna",
    RegistrationKind.JOB_SEEKER.value: "osoba poszukująca pracy",
}


class CertificateRefusedError(PermissionDenied):
    """The actor may not issue a certificate for this person; ``code`` says why."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CertifiedBenefit:
    right: bool | None
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class CertifiedRegistration:
    office: str
    kind: str
    valid_from: date
    valid_to: date | None
    #: None when the issuer may not see the benefit (then the certificate says nothing about it).
    benefit: CertifiedBenefit | None = None

    @property
    def kind_label(self) -> str:
        return str(RegistrationKind(self.kind).label)

    @property
    def kind_pl(self) -> str:
        return KIND_PL[self.kind]


@dataclass(frozen=True)
class CertifiedFacts:
    """The content of one certificate; ``as_json``/``from_json`` are its stored form (``Certificate.facts``)."""

    full_name: str
    pesel: str | None
    other_id_kind: str
    other_id: str
    registrations: tuple[CertifiedRegistration, ...]
    status_on: date
    registered_unemployed: bool
    #: The labour offices whose records the statement about ``status_on`` is based on.
    offices_checked: tuple[str, ...]

    @property
    def other_id_label(self) -> str:
        kind = str(AltIdKind(self.other_id_kind).label) if self.other_id_kind in AltIdKind.values else ""
        return f"{kind} {self.other_id}".strip()

    def scopes(self) -> frozenset[Scope]:
        result = {Scope.IDENTITY}
        if self.registrations:
            result.add(Scope.REGISTRATION_STATUS)
        if any(r.benefit is not None for r in self.registrations):
            result.add(Scope.BENEFIT)
        return frozenset(result)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": FACTS_VERSION,
            "person": {
                "full_name": self.full_name,
                "pesel": self.pesel,
                "other_id": {"kind": self.other_id_kind, "number": self.other_id} if self.other_id else None,
            },
            "registrations": [
                {
                    "office": r.office,
                    "kind": r.kind,
                    "valid_from": r.valid_from.isoformat(),
                    "valid_to": _iso(r.valid_to),
                    "benefit": None
                    if r.benefit is None
                    else {
                        "right": r.benefit.right,
                        "valid_from": _iso(r.benefit.valid_from),
                        "valid_to": _iso(r.benefit.valid_to),
                    },
                }
                for r in self.registrations
            ],
            "status": {
                "on": self.status_on.isoformat(),
                "registered_unemployed": self.registered_unemployed,
                "offices_checked": list(self.offices_checked),
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CertifiedFacts:
        person, status = data["person"], data["status"]
        other = person.get("other_id") or {}
        return cls(
            full_name=person["full_name"],
            pesel=person.get("pesel"),
            other_id_kind=other.get("kind", ""),
            other_id=other.get("number", ""),
            registrations=tuple(
                CertifiedRegistration(
                    office=r["office"],
                    kind=r["kind"],
                    valid_from=date.fromisoformat(r["valid_from"]),
                    valid_to=_date(r["valid_to"]),
                    benefit=None
                    if r.get("benefit") is None
                    else CertifiedBenefit(
                        right=r["benefit"]["right"],
                        valid_from=_date(r["benefit"]["valid_from"]),
                        valid_to=_date(r["benefit"]["valid_to"]),
                    ),
                )
                for r in data["registrations"]
            ),
            status_on=date.fromisoformat(status["on"]),
            registered_unemployed=status["registered_unemployed"],
            offices_checked=tuple(status["offices_checked"]),
        )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def certified_facts(view: PersonView, on: date) -> CertifiedFacts:
    """The facts a certificate states, taken from what the issuer was shown (``view``) and nothing else."""
    registrations = tuple(
        CertifiedRegistration(
            office=r.institution_name,
            kind=r.kind,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            benefit=CertifiedBenefit(r.benefit_right, r.benefit_from, r.benefit_to)
            if r.benefit_shown
            else None,
        )
        for r in view.registrations
        if r.kind in LABOUR_OFFICE_KINDS
    )
    registered = any(
        r.kind == RegistrationKind.UNEMPLOYED
        and r.valid_from <= on
        and (r.valid_to is None or on <= r.valid_to)
        for r in registrations
    )
    return CertifiedFacts(
        full_name=" ".join(n for n in (view.first_name, view.second_name, view.last_name) if n),
        pesel=view.pesel,
        other_id_kind=view.alt_id_kind,
        other_id=view.alt_id,
        registrations=registrations,
        status_on=on,
        registered_unemployed=registered,
        offices_checked=tuple(sorted({r.office for r in registrations})),
    )


#: A zaświadczenie is an act of a public body (KPA art. 217): issued by the staff of a labour office, a
#: welfare centre or a family support centre in a working role, never by an operator or an NGO.
ISSUING_INSTITUTION_KINDS = frozenset({"PUP", "OPS", "PCPR"})
ISSUING_ROLES = frozenset({"caseworker", "social_worker", "manager"})


def ensure_can_issue_certificate(*, actor: ActingAs, person: Person, on: date) -> None:
    """Refuse, before anything is read or logged, unless the actor may see a labour-office registration."""
    grant = person_grant(actor=actor, person=person, on=on)
    if not grant.visible:
        raise CertificateRefusedError("person not visible to the actor", code="not_visible")
    if actor.institution.kind not in ISSUING_INSTITUTION_KINDS or actor.role not in ISSUING_ROLES:
        raise CertificateRefusedError(
            f"{actor.role} at {actor.institution.code} ({actor.institution.kind}) may not issue certificates",
            code="not_an_issuing_body",
        )
    if not any(
        Scope.REGISTRATION_STATUS in grant.scopes_for(r.institution_id)
        for r in registration_facts_for(person=person)
        if r.kind in LABOUR_OFFICE_KINDS
    ):
        raise CertificateRefusedError(
            "the actor may not see any labour-office registration of this person",
            code="no_labour_office_status",
        )


@transaction.atomic
def certificate_issue(*, actor: ActingAs, person: Person, on: date, now: datetime) -> Certificate:
    """Certify the person's labour-office status on ``on``: one logged read, the certificate, its audit event."""
    ensure_can_issue_certificate(actor=actor, person=person, on=on)
    view = person_read(
        actor=actor, person=person, on=on, purpose="certificate", what="certificate", wanted=CERTIFIED_SCOPES
    )
    facts = certified_facts(view, on)
    if Scope.IDENTITY not in view.scopes or not facts.registrations:
        # Raised inside the transaction, so the access-log entry of the read is rolled back too.
        raise CertificateRefusedError("nothing to certify", code="no_labour_office_status")
    certificate = Certificate.objects.create(
        code=secrets.token_urlsafe(CODE_BYTES),
        person=person,
        institution=actor.institution,
        issued_by=actor.user,
        issued_at=now,
        status_on=on,
        facts=facts.as_json(),
    )
    audit_record(
        event=audit_events.CERTIFICATE_ISSUED,
        actor=actor.user,
        institution=actor.institution,
        subject=certificate,
        data={"status_on": on.isoformat()},
    )
    return certificate


def certificate_get_for(*, actor: ActingAs, person: Person, code: str) -> Certificate:
    """A certificate of ``person`` issued by the actor's institution; ``Certificate.DoesNotExist`` otherwise.

    Callers have already checked that the actor may see the person (``person_get_visible``).
    """
    return Certificate.objects.select_related("institution").get(
        code=code, person=person, institution_id=actor.institution.pk
    )


def certificate_list_for(*, actor: ActingAs, person: Person) -> list[Certificate]:
    """The certificates the actor's institution issued for ``person``: its own register of issued documents."""
    return list(Certificate.objects.filter(person=person, institution_id=actor.institution.pk))


def verify_path(certificate: Certificate) -> str:
    return VERIFY_PATH.format(code=certificate.code)


def institution_place(institution: Institution) -> str:
    """The place named on a document: the gmina or powiat the institution serves, as far as TERYT knows it."""
    try:
        unit = teryt.unit(institution.teryt)
    except KeyError:
        return ""
    if isinstance(unit, teryt.Powiat) and unit.kind == "powiat":
        return f"powiat {unit.name}"
    return unit.name


def pdf_from_template(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to an A4 PDF, in Polish, fetching nothing from outside the document."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a second
    from weasyprint.urls import URLFetcher

    with translation.override("pl"):
        html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
    return pdf


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, from its stored facts (no read of the registry, nothing logged here)."""
    return pdf_from_template(
        "registry/certificate_pdf.html",
        {
            "certificate": certificate,
            "facts": CertifiedFacts.from_json(certificate.facts),
            "issuer": certificate.institution,
            "place": institution_place(certificate.institution),
            "verify_path": verify_path(certificate),
        },
    )


def certificate_download(*, actor: ActingAs, certificate: Certificate) -> bytes:
    """The PDF for a member of staff: each download is logged as a read of the certified data."""
    pdf = certificate_pdf(certificate)
    with transaction.atomic():
        access_log_record(
            user=actor.user,
            institution=actor.institution,
            role=actor.role,
            person_id=certificate.person_id,
            scopes=sorted(s.value for s in CertifiedFacts.from_json(certificate.facts).scopes()),
            purpose="certificate",
            what="certificate_download",
        )
    return pdf


@transaction.atomic
def certificate_verify(*, code: str) -> Certificate:
    """The certificate with ``code`` for the public check (``Certificate.DoesNotExist`` if none).

    The verifier is anonymous: the audit event names the certificate and nothing else.
    """
    certificate = Certificate.objects.select_related("institution").get(code=code)
    audit_record(
        event=document_events.CERTIFICATE_VERIFIED, actor=None, institution=None, subject=certificate
    )
    return certificate
