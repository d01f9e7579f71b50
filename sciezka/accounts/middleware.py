"""Attach the membership (institution and role) the signed-in user acts in to each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sciezka.accounts.selectors import membership_active_for

SESSION_KEY = "sciezka_membership_id"


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.membership = membership_active_for(  # type: ignore[attr-defined]
                user=request.user,
                membership_id=request.session.get(SESSION_KEY),
            )
        return self.get_response(request)
