"""Give every request an id (kept from a trusted X-Request-ID if well-formed) and mark its channel."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sciezka.common.request_context import unit_of_work

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        channel = "api" if request.path.startswith("/api/") else "web"
        with unit_of_work(channel=channel, request_id=incoming if _VALID_ID.match(incoming) else None) as rid:
            request.request_id = rid  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response
