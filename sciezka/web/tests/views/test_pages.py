from __future__ import annotations

import pytest
from django.test import Client

from sciezka.accounts.models import Role
from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_dashboard_requires_login(client: Client) -> None:
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/")


def test_dashboard_shows_institution_and_role(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    assert "Powiatowy Urząd Pracy testowy (PUP-TEST)" in page
    assert "Pracownik merytoryczny" in page


def test_page_has_skip_link_and_landmarks(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    for landmark in ('href="#main"', 'role="banner"', "<nav", '<main id="main"', 'role="contentinfo"'):
        assert landmark in page


def test_user_with_two_roles_can_switch_the_active_one(client: Client, caseworker) -> None:
    other = MembershipFactory(
        user=caseworker, institution=InstitutionFactory(code="OPS-TEST", kind="OPS"), role=Role.SOCIAL_WORKER
    )
    client.force_login(caseworker)
    client.post("/membership/", {"membership": other.pk})
    page = client.get("/").content.decode()
    assert 'data-testid="active-institution">' in page
    assert "(OPS-TEST)" in page


def test_switching_to_someone_elses_membership_is_ignored(client: Client, caseworker) -> None:
    stranger = MembershipFactory(institution=InstitutionFactory(code="OPS-OTHER", kind="OPS"))
    client.force_login(caseworker)
    client.post("/membership/", {"membership": stranger.pk})
    assert "(PUP-TEST)" in client.get("/").content.decode()


def test_english_can_be_chosen(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert ('lang="en"' in page, "You are working as" in page) == (True, True)


def test_institutions_page_lists_institutions_with_kind(client: Client, caseworker) -> None:
    InstitutionFactory(code="CIS-TEST", kind="CIS", name="Centrum Integracji Społecznej testowe")
    client.force_login(caseworker)
    page = client.get("/institutions/").content.decode()
    assert ("CIS-TEST" in page, "Centrum Integracji Społecznej (CIS)" in page) == (True, True)
