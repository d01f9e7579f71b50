"""Browser journeys: Playwright driving Debian's Chromium against the live test server.

Neither a browser nor axe-core is downloaded here: Chromium comes from Debian (`apt-get install chromium`)
and axe-core from the npm registry (`npm ci`). Without them the journeys are skipped, unless
``SCIEZKA_REQUIRE_E2E`` is set (as CI does), when their absence is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> list[str]:
    missing = []
    if not Path(settings.SCIEZKA["CHROMIUM_PATH"]).exists():
        missing.append(f"Chromium at {settings.SCIEZKA['CHROMIUM_PATH']} (apt-get install chromium)")
    if not AXE.exists():
        missing.append(f"axe-core at {AXE.relative_to(ROOT)} (npm ci)")
    return missing


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        message = "browser journeys need " + " and ".join(missing)
        if settings.SCIEZKA["REQUIRE_E2E"]:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the browser is open; the ORM calls
    # that fixtures make meanwhile are synchronous and safe. Allowed only while the browser runs: the
    # variable must never reach a subprocess or a deployment.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=settings.SCIEZKA["CHROMIUM_PATH"], args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) in the page; return the violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
