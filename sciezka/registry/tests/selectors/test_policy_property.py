"""Property tests: the database filter and the pure policy agree, and every read is logged exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciezka.accounts.models import Role
from sciezka.accounts.selectors import ActingAs
from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.audit.models import AccessLogEntry
from sciezka.registry.models import RegistrationKind
from sciezka.registry.selectors import person_list_visible_to
from sciezka.registry.services import person_grant, person_read
from sciezka.registry.tests.factories import AgreementFactory, PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

INSTITUTIONS = 3
DAY0 = dt.date(2025, 1, 1)
days = st.integers(min_value=0, max_value=720)
registrations = st.lists(
    st.tuples(
        st.integers(0, INSTITUTIONS - 1), st.sampled_from(list(RegistrationKind)), days, st.none() | days
    ),
    max_size=4,
    unique_by=lambda r: r[:3],  # (institution, kind, start) is a registration's natural key
)
agreements = st.lists(
    st.tuples(
        st.sets(st.integers(0, INSTITUTIONS - 1), min_size=2, max_size=3),
        st.sets(st.sampled_from(list(RegistrationKind)), max_size=3),
        st.sets(
            st.sampled_from(["identity", "contact", "registration_status", "benefit", "counselling_notes"]),
            max_size=3,
        ),
        days,
    ),
    max_size=2,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    registrations=registrations,
    agreements=agreements,
    actor_institution=st.integers(0, INSTITUTIONS - 1),
    role=st.sampled_from(list(Role)),
    on_day=days,
)
def test_filter_and_policy_agree_and_reads_log_exactly_once(
    registrations, agreements, actor_institution, role, on_day
) -> None:
    with transaction.atomic():
        institutions = [InstitutionFactory(code=f"P-{i}") for i in range(INSTITUTIONS)]
        person = PersonFactory()
        for institution, kind, start, length in registrations:
            RegistrationFactory(
                person=person,
                institution=institutions[institution],
                kind=kind,
                valid_from=DAY0 + dt.timedelta(days=start),
                valid_to=None if length is None else DAY0 + dt.timedelta(days=start + length),
            )
        for n, (parties, kinds, scopes, start) in enumerate(agreements):
            AgreementFactory(
                code=f"A-{n}",
                parties=[institutions[i] for i in parties],
                registration_kinds=sorted(kinds),
                data_scopes=sorted(scopes),
                valid_from=DAY0 + dt.timedelta(days=start),
            )
        actor = ActingAs.from_membership(
            MembershipFactory(institution=institutions[actor_institution], role=role)
        )
        on = DAY0 + dt.timedelta(days=on_day)

        in_filter = person_list_visible_to(actor=actor, on=on).filter(pk=person.pk).exists()
        visible = person_grant(actor=actor, person=person, on=on).visible
        before = AccessLogEntry.objects.count()
        try:
            view = person_read(actor=actor, person=person, on=on, purpose="case_handling")
        except PermissionDenied:
            view = None
        logged = AccessLogEntry.objects.count() - before

        assert in_filter == visible
        assert (view is not None, logged) == (visible, int(visible))
        transaction.set_rollback(True)
