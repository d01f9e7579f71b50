from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sciezka.accounts.selectors import membership_list_for


def active_membership(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"active_membership": None, "memberships": []}
    return {"active_membership": membership, "memberships": list(membership_list_for(user=user))}
