"""A small world: a PUP and an OPS with an agreement, an unrelated OPS, and a shared client."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sciezka.accounts.models import Institution, Role
from sciezka.accounts.selectors import ActingAs
from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.registry.models import Person
from sciezka.registry.tests.factories import AgreementFactory, PersonFactory, RegistrationFactory

TODAY = dt.date(2026, 3, 2)


@dataclass
class World:
    pup: Institution
    ops: Institution
    stranger: Institution
    shared: Person
    pup_only: Person
    ops_only: Person

    def actor(self, institution: Institution, role: str = Role.CASEWORKER) -> ActingAs:
        membership = MembershipFactory(
            institution=institution, role=role, user__username=f"{institution.code.lower()}.{role}"
        )
        return ActingAs.from_membership(membership)


@pytest.fixture
def world(db) -> World:
    pup = InstitutionFactory(code="PUP-X", kind="PUP", name="PUP X")
    ops = InstitutionFactory(code="OPS-X", kind="OPS", name="OPS X", teryt="1203033")
    stranger = InstitutionFactory(code="OPS-Y", kind="OPS", name="OPS Y", teryt="1262011")
    AgreementFactory(
        code="PUP-X/OPS-X",
        parties=[pup, ops],
        registration_kinds=["unemployed", "social_assistance"],
        data_scopes=["identity", "registration_status", "benefit"],
    )
    shared, pup_only, ops_only = PersonFactory(), PersonFactory(), PersonFactory()
    RegistrationFactory(person=shared, institution=pup, kind="unemployed", benefit_right=True,
                        benefit_from=dt.date(2026, 1, 12), benefit_to=dt.date(2026, 7, 11))  # fmt: skip
    RegistrationFactory(person=shared, institution=ops, kind="social_assistance")
    RegistrationFactory(person=pup_only, institution=pup, kind="unemployed")
    RegistrationFactory(person=ops_only, institution=ops, kind="social_assistance")
    return World(pup, ops, stranger, shared, pup_only, ops_only)
