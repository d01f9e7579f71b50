"""``sciezka rules``: load the reviewed rule files and look rules up.

sciezka rules load [FILE ...] [--user U]    load (idempotent, audited); last line JSON with the counts
sciezka rules show CODE --on DATE           the version in force on DATE as JSON (exit 1 when none)
sciezka rules list                          the rule sets with their versions
sciezka rules confirm CODE@VERSION PATH --note TEXT [--value JSON] --user U   (administrators)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.accounts.selectors import NoActiveRoleError, acting_as_for
from sciezka.common.cli_types import iso_date
from sciezka.common.request_context import unit_of_work
from sciezka.rules.domain.ruleset import RuleFileError
from sciezka.rules.selectors import RuleNotInForceError, rule_in_force, rule_in_force_json, rule_set_list
from sciezka.rules.services import RuleConfirmError, RuleLoadError, rule_parameter_confirm, rules_load


class Command(BaseCommand):
    help = "Rules of law as versioned data: load the reviewed files, show the version in force."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load rule files (default: all shipped files).")
        load.add_argument(
            "files", nargs="*", type=Path, help="YAML files (default: sciezka/rules/data/*.yaml)."
        )
        load.add_argument("--user", help="The user loading the rules (recorded in the audit log).")
        load.add_argument("--institution", help="The institution code the user acts for.")
        show = actions.add_parser("show", help="Print the version in force on a day (JSON).")
        show.add_argument("code")
        show.add_argument("--on", type=iso_date, required=True, help="The day (YYYY-MM-DD).")
        actions.add_parser("list", help="List the rule sets and their versions.")
        confirm = actions.add_parser("confirm", help="Confirm an unconfirmed parameter (administrators).")
        confirm.add_argument("rule", help="CODE@VERSION")
        confirm.add_argument("path", help="The parameter's dotted path, as listed by 'show'.")
        confirm.add_argument("--note", required=True, help="What the confirmation rests on.")
        confirm.add_argument("--value", help="A JSON value to set (e.g. '\"2017-06-01\"' or 40).")
        confirm.add_argument("--user", required=True)
        confirm.add_argument("--institution")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            self._load(options)
        elif action == "show":
            try:
                rule = rule_in_force(options["code"], on=options["on"])
            except RuleNotInForceError as error:
                self.stderr.write(str(error))
                raise SystemExit(1) from None
            self.stdout.write(json.dumps(rule_in_force_json(rule), ensure_ascii=False, indent=2))
        elif action == "list":
            for rule_set in rule_set_list():
                versions = ", ".join(
                    f"{v.version} ({v.valid_from}–{v.valid_to or ''})" for v in rule_set.versions.all()
                )
                self.stdout.write(f"{rule_set.code}: {versions}")
        else:
            self._confirm(options)

    def _actor(self, options: dict[str, Any]) -> Any:
        try:
            return acting_as_for(username=options["user"], institution_code=options.get("institution"))
        except NoActiveRoleError as error:
            raise CommandError(f"--user: {error}") from None

    def _load(self, options: dict[str, Any]) -> None:
        actor = self._actor(options) if options.get("user") else None
        files = options["files"] or None
        for path in files or []:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            with unit_of_work(channel="cli"):
                result = rules_load(actor=actor, paths=files)
        except RuleFileError as error:
            for where, message in error.problems:
                self.stderr.write(
                    f"{error.source}: {where}: {message}" if where else f"{error.source}: {message}"
                )
            raise CommandError("nothing was loaded") from None
        except RuleLoadError as error:
            raise CommandError(f"{error}; nothing was loaded") from None
        self.stdout.write(json.dumps(result.as_json()))

    def _confirm(self, options: dict[str, Any]) -> None:
        code, _, version = options["rule"].partition("@")
        if not version:
            raise CommandError("rule: give CODE@VERSION")
        extra: dict[str, Any] = {}
        if options.get("value") is not None:
            try:
                extra["value"] = json.loads(options["value"])
            except json.JSONDecodeError as error:
                raise CommandError(f"--value: not JSON ({error.msg})") from None
        actor = self._actor(options)
        try:
            with unit_of_work(channel="cli"):
                rule_parameter_confirm(
                    actor=actor,
                    code=code,
                    version=version,
                    path=options["path"],
                    note=options["note"],
                    **extra,
                )
        except RuleConfirmError as error:
            raise CommandError(f"{error.field}: {error}") from None
        self.stdout.write(f"confirmed {options['rule']} {options['path']}")
