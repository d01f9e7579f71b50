"""``sciezka demo``: set up the embedded SQLite demo with synthetic data and serve it on localhost."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sciezka.common.request_context import unit_of_work
from sciezka.web.demo import demo_logins, demo_password, load_demo
from sciezka.web.server import run_gunicorn


class Command(BaseCommand):
    help = (
        "Create the demo database with synthetic data, print the demo logins and serve the app on 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port on 127.0.0.1 (default 8000).")
        parser.add_argument("--no-serve", action="store_true", help="Stop after setting up the data.")
        parser.add_argument("--reset", action="store_true", help="Delete the demo database and start afresh.")
        parser.add_argument("--workers", type=int, default=2, help="Server processes (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "the demo runs on the embedded SQLite database: unset DATABASE_URL", returncode=2
            )
        if not 1 <= options["port"] <= 65535:
            raise CommandError(f"--port: {options['port']} is not a TCP port", returncode=2)
        data_dir = settings.DATA_DIR
        if options["reset"]:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                path = data_dir / f"sciezka.sqlite3{suffix}"
                path.unlink(missing_ok=True)
            self.stdout.write(f"Deleted the demo database in {data_dir}")
        data_dir.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        password = demo_password(data_dir)
        with unit_of_work(channel="cli"):
            changes = load_demo(password=password)
        self.stdout.write(f"Data directory: {data_dir}")
        self.stdout.write(f"Demo data: {changes} change(s)" + (" (already loaded)" if changes == 0 else ""))
        url = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write(f"\nŚcieżka demo: {url}")
        self.stdout.write(f"API health:   {url}api/v1/health\n")
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.username:<15} {login.role:<22} {login.institution}")
        self.stdout.write("All people in the demo are synthetic.")
        if options["no_serve"]:
            return
        self.stdout.write("\nServing; stop with Ctrl+C.")
        self.stdout.flush()
        run_gunicorn(bind=f"127.0.0.1:{options['port']}", workers=options["workers"], access_log=False)
