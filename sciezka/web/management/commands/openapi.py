"""``sciezka openapi [--write]``: print the OpenAPI document, or write the committed snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sciezka.config.api import api

SNAPSHOT = Path(settings.BASE_DIR).parent / "docs" / "api" / "openapi.json"


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/ (or --write docs/api/openapi.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help=f"Write {SNAPSHOT.name} into docs/api/.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = json.dumps(
            api.get_openapi_schema(path_prefix="/api/v1/"), indent=2, ensure_ascii=False, default=str
        )
        if options["write"]:
            SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
            SNAPSHOT.write_text(document + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {SNAPSHOT}")
        else:
            self.stdout.write(document)
