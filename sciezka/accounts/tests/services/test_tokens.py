from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from sciezka.accounts.models import ApiToken
from sciezka.accounts.selectors import token_user
from sciezka.accounts.services import token_create, token_digest, token_revoke
from sciezka.accounts.tests.factories import UserFactory
from sciezka.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_its_sha256_digest() -> None:
    issued = token_create(actor=None, user=UserFactory())
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {stored.digest, stored.prefix, stored.name}
    assert issued.secret.startswith(stored.prefix)


def test_token_creation_is_audited_without_the_secret() -> None:
    issued = token_create(actor=None, user=UserFactory(username="ewa"))
    event = AuditEvent.objects.get()
    assert event.event_type == "accounts.token_created"
    assert issued.secret not in str(event.data)


def test_revoked_token_no_longer_authenticates() -> None:
    now = timezone.now()
    issued = token_create(actor=None, user=UserFactory())
    token_revoke(actor=None, token=issued.token, now=now)
    assert token_user(digest=token_digest(issued.secret), now=now) is None


def test_expired_token_no_longer_authenticates() -> None:
    now = timezone.now()
    issued = token_create(actor=None, user=UserFactory(), expires_at=now + timedelta(days=1))
    assert token_user(digest=token_digest(issued.secret), now=now) == issued.token.user
    assert token_user(digest=token_digest(issued.secret), now=now + timedelta(days=2)) is None


def test_token_of_a_deactivated_user_does_not_authenticate() -> None:
    user = UserFactory()
    issued = token_create(actor=None, user=user)
    user.is_active = False
    user.save()
    assert token_user(digest=token_digest(issued.secret), now=timezone.now()) is None
