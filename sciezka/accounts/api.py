"""JSON API of the accounts app."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from sciezka.accounts.api_auth import api_auth
from sciezka.accounts.selectors import institution_list, membership_list_for

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    institution: str
    institution_name: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    active_institution: str | None
    active_role: str | None
    memberships: list[MembershipOut]


class InstitutionOut(Schema):
    code: str
    kind: str
    name: str
    teryt: str
    parent: str | None


@router.get("/me", response=MeOut, auth=api_auth, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    active = getattr(request, "membership", None)
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),  # type: ignore[union-attr]
        active_institution=active.institution.code if active else None,
        active_role=active.role if active else None,
        memberships=[
            MembershipOut(institution=m.institution.code, institution_name=m.institution.name, role=m.role)
            for m in membership_list_for(user=user)  # type: ignore[arg-type]
        ],
    )


@router.get(
    "/institutions", response=list[InstitutionOut], auth=api_auth, summary="Institutions in the system"
)
def institutions(request: HttpRequest, kind: str | None = None) -> list[InstitutionOut]:
    return [
        InstitutionOut(
            code=i.code, kind=i.kind, name=i.name, teryt=i.teryt, parent=i.parent.code if i.parent else None
        )
        for i in institution_list(kind=kind)
    ]
