"""Reads of institutions, memberships and tokens (no personal data of clients here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Q, QuerySet, Value, When

from sciezka.accounts.models import ApiToken, Institution, Membership, User


def institution_list(*, kind: str | None = None, include_inactive: bool = False) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("parent").annotate(
        staff_count=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("code")


def institution_get(*, code: str) -> Institution:
    return Institution.objects.select_related("parent").get(code=code)


def membership_list_for(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True, institution__is_active=True)
        .select_related("institution")
        .order_by("institution__code", "role")
    )


def membership_active_for(*, user: User, membership_id: int | None) -> Membership | None:
    """The membership the user acts in: the one chosen in the session, else their first."""
    memberships = membership_list_for(user=user)
    if membership_id is not None:
        chosen = memberships.filter(pk=membership_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()


def token_user(*, digest: str, now: datetime) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    return token.user if token else None


@dataclass(frozen=True)
class ActingAs:
    """The actor of a use case: a user acting for one institution in one role."""

    user: User
    institution: Institution
    role: str

    @classmethod
    def from_membership(cls, membership: Membership) -> ActingAs:
        return cls(user=membership.user, institution=membership.institution, role=membership.role)


class NoActiveRoleError(LookupError):
    pass


def acting_as_for(*, username: str, institution_code: str | None = None) -> ActingAs:
    """The actor for a command's ``--user`` (and optional ``--institution``); raises with a clear reason."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NoActiveRoleError(f"no active user {username!r}")
    memberships = membership_list_for(user=user)
    if institution_code:
        memberships = memberships.filter(institution__code=institution_code)
    # A command acts in the user's working role first (the one that records clients' data), then any other.
    working = Case(When(role__in=["caseworker", "social_worker", "manager"], then=Value(0)), default=Value(1))
    membership = memberships.order_by(working, "institution__code", "role").first()
    if membership is None:
        where = f" at {institution_code}" if institution_code else ""
        raise NoActiveRoleError(f"user {username!r} has no active role{where}")
    return ActingAs.from_membership(membership)


def membership_for_token(*, digest: str, now: datetime) -> Membership | None:
    """The first active membership of the owner of a valid token, with user and institution, in one query."""
    return (
        Membership.objects.select_related("user", "institution")
        .filter(
            is_active=True,
            institution__is_active=True,
            user__is_active=True,
            user__api_tokens__digest=digest,
            user__api_tokens__revoked_at__isnull=True,
        )
        .filter(Q(user__api_tokens__expires_at__isnull=True) | Q(user__api_tokens__expires_at__gt=now))
        .order_by("institution__code", "role")
        .first()
    )
