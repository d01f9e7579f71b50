from __future__ import annotations

import pytest

from sciezka.accounts.services import token_create
from sciezka.accounts.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth():
    user = MembershipFactory().user
    return {"Authorization": f"Bearer {token_create(actor=None, user=user).secret}"}


def test_the_version_in_force_on_a_day(client, rules_loaded, auth) -> None:
    response = client.get("/api/v1/rules/ipd", {"on": "2019-06-14"}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert (body["rule"], body["params"]["contact_every_days"]) == ("ipd@pz-2019", 60)


def test_no_version_in_force_is_404_with_a_code(client, rules_loaded, auth) -> None:
    response = client.get("/api/v1/rules/pai", {"on": "2026-01-01"}, headers=auth)
    assert (response.status_code, response.json()["code"]) == (404, "not_in_force")


def test_the_list_of_rule_sets(client, rules_loaded, auth) -> None:
    body = client.get("/api/v1/rules", headers=auth).json()
    assert {"code": next(s for s in body if s["code"] == "profiling")["versions"][0]["version"]} == {
        "code": "pz-2014"
    }


def test_the_rules_api_needs_authentication(client, rules_loaded) -> None:
    assert client.get("/api/v1/rules").status_code == 401
