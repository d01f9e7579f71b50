"""``registry.imports``: reading, outcomes, rejects, idempotence, crash safety and audit of the import.

Every test that writes runs on both write paths where the database has them (``writer`` fixture: the
PostgreSQL ``COPY`` path and the portable one on PostgreSQL; the portable one on SQLite).
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.utils import timezone

from sciezka.accounts.selectors import ActingAs
from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.audit.models import AuditEvent
from sciezka.registry import imports
from sciezka.registry.imports import ImportFileError, persons_import, persons_import_run, persons_import_start
from sciezka.registry.models import ImportRun, Person, PeselHistory, Registration
from sciezka.registry.tests.factories import PersonFactory, RegistrationFactory
from sciezka.registry.tests.test_import_fixtures import (
    WRITERS,
    csv_text,
    db_state,
    make_importer,
    needs_postgresql,
    pesel_for,
    rejects_of,
    row,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(db) -> ActingAs:
    return make_importer()


@pytest.fixture(params=WRITERS)
def writer(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def counts_of(path: Path, actor: ActingAs, writer: str, **kwargs: object) -> dict[str, int]:
    _, counts = persons_import(actor=actor, path=path, writer=writer, **kwargs)  # type: ignore[arg-type]
    return counts.as_dict()


# --- a clean file -----------------------------------------------------------------------------------


def test_a_valid_file_creates_persons_registrations_and_pesel_history(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1, registration_kind="job_seeker", benefit_from="",
                                                             benefit_to="")])  # fmt: skip
    assert counts_of(path, importer, writer) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    person = Person.objects.get(pesel=pesel_for(0))
    assert (person.first_name, person.last_name, person.last_name_folded, person.birth_date, person.sex) == (
        "Anna", "Nowak0", "nowak0", dt.date(1970, 1, 1), "F",
    )  # fmt: skip
    assert list(
        person.registrations.values_list("institution__code", "kind", "valid_from", "benefit_right")
    ) == [("PUP-IMP", "unemployed", dt.date(2026, 1, 5), True)]
    assert list(
        PeselHistory.objects.filter(person=person).values_list("pesel", "valid_from", "valid_to")
    ) == [(pesel_for(0), timezone.localdate(), None)]


def test_created_rows_point_to_the_finished_run(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1)])
    run, _ = persons_import(actor=importer, path=path, writer=writer)
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_done, run.created, run.rejected, run.rejects_file) == (
        "finished", 2, 2, 2, 0, "",
    )  # fmt: skip
    assert (
        Person.objects.filter(source_import=run).count(),
        Registration.objects.filter(source_import=run).count(),
    ) == (2, 2)


def test_one_audit_event_records_the_run_and_its_counts(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1, pesel="92071408244")])
    run, _ = persons_import(actor=importer, path=path, writer=writer)
    event = AuditEvent.objects.get(event_type="registry.import_finished")
    assert (event.actor_username, event.institution.code, event.subject_id, event.channel) == (
        "importer", "PUP-IMP", str(run.pk), "cli",
    )  # fmt: skip
    assert {k: event.data[k] for k in ("file_name", "rows", "created", "updated", "unchanged", "rejected")} == {
        "file_name": str(path), "rows": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1,
    }  # fmt: skip


def test_progress_is_reported_after_each_batch_and_at_the_end(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(i) for i in range(5)])
    seen: list[tuple[int, int]] = []
    persons_import(
        actor=importer, path=path, writer=writer, batch_size=2, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_a_file_of_bad_rows_still_reports_progress_batch_by_batch(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(i, teryt="1299999") for i in range(5)])
    seen: list[tuple[int, int]] = []
    _, counts = persons_import(
        actor=importer, path=path, writer=writer, batch_size=2, progress=lambda d, t: seen.append((d, t))
    )
    assert (seen, counts.rejected, ImportRun.objects.get().rejected) == ([(2, 5), (4, 5), (5, 5)], 5, 5)


def test_a_file_changed_between_start_and_run_is_refused(importer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    run = persons_import_start(actor=importer, path=path)
    write_csv(path, [row(0), row(1)])
    with pytest.raises(ImportFileError, match="the file changed after the import was started"):
        persons_import_run(actor=importer, run=run, path=path)
    run.refresh_from_db()
    assert (run.status, Person.objects.count()) == ("failed", 0)


# --- rejected rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"pesel": "92071408244"}, "pesel", "checksum"),
        ({"pesel": "92133108249"}, "pesel", "impossible_date"),
        ({"teryt": "1299999"}, "teryt", "unknown_teryt"),
        ({"last_name": ""}, "last_name", "required"),
        ({"valid_from": ""}, "valid_from", "required"),
        ({"valid_to": "2026-01-04"}, "valid_to", "period_order"),
        ({"valid_from": "2026-02-30"}, "valid_from", "invalid_date"),
    ],
    ids=[
        "bad-checksum",
        "impossible-date",
        "unknown-teryt",
        "missing-surname",
        "missing-start",
        "ends-before-start",
        "no-such-day",
    ],
)
def test_a_bad_row_is_rejected_with_line_field_and_reason_and_the_rest_imported(
    importer, writer, tmp_path, changes, field, code
) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1, **changes), row(2)])
    assert counts_of(path, importer, writer) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert rejects_of(path) == [("3", field, code)]
    assert sorted(Person.objects.values_list("pesel", flat=True)) == sorted([pesel_for(0), pesel_for(2)])


def test_the_rejects_file_keeps_the_original_row_and_the_run_names_it(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0, teryt="1299999", first_name="")])
    run, _ = persons_import(actor=importer, path=path, writer=writer)
    run.refresh_from_db()
    original = csv_text([row(0, teryt="1299999", first_name="")]).splitlines()[1]
    with (tmp_path / "clients.csv.rejects.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle, delimiter=";")) == [
            {"line": "2", "field": "first_name", "reason": "required: first_name is required", "original_row": original},
            {"line": "2", "field": "teryt", "reason": "unknown_teryt: no gmina 1299999 in the TERYT register",
             "original_row": original},
        ]  # fmt: skip
    assert run.rejects_file == str(tmp_path / "clients.csv.rejects.csv")


def test_a_clean_rerun_removes_the_old_rejects_file(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0, teryt="1299999")])
    persons_import(actor=importer, path=path, writer=writer)
    write_csv(path, [row(0)])
    persons_import(actor=importer, path=path, writer=writer)
    assert not (tmp_path / "clients.csv.rejects.csv").exists()


def test_the_same_person_and_registration_twice_in_the_file_counts_the_second_as_unchanged(
    importer, writer, tmp_path
) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(0)])
    assert counts_of(path, importer, writer) == {"created": 1, "updated": 0, "unchanged": 1, "rejected": 0}


# --- encodings, separators, formats -------------------------------------------------------------------


def test_a_cp1250_file_with_polish_letters_is_read(importer, writer, tmp_path) -> None:
    path = write_csv(
        tmp_path / "cp1250.csv", [row(0, first_name="Łucja", last_name="Żółćkowska")], encoding="cp1250"
    )
    assert counts_of(path, importer, writer)["created"] == 1
    person = Person.objects.get()
    assert (person.first_name, person.last_name, person.last_name_folded) == (
        "Łucja",
        "Żółćkowska",
        "zolckowska",
    )


def test_a_utf8_file_with_a_byte_order_mark_is_read(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "bom.csv", [row(0, last_name="Żółćkowska")], encoding="utf-8-sig")
    assert counts_of(path, importer, writer)["created"] == 1
    assert Person.objects.get().last_name == "Żółćkowska"


def test_a_comma_separated_file_with_quoted_fields_is_read(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "comma.csv", [row(0, street="ul. Długa 5, m. 7")], delimiter=",")
    assert counts_of(path, importer, writer)["created"] == 1
    assert Person.objects.get().street == "ul. Długa 5, m. 7"


def test_an_xlsx_workbook_is_read_with_dates_and_numeric_codes(importer, writer, tmp_path) -> None:
    born_2001 = "01220901771"
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [
            [int(born_2001), "Piotr", "Wiśniewski", dt.date(2001, 2, 9), "M", 1203033, None, "social_assistance",
             dt.datetime(2026, 2, 1), None, None, None],  # noqa: DTZ001 (spreadsheets hold naive date-times)
            [pesel_for(1), "Anna", "Nowak", None, None, "1203033", "", "unemployed", "2026-01-05", "", "", ""],
        ],
    )  # fmt: skip
    assert counts_of(path, importer, writer) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    person = Person.objects.get(pesel=born_2001)
    assert (person.birth_date, person.registrations.get().valid_from) == (
        dt.date(2001, 2, 9),
        dt.date(2026, 2, 1),
    )


def test_xlsx_rejects_name_the_sheet_row(importer, writer, tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "clients.xlsx",
        [[pesel_for(0), "Anna", "Nowak", None, None, "1203033", None, "unemployed", "2026-01-05"],
         [None] * 12,
         [pesel_for(1), "Anna", "Nowak", None, None, "9999999", None, "unemployed", "2026-01-05"]],
    )  # fmt: skip
    assert counts_of(path, importer, writer)["rejected"] == 1
    assert rejects_of(path) == [("4", "teryt", "unknown_teryt")]


# --- files that cannot be imported at all -------------------------------------------------------------


def assert_nothing_changed() -> None:
    assert (ImportRun.objects.count(), Person.objects.count(), Registration.objects.count()) == (0, 0, 0)
    assert AuditEvent.objects.filter(event_type="registry.import_finished").count() == 0


def test_an_empty_file_is_refused_naming_line_1_and_nothing_changes(importer, tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError) as refused:
        persons_import(actor=importer, path=path)
    assert (
        str(refused.value)
        == f"{path}, line 1: the file is empty; expected the header {';'.join(imports.HEADER)}"
    )
    assert_nothing_changed()


@pytest.mark.parametrize(
    ("header", "field", "message"),
    [
        (("pesel", "firstname", *imports.HEADER[2:]), "firstname",
         "column 2 is 'firstname', expected 'first_name'"),
        (imports.HEADER[:11], "benefit_to", "missing column 'benefit_to' (column 12)"),
        ((*imports.HEADER, "phone"), "phone", "unexpected column 'phone' after 'benefit_to'"),
        (("first_name", "pesel", *imports.HEADER[2:]), "first_name", "column 1 is 'first_name', expected 'pesel'"),
    ],
    ids=["misspelt", "missing", "extra", "reordered"],
)  # fmt: skip
def test_a_wrong_header_is_refused_naming_line_1_and_the_column(
    importer, tmp_path, header, field, message
) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0)], header=header)
    with pytest.raises(ImportFileError) as refused:
        persons_import(actor=importer, path=path)
    assert (refused.value.line, refused.value.field, refused.value.message.split(";")[0]) == (
        1,
        field,
        message,
    )
    assert_nothing_changed()


def test_a_file_of_blank_lines_is_empty(importer, tmp_path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n  \r\n\r\n")
    with pytest.raises(ImportFileError, match="line 1: the file is empty"):
        persons_import(actor=importer, path=path)
    assert_nothing_changed()


def test_a_file_with_only_the_header_imports_nothing_and_finishes(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [])
    run, counts = persons_import(actor=importer, path=path, writer=writer)
    run.refresh_from_db()
    assert (counts.as_dict(), run.status) == (
        {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0},
        "finished",
    )


def test_a_file_neither_utf8_nor_cp1250_is_refused_naming_the_line(importer, tmp_path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(csv_text([row(0)]).encode() + b"\x81\x98;garbage\r\n")
    with pytest.raises(ImportFileError) as refused:
        persons_import(actor=importer, path=path)
    assert (refused.value.line, "neither UTF-8 nor cp1250" in refused.value.message) == (3, True)
    assert_nothing_changed()


def test_a_broken_xlsx_is_refused(importer, tmp_path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError, match="not a readable XLSX workbook"):
        persons_import(actor=importer, path=path)
    assert_nothing_changed()


def test_an_xlsx_with_a_wrong_header_is_refused(importer, tmp_path) -> None:
    path = write_xlsx(tmp_path / "clients.xlsx", [], header=("PESEL", *imports.HEADER[1:]))
    with pytest.raises(ImportFileError) as refused:
        persons_import(actor=importer, path=path)
    assert (refused.value.line, refused.value.field) == (1, "PESEL")
    assert_nothing_changed()


def test_a_role_that_may_not_record_clients_data_cannot_import(tmp_path) -> None:
    auditor = MembershipFactory(institution=InstitutionFactory(code="PUP-AUD"), role="auditor")
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    with pytest.raises(PermissionDenied, match="auditor cannot record"):
        persons_import(actor=ActingAs.from_membership(auditor), path=path)
    assert_nothing_changed()


# --- idempotence and updates --------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(importer, writer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1), row(0, registration_kind="job_seeker",
                                                valid_from="2025-03-01", benefit_from="", benefit_to="")])  # fmt: skip
    persons_import(actor=importer, path=path, writer=writer)
    before, events = db_state(), AuditEvent.objects.count()
    assert counts_of(path, importer, writer) == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert (db_state(), AuditEvent.objects.count()) == (before, events + 1)


def test_changed_names_and_address_count_as_updated(importer, writer, tmp_path) -> None:
    persons_import(actor=importer, path=write_csv(tmp_path / "a.csv", [row(0), row(1)]), writer=writer)
    path = write_csv(
        tmp_path / "b.csv", [row(0, last_name="Nowak-Żak", teryt="1261011", street="Rynek 1"), row(1)]
    )
    assert counts_of(path, importer, writer) == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    person = Person.objects.get(pesel=pesel_for(0))
    assert (person.last_name, person.last_name_folded, person.teryt, person.street) == (
        "Nowak-Żak", "nowak-zak", "1261011", "Rynek 1",
    )  # fmt: skip


def test_a_changed_end_or_benefit_period_counts_as_updated(importer, writer, tmp_path) -> None:
    persons_import(actor=importer, path=write_csv(tmp_path / "a.csv", [row(0), row(1)]), writer=writer)
    path = write_csv(
        tmp_path / "b.csv", [row(0, valid_to="2026-06-30"), row(1, benefit_from="", benefit_to="")]
    )
    assert counts_of(path, importer, writer) == {"created": 0, "updated": 2, "unchanged": 0, "rejected": 0}
    assert list(
        Registration.objects.order_by("person__pesel").values_list(
            "valid_to", "benefit_right", "benefit_from"
        )
    ) == [
        (dt.date(2026, 6, 30), True, dt.date(2026, 1, 12)),
        (None, None, None),
    ]


def test_several_rows_for_one_pesel_give_a_registration_history(importer, writer, tmp_path) -> None:
    history = [
        row(0, registration_kind="job_seeker", valid_from="2024-02-01", valid_to="2024-08-31", benefit_from="",
            benefit_to=""),
        row(0, valid_from="2025-01-07", valid_to="2025-12-31"),
        row(0),
    ]  # fmt: skip
    path = write_csv(tmp_path / "history.csv", history)
    assert counts_of(path, importer, writer) == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    person = Person.objects.get()
    assert list(person.registrations.order_by("valid_from").values_list("kind", "valid_from")) == [
        ("job_seeker", dt.date(2024, 2, 1)), ("unemployed", dt.date(2025, 1, 7)), ("unemployed", dt.date(2026, 1, 5)),
    ]  # fmt: skip
    assert PeselHistory.objects.count() == 1


def test_rows_of_one_person_apply_in_file_order_and_the_last_values_win(importer, writer, tmp_path) -> None:
    rows = [
        row(0),
        row(0, street="ul. Nowa 1"),
        row(0, street="ul. Nowa 1"),
        row(0, street="ul. Nowa 1", valid_to="2026-03-31"),
    ]
    path = write_csv(tmp_path / "clients.csv", rows)
    assert counts_of(path, importer, writer) == {"created": 1, "updated": 2, "unchanged": 1, "rejected": 0}
    registration = Registration.objects.get()
    assert (registration.person.street, registration.valid_to) == ("ul. Nowa 1", dt.date(2026, 3, 31))


def test_a_new_registration_of_a_known_person_counts_as_created(importer, writer, tmp_path) -> None:
    known = PersonFactory(pesel=pesel_for(0), first_name="Anna", last_name="Nowak0", street="ul. Długa 1")
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    assert counts_of(path, importer, writer) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert (Person.objects.get().pk, known.registrations.get().source_import is not None) == (known.pk, True)


def test_registrations_at_other_institutions_are_left_alone(importer, writer, tmp_path) -> None:
    person = PersonFactory(pesel=pesel_for(0), first_name="Anna", last_name="Nowak0", street="ul. Długa 1")
    other = RegistrationFactory(person=person, kind="unemployed", valid_from=dt.date(2026, 1, 5))
    path = write_csv(tmp_path / "clients.csv", [row(0, valid_to="2026-02-28")])
    assert counts_of(path, importer, writer)["created"] == 1
    other.refresh_from_db()
    assert (other.valid_to, person.registrations.count()) == (None, 2)


# --- crash safety ---------------------------------------------------------------------------------------


def crash_on_batch(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Make the ``number``-th batch fail, as a killed process would leave it (rolled back)."""
    real = imports._write_batch
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> imports.ImportCounts:
        calls["n"] += 1
        if calls["n"] == number:
            raise RuntimeError("simulated crash")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "_write_batch", failing)


def wipe_imported_data() -> None:
    Registration.objects.all().delete()
    Person.objects.all().delete()


def test_a_crash_after_the_first_batch_then_a_rerun_equals_a_clean_run(
    importer, writer, tmp_path, monkeypatch
) -> None:
    rows = [row(i % 3, valid_from=f"2026-01-0{1 + i}", benefit_from="", benefit_to="") for i in range(7)]
    path = write_csv(tmp_path / "clients.csv", [*rows, row(9, pesel="1")])
    crash_on_batch(monkeypatch, 2)
    with pytest.raises(RuntimeError, match="simulated crash"):
        persons_import(actor=importer, path=path, writer=writer, batch_size=2)
    assert (Registration.objects.count(), ImportRun.objects.get().status) == (2, "failed")
    monkeypatch.undo()
    rerun = counts_of(path, importer, writer, batch_size=2)
    after_crash = db_state()
    wipe_imported_data()
    clean = counts_of(path, importer, writer, batch_size=2)
    assert (after_crash, rerun) == (db_state(), {"created": 5, "updated": 0, "unchanged": 2, "rejected": 1})
    assert clean == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 1}


def test_a_failed_run_records_the_error(importer, writer, tmp_path, monkeypatch) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1)])
    crash_on_batch(monkeypatch, 1)
    with pytest.raises(RuntimeError):
        persons_import(actor=importer, path=path, writer=writer)
    run = ImportRun.objects.get()
    assert (run.status, run.error, run.finished_at is not None, Person.objects.count()) == (
        "failed", "simulated crash", True, 0,
    )  # fmt: skip


# --- the parallel writers on PostgreSQL ------------------------------------------------------------------


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_give_the_same_database_and_counts_as_one(importer, tmp_path) -> None:
    rows = [
        row(i % 40, valid_from=f"2026-0{1 + i % 9}-01", benefit_from="", benefit_to="") for i in range(160)
    ]
    path = write_csv(tmp_path / "clients.csv", [*rows, row(3, teryt="1")])
    parallel = counts_of(path, importer, "postgresql", batch_size=7, workers=2)
    state = db_state()
    wipe_imported_data()
    single = counts_of(path, importer, "postgresql", batch_size=7, workers=1)
    assert (parallel, state) == (single, db_state())
    assert parallel == {"created": 160, "updated": 0, "unchanged": 0, "rejected": 1}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_crash_of_one_parallel_writer_then_a_rerun_loses_and_duplicates_nothing(
    importer, tmp_path, monkeypatch
) -> None:
    rows = [
        row(i % 30, valid_from=f"2026-0{1 + i % 9}-01", benefit_from="", benefit_to="") for i in range(90)
    ]
    path = write_csv(tmp_path / "clients.csv", rows)
    crash_on_batch(monkeypatch, 3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        persons_import(actor=importer, path=path, writer="postgresql", batch_size=5, workers=2)
    monkeypatch.undo()
    rerun = counts_of(path, importer, "postgresql", batch_size=5, workers=2)
    state = db_state()
    wipe_imported_data()
    counts_of(path, importer, "postgresql", batch_size=5, workers=1)
    assert (state, rerun["created"] + rerun["unchanged"], rerun["updated"]) == (db_state(), 90, 0)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path_kind", ["postgresql", "portable"])
def test_a_person_created_concurrently_during_a_batch_is_found_on_the_retry(
    importer, tmp_path, path_kind, caplog
) -> None:
    """Another transaction inserts a PESEL of the batch and commits while the batch waits on it."""
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1)])
    inserted, release = threading.Event(), threading.Event()

    def concurrent_writer() -> None:
        try:
            with transaction.atomic():
                PersonFactory(pesel=pesel_for(1), first_name="Anna", last_name="Nowak1", street="ul. Długa 2")
                inserted.set()
                release.wait(5)
        finally:
            connections.close_all()

    other = threading.Thread(target=concurrent_writer)
    other.start()
    inserted.wait(5)
    threading.Timer(0.5, release.set).start()
    counts = counts_of(path, importer, path_kind, workers=1)
    other.join()
    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert (Person.objects.count(), Registration.objects.count(), PeselHistory.objects.count()) == (2, 2, 1)
    assert "a batch was retried" in caplog.text


@pytest.mark.django_db
def test_a_killed_run_is_marked_interrupted_when_the_institution_starts_its_next_import(
    importer, tmp_path
) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    killed = persons_import_start(actor=importer, path=path)
    ImportRun.objects.filter(pk=killed.pk).update(progressed_at=timezone.now() - dt.timedelta(minutes=16))
    recent = persons_import_start(actor=importer, path=path)
    statuses = dict(ImportRun.objects.values_list("pk", "status"))
    assert (statuses[killed.pk], statuses[recent.pk]) == ("failed", "running")
    assert "interrupted" in ImportRun.objects.get(pk=killed.pk).error


@pytest.mark.django_db
def test_a_run_that_made_progress_recently_is_left_running(importer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    busy = persons_import_start(actor=importer, path=path)
    ImportRun.objects.filter(pk=busy.pk).update(progressed_at=timezone.now() - dt.timedelta(minutes=5))
    persons_import_start(actor=importer, path=path)
    assert ImportRun.objects.get(pk=busy.pk).status == "running"
