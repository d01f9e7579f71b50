"""The production entry points refuse unsafe configurations. These run the real console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STRONG_KEY = "k" * 20 + "-production-secret-key-for-tests-only-0123456789"


def sciezka(*args: str, tmp_path: Path, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "SCIEZKA_MODE",
            "SCIEZKA_DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env["SCIEZKA_DATA_DIR"] = str(tmp_path)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "sciezka.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = sciezka("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stdout + result.stderr


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = sciezka("serve", "--check-only", "--allow-sqlite", tmp_path=tmp_path)
    assert (result.returncode, "SECRET_KEY is not set" in result.stderr) == (2, True)


def test_serve_refuses_to_start_with_debug_on(tmp_path: Path) -> None:
    result = sciezka(
        "serve", "--check-only", "--allow-sqlite", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY, SCIEZKA_DEBUG="1"
    )
    assert (result.returncode, "DEBUG is on" in result.stderr) == (2, True)


def test_serve_refuses_sqlite_unless_allowed(tmp_path: Path) -> None:
    env = {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    result = sciezka("serve", "--check-only", tmp_path=tmp_path, **env)
    assert (result.returncode, "PostgreSQL" in result.stderr) == (2, True)


@pytest.mark.parametrize("setting", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"])
def test_production_mode_turns_on_transport_security(tmp_path: Path, setting: str) -> None:
    result = sciezka("diffsettings", "--all", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY)
    assert f"{setting} = True" in result.stdout


def test_serve_is_ready_with_a_key_and_postgresql_or_explicit_sqlite(tmp_path: Path) -> None:
    result = sciezka("serve", "--check-only", "--allow-sqlite", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY)
    assert (result.returncode, result.stdout.strip()) == (0, "ready to serve"), result.stderr
