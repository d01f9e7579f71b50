"""Writes to institutions, users, memberships and API tokens. Each records an audit event."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from sciezka.accounts import audit_events as events
from sciezka.accounts.models import ApiToken, Institution, Membership, User
from sciezka.audit.services import audit_record
from sciezka.common.domain import teryt
from sciezka.common.errors import field_error

TOKEN_PREFIX = "scz_"  # noqa: S105 (a public prefix, not a secret)


def _check_teryt(code: str) -> None:
    if code and len(code) in (4, 7):
        try:
            teryt.unit(code)
        except KeyError as exc:
            raise field_error(
                "teryt", str(exc.args[0]) if exc.args else f"unknown TERYT code {code}", "unknown_teryt"
            ) from exc


@transaction.atomic
def institution_create(
    *,
    actor: User | None,
    code: str,
    kind: str,
    name: str,
    teryt_code: str = "",
    parent: Institution | None = None,
) -> Institution:
    _check_teryt(teryt_code)
    institution = Institution(code=code, kind=kind, name=name, teryt=teryt_code, parent=parent)
    institution.full_clean()
    institution.save()
    audit_record(
        event=events.INSTITUTION_CREATED,
        actor=actor,
        subject=institution,
        data={
            "code": code,
            "kind": kind,
            "name": name,
            "teryt": teryt_code,
            "parent": parent.code if parent else None,
        },
    )
    return institution


@transaction.atomic
def institution_update(*, actor: User | None, institution: Institution, **changes: Any) -> Institution:
    allowed = {"name", "kind", "teryt", "parent", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} of an institution")
    if "teryt" in changes:
        _check_teryt(changes["teryt"])
    diff: dict[str, Any] = {}
    for field, value in changes.items():
        old = getattr(institution, field)
        if old != value:
            diff[field] = {"from": _plain(old), "to": _plain(value)}
            setattr(institution, field, value)
    if diff:
        institution.full_clean()
        institution.save()
        audit_record(event=events.INSTITUTION_UPDATED, actor=actor, subject=institution, data=diff)
    return institution


def _plain(value: Any) -> Any:
    return value.code if isinstance(value, Institution) else value


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    user.password = make_password(password)  # None gives an unusable password
    user.full_clean()
    user.save()
    audit_record(
        event=events.USER_CREATED,
        actor=actor,
        subject=user,
        data={"username": username, "is_superuser": is_superuser, "has_password": password is not None},
    )
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(event=events.PASSWORD_CHANGED, actor=actor, subject=user, data={"username": user.username})
    return user


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, institution: Institution, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, institution=institution, role=role)
    if not created and membership.is_active:
        return membership
    if not created:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    membership.full_clean()
    audit_record(
        event=events.MEMBERSHIP_GRANTED,
        actor=actor,
        institution=institution,
        subject=membership,
        data={"username": user.username, "institution": institution.code, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> Membership:
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit_record(
            event=events.MEMBERSHIP_REVOKED,
            actor=actor,
            institution=membership.institution,
            subject=membership,
            data={
                "username": membership.user.username,
                "institution": membership.institution.code,
                "role": membership.role,
            },
        )
    return membership


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


@transaction.atomic
def token_create(
    *, actor: User | None, user: User, name: str = "cli", expires_at: datetime | None = None
) -> IssuedToken:
    """Create a bearer token for ``user``. The secret is returned once and never stored."""
    if not user.is_active:
        raise field_error("user", f"user {user.username} is not active", "inactive_user")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        expires_at=expires_at,
    )
    audit_record(
        event=events.TOKEN_CREATED,
        actor=actor,
        subject=token,
        data={"username": user.username, "name": name, "prefix": token.prefix, "expires_at": expires_at},
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: User | None, token: ApiToken, now: datetime) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            event=events.TOKEN_REVOKED,
            actor=actor,
            subject=token,
            data={"username": token.user.username, "prefix": token.prefix},
        )
    return token
