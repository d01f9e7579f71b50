from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

import sciezka
from sciezka.config.api import api

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


@pytest.mark.django_db
def test_health_reports_status_database_and_version(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.json() == {"status": "ok", "database": connection.vendor, "version": sciezka.__version__}


@pytest.mark.django_db
def test_health_carries_a_request_id(client: Client) -> None:
    response = client.get("/api/v1/health", headers={"X-Request-ID": "probe-000001"})
    assert response["X-Request-ID"] == "probe-000001"


@pytest.mark.django_db
def test_openapi_document_and_docs_are_served(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/health" in document["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_openapi_document_matches_the_committed_snapshot() -> None:
    """The API is a published interface: a change must be deliberate (`sciezka openapi --write`)."""
    current = api.get_openapi_schema(path_prefix="/api/v1/")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(current, default=str)) == committed, (
        "The OpenAPI document changed. If intended, run `uv run sciezka openapi --write` and commit docs/api/openapi.json."
    )
