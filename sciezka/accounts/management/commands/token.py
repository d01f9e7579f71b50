"""``sciezka token create USERNAME``: a personal API token (shown once, stored hashed)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sciezka.accounts.models import ApiToken, User
from sciezka.accounts.services import token_create, token_revoke
from sciezka.common.request_context import unit_of_work


class Command(BaseCommand):
    help = "Personal API tokens for the JSON API (Authorization: Bearer …)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="A label for the token.")
        create.add_argument(
            "--expires-days", type=int, default=None, help="Expire after N days (default: never)."
        )
        create.add_argument("--json", action="store_true", help="Print JSON instead of the bare token.")
        listing = actions.add_parser("list", help="List a user's tokens (prefixes only).")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        with unit_of_work(channel="cli"):
            getattr(self, f"_{options['action']}")(options)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: no user {username!r}", returncode=2)
        return user

    def _create(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        days = options["expires_days"]
        if days is not None and days <= 0:
            raise CommandError("--expires-days: must be a positive number of days", returncode=2)
        expires_at = timezone.now() + timedelta(days=days) if days else None
        if not user.is_active:
            raise CommandError(f"username: user {user.username!r} is not active", returncode=2)
        issued = token_create(actor=None, user=user, name=options["name"], expires_at=expires_at)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "username": user.username,
                        "token": issued.secret,
                        "prefix": issued.token.prefix,
                        "expires_at": expires_at.isoformat() if expires_at else None,
                    }
                )
            )
        else:
            self.stdout.write(issued.secret)

    def _list(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        rows = [
            {
                "prefix": t.prefix,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "revoked": t.revoked_at is not None,
            }
            for t in user.api_tokens.all()
        ]
        self.stdout.write(json.dumps(rows, ensure_ascii=False))

    def _revoke(self, options: dict[str, Any]) -> None:
        tokens = list(ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
        if len(tokens) != 1:
            raise CommandError(
                f"prefix: {len(tokens)} active tokens match {options['prefix']!r}", returncode=2
            )
        token_revoke(actor=None, token=tokens[0], now=timezone.now())
        self.stdout.write(f"revoked {tokens[0].prefix}")
