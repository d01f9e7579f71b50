from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sciezka.accounts.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def test_bearer_token_authenticates_and_shows_the_active_institution(client: Client, caseworker) -> None:
    issued = token_create(actor=None, user=caseworker)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.secret}"})
    body = response.json()
    assert response.status_code == 200
    assert (body["username"], body["active_institution"], body["active_role"]) == (
        "caseworker",
        "PUP-TEST",
        "caseworker",
    )


def test_session_authenticates_the_api(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/api/v1/me").json()["username"] == "caseworker"


def test_request_without_credentials_gets_401(client: Client) -> None:
    assert client.get("/api/v1/me").status_code == 401


def test_unknown_token_gets_401(client: Client, caseworker) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer scz_not-a-token"})
    assert response.status_code == 401


def test_revoked_token_gets_401(client: Client, caseworker) -> None:
    issued = token_create(actor=None, user=caseworker)
    token_revoke(actor=None, token=issued.token, now=timezone.now())
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.secret}"})
    assert response.status_code == 401


def test_institutions_endpoint_lists_codes(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    assert [i["code"] for i in client.get("/api/v1/institutions").json()] == ["PUP-TEST"]
