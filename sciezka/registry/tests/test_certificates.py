"""Certificates of labour-office status: who may issue them, what is logged, the PDF and the public check."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from sciezka.audit.models import AccessLogEntry, AuditEvent
from sciezka.registry.certificates import (
    CertificateRefusedError,
    certificate_download,
    certificate_issue,
    certificate_pdf,
)
from sciezka.registry.models import Certificate
from sciezka.registry.tests.conftest import TODAY
from sciezka.registry.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(pdf: bytes) -> str:
    return subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def main_content(response) -> str:
    """The page's <main> element (the header differs per request: CSRF token, language form's return path)."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def issue(world, institution) -> Certificate:
    return certificate_issue(actor=world.actor(institution), person=world.shared, on=TODAY, now=NOW)


def events(code: str) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(event_type=code).values_list("subject_type", "subject_id"))


# --- issuing -----------------------------------------------------------------------------------------


def test_the_pup_issues_a_certificate_with_one_access_log_entry_and_one_audit_event(world) -> None:
    certificate = issue(world, world.pup)
    entry = AccessLogEntry.objects.get()
    assert (entry.institution_id, entry.purpose, entry.what, entry.person_id, entry.scopes) == (
        world.pup.pk, "certificate", "certificate", world.shared.pk, ["benefit", "identity", "registration_status"],
    )  # fmt: skip
    assert events("registry.certificate_issued") == [("registry.certificate", str(certificate.pk))]


def test_the_partner_ops_certifies_the_pup_status_it_may_see(world) -> None:
    certificate = issue(world, world.ops)
    assert (certificate.institution, AccessLogEntry.objects.get().institution_id) == (world.ops, world.ops.pk)
    assert (certificate.facts["registrations"], certificate.facts["status"]) == (
        [
            {
                "office": "PUP X",
                "kind": "unemployed",
                "valid_from": "2026-01-05",
                "valid_to": None,
                "benefit": {"right": True, "valid_from": "2026-01-12", "valid_to": "2026-07-11"},
            }
        ],
        {"on": "2026-03-02", "registered_unemployed": True, "offices_checked": ["PUP X"]},
    )
    assert len(events("registry.certificate_issued")) == 1


def test_the_certificate_holds_only_the_certified_facts(world) -> None:
    world.shared.phone = "+48 600 100 200"
    world.shared.save()
    certificate = issue(world, world.pup)
    assert certificate.facts["person"] == {
        "full_name": f"{world.shared.first_name} {world.shared.last_name}",
        "pesel": world.shared.pesel,
        "other_id": None,
    }
    stored = json.dumps(certificate.facts, ensure_ascii=False)
    assert [
        text for text in ("ul. Testowa", "600 100 200", "social_assistance", "OPS X") if text in stored
    ] == []


def test_a_person_without_a_pesel_is_certified_by_their_other_identifier(world) -> None:
    foreigner = PersonFactory(pesel=None, alt_id_kind="passport", alt_id="UA1234567",
                              birth_date=dt.date(1990, 5, 1), sex="F")  # fmt: skip
    RegistrationFactory(person=foreigner, institution=world.pup, kind="job_seeker")
    certificate = certificate_issue(actor=world.actor(world.pup), person=foreigner, on=TODAY, now=NOW)
    assert (certificate.facts["person"]["pesel"], certificate.facts["person"]["other_id"]) == (
        None,
        {"kind": "passport", "number": "UA1234567"},
    )


def test_the_certificate_records_issuer_issuing_user_time_and_status_day(world) -> None:
    actor = world.actor(world.pup)
    certificate = certificate_issue(actor=actor, person=world.shared, on=TODAY, now=NOW)
    assert (certificate.institution, certificate.issued_by, certificate.issued_at, certificate.status_on) == (
        world.pup, actor.user, NOW, TODAY,
    )  # fmt: skip


def test_a_job_seeker_no_longer_unemployed_is_certified_as_not_registered_unemployed(world) -> None:
    registration = world.pup_only.registrations.get(kind="unemployed")
    registration.valid_to = dt.date(2026, 2, 27)
    registration.save()
    RegistrationFactory(
        person=world.pup_only, institution=world.pup, kind="job_seeker", valid_from=dt.date(2026, 2, 28)
    )
    certificate = certificate_issue(actor=world.actor(world.pup), person=world.pup_only, on=TODAY, now=NOW)
    rows = [
        (r["kind"], r["valid_from"], r["valid_to"], r["benefit"]) for r in certificate.facts["registrations"]
    ]
    assert rows == [
        ("unemployed", "2026-01-05", "2026-02-27", {"right": None, "valid_from": None, "valid_to": None}),
        ("job_seeker", "2026-02-28", None, None),
    ]
    assert certificate.facts["status"]["registered_unemployed"] is False


def test_an_unrelated_institution_is_refused_and_nothing_is_logged(world) -> None:
    with pytest.raises(CertificateRefusedError) as refused:
        issue(world, world.stranger)
    assert (refused.value.code, AccessLogEntry.objects.count(), Certificate.objects.count()) == (
        "not_visible",
        0,
        0,
    )
    assert AuditEvent.objects.count() == 0


def test_a_person_without_a_visible_labour_office_registration_cannot_be_certified(world) -> None:
    with pytest.raises(CertificateRefusedError) as refused:
        certificate_issue(actor=world.actor(world.ops), person=world.ops_only, on=TODAY, now=NOW)
    assert (refused.value.code, AccessLogEntry.objects.count(), Certificate.objects.count()) == (
        "no_labour_office_status", 0, 0,
    )  # fmt: skip


def test_operators_and_non_working_roles_cannot_issue_certificates(world) -> None:
    with pytest.raises(CertificateRefusedError) as refused:
        certificate_issue(
            actor=world.actor(world.pup, "operator_staff"), person=world.shared, on=TODAY, now=NOW
        )
    assert (refused.value.code, AccessLogEntry.objects.count(), Certificate.objects.count()) == (
        "not_an_issuing_body", 0, 0,
    )  # fmt: skip


def test_verification_codes_are_url_safe_and_distinct(world) -> None:
    actor = world.actor(world.pup)
    codes = [certificate_issue(actor=actor, person=world.shared, on=TODAY, now=NOW).code for _ in range(2)]
    assert [bool(re.fullmatch(r"[A-Za-z0-9_-]{16}", code)) for code in codes] == [True, True]
    assert codes[0] != codes[1]


# --- the PDF -------------------------------------------------------------------------------------------


def test_the_pdf_shows_the_title_issuer_name_pesel_and_verification_code(world) -> None:
    certificate = issue(world, world.pup)
    pdf = certificate_pdf(certificate)
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF")
    wanted = [
        "ZAŚWIADCZENIE",
        "PUP X",
        world.shared.last_name,
        world.shared.pesel,
        certificate.code,
        "/verify/",
    ]
    assert [part for part in wanted if part not in text] == []


def test_rendering_reads_nothing_but_a_staff_download_is_logged_as_a_read(world) -> None:
    actor = world.actor(world.ops)
    certificate = certificate_issue(actor=actor, person=world.shared, on=TODAY, now=NOW)
    certificate_pdf(certificate)
    assert AccessLogEntry.objects.count() == 1
    pdf = certificate_download(actor=actor, certificate=certificate)
    entry = AccessLogEntry.objects.latest("seq")
    assert (pdf[:4], AccessLogEntry.objects.count()) == (b"%PDF", 2)
    assert (entry.what, entry.purpose, entry.institution_id, entry.person_id, entry.scopes) == (
        "certificate_download", "certificate", world.ops.pk, world.shared.pk,
        ["benefit", "identity", "registration_status"],
    )  # fmt: skip


# --- staff pages ---------------------------------------------------------------------------------------


def test_the_issue_form_issues_and_redirects_to_the_certificate_page(client: Client, world) -> None:
    actor = world.actor(world.pup)
    client.force_login(actor.user)
    response = client.post(f"/persons/{world.shared.public_id}/certificates/")
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{world.shared.public_id}/certificates/{certificate.code}/"
    page = client.get(response["Location"])
    pdf_link = f"/persons/{world.shared.public_id}/certificates/{certificate.code}.pdf"
    assert (page.status_code, pdf_link in page.content.decode(), AccessLogEntry.objects.count()) == (
        200,
        True,
        1,
    )


def test_the_download_link_serves_the_pdf_and_logs_the_read(client: Client, world) -> None:
    actor = world.actor(world.pup)
    certificate = certificate_issue(actor=actor, person=world.shared, on=TODAY, now=NOW)
    client.force_login(actor.user)
    response = client.get(f"/persons/{world.shared.public_id}/certificates/{certificate.code}.pdf")
    assert (response.status_code, response["Content-Type"], response.content[:4]) == (
        200,
        "application/pdf",
        b"%PDF",
    )
    assert list(AccessLogEntry.objects.values_list("what", flat=True)) == [
        "certificate",
        "certificate_download",
    ]


def test_the_issue_page_offers_the_form_to_whoever_may_certify(client: Client, world) -> None:
    client.force_login(world.actor(world.ops).user)
    response = client.get(f"/persons/{world.shared.public_id}/certificates/")
    assert (response.status_code, 'method="post"' in response.content.decode()) == (200, True)
    assert AccessLogEntry.objects.count() == 0


def test_staff_pages_answer_404_when_the_actor_may_not_see_the_person(client: Client, world) -> None:
    client.force_login(world.actor(world.stranger).user)
    statuses = [
        client.post(f"/persons/{world.shared.public_id}/certificates/").status_code,
        client.get(f"/persons/{world.shared.public_id}/certificates/").status_code,
    ]
    assert (statuses, AccessLogEntry.objects.count(), Certificate.objects.count()) == ([404, 404], 0, 0)


def test_another_institutions_certificate_is_not_served(client: Client, world) -> None:
    certificate = issue(world, world.pup)
    client.force_login(world.actor(world.ops).user)
    base = f"/persons/{world.shared.public_id}/certificates/{certificate.code}"
    statuses = [client.get(f"{base}.pdf").status_code, client.get(f"{base}/").status_code]
    assert (statuses, AccessLogEntry.objects.count()) == ([404, 404], 1)


def test_a_refused_certificate_is_answered_with_403_and_nothing_is_stored(client: Client, world) -> None:
    client.force_login(world.actor(world.ops).user)
    response = client.post(f"/persons/{world.ops_only.public_id}/certificates/")
    assert (response.status_code, Certificate.objects.count(), AccessLogEntry.objects.count()) == (403, 0, 0)


# --- public verification -------------------------------------------------------------------------------


def test_verify_shows_issuer_date_and_certified_facts(client: Client, world) -> None:
    certificate = issue(world, world.pup)
    body = client.get(f"/verify/{certificate.code}").content.decode()
    wanted = ["PUP X", "2026-03-02", world.shared.last_name, world.shared.pesel, "2026-01-05", "2026-07-11"]
    assert [part for part in wanted if part not in body] == []


def test_verify_shows_nothing_beyond_the_certified_facts(client: Client, world) -> None:
    world.shared.phone = "+48 600 100 200"
    world.shared.save()
    certificate = issue(world, world.pup)
    body = client.get(f"/verify/{certificate.code}").content.decode()
    unwanted = ["ul. Testowa", "600 100 200", "OPS X", str(world.shared.public_id), "/persons/"]
    assert [part for part in unwanted if part in body] == []


def test_verify_records_an_audit_event_naming_only_the_certificate(client: Client, world) -> None:
    certificate = issue(world, world.pup)
    client.get(f"/verify/{certificate.code}")
    event = AuditEvent.objects.get(event_type="registry.certificate_verified")
    assert (event.subject_id, event.actor_id, event.institution_id, event.data) == (
        str(certificate.pk),
        None,
        None,
        {},
    )
    assert AccessLogEntry.objects.count() == 1


def test_verify_keeps_the_code_out_of_caches_and_search_engines(client: Client, world) -> None:
    response = client.get(f"/verify/{issue(world, world.pup).code}")
    assert (response["Cache-Control"], response["Referrer-Policy"], response["X-Robots-Tag"]) == (
        "no-store", "no-referrer", "noindex, nofollow",
    )  # fmt: skip


def test_an_unknown_code_answers_404_and_records_nothing(client: Client, world) -> None:
    issue(world, world.pup)
    response = client.get("/verify/AAAAAAAAAAAAAAAAAAAAAA")
    assert (response.status_code, 'data-testid="verification-result"' in response.content.decode()) == (
        404,
        True,
    )
    assert AuditEvent.objects.filter(event_type="registry.certificate_verified").count() == 0


def test_guessed_and_malformed_codes_get_the_same_answer(client: Client, world) -> None:
    issue(world, world.pup)
    guessed, malformed = client.get("/verify/Zm9vYmFyYmF6cXV4"), client.get("/verify/%27%3B--")
    assert (guessed.status_code, main_content(guessed)) == (malformed.status_code, main_content(malformed))
