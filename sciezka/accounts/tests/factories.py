from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password

from sciezka.accounts.models import Institution, InstitutionKind, Membership, Role, User


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"INST-{n}")
    kind = InstitutionKind.PUP
    name = factory.Sequence(lambda n: f"Urząd testowy {n}")
    teryt = "1203"


TEST_PASSWORD = "correct-horse-battery-42"


@functools.cache
def _test_password_hash() -> str:
    # Argon2 is deliberately slow; hash the shared test password once per test run.
    return make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Testowy{n}")
    password = factory.LazyFunction(_test_password_hash)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.CASEWORKER
