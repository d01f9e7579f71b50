from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sciezka.audit.models import AccessLogEntry
from sciezka.registry.models import CaseNote
from sciezka.registry.services import person_read
from sciezka.registry.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_ops_caseworker_sees_pup_status_and_benefit_of_a_shared_client(world) -> None:
    view = person_read(actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="case_handling")
    pup_rows = [r for r in view.registrations if r.institution_code == "PUP-X"]
    assert [(r.kind, r.benefit_shown, r.benefit_to) for r in pup_rows] == [
        ("unemployed", True, world.shared.registrations.get(kind="unemployed").benefit_to)
    ]


def test_ops_caseworker_does_not_see_pup_counselling_notes(world) -> None:
    pup_actor = world.actor(world.pup)
    CaseNote.objects.create(person=world.shared, institution=world.pup, author=pup_actor.user,
                            scope="counselling_notes", written_on=TODAY, text="Notatka doradcy")  # fmt: skip
    view = person_read(actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="case_handling")
    assert [n.text for n in view.notes] == []
    own_view = person_read(actor=pup_actor, person=world.shared, on=TODAY, purpose="case_handling")
    assert [n.text for n in own_view.notes] == ["Notatka doradcy"]


def test_partner_does_not_see_contact_data_the_agreement_does_not_share(world) -> None:
    view = person_read(actor=world.actor(world.pup), person=world.ops_only, on=TODAY, purpose="cooperation")
    assert (view.last_name, view.street, view.phone) == (world.ops_only.last_name, "", "")


def test_unrelated_institution_is_denied(world) -> None:
    with pytest.raises(PermissionDenied):
        person_read(actor=world.actor(world.stranger), person=world.shared, on=TODAY, purpose="case_handling")
    assert AccessLogEntry.objects.count() == 0


def test_a_read_writes_exactly_one_log_entry_with_scopes_and_purpose(world) -> None:
    actor = world.actor(world.ops)
    person_read(
        actor=actor,
        person=world.shared,
        on=TODAY,
        purpose="benefit_verification",
        purpose_text="wniosek o zasiłek okresowy",
    )
    entry = AccessLogEntry.objects.get()
    assert (entry.username, entry.institution_id, entry.person_id, entry.purpose, entry.purpose_text) == (
        actor.user.username, world.ops.pk, world.shared.pk, "benefit_verification", "wniosek o zasiłek okresowy",
    )  # fmt: skip
    assert set(entry.scopes) == {"identity", "contact", "household", "registration_status", "benefit"}


def test_unknown_purpose_is_refused_and_nothing_is_logged(world) -> None:
    with pytest.raises(ValueError, match="unknown purpose"):
        person_read(actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="curiosity")
    assert AccessLogEntry.objects.count() == 0


def test_roles_without_client_scopes_are_denied_even_at_the_own_institution(world) -> None:
    with pytest.raises(PermissionDenied):
        person_read(
            actor=world.actor(world.pup, "administrator"), person=world.pup_only, on=TODAY, purpose="audit"
        )
