"""API authentication: a personal bearer token (``Authorization: Bearer scz_…``) or the web session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sciezka.accounts.selectors import membership_for_token, token_user
from sciezka.accounts.services import token_digest


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        digest, now = token_digest(token), timezone.now()
        # A token acts in the user's first membership (the web session may choose another).
        membership = membership_for_token(digest=digest, now=now)
        user = membership.user if membership is not None else token_user(digest=digest, now=now)
        if user is None:
            return None
        request.user = user
        request.membership = membership  # type: ignore[attr-defined]
        return user


api_auth = [BearerTokenAuth(), SessionAuth()]
