"""API authentication: a personal bearer token (``Authorization: Bearer scz_…``) or the web session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sciezka.accounts.selectors import membership_active_for, token_user
from sciezka.accounts.services import token_digest


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(digest=token_digest(token), now=timezone.now())
        if user is None:
            return None
        request.user = user
        # A token acts in the user's first membership; the web session may choose another.
        request.membership = membership_active_for(user=user, membership_id=None)  # type: ignore[attr-defined]
        return user


api_auth = [BearerTokenAuth(), SessionAuth()]
