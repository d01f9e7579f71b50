"""The single-record writes of the registry: each changes what it says and records its audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sciezka.audit.models import AuditEvent
from sciezka.common.domain.pesel import generate_pesel
from sciezka.registry.selectors import person_search
from sciezka.registry.services import (
    household_create,
    household_member_add,
    note_add,
    person_change_pesel,
    person_read,
)
from sciezka.registry.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def events() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("event_type", flat=True))


def test_a_changed_pesel_is_kept_in_the_history_and_the_old_one_still_finds_the_person(world) -> None:
    actor = world.actor(world.pup)
    old = world.pup_only.pesel
    new = generate_pesel(dt.date(1975, 5, 5), "M", 77)
    person_change_pesel(actor=actor, person=world.pup_only, new_pesel=new, on=TODAY, reason="sprostowanie")
    world.pup_only.refresh_from_db()
    history = list(world.pup_only.pesel_history.values_list("pesel", "valid_to"))
    found = person_search(actor=actor, on=timezone.localdate(), pesel=old).object_list
    assert (world.pup_only.pesel, world.pup_only.birth_date, world.pup_only.sex) == (
        new,
        dt.date(1975, 5, 5),
        "M",
    )
    assert (set(history), [p.public_id for p in found]) == (
        {(old, TODAY), (new, None)},
        [str(world.pup_only.public_id)],
    )
    assert events() == ["registry.pesel_changed"]


def test_an_invalid_new_pesel_changes_nothing(world) -> None:
    with pytest.raises(ValidationError):
        person_change_pesel(
            actor=world.actor(world.pup), person=world.pup_only, new_pesel="12345678901", on=TODAY, reason="x"
        )
    world.pup_only.refresh_from_db()
    assert (world.pup_only.pesel_history.count(), events()) == (0, [])


def test_a_household_lists_its_members_on_the_person_page(world) -> None:
    actor = world.actor(world.pup)
    household = household_create(actor=actor, head=world.shared, on=TODAY)
    household_member_add(actor=actor, household=household, person=world.pup_only, relation="child", on=TODAY)
    view = person_read(actor=actor, person=world.shared, on=TODAY, purpose="case_handling")
    assert [(m.last_name, m.relation) for m in view.household] == [
        (world.shared.last_name, "head"),
        (world.pup_only.last_name, "child"),
    ]
    assert events() == ["registry.household_created", "registry.household_member_added"]


def test_a_note_is_written_at_the_authors_institution_and_audited(world) -> None:
    note = note_add(
        actor=world.actor(world.ops), person=world.shared, scope="social_work_notes", text="Wizyta", on=TODAY
    )
    assert (note.institution, note.scope, events()) == (
        world.ops,
        "social_work_notes",
        ["registry.note_added"],
    )


def test_a_note_of_an_unknown_kind_is_refused(world) -> None:
    with pytest.raises(ValidationError) as error:
        note_add(actor=world.actor(world.ops), person=world.shared, scope="identity", text="x", on=TODAY)
    assert error.value.error_dict["scope"][0].code == "note_scope"


def test_roles_that_do_not_record_clients_data_cannot_write_notes(world) -> None:
    with pytest.raises(PermissionDenied):
        note_add(
            actor=world.actor(world.ops, "auditor"),
            person=world.shared,
            scope="social_work_notes",
            text="x",
            on=TODAY,
        )
