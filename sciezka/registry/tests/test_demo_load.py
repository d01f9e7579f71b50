from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from sciezka.accounts import demo as accounts_demo
from sciezka.accounts.models import Membership
from sciezka.accounts.selectors import ActingAs
from sciezka.audit.models import AuditEvent
from sciezka.referrals import demo as referrals_demo
from sciezka.referrals.models import Agreement
from sciezka.registry import demo as registry_demo
from sciezka.registry.domain.demo_population import DEMO_DAY, generate_population
from sciezka.registry.domain.names import fold_name
from sciezka.registry.models import CaseNote, Household, HouseholdMember, Person, PeselHistory, Registration
from sciezka.registry.services import person_read

pytestmark = pytest.mark.django_db

SHARED = ["identity", "registration_status", "benefit"]
AGREEMENTS = {
    "POR-PUP-OPS-CHRZANOW-2024": (
        {"PUP-CHRZANOW", "OPS-CHRZANOW"}, {"unemployed", "job_seeker", "social_assistance"}, SHARED
    ),
    "POR-PUP-PCPR-CHRZANOW-2024": (
        {"PUP-CHRZANOW", "PCPR-CHRZANOW"}, {"unemployed", "job_seeker", "family_support"}, SHARED
    ),
    "POR-SUP-MOPS-NOWY-SACZ-2024": (
        {"SUP-NOWY-SACZ", "MOPS-NOWY-SACZ"}, {"unemployed", "job_seeker", "social_assistance"}, SHARED
    ),
    "POR-SUP-CIS-NOWY-SACZ-2024": (
        {"SUP-NOWY-SACZ", "CIS-NOWY-SACZ"}, {"unemployed", "job_seeker", "cis_participant"}, SHARED
    ),
}  # fmt: skip


REGISTRY_MODELS = (Person, PeselHistory, Household, HouseholdMember, Registration, CaseNote)


@pytest.fixture
def demo_staff(db, settings) -> None:
    # The staff's passwords are not under test here; a fast hasher keeps each test's set-up short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    accounts_demo.load(password="demo-test-password")


@pytest.fixture
def agreements(demo_staff) -> int:
    return referrals_demo.load()


@pytest.fixture
def loaded(agreements) -> int:
    return agreements + registry_demo.load()


def row_counts(models=None) -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in models or apps.get_models()}


def active_at(code: str) -> Exists:
    active = Q(valid_from__lte=DEMO_DAY) & (Q(valid_to__isnull=True) | Q(valid_to__gte=DEMO_DAY))
    return Exists(Registration.objects.filter(active, person=OuterRef("pk"), institution__code=code))


def test_loading_writes_the_generated_population_and_counts_every_row(loaded: int) -> None:
    population = generate_population()
    expected = (
        len(population.persons),
        len(population.persons),
        len(population.households),
        len(population.persons),
        len(population.registrations),
        len(population.notes),
    )
    assert tuple(row_counts(REGISTRY_MODELS).values()) == expected
    assert loaded == sum(expected) + Agreement.objects.count()


def test_a_second_load_creates_nothing_and_records_nothing(loaded: int) -> None:
    before = row_counts()
    assert (referrals_demo.load(), registry_demo.load(), row_counts()) == (0, 0, before)


def test_the_load_records_one_audit_event_with_its_counts(loaded: int) -> None:
    events = AuditEvent.objects.filter(event_type="registry.demo_loaded")
    assert [e.data["created"]["persons"] for e in events] == [5000]


def test_a_partial_load_is_completed_with_only_what_is_missing(loaded: int) -> None:
    before = row_counts(REGISTRY_MODELS)
    removed, _ = Registration.objects.filter(kind="cis_participant").delete()
    assert (registry_demo.load(), row_counts(REGISTRY_MODELS)) == (removed, before)


def test_person_fields_come_from_the_generator_with_the_folded_surname(loaded: int) -> None:
    person = generate_population().persons[0]
    stored = Person.objects.get(pesel=person.pesel)
    assert (
        stored.first_name,
        stored.last_name,
        stored.last_name_folded,
        stored.birth_date,
        stored.teryt,
    ) == (
        person.first_name,
        person.last_name,
        fold_name(person.last_name),
        person.birth_date,
        person.teryt,
    )


def test_agreements_join_the_named_parties_with_the_named_kinds_and_scopes(agreements: int) -> None:
    agreements = {
        a.code: ({p.code for p in a.parties.all()}, set(a.registration_kinds), a.data_scopes)
        for a in Agreement.objects.prefetch_related("parties")
    }
    assert agreements == AGREEMENTS


def test_agreements_are_valid_from_2024_without_an_end(agreements: int) -> None:
    assert set(Agreement.objects.values_list("valid_from", "valid_to")) == {(dt.date(2024, 1, 1), None)}


def test_hundreds_of_persons_are_active_at_both_partners_on_the_demo_day(loaded: int) -> None:
    shared = Person.objects.filter(
        (active_at("PUP-CHRZANOW") & active_at("OPS-CHRZANOW"))
        | (active_at("SUP-NOWY-SACZ") & active_at("MOPS-NOWY-SACZ"))
    )
    assert shared.count() >= 200


def test_the_ops_social_worker_sees_a_shared_clients_labour_office_status(loaded: int) -> None:
    client = (
        Person.objects.filter(active_at("PUP-CHRZANOW"), active_at("OPS-CHRZANOW")).order_by("pk").first()
    )
    membership = Membership.objects.select_related("user", "institution").get(user__username="ops.chrzanow")
    view = person_read(
        actor=ActingAs.from_membership(membership), person=client, on=DEMO_DAY, purpose="case_handling"
    )
    assert "PUP-CHRZANOW" in {r.institution_code for r in view.registrations}
    assert "agreement" in " ".join(view.reasons)


def test_agreements_record_one_audit_event_naming_the_codes(agreements: int) -> None:
    events = AuditEvent.objects.filter(event_type="referrals.demo_agreements_loaded")
    assert [sorted(e.data["created"]) for e in events] == [sorted(AGREEMENTS)]


def test_a_changed_demo_agreement_is_aligned_again(agreements: int) -> None:
    Agreement.objects.filter(code="POR-PUP-OPS-CHRZANOW-2024").update(data_scopes=["identity", "contact"])
    assert (referrals_demo.load(), Agreement.objects.get(code="POR-PUP-OPS-CHRZANOW-2024").data_scopes) == (
        1,
        SHARED,
    )


def test_the_population_needs_the_demo_staff_first(db) -> None:
    with pytest.raises(LookupError, match="load the accounts demo first"):
        registry_demo.load()
