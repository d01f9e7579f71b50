"""Demo institutions and staff (synthetic: invented people, real public-office names and TERYT codes).

Loading is idempotent: what exists and matches is left alone, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sciezka.accounts import services
from sciezka.accounts.models import Institution, InstitutionKind, Membership, Role, User


@dataclass(frozen=True)
class DemoInstitution:
    code: str
    kind: str
    name: str
    teryt: str
    parent: str | None = None


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    institution: str
    role: str
    superuser: bool = False


INSTITUTIONS = [
    DemoInstitution("WUP-KRAKOW", InstitutionKind.WUP, "Wojewódzki Urząd Pracy w Krakowie", "12"),
    DemoInstitution(
        "ROPS-KRAKOW", InstitutionKind.ROPS, "Regionalny Ośrodek Polityki Społecznej w Krakowie", "12"
    ),
    DemoInstitution("PUP-CHRZANOW", InstitutionKind.PUP, "Powiatowy Urząd Pracy w Chrzanowie", "1203"),
    DemoInstitution("SUP-NOWY-SACZ", InstitutionKind.PUP, "Sądecki Urząd Pracy w Nowym Sączu", "1262"),
    DemoInstitution(
        "MOPS-NOWY-SACZ", InstitutionKind.OPS, "Miejski Ośrodek Pomocy Społecznej w Nowym Sączu", "1262011"
    ),
    DemoInstitution("OPS-CHRZANOW", InstitutionKind.OPS, "Ośrodek Pomocy Społecznej w Chrzanowie", "1203033"),
    DemoInstitution(
        "PCPR-CHRZANOW", InstitutionKind.PCPR, "Powiatowe Centrum Pomocy Rodzinie w Chrzanowie", "1203"
    ),
    DemoInstitution(
        "CIS-NOWY-SACZ", InstitutionKind.CIS, "Centrum Integracji Społecznej w Nowym Sączu", "1262011"
    ),
    DemoInstitution(
        "OP-A", InstitutionKind.OPERATOR, "Operator A – Aktywni Razem sp. z o.o. (fikcyjny)", "12"
    ),
    DemoInstitution("OP-B", InstitutionKind.OPERATOR, "Operator B – Fundacja Nowy Start (fikcyjna)", "12"),
]

USERS = [
    DemoUser("admin", "Adam", "Administracyjny", "WUP-KRAKOW", Role.ADMINISTRATOR, superuser=True),
    DemoUser("pup.chrzanow", "Paulina", "Urbańczyk", "PUP-CHRZANOW", Role.CASEWORKER),
    DemoUser("ops.chrzanow", "Olga", "Sołtysik", "OPS-CHRZANOW", Role.SOCIAL_WORKER),
    DemoUser("pcpr.chrzanow", "Piotr", "Cieślak", "PCPR-CHRZANOW", Role.CASEWORKER),
    DemoUser("sup.nowysacz", "Sylwia", "Nowacka", "SUP-NOWY-SACZ", Role.CASEWORKER),
    DemoUser("mops.nowysacz", "Marek", "Sądecki", "MOPS-NOWY-SACZ", Role.SOCIAL_WORKER),
    DemoUser("cis.nowysacz", "Celina", "Integrowska", "CIS-NOWY-SACZ", Role.CASEWORKER),
    DemoUser("pup.kierownik", "Krzysztof", "Kierowniczak", "PUP-CHRZANOW", Role.MANAGER),
    DemoUser("wup.umowy", "Urszula", "Umowna", "WUP-KRAKOW", Role.CONTRACT_MANAGER),
    DemoUser("rops.plan", "Roman", "Planowski", "ROPS-KRAKOW", Role.PROGRAMME_COORDINATOR),
    DemoUser("opa.doradca", "Agata", "Doradczyk", "OP-A", Role.OPERATOR_STAFF),
    DemoUser("opb.doradca", "Bartosz", "Doradczyk", "OP-B", Role.OPERATOR_STAFF),
    DemoUser("audytor", "Aneta", "Audytowska", "WUP-KRAKOW", Role.AUDITOR),
]


@transaction.atomic
def load(*, password: str) -> int:
    """Create or align the demo institutions and staff; return the number of changes made."""
    changes = 0
    by_code: dict[str, Institution] = {}
    for spec in INSTITUTIONS:
        parent = by_code.get(spec.parent) if spec.parent else None
        existing = Institution.objects.filter(code=spec.code).first()
        if existing is None:
            by_code[spec.code] = services.institution_create(
                actor=None,
                code=spec.code,
                kind=spec.kind,
                name=spec.name,
                teryt_code=spec.teryt,
                parent=parent,
            )
            changes += 1
        else:
            wanted = {
                "kind": spec.kind,
                "name": spec.name,
                "teryt": spec.teryt,
                "parent": parent,
                "is_active": True,
            }
            if any(getattr(existing, k) != v for k, v in wanted.items()):
                changes += 1
            by_code[spec.code] = services.institution_update(actor=None, institution=existing, **wanted)
    for spec_user in USERS:
        user = User.objects.filter(username=spec_user.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=spec_user.username,
                password=password,
                first_name=spec_user.first_name,
                last_name=spec_user.last_name,
                is_superuser=spec_user.superuser,
            )
            changes += 1
        elif not user.check_password(password):
            services.user_set_password(actor=None, user=user, password=password)
            changes += 1
        institution = by_code[spec_user.institution]
        has_role = Membership.objects.filter(
            user=user, institution=institution, role=spec_user.role, is_active=True
        ).exists()
        if not has_role:
            services.membership_grant(actor=None, user=user, institution=institution, role=spec_user.role)
            changes += 1
    return changes
