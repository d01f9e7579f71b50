"""An OPS social worker finds a shared client, states a purpose, sees the PUP status, prints the
certificate; the person's report then shows that access. Accessibility is checked on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from sciezka.registry.models import Person
from sciezka.web.demo import load_demo
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-demo-password-2"


def shared_client() -> Person:
    """A demo person registered today both as unemployed at PUP-CHRZANOW and at OPS-CHRZANOW."""
    today = timezone.localdate()
    active = Q(registrations__valid_from__lte=today) & (
        Q(registrations__valid_to__isnull=True) | Q(registrations__valid_to__gte=today)
    )
    at_pup = Person.objects.filter(
        active, registrations__institution__code="PUP-CHRZANOW", registrations__kind="unemployed"
    )
    at_ops = Person.objects.filter(active, registrations__institution__code="OPS-CHRZANOW")
    return (
        Person.objects.filter(pk__in=at_pup.values("pk"))
        .filter(pk__in=at_ops.values("pk"))
        .order_by("pk")
        .first()
    )


def test_ops_worker_certifies_a_shared_clients_pup_status_and_the_report_shows_it(
    live_server: Any, page: Any
) -> None:
    load_demo(password=PASSWORD)
    person = shared_client()
    assert person is not None

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nazwa użytkownika").fill("ops.chrzanow")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Osoby").click()
    page.get_by_label("PESEL").fill(person.pesel)
    page.get_by_role("button", name="Szukaj").click()
    page.get_by_role("link", name=f"{person.first_name} {person.last_name}").click()
    assert axe_violations(page) == []

    page.get_by_label("Cel dostępu").select_option("benefit_verification")
    page.get_by_label("Sprawa lub powód (opcjonalnie)").fill("wniosek o zasiłek okresowy")
    page.get_by_role("button", name="Pokaż dane").click()
    registrations = page.get_by_test_id("registrations")
    assert registrations.locator("tr", has_text="PUP-CHRZANOW").count() >= 1
    assert axe_violations(page) == []

    page.get_by_role("button", name="Wystaw zaświadczenie").click()
    with page.expect_download() as download:
        page.get_by_test_id("certificate-download").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/persons/{person.public_id}/report/")
    page.get_by_label("Cel dostępu").select_option("data_subject_request")
    page.get_by_role("button", name="Sporządź raport").click()
    access_log = page.get_by_test_id("access-log")
    assert access_log.locator("tr", has_text="OPS-CHRZANOW").count() >= 3  # page, certificate, report
    assert access_log.get_by_text("Wydanie zaświadczenia").count() >= 1
    assert axe_violations(page) == []
