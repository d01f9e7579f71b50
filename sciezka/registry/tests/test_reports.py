"""The data-subject report (GDPR art. 15): who may produce it, what it contains, how it is logged."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import Client

from sciezka.accounts.tests.factories import InstitutionFactory
from sciezka.audit.models import AccessLogEntry
from sciezka.audit.purposes import UnknownPurposeError
from sciezka.registry.certificates import certificate_issue
from sciezka.registry.models import CaseNote, Household, HouseholdMember
from sciezka.registry.reports import ReportRefusedError, person_report, person_report_json, person_report_pdf
from sciezka.registry.services import person_read
from sciezka.registry.tests.conftest import TODAY
from sciezka.registry.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(pdf: bytes) -> str:
    return subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def registrations_by_institution(report) -> dict[str, list[str]]:
    return {s.code: [r.kind for r in s.registrations] for s in report.institutions}


def log_rows(report) -> list[tuple[str, str, str]]:
    return [(e.institution_code, e.purpose, e.what) for e in report.access_log]


@pytest.fixture
def auditor(world):
    return world.actor(InstitutionFactory(code="WUP-X", kind="WUP", name="WUP X"), "auditor")


# --- content -----------------------------------------------------------------------------------------


def test_a_data_subject_request_report_holds_every_registration_across_institutions(world) -> None:
    RegistrationFactory(person=world.shared, institution=world.stranger, kind="social_assistance",
                        valid_from=dt.date(2020, 1, 2), valid_to=dt.date(2021, 6, 30))  # fmt: skip
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    assert registrations_by_institution(report) == {
        "OPS-X": ["social_assistance"],
        "OPS-Y": ["social_assistance"],
        "PUP-X": ["unemployed"],
    }
    assert (report.complete, report.person.street, report.person.pesel) == (
        True,
        "ul. Testowa 1",
        world.shared.pesel,
    )


def test_a_data_subject_request_report_includes_notes_households_and_certificates_of_all_institutions(
    world,
) -> None:
    ops_actor = world.actor(world.ops)
    CaseNote.objects.create(person=world.shared, institution=world.ops, author=ops_actor.user,
                            scope="social_work_notes", written_on=TODAY, text="Wywiad środowiskowy")  # fmt: skip
    household = Household.objects.create(teryt="1203033")
    partner = PersonFactory(first_name="Jan", last_name="Domownik")
    HouseholdMember.objects.create(
        household=household, person=world.shared, relation="head", valid_from=TODAY
    )
    HouseholdMember.objects.create(household=household, person=partner, relation="partner", valid_from=TODAY)
    certificate = certificate_issue(
        actor=ops_actor, person=world.shared, on=TODAY, now=dt.datetime.now(dt.UTC)
    )
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    ops = next(s for s in report.institutions if s.code == "OPS-X")
    assert ([n.text for n in ops.notes], [c.code for c in ops.certificates]) == (
        ["Wywiad środowiskowy"],
        [certificate.code],
    )
    assert [(m.last_name, m.relation) for h in report.households for m in h.members] == [
        (world.shared.last_name, "head"),
        ("Domownik", "partner"),
    ]


def test_the_report_lists_every_read_including_its_own_production(world) -> None:
    person_read(actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="case_handling")
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    assert log_rows(report) == [
        ("OPS-X", "case_handling", "person"),
        ("PUP-X", "data_subject_request", "data_subject_report"),
    ]
    assert AccessLogEntry.objects.count() == 2


def test_producing_the_report_logs_one_read_naming_every_scope_it_shows(world) -> None:
    pup_actor = world.actor(world.pup)
    CaseNote.objects.create(person=world.shared, institution=world.pup, author=pup_actor.user,
                            scope="counselling_notes", written_on=TODAY, text="Notatka doradcy")  # fmt: skip
    report = person_report(actor=pup_actor, person=world.shared, on=TODAY, purpose="data_subject_request")
    entry = AccessLogEntry.objects.get()
    assert (entry.what, entry.purpose, entry.scopes) == (
        "data_subject_report",
        "data_subject_request",
        ["benefit", "contact", "counselling_notes", "identity", "registration_status"],
    )
    assert list(report.scopes) == entry.scopes


def test_reads_are_dated_in_warsaw_time_with_purpose_names(world) -> None:
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    entry = report.access_log[0]
    assert (str(entry.occurred_at.tzinfo), entry.purpose_name_pl) == (
        "Europe/Warsaw",
        "Realizacja żądania osoby, której dane dotyczą",
    )


# --- usernames ---------------------------------------------------------------------------------------


def test_usernames_are_hidden_from_non_auditors(world) -> None:
    person_read(actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="case_handling")
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    as_json = person_report_json(report)
    assert [(e.username, e.role) for e in report.access_log] == [(None, None), (None, None)]
    assert [sorted(k for k in row if k in {"username", "role"}) for row in as_json["access_log"]] == [[], []]


def test_auditors_get_the_complete_report_with_usernames(world, auditor) -> None:
    ops_actor = world.actor(world.ops)
    person_read(actor=ops_actor, person=world.shared, on=TODAY, purpose="case_handling")
    report = person_report(actor=auditor, person=world.shared, on=TODAY, purpose="audit")
    assert [(e.username, e.role) for e in report.access_log] == [
        (ops_actor.user.username, "caseworker"),
        (auditor.user.username, "auditor"),
    ]
    assert (report.complete, sorted(registrations_by_institution(report))) == (True, ["OPS-X", "PUP-X"])


# --- who may produce it ------------------------------------------------------------------------------


def test_auditors_may_not_produce_a_report_for_other_purposes(world, auditor) -> None:
    with pytest.raises(ReportRefusedError) as refused:
        person_report(actor=auditor, person=world.shared, on=TODAY, purpose="case_handling")
    assert (refused.value.code, AccessLogEntry.objects.count()) == ("purpose_not_allowed", 0)


def test_an_institution_that_never_registered_the_person_cannot_answer_their_request(world) -> None:
    with pytest.raises(ReportRefusedError) as refused:
        person_report(
            actor=world.actor(world.pup), person=world.ops_only, on=TODAY, purpose="data_subject_request"
        )
    assert (refused.value.code, AccessLogEntry.objects.count()) == ("purpose_not_allowed", 0)


def test_an_unrelated_institution_gets_no_report_and_nothing_is_logged(world) -> None:
    with pytest.raises(ReportRefusedError):
        person_report(
            actor=world.actor(world.stranger), person=world.shared, on=TODAY, purpose="case_handling"
        )
    assert AccessLogEntry.objects.count() == 0


def test_roles_without_client_files_get_no_report(world) -> None:
    with pytest.raises(ReportRefusedError):
        person_report(
            actor=world.actor(world.pup, "administrator"),
            person=world.pup_only,
            on=TODAY,
            purpose="data_subject_request",
        )
    assert AccessLogEntry.objects.count() == 0


def test_operator_staff_cannot_answer_a_data_subject_request(world) -> None:
    operator = InstitutionFactory(code="OP-X", kind="OPERATOR", name="Operator X")
    RegistrationFactory(person=world.shared, institution=operator, kind="project_participant")
    with pytest.raises(ReportRefusedError):
        person_report(
            actor=world.actor(operator, "operator_staff"),
            person=world.shared,
            on=TODAY,
            purpose="data_subject_request",
        )
    assert AccessLogEntry.objects.count() == 0


def test_a_former_client_gets_a_complete_report_from_the_institution_that_held_them(world) -> None:
    former = PersonFactory()
    RegistrationFactory(person=former, institution=world.pup, kind="unemployed",
                        valid_from=dt.date(2019, 3, 1), valid_to=dt.date(2020, 2, 28))  # fmt: skip
    report = person_report(
        actor=world.actor(world.pup), person=former, on=TODAY, purpose="data_subject_request"
    )
    assert (registrations_by_institution(report), AccessLogEntry.objects.count()) == (
        {"PUP-X": ["unemployed"]},
        1,
    )


def test_an_unknown_purpose_is_refused_and_nothing_is_logged(world) -> None:
    with pytest.raises(UnknownPurposeError):
        person_report(actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="curiosity")
    assert AccessLogEntry.objects.count() == 0


def test_other_purposes_give_the_policy_view_and_only_the_own_institutions_reads(world) -> None:
    pup_actor = world.actor(world.pup)
    CaseNote.objects.create(person=world.shared, institution=world.pup, author=pup_actor.user,
                            scope="counselling_notes", written_on=TODAY, text="Notatka doradcy")  # fmt: skip
    person_read(actor=pup_actor, person=world.shared, on=TODAY, purpose="case_handling")
    report = person_report(
        actor=world.actor(world.ops), person=world.shared, on=TODAY, purpose="case_handling"
    )
    notes = [n.text for s in report.institutions for n in s.notes]
    assert (report.complete, notes, log_rows(report)) == (
        False,
        [],
        [("OPS-X", "case_handling", "data_subject_report")],
    )
    assert AccessLogEntry.objects.count() == 2


# --- PDF and pages -----------------------------------------------------------------------------------


def test_the_report_pdf_shows_the_person_and_the_reads(world) -> None:
    report = person_report(
        actor=world.actor(world.pup), person=world.shared, on=TODAY, purpose="data_subject_request"
    )
    text = pdf_text(person_report_pdf(report))
    wanted = [world.shared.last_name, world.shared.pesel, "PUP X", "OPS X", "Kto i w jakim celu"]
    assert [part for part in wanted if part not in text] == []


def test_the_report_page_asks_for_a_purpose_before_building_the_report(client: Client, world) -> None:
    client.force_login(world.actor(world.pup).user)
    response = client.get(f"/persons/{world.shared.public_id}/report/")
    body = response.content.decode()
    assert (response.status_code, 'name="purpose"' in body, world.shared.last_name in body) == (
        200,
        True,
        False,
    )
    assert AccessLogEntry.objects.count() == 0


def test_the_report_page_shows_the_report_for_the_chosen_purpose(client: Client, world) -> None:
    client.force_login(world.actor(world.pup).user)
    response = client.get(f"/persons/{world.shared.public_id}/report/?purpose=data_subject_request")
    body = response.content.decode()
    assert (response.status_code, world.shared.last_name in body, "OPS X" in body) == (200, True, True)
    assert list(AccessLogEntry.objects.values_list("purpose", "what", "channel")) == [
        ("data_subject_request", "data_subject_report", "web")
    ]


def test_the_report_downloads_as_a_pdf(client: Client, world) -> None:
    client.force_login(world.actor(world.pup).user)
    response = client.get(
        f"/persons/{world.shared.public_id}/report/?purpose=data_subject_request&format=pdf"
    )
    assert (response.status_code, response["Content-Type"], response.content[:4]) == (
        200,
        "application/pdf",
        b"%PDF",
    )
    assert AccessLogEntry.objects.count() == 1


def test_the_report_page_answers_404_to_an_unrelated_institution(client: Client, world) -> None:
    client.force_login(world.actor(world.stranger).user)
    statuses = [
        client.get(f"/persons/{world.shared.public_id}/report/").status_code,
        client.get(f"/persons/{world.shared.public_id}/report/?purpose=data_subject_request").status_code,
    ]
    assert (statuses, AccessLogEntry.objects.count()) == ([404, 404], 0)


def test_the_report_page_refuses_a_purpose_the_actor_may_not_use(client: Client, world) -> None:
    client.force_login(world.actor(world.pup).user)
    response = client.get(f"/persons/{world.ops_only.public_id}/report/?purpose=data_subject_request")
    assert (response.status_code, AccessLogEntry.objects.count()) == (400, 0)
