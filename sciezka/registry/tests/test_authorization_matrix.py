"""Every registry page and endpoint × every role × (own institution / agreement partner / unrelated).

A read that is allowed shows the person and writes exactly one access-log entry; a denied read answers
like a missing person, shows nothing of them and logs nothing. Writes are allowed only to roles that
record clients' data, on persons they may see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from sciezka.accounts.models import Role
from sciezka.accounts.services import token_create
from sciezka.audit.models import AccessLogEntry
from sciezka.registry.models import Certificate, Person, Registration
from sciezka.registry.tests.conftest import World

pytestmark = pytest.mark.django_db

READERS = {Role.CASEWORKER, Role.SOCIAL_WORKER, Role.MANAGER, Role.OPERATOR_STAFF}
WRITERS = {Role.CASEWORKER, Role.SOCIAL_WORKER, Role.MANAGER}
RELATIONS = ["own", "partner", "unrelated"]


@dataclass(frozen=True)
class Endpoint:
    name: str
    call: Callable[[Client, Person, dict[str, str]], object]
    #: (status when allowed, when the person is not visible, when visible but the role may not write)
    statuses: tuple[int, int, int]
    logs: bool = False
    shows: bool = False
    #: a write that needs a role that records clients' data (a registration)
    writes: bool = False
    #: a document the read creates (a certificate), only by working roles (KPA art. 217: a public body's act)
    creates: str = ""


def _get(path: str) -> Callable[[Client, Person, dict[str, str]], object]:
    return lambda client, person, headers: client.get(path.format(p=person), headers=headers)


def _post(path: str, data: dict[str, str], json: bool) -> Callable[[Client, Person, dict[str, str]], object]:
    def call(client: Client, person: Person, headers: dict[str, str]) -> object:
        if json:
            return client.post(
                path.format(p=person), data=data, content_type="application/json", headers=headers
            )
        return client.post(path.format(p=person), data=data, headers=headers)

    return call


NEW_REGISTRATION = {"kind": "job_seeker", "valid_from": "2026-02-02"}
ENDPOINTS = [
    Endpoint(
        "web person page",
        _get("/persons/{p.public_id}/?purpose=case_handling"),
        (200, 404, 200),
        logs=True,
        shows=True,
    ),
    Endpoint("web purpose form", _get("/persons/{p.public_id}/"), (200, 404, 200)),
    Endpoint("web search by pesel", _get("/persons/?pesel={p.pesel}"), (200, 200, 200), shows=True),
    Endpoint(
        "api person",
        _get("/api/v1/persons/{p.pesel}?purpose=case_handling"),
        (200, 404, 200),
        logs=True,
        shows=True,
    ),
    Endpoint("api search", _get("/api/v1/persons?pesel={p.pesel}"), (200, 200, 200), shows=True),
    Endpoint(
        "api registrations",
        _get("/api/v1/persons/{p.pesel}/registrations?purpose=case_handling"),
        (200, 404, 200),
        logs=True,
    ),
    Endpoint("web certificates list", _get("/persons/{p.public_id}/certificates/"), (200, 404, 200)),
    Endpoint(
        "web issue certificate",
        _post("/persons/{p.public_id}/certificates/", {}, json=False),
        (302, 404, 403),
        logs=True,
        creates="certificate",
    ),
    Endpoint(
        "web add registration",
        _post("/persons/{p.public_id}/registrations/", NEW_REGISTRATION, json=False),
        (302, 404, 302),
        writes=True,
    ),
    Endpoint(
        "api add registration",
        _post("/api/v1/persons/{p.pesel}/registrations", NEW_REGISTRATION, json=True),
        (201, 404, 403),
        writes=True,
    ),
]


def scenario(world: World, role: str, relation: str) -> tuple[dict[str, str], Person, object]:
    """The actor's institution, the person and the credentials for one cell of the matrix."""
    institution = {"own": world.pup, "partner": world.ops, "unrelated": world.stranger}[relation]
    actor = world.actor(institution, role)
    token = token_create(actor=None, user=actor.user).secret
    return {"Authorization": f"Bearer {token}"}, world.pup_only, actor


def expected_visible(role: str, relation: str) -> bool:
    return role in READERS and relation in {"own", "partner"}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_authorization_matrix(
    client: Client, world: World, role: str, relation: str, endpoint: Endpoint
) -> None:
    headers, person, actor = scenario(world, role, relation)
    client.force_login(actor.user)  # web pages use the session; API calls also carry the token
    registrations_before = Registration.objects.count()
    certificates_before = Certificate.objects.count()

    response = endpoint.call(client, person, headers)
    body = response.content.decode()

    visible = expected_visible(role, relation)
    allowed = visible and (role in WRITERS or not (endpoint.writes or endpoint.creates))
    ok, not_visible, forbidden = endpoint.statuses
    outcome = {
        "status": response.status_code,
        "rows written": Registration.objects.count() - registrations_before,
        "certificates": Certificate.objects.count() - certificates_before,
        "log entries": AccessLogEntry.objects.count(),
        # The surname: a search form echoes the PESEL the user typed, which reveals nothing new.
        "shows the person": person.last_name in body,
    }
    assert outcome == {
        "status": ok if allowed else (forbidden if visible else not_visible),
        "rows written": int(endpoint.writes and allowed),
        "certificates": int(endpoint.creates == "certificate" and allowed),
        "log entries": int(endpoint.logs and allowed),
        "shows the person": endpoint.shows and allowed,
    }


def _without_echo(response: object, person: Person) -> str:
    """The page without the per-request CSRF token and the echoed search term."""
    body = response.content.decode()  # type: ignore[attr-defined]
    body = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r"\1", body)
    return body.replace(str(person.pesel), "PESEL")


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if not (e.writes or e.creates)], ids=lambda e: e.name
)
def test_denied_reads_look_like_missing_persons(client: Client, world: World, endpoint: Endpoint) -> None:
    headers, person, actor = scenario(world, Role.CASEWORKER, "unrelated")
    client.force_login(actor.user)
    missing_person = Person(public_id="00000000-0000-4000-8000-000000000000", pesel="44051401359")
    denied = endpoint.call(client, person, headers)
    missing = endpoint.call(client, missing_person, headers)
    assert (denied.status_code, _without_echo(denied, person)) == (
        missing.status_code,
        _without_echo(missing, missing_person),
    )


# The data-subject report has its own rule (reports.report_purposes_for): auditors may produce it for
# anyone; otherwise only an institution holding a registration of the person, in a working role.
REPORT_PRODUCERS = {Role.CASEWORKER, Role.SOCIAL_WORKER, Role.MANAGER}


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_data_subject_report_matrix(client: Client, world: World, role: str, relation: str) -> None:
    _, person, actor = scenario(world, role, relation)
    client.force_login(actor.user)
    response = client.get(f"/persons/{person.public_id}/report/?purpose=data_subject_request")
    may_produce = role == Role.AUDITOR or (role in REPORT_PRODUCERS and relation == "own")
    may_open = may_produce or expected_visible(role, relation)
    assert {
        "status": response.status_code,
        "log entries": AccessLogEntry.objects.count(),
        "shows the person": person.last_name in response.content.decode(),
    } == {
        "status": 200 if may_produce else (400 if may_open else 404),
        "log entries": int(may_produce),
        "shows the person": may_produce,
    }


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_import_page_is_for_working_roles_and_their_own_institution(
    client: Client, world: World, role: str, relation: str
) -> None:
    _, _, actor = scenario(world, role, relation)
    client.force_login(actor.user)
    page = client.get("/registry/import/")
    may_import = role in WRITERS
    assert (page.status_code, actor.institution.code in page.content.decode()) == (
        200 if may_import else 403,
        may_import,
    )
