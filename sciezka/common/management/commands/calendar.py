"""``sciezka calendar``: working days and deadlines (rules in ``docs/rules/calendar.md``).

sciezka calendar deadline --from 2025-12-22 --days 3 --kind working    -> 2025-12-30
sciezka calendar between --from 2025-12-19 --to 2025-12-31            -> 5
sciezka calendar is-working-day --date 2025-12-24                      -> false
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.common.cli_types import iso_date
from sciezka.common.domain.calendar import (
    DeadlineKind,
    deadline,
    is_working_day,
    working_days_between,
)

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Working days and deadlines: Mon–Fri minus statutory holidays; KPA art. 57 for calendar terms."
    # Pure look-ups: no models, so no system checks (which would slow every call down).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)

        due = actions.add_parser("deadline", help="Print the last day of a term of DAYS days from --from.")
        due.add_argument(
            "--from", dest="start", type=iso_date, required=True, help="Start date (not counted)."
        )
        due.add_argument(
            "--days", type=int, required=True, help="Length of the term (negative: working days back)."
        )
        due.add_argument(
            "--kind", choices=[k.value for k in DeadlineKind], required=True, help="How to count."
        )

        between = actions.add_parser(
            "between", help="Print the number of working days x with FROM < x <= TO."
        )
        between.add_argument(
            "--from", dest="start", type=iso_date, required=True, help="First date (excluded)."
        )
        between.add_argument("--to", dest="end", type=iso_date, required=True, help="Last date (included).")

        working = actions.add_parser(
            "is-working-day", help="Print true if DATE is a working day, else false."
        )
        working.add_argument("--date", dest="day", type=iso_date, required=True, help="The date to check.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "deadline":
            try:
                result = deadline(options["start"], options["days"], options["kind"])
            except ValueError as exc:
                raise CommandError(f"argument --days: {exc}", returncode=2) from None
            self.stdout.write(result.isoformat())
        elif action == "between":
            self.stdout.write(str(working_days_between(options["start"], options["end"])))
        elif action == "is-working-day":
            self.stdout.write("true" if is_working_day(options["day"]) else "false")
        else:
            raise CommandError(f"unknown action {action!r}", returncode=2)
