"""``sciezka import persons FILE --institution CODE --user USERNAME``: load persons and registrations.

The file format, the validation rules and the outcomes are in ``docs/imports.md``. The last line on stdout is
``{"created": N, "updated": N, "unchanged": N, "rejected": N}``; rejected rows go to ``FILE.rejects.csv``.
Exit 0 when the file was imported (even with rejected rows); exit 2, with the reason on stderr and nothing
changed, when it cannot be imported at all or the user may not import for the institution.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.accounts.models import Institution
from sciezka.accounts.selectors import NoActiveRoleError, acting_as_for
from sciezka.common.request_context import unit_of_work
from sciezka.registry.imports import DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, ImportFileError, persons_import


class ProgressLine:
    """A one-line progress bar redrawn with ``\\r`` on a terminal, at most a few times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.last_drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last_drawn < 0.2 and done < total:
            return
        self.last_drawn = now
        share = min(done / total, 1.0) if total else 0.0
        filled = int(share * self.WIDTH)
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} "
            f"{done:,}/{total:,} rows, {rate:,.0f} rows/s"
        )
        self.stream.flush()

    def finish(self) -> None:
        if not self.last_drawn:
            return
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import data files. `import persons FILE`: persons and their registrations from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_subparsers(dest="what", required=True, metavar="{persons}")
        persons = what.add_parser(
            "persons",
            help="Persons and registrations from a CSV (; or ,) or XLSX file; see docs/imports.md.",
        )
        persons.add_argument("file", type=Path, help="The CSV or XLSX file.")
        persons.add_argument("--institution", required=True, help="Code of the importing institution.")
        persons.add_argument(
            "--user", required=True, help="Username of the person responsible for the import."
        )
        persons.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows per transaction (default {DEFAULT_BATCH_SIZE:,}).",
        )
        persons.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"Parallel writer connections on PostgreSQL (default {DEFAULT_WORKERS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] != "persons":
            raise CommandError(f"unknown import {options['what']!r}", returncode=2)
        if options["batch_size"] < 1:
            raise CommandError("--batch-size: must be at least 1", returncode=2)
        if options["workers"] < 1:
            raise CommandError("--workers: must be at least 1", returncode=2)
        with unit_of_work(channel="cli"):
            self._persons(options)

    def _persons(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        code, username = options["institution"], options["user"]
        if not Institution.objects.filter(code=code, is_active=True).exists():
            raise CommandError(f"--institution: no active institution {code!r}", returncode=2)
        try:
            actor = acting_as_for(username=username, institution_code=code)
        except NoActiveRoleError as exc:
            raise CommandError(f"--user: {exc}", returncode=2) from None
        stderr = getattr(self.stderr, "_out", sys.stderr)
        bar = ProgressLine(stderr, path.name) if stderr.isatty() else None
        try:
            run, counts = persons_import(
                actor=actor,
                path=path,
                display_name=str(path),
                batch_size=options["batch_size"],
                workers=options["workers"],
                progress=bar,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except PermissionDenied as exc:
            raise CommandError(f"--user: {exc}", returncode=2) from None
        finally:
            if bar is not None:
                bar.finish()
        if counts.rejected:
            run.refresh_from_db()
            self.stderr.write(f"{path}: {counts.rejected} row(s) rejected, see {run.rejects_file}")
        self.stdout.write(json.dumps(counts.as_dict()))
