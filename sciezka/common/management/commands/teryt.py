"""``sciezka teryt``: powiats and gminas of województwo małopolskie (GUS TERC as of 2024-01-01).

sciezka teryt show 1203       -> the powiat and its gminas, as JSON
sciezka teryt show 1203011    -> the gmina and its powiat
sciezka teryt find "Łącko"    -> every powiat and gmina of that name (case and diacritics ignored)
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciezka.common.domain.teryt import (
    Gmina,
    Powiat,
    UnknownTerytCode,
    find_by_name,
    gminas_of,
    powiat_of,
    unit,
)


def _as_json(item: Powiat | Gmina) -> dict[str, str]:
    return {"level": "powiat" if isinstance(item, Powiat) else "gmina", **asdict(item)}


class Command(BaseCommand):
    help = "TERYT units of województwo małopolskie: show a code, find by name."
    # Pure look-ups: no models, so no system checks (which would slow every call down).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="Print a powiat with its gminas, or a gmina with its powiat.")
        show.add_argument("code", help="4-digit powiat code or 7-digit TERC7 gmina code.")
        find = actions.add_parser("find", help="Print the powiats and gminas with this name, as a JSON list.")
        find.add_argument("name", help="Name; case and Polish diacritics are ignored.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "show":
            try:
                found = unit(options["code"])
            except UnknownTerytCode as exc:
                raise CommandError(f"argument code: {exc}", returncode=2) from None
            if isinstance(found, Powiat):
                payload = {"powiat": _as_json(found), "gminas": [_as_json(g) for g in gminas_of(found.code)]}
            else:
                payload = {"gmina": _as_json(found), "powiat": _as_json(powiat_of(found.code))}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        elif action == "find":
            matches = [_as_json(item) for item in find_by_name(options["name"])]
            self.stdout.write(json.dumps(matches, ensure_ascii=False))
        else:
            raise CommandError(f"unknown action {action!r}", returncode=2)
