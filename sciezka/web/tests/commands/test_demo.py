from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps

import sciezka
from sciezka.accounts.models import Institution, Membership, User
from sciezka.audit.models import AuditEvent
from sciezka.web.demo import demo_logins, load_demo

pytestmark = pytest.mark.django_db

INSTITUTION_CODES = {
    "WUP-KRAKOW", "ROPS-KRAKOW", "PUP-CHRZANOW", "SUP-NOWY-SACZ", "MOPS-NOWY-SACZ",
    "OPS-CHRZANOW", "PCPR-CHRZANOW", "CIS-NOWY-SACZ", "OP-A", "OP-B",
}  # fmt: skip
ROLES = {
    "admin": ("WUP-KRAKOW", "administrator"),
    "pup.chrzanow": ("PUP-CHRZANOW", "caseworker"),
    "ops.chrzanow": ("OPS-CHRZANOW", "social_worker"),
    "pcpr.chrzanow": ("PCPR-CHRZANOW", "caseworker"),
    "sup.nowysacz": ("SUP-NOWY-SACZ", "caseworker"),
    "mops.nowysacz": ("MOPS-NOWY-SACZ", "social_worker"),
    "cis.nowysacz": ("CIS-NOWY-SACZ", "caseworker"),
    "pup.kierownik": ("PUP-CHRZANOW", "manager"),
    "wup.umowy": ("WUP-KRAKOW", "contract_manager"),
    "rops.plan": ("ROPS-KRAKOW", "programme_coordinator"),
    "opa.doradca": ("OP-A", "operator_staff"),
    "opb.doradca": ("OP-B", "operator_staff"),
    "audytor": ("WUP-KRAKOW", "auditor"),
}
PASSWORD = "demo-test-password"
#: Bulk loads of demo data record one audit event per load, with what they created, not one per row.
BULK_LOAD_EVENTS = {"referrals.demo_agreements_loaded", "registry.demo_loaded"}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_demo_has_exactly_the_agreed_institutions_and_logins() -> None:
    load_demo(password=PASSWORD)
    assert set(Institution.objects.values_list("code", flat=True)) == INSTITUTION_CODES
    memberships = {
        m.user.username: (m.institution.code, m.role)
        for m in Membership.objects.select_related("user", "institution")
    }
    assert memberships == ROLES
    assert {login.username for login in demo_logins()} == set(ROLES)


def test_demo_users_can_log_in_with_the_demo_password() -> None:
    load_demo(password=PASSWORD)
    assert all(user.check_password(PASSWORD) for user in User.objects.all())


def test_loading_the_demo_twice_changes_nothing() -> None:
    first_changes = load_demo(password=PASSWORD)
    before = row_counts()
    last_audit = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert load_demo(password=PASSWORD) == 0
    assert (row_counts(), AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()) == (
        before,
        last_audit,
    )
    assert first_changes > 0


def test_account_changes_are_audited_one_by_one_and_each_bulk_load_by_one_event_with_its_counts() -> None:
    changes = load_demo(password=PASSWORD)
    bulk = {e.event_type: e.data for e in AuditEvent.objects.filter(event_type__in=BULK_LOAD_EVENTS)}
    one_by_one = AuditEvent.objects.exclude(event_type__in=BULK_LOAD_EVENTS).count()
    agreements = len(bulk["referrals.demo_agreements_loaded"]["created"])
    population = sum(bulk["registry.demo_loaded"]["created"].values())
    assert (set(bulk), one_by_one + agreements + population) == (BULK_LOAD_EVENTS, changes)


@pytest.mark.django_db(transaction=False)
def test_sciezka_demo_no_serve_is_idempotent_from_the_command_line(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SCIEZKA_MODE", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["SCIEZKA_DATA_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "sciezka.cli", "demo", "--no-serve"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "Demo data: 0 change(s) (already loaded)" in second.stdout
    assert "pup.chrzanow" in second.stdout
    assert (tmp_path / "sciezka.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demo_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SCIEZKA_MODE", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["SCIEZKA_DATA_DIR"] = str(tmp_path)
    return env


def test_served_demo_answers_the_health_endpoint(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "sciezka.cli", "demo", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        command, env=_demo_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        body = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.5)
        assert body == {"status": "ok", "database": "sqlite", "version": sciezka.__version__}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_reset_starts_from_an_empty_database(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "sciezka.cli", "demo", "--no-serve"]
    subprocess.run(command, env=_demo_env(tmp_path), capture_output=True, check=True, timeout=300)
    reset = subprocess.run(
        [*command, "--reset"], env=_demo_env(tmp_path), capture_output=True, text=True, timeout=300
    )
    assert reset.returncode == 0, reset.stderr
    assert "Deleted the demo database" in reset.stdout
    assert "Demo data: 0 change(s)" not in reset.stdout
