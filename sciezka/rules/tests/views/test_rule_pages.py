from __future__ import annotations

import pytest
from django.urls import reverse

from sciezka.accounts.tests.factories import MembershipFactory
from sciezka.rules.models import RuleConfirmation

pytestmark = pytest.mark.django_db


def login(client, role: str):
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)
    return membership


def test_the_list_shows_every_rule_set_with_its_basis(client, rules_loaded) -> None:
    login(client, "caseworker")
    page = client.get(reverse("rules:list")).content.decode()
    assert "target_groups" in page
    assert "art. 2 (definicje)" in page  # the 2025 act is in force today


def test_the_detail_shows_the_history_and_the_unconfirmed_parameters(client, rules_loaded) -> None:
    login(client, "caseworker")
    page = client.get(reverse("rules:detail", args=["target_groups"])).content.decode()
    for version in ("pz-2004", "pz-2007", "pz-2009", "pz-2014", "urp-2025"):
        assert f"target_groups@{version}" in page
    assert "groups.carer_of_disabled.added_on" in page
    assert 'name="note"' not in page


def test_an_administrator_sees_and_uses_the_confirmation_form(client, rules_loaded) -> None:
    login(client, "administrator")
    url = reverse("rules:detail", args=["pai"])
    assert 'name="note"' in client.get(url).content.decode()
    response = client.post(
        reverse("rules:confirm", args=["pai", "pz-2019"]),
        {"path": "trainer_hourly_cap", "value": "", "note": "Dz.U. checked"},
    )
    assert response.status_code == 302
    assert RuleConfirmation.objects.get().path == "trainer_hourly_cap"


def test_a_caseworker_cannot_confirm(client, rules_loaded) -> None:
    login(client, "caseworker")
    response = client.post(
        reverse("rules:confirm", args=["pai", "pz-2019"]), {"path": "trainer_hourly_cap", "note": "x"}
    )
    assert response.status_code == 404
    assert not RuleConfirmation.objects.exists()


def test_an_unknown_rule_set_is_404(client, rules_loaded) -> None:
    login(client, "caseworker")
    assert client.get(reverse("rules:detail", args=["nope"])).status_code == 404


def test_the_pages_need_a_login(client, rules_loaded) -> None:
    assert client.get(reverse("rules:list")).status_code == 302
