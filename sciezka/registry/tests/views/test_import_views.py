"""The web page of the import of persons: upload, results, rejects, progress, and who may use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import factory
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.audit.models import AuditEvent
from sciezka.registry import views_import
from sciezka.registry.imports import persons_import_wait
from sciezka.registry.models import ImportRun, Registration
from sciezka.registry.tests.test_import_fixtures import csv_text, make_importer, row

pytestmark = pytest.mark.django_db


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    institution = factory.SubFactory(InstitutionFactory)
    user = factory.SubFactory("sciezka.accounts.tests.factories.UserFactory")
    file_name = "clients.csv"
    file_sha256 = "0" * 64
    started_at = factory.LazyFunction(timezone.now)


@pytest.fixture
def importer(db):
    return make_importer()


@pytest.fixture
def browser(client: Client, importer) -> Client:
    client.force_login(importer.user)
    return client


def upload(client: Client, text: str, name: str = "clients.csv"):
    return client.post("/registry/import/", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_the_import_page_requires_login(client: Client) -> None:
    response = client.get("/registry/import/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/registry/import/")


def test_the_upload_form_has_a_labelled_file_control_and_shows_the_header(browser: Client) -> None:
    page = browser.get("/registry/import/").content.decode()
    assert '<label for="id_file">' in page
    assert 'aria-describedby="id_file-hint"' in page
    assert "pesel;first_name;last_name;birth_date;sex;teryt;street;registration_kind;valid_from" in page


def test_an_upload_is_imported_for_the_active_institution_and_the_run_page_shows_counts_and_rejects(
    browser: Client,
) -> None:
    response = upload(browser, csv_text([row(0), row(1, teryt="1299999"), row(2)]))
    run = ImportRun.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/registry/import/{run.public_id}/")
    page = browser.get(response["Location"]).content.decode()
    assert 'data-testid="count-created">2<' in page
    assert 'data-testid="count-rejected">1<' in page
    assert "unknown_teryt: no gmina 1299999 in the TERYT register" in page
    assert set(Registration.objects.values_list("institution__code", flat=True)) == {"PUP-IMP"}


def test_the_uploaded_file_is_deleted_after_the_import_and_the_rejects_file_kept(browser: Client) -> None:
    upload(browser, csv_text([row(0, teryt="1299999")]), name="kept-rejects.csv")
    folder = Path(ImportRun.objects.get().rejects_file).parent
    assert sorted(p.name for p in folder.iterdir()) == ["kept-rejects.csv.rejects.csv"]


def test_the_web_import_is_audited_with_the_request_of_the_upload(browser: Client) -> None:
    response = upload(browser, csv_text([row(0)]))
    event = AuditEvent.objects.get(event_type="registry.import_finished")
    assert (event.channel, event.request_id, event.data["file_name"]) == (
        "web",
        response["X-Request-ID"],
        "clients.csv",
    )


def test_a_wrong_header_shows_an_alert_naming_the_line_and_column_and_imports_nothing(
    browser: Client,
) -> None:
    response = upload(browser, "pesel;imie\n44051401359;Jan\n")
    page = response.content.decode()
    assert (response.status_code, 'role="alert"' in page) == (200, True)
    assert (
        "clients.csv, line 1, field imie: column 2 is &#x27;imie&#x27;, expected &#x27;first_name&#x27;"
        in page
    )
    assert ImportRun.objects.count() == 0


def test_the_rejected_rows_can_be_downloaded(browser: Client) -> None:
    upload(browser, csv_text([row(0, teryt="1299999")]))
    run = ImportRun.objects.get()
    response = browser.get(f"/registry/import/{run.public_id}/rejects.csv")
    body = b"".join(response.streaming_content).decode()
    assert (response.status_code, body.splitlines()[0]) == (200, "line;field;reason;original_row")
    assert response["Content-Disposition"] == 'attachment; filename="clients.csv.rejects.csv"'


def test_a_run_of_another_institution_cannot_be_seen(browser: Client) -> None:
    other = ImportRunFactory(institution=InstitutionFactory(code="OPS-OTHER", kind="OPS"), status="finished")
    codes = [
        browser.get(f"/registry/import/{other.public_id}/{tail}").status_code for tail in ("", "progress/")
    ]
    assert codes == [404, 404]


def test_the_upload_always_imports_for_the_active_institution_whatever_the_form_says(browser: Client) -> None:
    InstitutionFactory(code="OPS-OTHER", kind="OPS")
    browser.post(
        "/registry/import/",
        {"file": SimpleUploadedFile("c.csv", csv_text([row(0)]).encode()), "institution": "OPS-OTHER"},
    )
    assert list(ImportRun.objects.values_list("institution__code", flat=True)) == ["PUP-IMP"]


def test_a_role_that_may_not_record_clients_data_is_forbidden(client: Client) -> None:
    admin = MembershipFactory(institution=InstitutionFactory(code="WUP-X", kind="WUP"), role="administrator")
    client.force_login(admin.user)
    assert (client.get("/registry/import/").status_code, upload(client, csv_text([row(0)])).status_code) == (
        403,
        403,
    )
    assert ImportRun.objects.count() == 0


def test_a_user_without_an_active_role_is_forbidden(client: Client) -> None:
    from sciezka.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/registry/import/").status_code == 403


def test_a_running_import_shows_a_labelled_progress_bar_polled_every_second(
    browser: Client, importer
) -> None:
    run = ImportRunFactory(institution=importer.institution, user=importer.user, rows_total=100, rows_done=40)
    page = browser.get(f"/registry/import/{run.public_id}/").content.decode()
    assert f'hx-get="/registry/import/{run.public_id}/progress/" hx-trigger="every 1s"' in page
    assert '<label for="import-progress-bar">' in page
    assert '<progress id="import-progress-bar" max="100" value="40"></progress>' in page
    assert 'aria-live="polite"' in page
    assert f'<a href="/registry/import/{run.public_id}/">' in page


def test_the_progress_fragment_shows_rows_done(browser: Client, importer) -> None:
    run = ImportRunFactory(institution=importer.institution, user=importer.user, rows_total=100, rows_done=40)
    response = browser.get(f"/registry/import/{run.public_id}/progress/", HTTP_HX_REQUEST="true")
    assert (response.status_code, response.has_header("HX-Refresh")) == (200, False)
    assert 'value="40"' in response.content.decode()


def test_the_progress_fragment_reloads_the_page_once_the_run_has_ended(browser: Client, importer) -> None:
    run = ImportRunFactory(institution=importer.institution, user=importer.user, status="finished")
    response = browser.get(f"/registry/import/{run.public_id}/progress/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_a_failed_run_shows_its_error_as_an_alert(browser: Client, importer) -> None:
    run = ImportRunFactory(
        institution=importer.institution,
        user=importer.user,
        status="failed",
        error="connection lost",
        finished_at=timezone.now() + dt.timedelta(seconds=1),
    )
    page = browser.get(f"/registry/import/{run.public_id}/").content.decode()
    assert ('role="alert"' in page, "connection lost" in page) == (True, True)


def test_the_upload_page_lists_the_recent_runs_of_the_institution_only(browser: Client, importer) -> None:
    ImportRunFactory(institution=importer.institution, user=importer.user, file_name="ours.csv")
    ImportRunFactory(institution=InstitutionFactory(code="OPS-OTHER", kind="OPS"), file_name="theirs.csv")
    page = browser.get("/registry/import/").content.decode()
    assert ("ours.csv" in page, "theirs.csv" in page) == (True, False)


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_imported_in_the_background(client: Client, monkeypatch) -> None:
    importer = make_importer()
    client.force_login(importer.user)
    monkeypatch.setattr(views_import, "SYNC_LIMIT_BYTES", 0)
    response = upload(client, csv_text([row(i) for i in range(30)]))
    run = ImportRun.objects.get()
    persons_import_wait(str(run.public_id), timeout=60)
    run.refresh_from_db()
    assert (response.status_code, run.status, run.created, run.rows_done) == (302, "finished", 30, 30)
    assert list((Path(settings.DATA_DIR) / "imports").glob(f"*/{run.file_name}")) == []


def test_a_file_over_the_web_limit_is_refused_and_nothing_is_imported(browser: Client, settings) -> None:
    settings.SCIEZKA = {**settings.SCIEZKA, "IMPORT_MAX_BYTES": 100}
    response = upload(browser, csv_text([row(), row()]))
    errors = response.context["form"].errors.as_data()["file"]
    assert (response.status_code, [e.code for e in errors]) == (200, ["too_large"])
    assert (ImportRun.objects.count(), Registration.objects.count()) == (0, 0)
