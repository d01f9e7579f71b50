from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sciezka.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_passwords_are_hashed_with_argon2(caseworker) -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert caseworker.password.startswith("argon2$")


def test_login_page_is_polish_by_default(client: Client) -> None:
    page = client.get("/login/").content.decode()
    for polish in ('lang="pl"', "Zaloguj się", "Nazwa użytkownika", "Przejdź do treści głównej"):
        assert polish in page


def test_successful_login_leads_to_the_dashboard(client: Client, caseworker) -> None:
    response = login(client, "caseworker", TEST_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")
    dashboard = client.get("/").content.decode()
    assert "PUP-TEST" in dashboard


def test_wrong_password_shows_an_error_and_no_session(client: Client, caseworker) -> None:
    response = login(client, "caseworker", "wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client: Client, caseworker) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "caseworker", "wrong password")
    response = login(client, "caseworker", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_and_username(client: Client, caseworker) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "caseworker", "wrong password")
    response = client.post(
        "/login/", {"username": "caseworker", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_logout_requires_post_and_ends_the_session(client: Client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert "_auth_user_id" not in client.session


def test_session_cookie_is_http_only_and_expires_within_a_working_day() -> None:
    assert (settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_AGE <= 8 * 3600) == (True, True)
