"""``sciezka pesel``: check a PESEL, or generate a synthetic one for test and demo data.

sciezka pesel check 44051401359     -> {"valid": true, "birth_date": "1944-05-14", "sex": "M"}
sciezka pesel check 44051401358     -> {"valid": false, "reason": "checksum", "message": "..."}, exit 1
sciezka pesel generate --birth-date 1990-01-31 --sex F --serial 7
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.common.cli_types import iso_date
from sciezka.common.domain.pesel import check_pesel, generate_pesel


class Command(BaseCommand):
    help = "PESEL tools: check a number (exit 1 when invalid) or generate a synthetic one."
    # Pure look-ups: no models, so no system checks (which would slow every call down).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)

        check = actions.add_parser("check", help="Print the validity, birth date and sex as JSON.")
        check.add_argument("number", help="The PESEL (spaces and hyphens are ignored).")

        generate = actions.add_parser(
            "generate", help="Print a valid synthetic PESEL (demo and test data only)."
        )
        generate.add_argument("--birth-date", type=iso_date, required=True, help="Between 1800 and 2299.")
        generate.add_argument("--sex", choices=["M", "F"], required=True)
        generate.add_argument("--serial", type=int, default=0, help="0–4999 (default 0).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            result = check_pesel(options["number"])
            if result.valid and result.birth_date is not None:
                payload = {"valid": True, "birth_date": result.birth_date.isoformat(), "sex": result.sex}
                self.stdout.write(json.dumps(payload))
                return
            reason = None if result.reason is None else result.reason.value
            self.stdout.write(json.dumps({"valid": False, "reason": reason, "message": result.message}))
            raise SystemExit(1)
        if action == "generate":
            try:
                number = generate_pesel(options["birth_date"], options["sex"], options["serial"])
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from None
            self.stdout.write(number)
            return
        raise CommandError(f"unknown action {action!r}", returncode=2)
