"""The only module that reads the process environment.

Every setting that can differ between a developer's laptop, the demo, CI and production is read here,
with its default, so ``docs/configuration.md`` and this file are the whole list.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

PROJECT_ROOT = Path(__file__).resolve().parents[2]

env = environ.Env()

#: production (the default: safe settings), demo (``sciezka demo``: plain HTTP on localhost),
#: development (a developer's runserver) or test (pytest).
MODE: str = env.str("SCIEZKA_MODE", default="production")
if MODE not in {"production", "demo", "development", "test"}:
    raise RuntimeError(f"SCIEZKA_MODE must be production, demo, development or test, not {MODE!r}")

DATA_DIR: Path = Path(env.str("SCIEZKA_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()

DEBUG: bool = env.bool("SCIEZKA_DEBUG", default=False)

#: The secret key given by the operator; ``None`` when absent (see ``secret_key()``).
SECRET_KEY_FROM_ENV: str | None = env.str("SECRET_KEY", default=None) or None

DATABASE_URL: str | None = env.str("DATABASE_URL", default=None) or None

ALLOWED_HOSTS: list[str] = env.list("SCIEZKA_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("SCIEZKA_CSRF_TRUSTED_ORIGINS", default=[])

#: Behind a TLS-terminating proxy the operator may turn the redirect off and trust X-Forwarded-Proto.
SECURE_SSL_REDIRECT: bool = env.bool("SCIEZKA_SECURE_SSL_REDIRECT", default=True)
BEHIND_PROXY: bool = env.bool("SCIEZKA_BEHIND_PROXY", default=False)

#: The largest file the web page accepts for import (larger files go through ``sciezka import persons``).
IMPORT_MAX_MB: int = env.int("SCIEZKA_IMPORT_MAX_MB", default=200)

#: Seconds a worker keeps its PostgreSQL connection (0: a new connection per request).
DB_CONN_MAX_AGE: int = env.int("SCIEZKA_DB_CONN_MAX_AGE", default=60)

LOG_LEVEL: str = env.str("SCIEZKA_LOG_LEVEL", default="INFO")

#: Require the browser journeys to run (CI sets it): a missing Chromium or axe-core is then a failure.
REQUIRE_E2E: bool = env.bool("SCIEZKA_REQUIRE_E2E", default=False)
CHROMIUM_PATH: str = env.str("SCIEZKA_CHROMIUM", default="/usr/bin/chromium")


def secret_key() -> str:
    """The operator's SECRET_KEY, or a random key kept in the data directory for non-production use.

    ``sciezka serve`` refuses to start without an explicit SECRET_KEY, so the generated key only ever
    signs sessions of the demo, of tests and of management commands.
    """
    if SECRET_KEY_FROM_ENV:
        return SECRET_KEY_FROM_ENV
    if MODE == "test":
        return "test-only-" + "x" * 50
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def database_config() -> dict[str, object]:
    """DATABASE_URL if given (PostgreSQL in production and CI), else SQLite in the data directory."""
    if DATABASE_URL:
        config: dict[str, object] = env.db_url_config(DATABASE_URL)
        # Sync workers serve one request at a time, so one persistent connection per worker is safe and
        # saves a connection set-up per request (under ASGI this exhausted connections: stack notes).
        config["CONN_MAX_AGE"] = DB_CONN_MAX_AGE
        config["CONN_HEALTH_CHECKS"] = True
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "sciezka.sqlite3"),
            # WAL and IMMEDIATE transactions let the demo's worker processes write without
            # "database is locked" errors; the timeout waits for a concurrent writer.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    return config
