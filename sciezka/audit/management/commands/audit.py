"""``sciezka audit verify``: check that no audit or access-log entry was altered, deleted or reordered."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.audit.selectors import chain_names, chain_verify


class Command(BaseCommand):
    help = "Audit log tools."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify", help="Verify the hash chains; exit 1 naming the first bad entry."
        )
        verify.add_argument("--chain", choices=chain_names(), help="Only this chain (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "verify":
            raise CommandError(f"unknown action {options['action']!r}", returncode=2)
        names = [options["chain"]] if options.get("chain") else chain_names()
        failed = False
        for name in names:
            report = chain_verify(name)
            result: dict[str, Any] = {
                "chain": report.chain,
                "entries": report.entries,
                "ok": report.problem is None,
            }
            if report.problem is not None:
                failed = True
                result["first_bad_entry"] = report.problem.seq
                result["reason"] = report.problem.reason
                self.stderr.write(f"{name}: entry {report.problem.seq}: {report.problem.reason}")
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if failed:
            raise SystemExit(1)
