"""``sciezka person``: read a person's data from the command line, logged like any other read.

sciezka person show PESEL --user U --purpose P [--institution CODE] [--on DATE]
    the person as the user may see them (JSON); one access-log entry
sciezka person report PESEL --user U --purpose P [--format json|pdf] [--output FILE] [--institution CODE] [--on DATE]
    the data-subject report (GDPR art. 15), JSON on stdout or a PDF written to FILE; one access-log entry

Exit 2, with "not found" on stderr, when the person does not exist or the user may not read them (the same
message, so that existence is not revealed); exit 2 naming the option for an unknown user or purpose.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sciezka.accounts.selectors import ActingAs, NoActiveRoleError, acting_as_for
from sciezka.audit.purposes import UnknownPurposeError, purpose_get
from sciezka.common.cli_types import iso_date
from sciezka.common.request_context import unit_of_work
from sciezka.registry.models import Person
from sciezka.registry.reports import (
    jsonable,
    person_report,
    person_report_json,
    person_report_pdf,
    report_subject_get,
)
from sciezka.registry.selectors import person_get_visible
from sciezka.registry.services import person_read

NOT_FOUND = "not found"


class Command(BaseCommand):
    help = "Read a person's data (logged): show the person, or produce the data-subject report."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="Print the person as the user may see them (JSON).")
        report = actions.add_parser("report", help="The data-subject report (GDPR art. 15), JSON or PDF.")
        for sub in (show, report):
            sub.add_argument("pesel", help="The person's PESEL.")
            sub.add_argument("--user", required=True, help="The staff user reading the data.")
            sub.add_argument(
                "--purpose", required=True, help="The purpose code (see audit/data/purposes.yaml)."
            )
            sub.add_argument("--purpose-text", default="", help="The case or reason, in words (logged).")
            sub.add_argument("--institution", help="The institution code the user acts for (default: first).")
            sub.add_argument(
                "--on", type=iso_date, help="The day the access policy is applied for (default: today)."
            )
        report.add_argument("--format", choices=["json", "pdf"], default="json")
        report.add_argument("--output", type=Path, help="Where to write the PDF (required for --format pdf).")

    def handle(self, *args: Any, **options: Any) -> None:
        with unit_of_work(channel="cli"):
            actor = self._actor(options)
            on = options["on"] or timezone.localdate()
            if options["action"] == "show":
                self._show(actor, on, options)
            else:
                self._report(actor, on, options)

    def _actor(self, options: dict[str, Any]) -> ActingAs:
        if options["action"] == "report" and options["format"] == "pdf" and options["output"] is None:
            raise CommandError("--output: required for --format pdf", returncode=2)
        if (
            options["action"] == "report"
            and options["output"] is not None
            and not options["output"].parent.is_dir()
        ):
            raise CommandError(f"--output: no directory {str(options['output'].parent)!r}", returncode=2)
        try:
            actor = acting_as_for(username=options["user"], institution_code=options["institution"])
        except NoActiveRoleError as error:
            raise CommandError(f"--user: {error}", returncode=2) from None
        try:
            purpose_get(options["purpose"])
        except UnknownPurposeError as error:
            raise CommandError(f"--purpose: {error}", returncode=2) from None
        return actor

    def _show(self, actor: ActingAs, on: date, options: dict[str, Any]) -> None:
        try:
            person = person_get_visible(actor=actor, on=on, pesel=options["pesel"].strip())
            view = person_read(
                actor=actor,
                person=person,
                on=on,
                purpose=options["purpose"],
                purpose_text=options["purpose_text"],
                what="person",
            )
        except (Person.DoesNotExist, PermissionDenied):
            raise CommandError(NOT_FOUND, returncode=2) from None
        self.stdout.write(json.dumps(jsonable(view), ensure_ascii=False, indent=2))

    def _report(self, actor: ActingAs, on: date, options: dict[str, Any]) -> None:
        try:
            person = report_subject_get(actor=actor, on=on, pesel=options["pesel"])
            report = person_report(
                actor=actor,
                person=person,
                on=on,
                purpose=options["purpose"],
                purpose_text=options["purpose_text"],
            )
        except (Person.DoesNotExist, PermissionDenied):
            raise CommandError(NOT_FOUND, returncode=2) from None
        if options["format"] == "pdf":
            output: Path = options["output"]
            output.write_bytes(person_report_pdf(report))
            self.stdout.write(str(output))
        else:
            self.stdout.write(json.dumps(person_report_json(report), ensure_ascii=False, indent=2))
