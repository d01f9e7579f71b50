"""Demo cooperation agreements between the demo institutions (see ``sciezka.accounts.demo``).

Each shares registration status and benefit periods both ways (not contact data, not notes), from
2024-01-01 with no end date. Loading is idempotent: an agreement that exists and matches is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from sciezka.accounts.models import Institution
from sciezka.audit.services import audit_record
from sciezka.referrals import audit_events as events
from sciezka.referrals.models import Agreement

SHARED_SCOPES = ["identity", "registration_status", "benefit"]
LABOUR_OFFICE_KINDS = ["unemployed", "job_seeker"]
_PZ = "art. 33 ust. 7 ustawy z 20.04.2004 r. o promocji zatrudnienia i instytucjach rynku pracy"


@dataclass(frozen=True)
class DemoAgreement:
    code: str
    title: str
    parties: tuple[str, ...]
    registration_kinds: tuple[str, ...]
    legal_basis: str
    signed_on: date
    data_scopes: tuple[str, ...] = tuple(SHARED_SCOPES)
    valid_from: date = date(2024, 1, 1)
    valid_to: date | None = None


AGREEMENTS = [
    DemoAgreement(
        code="POR-PUP-OPS-CHRZANOW-2024",
        title=(
            "Porozumienie o współpracy Powiatowego Urzędu Pracy w Chrzanowie i Ośrodka Pomocy Społecznej "
            "w Chrzanowie na rzecz wspólnego klienta"
        ),
        parties=("PUP-CHRZANOW", "OPS-CHRZANOW"),
        registration_kinds=(*LABOUR_OFFICE_KINDS, "social_assistance"),
        legal_basis=f"{_PZ}; art. 50 tej ustawy; porozumienie o współpracy",
        signed_on=date(2023, 12, 18),
    ),
    DemoAgreement(
        code="POR-PUP-PCPR-CHRZANOW-2024",
        title=(
            "Porozumienie o współpracy Powiatowego Urzędu Pracy w Chrzanowie i Powiatowego Centrum Pomocy "
            "Rodzinie w Chrzanowie"
        ),
        parties=("PUP-CHRZANOW", "PCPR-CHRZANOW"),
        registration_kinds=(*LABOUR_OFFICE_KINDS, "family_support"),
        legal_basis=f"{_PZ}; porozumienie o współpracy",
        signed_on=date(2023, 12, 20),
    ),
    DemoAgreement(
        code="POR-SUP-MOPS-NOWY-SACZ-2024",
        title=(
            "Porozumienie o współpracy Sądeckiego Urzędu Pracy i Miejskiego Ośrodka Pomocy Społecznej "
            "w Nowym Sączu na rzecz wspólnego klienta"
        ),
        parties=("SUP-NOWY-SACZ", "MOPS-NOWY-SACZ"),
        registration_kinds=(*LABOUR_OFFICE_KINDS, "social_assistance"),
        legal_basis=f"{_PZ}; art. 50 tej ustawy; porozumienie o współpracy",
        signed_on=date(2023, 12, 14),
    ),
    DemoAgreement(
        code="POR-SUP-CIS-NOWY-SACZ-2024",
        title=(
            "Porozumienie o współpracy Sądeckiego Urzędu Pracy i Centrum Integracji Społecznej w Nowym Sączu"
        ),
        parties=("SUP-NOWY-SACZ", "CIS-NOWY-SACZ"),
        registration_kinds=(*LABOUR_OFFICE_KINDS, "cis_participant"),
        legal_basis=f"{_PZ}; ustawa z 13.06.2003 r. o zatrudnieniu socjalnym; porozumienie o współpracy",
        signed_on=date(2023, 12, 21),
    ),
]


def _fields(spec: DemoAgreement) -> dict[str, object]:
    return {
        "title": spec.title,
        "registration_kinds": list(spec.registration_kinds),
        "data_scopes": list(spec.data_scopes),
        "legal_basis": spec.legal_basis,
        "signed_on": spec.signed_on,
        "valid_from": spec.valid_from,
        "valid_to": spec.valid_to,
    }


@transaction.atomic
def load() -> int:
    """Create or align the demo agreements; return the number of agreements changed (0 when all match).

    The demo institutions must exist (``sciezka.accounts.demo.load`` runs first).
    """
    codes = sorted({code for spec in AGREEMENTS for code in spec.parties})
    institutions = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in institutions]
    if missing:
        raise LookupError(f"demo institutions missing (load the accounts demo first): {', '.join(missing)}")
    created: list[str] = []
    updated: list[str] = []
    for spec in AGREEMENTS:
        wanted = _fields(spec)
        parties = {institutions[code].pk for code in spec.parties}
        agreement = Agreement.objects.filter(code=spec.code).prefetch_related("parties").first()
        if agreement is None:
            agreement = Agreement.objects.create(code=spec.code, **wanted)
            agreement.parties.set(parties)
            created.append(spec.code)
            continue
        differs = any(getattr(agreement, name) != value for name, value in wanted.items())
        if differs:
            for name, value in wanted.items():
                setattr(agreement, name, value)
            agreement.save()
        if {p.pk for p in agreement.parties.all()} != parties:
            agreement.parties.set(parties)
            differs = True
        if differs:
            updated.append(spec.code)
    if created or updated:
        audit_record(
            event=events.DEMO_AGREEMENTS_LOADED, actor=None, data={"created": created, "updated": updated}
        )
    return len(created) + len(updated)
