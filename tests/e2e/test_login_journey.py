"""A caseworker logs in, sees the dashboard, and the pages pass axe-core's WCAG 2.1 AA checks."""

from __future__ import annotations

from typing import Any

import pytest

from sciezka.web.demo import load_demo
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-demo-password-1"


@pytest.fixture
def demo(transactional_db: None) -> None:
    load_demo(password=PASSWORD)


def test_caseworker_logs_in_and_sees_the_dashboard(live_server: Any, demo: None, page: Any) -> None:
    page.goto(f"{live_server.url}/")
    assert page.title() == "Zaloguj się – Ścieżka"
    assert axe_violations(page) == []

    page.get_by_label("Nazwa użytkownika").fill("pup.chrzanow")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pulpit"
    assert (
        page.get_by_test_id("active-institution").inner_text()
        == "Powiatowy Urząd Pracy w Chrzanowie (PUP-CHRZANOW)"
    )
    assert page.get_by_test_id("active-role").inner_text() == "Pracownik merytoryczny"
    assert axe_violations(page) == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    live_server: Any, demo: None, page: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Przejdź do treści głównej"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_institutions_page_passes_accessibility_checks(live_server: Any, demo: None, page: Any) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nazwa użytkownika").fill("rops.plan")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Instytucje").click()
    assert page.get_by_role("table").locator("tbody tr").count() == 10
    assert axe_violations(page) == []
