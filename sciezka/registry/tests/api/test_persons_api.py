from __future__ import annotations

import pytest
from django.test import Client

from sciezka.accounts.services import token_create
from sciezka.audit.models import AccessLogEntry
from sciezka.registry.models import Registration

pytestmark = pytest.mark.django_db


def bearer(world, institution, role="caseworker") -> dict[str, str]:
    actor = world.actor(institution, role)
    return {"Authorization": f"Bearer {token_create(actor=None, user=actor.user).secret}"}


def test_partner_reads_a_shared_client_with_purpose_and_one_log_entry(client: Client, world) -> None:
    headers = bearer(world, world.ops)
    response = client.get(
        f"/api/v1/persons/{world.shared.pesel}?purpose=benefit_verification", headers=headers
    )
    body = response.json()
    assert response.status_code == 200
    assert ([r["institution"] for r in body["registrations"]], body["street"]) == (
        ["PUP-X", "OPS-X"],
        "ul. Testowa 1",
    )
    entry = AccessLogEntry.objects.get()
    assert (entry.channel, entry.purpose, entry.what) == ("api", "benefit_verification", "api_person")


def test_contact_data_not_shared_by_agreement_is_absent(client: Client, world) -> None:
    body = client.get(
        f"/api/v1/persons/{world.pup_only.pesel}?purpose=cooperation", headers=bearer(world, world.ops)
    ).json()
    assert (body["street"], body["phone"], "contact" in body["scopes"]) == (None, None, False)


def test_missing_purpose_is_422_and_nothing_is_logged(client: Client, world) -> None:
    response = client.get(f"/api/v1/persons/{world.shared.pesel}", headers=bearer(world, world.ops))
    assert (response.status_code, response.json()["code"]) == (422, "unknown_purpose")
    assert AccessLogEntry.objects.count() == 0


def test_unrelated_institution_gets_404_without_data(client: Client, world) -> None:
    response = client.get(
        f"/api/v1/persons/{world.shared.pesel}?purpose=case_handling", headers=bearer(world, world.stranger)
    )
    assert response.status_code == 404
    assert world.shared.last_name not in response.content.decode()
    assert AccessLogEntry.objects.count() == 0


def test_unknown_and_invisible_persons_answer_the_same(client: Client, world) -> None:
    headers = bearer(world, world.stranger)
    invisible = client.get(f"/api/v1/persons/{world.shared.pesel}?purpose=case_handling", headers=headers)
    unknown = client.get("/api/v1/persons/44051401359?purpose=case_handling", headers=headers)
    assert (invisible.status_code, invisible.json()) == (unknown.status_code, unknown.json())


def test_search_by_pesel_returns_minimal_data_and_logs_nothing(client: Client, world) -> None:
    body = client.get(f"/api/v1/persons?pesel={world.shared.pesel}", headers=bearer(world, world.ops)).json()
    assert body["count"] == 1
    assert set(body["results"][0]) == {"public_id", "first_name", "last_name", "birth_date", "gmina"}
    assert AccessLogEntry.objects.count() == 0


def test_search_by_surname_ignores_case_and_polish_letters(client: Client, world) -> None:
    world.shared.last_name, world.shared.last_name_folded = "Żółkiewska", "zolkiewska"
    world.shared.save()
    query = f"surname=ZOLKIEWSKA&birth_date={world.shared.birth_date.isoformat()}"
    body = client.get(f"/api/v1/persons?{query}", headers=bearer(world, world.pup)).json()
    assert [r["last_name"] for r in body["results"]] == ["Żółkiewska"]


def test_search_without_criteria_is_422(client: Client, world) -> None:
    response = client.get("/api/v1/persons?surname=Kowalczyk", headers=bearer(world, world.ops))
    assert (response.status_code, response.json()["code"]) == (422, "criteria")


def test_registrations_endpoint_logs_only_registration_scopes(client: Client, world) -> None:
    response = client.get(
        f"/api/v1/persons/{world.shared.pesel}/registrations?purpose=case_handling",
        headers=bearer(world, world.ops),
    )
    assert [r["kind"] for r in response.json()] == ["unemployed", "social_assistance"]
    assert AccessLogEntry.objects.get().scopes == ["benefit", "registration_status"]


def test_posting_a_registration_records_it_at_the_callers_institution(client: Client, world) -> None:
    response = client.post(
        f"/api/v1/persons/{world.pup_only.pesel}/registrations",
        data={"kind": "social_assistance", "valid_from": "2026-02-02"},
        content_type="application/json",
        headers=bearer(world, world.ops),
    )
    assert (response.status_code, response.json()["institution"]) == (201, "OPS-X")
    assert Registration.objects.filter(person=world.pup_only, institution=world.ops).count() == 1


def test_posting_a_registration_ending_before_it_starts_is_422(client: Client, world) -> None:
    response = client.post(
        f"/api/v1/persons/{world.pup_only.pesel}/registrations",
        data={"kind": "unemployed", "valid_from": "2026-02-02", "valid_to": "2026-01-02"},
        content_type="application/json",
        headers=bearer(world, world.pup),
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid")


def test_roles_that_may_not_record_data_get_403(client: Client, world) -> None:
    response = client.post(
        f"/api/v1/persons/{world.pup_only.pesel}/registrations",
        data={"kind": "unemployed", "valid_from": "2026-02-02"},
        content_type="application/json",
        headers=bearer(world, world.pup, "operator_staff"),
    )
    assert response.status_code == 403
