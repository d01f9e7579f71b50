from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sciezka.accounts.models import Institution
from sciezka.accounts.services import institution_create, institution_update
from sciezka.accounts.tests.factories import InstitutionFactory
from sciezka.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_creating_an_institution_records_an_audit_event() -> None:
    institution = institution_create(
        actor=None, code="OPS-ALWERNIA", kind="OPS", name="OPS w Alwerni", teryt_code="1203013"
    )
    event = AuditEvent.objects.get()
    assert (event.event_type, event.subject_id, event.data["code"]) == (
        "accounts.institution_created",
        str(institution.pk),
        "OPS-ALWERNIA",
    )


def test_unknown_teryt_code_is_rejected_and_nothing_is_written() -> None:
    with pytest.raises(ValidationError) as error:
        institution_create(actor=None, code="OPS-X", kind="OPS", name="X", teryt_code="1299999")
    assert "teryt" in error.value.message_dict
    assert (Institution.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_malformed_code_is_rejected_with_its_error_code() -> None:
    with pytest.raises(ValidationError) as error:
        institution_create(actor=None, code="pup chrzanow", kind="PUP", name="X")
    assert error.value.error_dict["code"][0].code == "invalid_code"


def test_update_records_only_what_changed() -> None:
    institution = InstitutionFactory(code="PUP-A", name="Stara nazwa")
    institution_update(actor=None, institution=institution, name="Nowa nazwa", teryt="1203")
    event = AuditEvent.objects.get()
    assert event.data == {"name": {"from": "Stara nazwa", "to": "Nowa nazwa"}}


def test_update_without_changes_records_nothing() -> None:
    institution = InstitutionFactory(code="PUP-A", name="Nazwa")
    institution_update(actor=None, institution=institution, name="Nazwa")
    assert AuditEvent.objects.count() == 0


def test_update_refuses_to_change_the_stable_code() -> None:
    institution = InstitutionFactory(code="PUP-A")
    with pytest.raises(ValueError, match="code"):
        institution_update(actor=None, institution=institution, code="PUP-B")
