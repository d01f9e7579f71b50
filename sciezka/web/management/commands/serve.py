"""``sciezka serve``: the production server (gunicorn) on DATABASE_URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sciezka.config import env
from sciezka.web.server import run_gunicorn


class Command(BaseCommand):
    help = "Serve Ścieżka in production with gunicorn (needs SECRET_KEY and DATABASE_URL; DEBUG off)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="Address to listen on (default 127.0.0.1:8000)."
        )
        parser.add_argument("--workers", type=int, default=2, help="Gunicorn sync workers (default 2).")
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="Serve the embedded SQLite database (a single small office).",
        )
        parser.add_argument("--check-only", action="store_true", help="Run the start-up checks and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = startup_problems(allow_sqlite=options["allow_sqlite"])
        if problems:
            raise CommandError("refusing to start:\n  - " + "\n  - ".join(problems), returncode=2)
        if options["check_only"]:
            self.stdout.write("ready to serve")
            return
        run_gunicorn(bind=options["bind"], workers=options["workers"])


def startup_problems(*, allow_sqlite: bool) -> list[str]:
    problems = []
    if not env.SECRET_KEY_FROM_ENV:
        problems.append("SECRET_KEY is not set in the environment")
    if settings.DEBUG:
        problems.append("DEBUG is on (unset SCIEZKA_DEBUG)")
    if env.MODE != "production":
        problems.append(f"SCIEZKA_MODE is {env.MODE!r}, not 'production'")
    if connection.vendor != "postgresql" and not allow_sqlite:
        problems.append("DATABASE_URL does not point to PostgreSQL (use --allow-sqlite to serve SQLite)")
    errors = [m for m in checks.run_checks(include_deployment_checks=True) if m.level >= checks.ERROR]
    problems.extend(f"{m.id}: {m.msg}" for m in errors)
    return problems
