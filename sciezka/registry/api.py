"""JSON API of the registry. Every endpoint goes through the access policy; every read of a person logs."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from sciezka.accounts.api_auth import api_auth
from sciezka.accounts.selectors import ActingAs
from sciezka.audit.purposes import UnknownPurposeError, purpose_get
from sciezka.registry.domain.scopes import Scope
from sciezka.registry.models import Person
from sciezka.registry.selectors import person_get_visible, person_search
from sciezka.registry.services import PersonView, RegistrationView, person_read, registration_create

router = Router(tags=["registry"], auth=api_auth)


class ErrorOut(Schema):
    code: str
    detail: str


class PurposeQuery(Schema):
    #: Required: a code from the purposes list; checked by the endpoint so the error is an ErrorOut.
    purpose: str = ""
    purpose_text: str = ""


class RegistrationOut(Schema):
    institution: str
    kind: str
    valid_from: date
    valid_to: date | None
    end_reason: str
    legal_basis: str
    benefit_right: bool | None = None
    benefit_from: date | None = None
    benefit_to: date | None = None


class HouseholdMemberOut(Schema):
    first_name: str
    last_name: str
    birth_date: date
    relation: str


class PersonOut(Schema):
    public_id: str
    scopes: list[str]
    access_basis: list[str]
    pesel: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    teryt: str | None = None
    street: str | None = None
    phone: str | None = None
    email: str | None = None
    household: list[HouseholdMemberOut] | None = None
    registrations: list[RegistrationOut]
    not_shared_by: list[str]


class PersonSummaryOut(Schema):
    public_id: str
    first_name: str
    last_name: str
    birth_date: date
    gmina: str


class PersonPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonSummaryOut]


class SearchQuery(Schema):
    pesel: str | None = None
    surname: str | None = None
    birth_date: date | None = None
    page: int = 1


class RegistrationIn(Schema):
    kind: str
    valid_from: date
    valid_to: date | None = None
    benefit_right: bool | None = None
    benefit_from: date | None = None
    benefit_to: date | None = None
    end_reason: str = ""
    legal_basis: str = ""


def _actor(request: HttpRequest) -> ActingAs | None:
    membership = getattr(request, "membership", None)
    return ActingAs.from_membership(membership) if membership is not None else None


NOT_FOUND = ErrorOut(code="not_found", detail="No such person, or not visible to you.")


def _registration_out(r: RegistrationView) -> RegistrationOut:
    return RegistrationOut(
        institution=r.institution_code,
        kind=r.kind,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        end_reason=r.end_reason,
        legal_basis=r.legal_basis,
        benefit_right=r.benefit_right,
        benefit_from=r.benefit_from,
        benefit_to=r.benefit_to,
    )


def _person_out(view: PersonView) -> PersonOut:
    identity = Scope.IDENTITY in view.scopes
    contact = Scope.CONTACT in view.scopes
    return PersonOut(
        public_id=view.public_id,
        scopes=sorted(s.value for s in view.scopes),
        access_basis=list(view.reasons),
        pesel=view.pesel if identity else None,
        first_name=view.first_name if identity else None,
        last_name=view.last_name if identity else None,
        birth_date=view.birth_date if identity else None,
        sex=view.sex if identity else None,
        teryt=view.teryt if contact else None,
        street=view.street if contact else None,
        phone=view.phone if contact else None,
        email=view.email if contact else None,
        household=[HouseholdMemberOut(**m.__dict__) for m in view.household]
        if Scope.HOUSEHOLD in view.scopes
        else None,
        registrations=[_registration_out(r) for r in view.registrations],
        not_shared_by=list(view.withheld_institutions),
    )


def _read(
    request: HttpRequest,
    pesel: str,
    query: PurposeQuery,
    *,
    what: str,
    wanted: frozenset[Scope] | None = None,
) -> PersonView | Status[ErrorOut]:
    actor = _actor(request)
    try:
        purpose_get(query.purpose)
    except UnknownPurposeError as error:
        return Status(422, ErrorOut(code="unknown_purpose", detail=str(error)))
    if actor is None:
        return Status(404, NOT_FOUND)
    on = timezone.localdate()
    try:
        person = person_get_visible(actor=actor, on=on, pesel=pesel)
        return person_read(
            actor=actor,
            person=person,
            on=on,
            purpose=query.purpose,
            purpose_text=query.purpose_text,
            what=what,
            wanted=wanted,
        )
    except (Person.DoesNotExist, PermissionDenied):
        return Status(404, NOT_FOUND)


@router.get(
    "/persons/{pesel}",
    response={200: PersonOut, 404: ErrorOut, 422: ErrorOut},
    summary="A person's data, as far as the caller may see it (logged, with the stated purpose)",
)
def person_get(
    request: HttpRequest, pesel: str, query: Query[PurposeQuery]
) -> Status[PersonOut] | Status[ErrorOut]:
    result = _read(request, pesel, query, what="api_person")
    if isinstance(result, Status):
        return result
    return Status(200, _person_out(result))


@router.get(
    "/persons",
    response={200: PersonPageOut, 422: ErrorOut},
    summary="Search by exact PESEL or by surname and birth date (minimal data, not logged)",
)
def person_list(request: HttpRequest, query: Query[SearchQuery]) -> Status[PersonPageOut] | Status[ErrorOut]:
    actor = _actor(request)
    if not query.pesel and not (query.surname and query.birth_date):
        return Status(422, ErrorOut(code="criteria", detail="Give pesel, or surname and birth_date."))
    if actor is None:
        return Status(200, PersonPageOut(count=0, page=1, pages=1, results=[]))
    page = person_search(
        actor=actor,
        on=timezone.localdate(),
        pesel=query.pesel,
        surname=query.surname,
        birth_date=query.birth_date,
        page=max(query.page, 1),
    )
    return Status(
        200,
        PersonPageOut(
            count=page.paginator.count,
            page=page.number,
            pages=page.paginator.num_pages,
            results=[PersonSummaryOut(**s.__dict__) for s in page.object_list],
        ),
    )


@router.get(
    "/persons/{pesel}/registrations",
    response={200: list[RegistrationOut], 404: ErrorOut, 422: ErrorOut},
    summary="A person's registrations the caller may see (logged)",
)
def registration_list(
    request: HttpRequest, pesel: str, query: Query[PurposeQuery]
) -> Status[list[RegistrationOut]] | Status[ErrorOut]:
    result = _read(
        request,
        pesel,
        query,
        what="api_registrations",
        wanted=frozenset({Scope.REGISTRATION_STATUS, Scope.BENEFIT}),
    )
    if isinstance(result, Status):
        return result
    return Status(200, [_registration_out(r) for r in result.registrations])


@router.post(
    "/persons/{pesel}/registrations",
    response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a registration of the person at the caller's own institution",
)
def registration_post(
    request: HttpRequest, pesel: str, payload: RegistrationIn
) -> Status[RegistrationOut] | Status[ErrorOut]:
    actor = _actor(request)
    if actor is None:
        return Status(404, NOT_FOUND)
    try:
        person = person_get_visible(actor=actor, on=timezone.localdate(), pesel=pesel)
    except Person.DoesNotExist:
        return Status(404, NOT_FOUND)
    try:
        registration = registration_create(actor=actor, person=person, **payload.dict())
    except PermissionDenied as denied:
        return Status(403, ErrorOut(code="forbidden", detail=str(denied)))
    except ValidationError as error:
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        return Status(422, ErrorOut(code="invalid", detail=detail))
    return Status(
        201,
        RegistrationOut(
            institution=actor.institution.code,
            kind=registration.kind,
            valid_from=registration.valid_from,
            valid_to=registration.valid_to,
            end_reason=registration.end_reason,
            legal_basis=registration.legal_basis,
            benefit_right=registration.benefit_right,
            benefit_from=registration.benefit_from,
            benefit_to=registration.benefit_to,
        ),
    )
