from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sciezka.audit.models import AuditEvent
from sciezka.common.domain.pesel import generate_pesel
from sciezka.registry.models import Person, Registration

pytestmark = pytest.mark.django_db

NEW_PESEL = generate_pesel(dt.date(1988, 4, 12), "F", 321)


def form(**changes: str) -> dict[str, str]:
    data = {
        "pesel": NEW_PESEL,
        "first_name": "Łucja",
        "last_name": "Żółkiewska",
        "teryt_code": "1203033",
        "street": "ul. Krakowska 5",
        "kind": "social_assistance",
        "valid_from": "2026-03-02",
    }
    return {**data, **changes}


def test_a_new_client_is_entered_registered_and_audited(client: Client, world) -> None:
    client.force_login(world.actor(world.ops).user)
    response = client.post("/persons/new/", form())
    person = Person.objects.get(pesel=NEW_PESEL)
    assert (response.status_code, response["Location"]) == (302, f"/persons/{person.public_id}/")
    assert (person.last_name_folded, person.birth_date.isoformat(), person.sex) == (
        "zolkiewska",
        "1988-04-12",
        "F",
    )
    assert list(person.registrations.values_list("institution__code", "kind")) == [
        ("OPS-X", "social_assistance")
    ]
    assert set(AuditEvent.objects.values_list("event_type", flat=True)) == {
        "registry.person_created",
        "registry.registration_created",
    }


def test_a_known_pesel_gets_the_registration_and_keeps_its_particulars(client: Client, world) -> None:
    client.force_login(world.actor(world.stranger).user)
    persons_before = Person.objects.count()
    client.post("/persons/new/", form(pesel=world.pup_only.pesel, last_name="Inne Nazwisko"))
    world.pup_only.refresh_from_db()
    assert (Person.objects.count(), world.pup_only.last_name != "Inne Nazwisko") == (persons_before, True)
    assert Registration.objects.filter(person=world.pup_only, institution=world.stranger).count() == 1


def test_an_invalid_pesel_is_reported_on_its_field_and_nothing_is_written(client: Client, world) -> None:
    client.force_login(world.actor(world.ops).user)
    response = client.post("/persons/new/", form(pesel=NEW_PESEL[:-1] + str((int(NEW_PESEL[-1]) + 1) % 10)))
    assert list(response.context["form"].errors) == ["pesel"]
    assert (Person.objects.filter(last_name="Żółkiewska").exists(), AuditEvent.objects.count()) == (False, 0)


def test_an_unknown_gmina_is_reported_on_its_field(client: Client, world) -> None:
    client.force_login(world.actor(world.ops).user)
    response = client.post("/persons/new/", form(teryt_code="1299999"))
    assert list(response.context["form"].errors) == ["teryt_code"]


def test_roles_that_do_not_record_clients_data_cannot_register(client: Client, world) -> None:
    client.force_login(world.actor(world.ops, "operator_staff").user)
    assert client.post("/persons/new/", form()).status_code == 404
    assert not Person.objects.filter(pesel=NEW_PESEL).exists()


@pytest.mark.parametrize("role", ["caseworker", "social_worker", "manager", "operator_staff", "contract_manager",
                                  "programme_coordinator", "auditor", "administrator"])  # fmt: skip
def test_only_working_roles_register_clients(client: Client, world, role: str) -> None:
    client.force_login(world.actor(world.ops, role).user)
    response = client.post("/persons/new/", form())
    working = role in {"caseworker", "social_worker", "manager"}
    assert (response.status_code, Person.objects.filter(pesel=NEW_PESEL).exists()) == (
        302 if working else 404,
        working,
    )
