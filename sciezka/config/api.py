"""The root of the JSON API at /api/v1/; each app mounts its router here."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status

import sciezka
from sciezka.accounts.api import router as accounts_router
from sciezka.registry.api import router as registry_router
from sciezka.rules.api import router as rules_router

api = NinjaAPI(
    title="Ścieżka API",
    version="1",
    description=(
        "The JSON API of Ścieżka. Authenticate with a personal token (`Authorization: Bearer …`, "
        "created with `sciezka token create USERNAME`) or with the web session."
    ),
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class HealthOut(Schema):
    status: str
    database: str
    version: str


@api.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None, tags=["system"], summary="Liveness")
def health(request: HttpRequest) -> Status[HealthOut]:
    vendor = connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Status(503, HealthOut(status="error", database=vendor, version=sciezka.__version__))
    return Status(200, HealthOut(status="ok", database=vendor, version=sciezka.__version__))


api.add_router("/", accounts_router)
api.add_router("/", registry_router)
api.add_router("/", rules_router)
