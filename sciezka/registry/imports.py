"""The import of persons and their registrations from CSV or XLSX files (``sciezka import persons``, web upload).

A services-layer module: the command and the web page are thin layers over :func:`persons_import_start` and
:func:`persons_import_run` (or :func:`persons_import`, both at once). The file format is a published interface
(``docs/imports.md``); the per-row rules are the pure :func:`~sciezka.registry.domain.import_rows.validate_row`.

How it stays correct and fast:

* **Nothing changes for a file that cannot be imported at all.** :func:`inspect_persons_file` reads the whole
  file once before anything is written (SHA-256, row estimate, encoding: strict UTF-8 with or without BOM,
  else cp1250) and checks the header; an :class:`ImportFileError` names the file, line and field.
* **Streaming.** Rows are read one by one (``csv`` or openpyxl's read-only mode), validated, and written in
  batches; memory is bounded by a few batches (the one being filled and one queued per writer).
* **Crash-safe and idempotent.** Each batch is one transaction, together with the run's progress counters.
  Natural keys (``Person.pesel``; ``Registration`` (person, institution, kind, valid_from)) are unique in
  the database, so a rerun after a crash finds what was committed and counts it ``unchanged``.
* **Outcomes per row, in file order**: ``created`` (the row creates the person or the registration),
  ``updated`` (it changes the person's names, TERYT or street, or the registration's ``valid_to`` or benefit
  period), ``unchanged``, ``rejected``. Several rows for one PESEL are a registration history; a later row sees
  what the earlier ones did, exactly as if the rows were applied one at a time.
* **Two write paths with the same results.** On PostgreSQL each batch is streamed with ``COPY`` into a
  temporary staging table and applied by one set-based statement that also classifies the rows (see
  ``_PostgresWriter``); outside a transaction, rows are partitioned by PESEL among writer threads with a
  connection each (``_ThreadedSink``), so validation and two batches proceed at once. Elsewhere (SQLite) a
  portable path classifies in Python and writes with the ORM (``_PortableWriter``). The test suite runs both
  against the same expectations.
* **Audit.** An :class:`~sciezka.registry.models.ImportRun` row records the run (who, what file, counts,
  progress); created persons and registrations point at it (``source_import``); new persons get their first
  ``PeselHistory`` row; one ``registry.import_finished`` audit event carries the counts.
"""

from __future__ import annotations

import codecs
import contextvars
import csv
import functools
import hashlib
import io
import logging
import queue
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from sciezka.accounts.selectors import ActingAs
from sciezka.audit.services import audit_record
from sciezka.common.request_context import unit_of_work
from sciezka.registry import audit_events as events
from sciezka.registry.domain.import_rows import HEADER, CleanRow, ImportRules, RowError, validate_row
from sciezka.registry.models import ImportRun, Person, PeselHistory, Registration, RegistrationKind
from sciezka.registry.services import ensure_can_act_for

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_WORKERS",
    "FileInfo",
    "ImportCounts",
    "ImportFileError",
    "import_run_get_for",
    "import_run_list_for",
    "inspect_persons_file",
    "persons_import",
    "persons_import_in_background",
    "persons_import_run",
    "persons_import_start",
    "persons_import_wait",
    "read_rejects",
    "rejects_path_for",
]

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 20_000
#: Parallel writer connections on PostgreSQL (the machines have two cores; see docs/benchmarks.md).
DEFAULT_WORKERS = 2
#: Rows per INSERT statement on the portable path (SQLite caps Django's bulk inserts near this anyway).
PORTABLE_INSERT_ROWS = 124
#: Values per ``IN (…)`` look-up on the portable path (under SQLite's variable limit on any version).
PORTABLE_LOOKUP_CHUNK = 500
#: How often a batch is tried when a concurrent writer took one of its natural keys in between.
BATCH_ATTEMPTS = 3
PESEL_HISTORY_REASON = "first entry (import)"
REJECTS_HEADER = ("line", "field", "reason", "original_row")
_CHUNK = 1 << 20


# --- errors and results ------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file cannot be imported at all (unreadable, empty, wrong header). Nothing was changed."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        where = [file]
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field}")
        super().__init__(f"{', '.join(where)}: {message}")


class _ConcurrentWriteError(Exception):
    """Another writer created one of the batch's persons or registrations after the batch looked; retry."""


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        """The published summary: exactly these keys, in this order."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def add(self, other: ImportCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected


# --- reading ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileInfo:
    """What :func:`inspect_persons_file` learnt about a file whose header is right."""

    path: Path
    display_name: str
    kind: Literal["csv", "xlsx"]
    sha256: str
    rows_estimate: int
    encoding: str = ""
    delimiter: str = ""


def rejects_path_for(path: Path) -> Path:
    """``<input name>.rejects.csv`` next to the input."""
    return path.with_name(path.name + ".rejects.csv")


def inspect_persons_file(path: Path, *, display_name: str | None = None) -> FileInfo:
    """Read the whole file once and check its header; raise :class:`ImportFileError` if it cannot be imported.

    Detects the format (XLSX by its ``.xlsx`` name or ZIP signature, else CSV), for CSV the encoding (strict
    UTF-8, a BOM allowed, else cp1250) and the separator (``;`` or ``,``, from the header line), and estimates
    the number of data rows for the progress bar (CSV: line breaks; XLSX: the sheet's stated dimension).
    """
    name = display_name or str(path)
    try:
        with path.open("rb") as handle:
            signature = handle.read(4)
    except OSError as exc:
        raise ImportFileError(name, None, None, f"cannot be read ({exc.strerror or exc})") from None
    if path.suffix.lower() == ".xlsx" or signature == b"PK\x03\x04":
        return _inspect_xlsx(path, name)
    return _inspect_csv(path, name)


def _inspect_csv(path: Path, name: str) -> FileInfo:
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")(errors="strict")
    is_utf8 = True
    line_breaks = 0
    size = 0
    last = b""
    has_content = False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            line_breaks += chunk.count(b"\n")
            size += len(chunk)
            last = chunk[-1:]
            has_content = has_content or bool(chunk.replace(codecs.BOM_UTF8, b"").strip())
            if is_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    encoding = "utf-8-sig" if is_utf8 else "cp1250"
    if not is_utf8:
        _check_cp1250(path, name)
    lines = line_breaks + (1 if size and last != b"\n" else 0)

    if not has_content:
        raise ImportFileError(name, 1, None, f"the file is empty; expected the header {';'.join(HEADER)}")
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline()
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    _check_header(name, header)
    return FileInfo(
        path=path,
        display_name=name,
        kind="csv",
        sha256=digest.hexdigest(),
        rows_estimate=max(lines - 1, 0),
        encoding=encoding,
        delimiter=delimiter,
    )


def _check_cp1250(path: Path, name: str) -> None:
    """A file that is not UTF-8 must be cp1250; five byte values are undefined there."""
    decoder = codecs.getincrementaldecoder("cp1250")(errors="strict")
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                byte = chunk[exc.start : exc.start + 1].hex()
                raise ImportFileError(
                    name, line, None, f"neither UTF-8 nor cp1250 text (byte 0x{byte} is undefined in both)"
                ) from None
            line += chunk.count(b"\n")


def _check_header(name: str, found: Sequence[str]) -> None:
    order = ";".join(HEADER)
    for position, expected in enumerate(HEADER, start=1):
        if position > len(found):
            raise ImportFileError(
                name,
                1,
                expected,
                f"missing column {expected!r} (column {position}); the header must be {order}",
            )
        actual = found[position - 1]
        if actual != expected:
            raise ImportFileError(
                name,
                1,
                actual or f"column {position}",
                f"column {position} is {actual!r}, expected {expected!r}; the header must be {order}",
            )
    if len(found) > len(HEADER):
        extra = found[len(HEADER)]
        raise ImportFileError(
            name,
            1,
            extra or f"column {len(HEADER) + 1}",
            f"unexpected column {extra!r} after {HEADER[-1]!r}; the header must be {order}",
        )


def _open_workbook(path: Path, name: str) -> Any:
    # Imported here: a CSV import need not load openpyxl. (It ships no type information.)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(name, None, None, f"not a readable XLSX workbook ({exc})") from None


def _inspect_xlsx(path: Path, name: str) -> FileInfo:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    workbook = _open_workbook(path, name)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        rows = sheet.iter_rows(values_only=True) if sheet is not None else iter(())
        first = next(rows, None)
        if first is None or all(v is None for v in first):
            raise ImportFileError(
                name, 1, None, f"the sheet is empty; expected the header {';'.join(HEADER)}"
            )
        _check_header(name, _trimmed([_cell_text(v, "") for v in first]))
        max_row = sheet.max_row if sheet is not None else None
    finally:
        workbook.close()
    return FileInfo(
        path=path,
        display_name=name,
        kind="xlsx",
        sha256=digest.hexdigest(),
        rows_estimate=max((max_row or 1) - 1, 0),
    )


def _trimmed(values: list[str]) -> list[str]:
    """Without the empty cells a spreadsheet reports after the last column that holds anything."""
    end = len(values)
    while end and not values[end - 1]:
        end -= 1
    return values[:end]


_NUMERIC_WIDTH = {"pesel": 11, "teryt": 7}


def _cell_text(value: object, column: str) -> str:
    """A spreadsheet cell as the text a CSV would hold.

    Dates become ``YYYY-MM-DD``. A PESEL or TERYT code typed as a number loses its leading zeros in a
    spreadsheet; both have a fixed width, so the zeros are put back.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = str(int(value)) if isinstance(value, int) or value.is_integer() else repr(value)
        width = _NUMERIC_WIDTH.get(column)
        return text.zfill(width) if width else text
    return str(value)


#: A data row: the line where it starts, its values, and a problem found while reading it (if any).
SourceRow = tuple[int, list[str], RowError | None]


def _iter_rows(info: FileInfo) -> Iterator[SourceRow]:
    """The data rows in file order; blank rows (no value at all) are skipped."""
    if info.kind == "xlsx":
        yield from _iter_xlsx_rows(info)
        return
    with info.path.open(encoding=info.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=info.delimiter)
        next(reader, None)
        previous_end = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a field over csv.field_size_limit(); the reader goes on after it
                start, previous_end = previous_end + 1, reader.line_num
                yield start, [], RowError("row", "csv_syntax", str(exc))
                continue
            start, previous_end = previous_end + 1, reader.line_num
            if any(values):
                yield start, values, None


def _iter_xlsx_rows(info: FileInfo) -> Iterator[SourceRow]:
    workbook = _open_workbook(info.path, info.display_name)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        next(rows, None)
        for line, cells in enumerate(rows, start=2):
            values = _trimmed(
                [_cell_text(v, HEADER[i] if i < len(HEADER) else "") for i, v in enumerate(cells)]
            )
            if values:
                yield line, values + [""] * (len(HEADER) - len(values)), None
    finally:
        workbook.close()


# --- rejects ------------------------------------------------------------------------------------------


class _Rejects:
    """``<input>.rejects.csv``: UTF-8, ``;``-separated, one line per problem: line;field;reason;original_row."""

    def __init__(self, path: Path, delimiter: str) -> None:
        self.path = path
        self.delimiter = delimiter or ";"
        self.rows = 0
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, delimiter=";", lineterminator="\n")
        self._writer.writerow(REJECTS_HEADER)

    def add(self, line: int, values: Sequence[str], errors: Sequence[RowError]) -> None:
        original = io.StringIO()
        csv.writer(original, delimiter=self.delimiter, lineterminator="").writerow(values)
        for error in errors:
            self._writer.writerow((line, error.field, error.reason, original.getvalue()))
        self.rows += 1

    def close(self) -> str:
        """Close the file; remove it if no row was rejected. Returns its path, or ``""``."""
        self._handle.close()
        if self.rows:
            return str(self.path)
        self.path.unlink(missing_ok=True)
        return ""


def read_rejects(path: str, *, limit: int) -> tuple[list[dict[str, str]], int]:
    """Up to ``limit`` lines of a rejects file (for the web page) and how many lines it has in all."""
    if not path or not Path(path).exists():
        return [], 0
    shown: list[dict[str, str]] = []
    total = 0
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            total += 1
            if len(shown) < limit:
                shown.append(row)
    return shown, total


# --- writing: the portable path ----------------------------------------------------------------------


Batch = list[tuple[int, CleanRow]]


class _PortableWriter:
    """Any database Django supports: classify in Python, write with the ORM (SQLite, and a cross-check)."""

    def __init__(self, *, run: ImportRun, institution_id: int, history_from: date) -> None:
        self.run = run
        self.institution_id = institution_id
        self.history_from = history_from

    def close(self) -> None:
        pass

    def write(self, batch: Batch, *, repeats: bool) -> ImportCounts:
        pesels = list(dict.fromkeys(row.pesel for _, row in batch))
        people: dict[str, tuple[int, tuple[str, str, str, str]]] = {}
        for chunk in _chunks(pesels, PORTABLE_LOOKUP_CHUNK):
            for pk, pesel, first, last, teryt_code, street in Person.objects.filter(
                pesel__in=chunk
            ).values_list("pk", "pesel", "first_name", "last_name", "teryt", "street"):
                if pesel is not None:
                    people[pesel] = (pk, (first, last, teryt_code, street))
        pesel_of = {pk: pesel for pesel, (pk, _) in people.items()}
        registrations: dict[
            tuple[str, str, date], tuple[int, tuple[date | None, date | None, date | None]]
        ] = {}
        for chunk in _chunks(list(pesel_of), PORTABLE_LOOKUP_CHUNK):
            for pk, person_id, kind, valid_from, valid_to, b_from, b_to in Registration.objects.filter(
                person_id__in=chunk, institution_id=self.institution_id
            ).values_list("pk", "person_id", "kind", "valid_from", "valid_to", "benefit_from", "benefit_to"):
                registrations[(pesel_of[person_id], kind, valid_from)] = (pk, (valid_to, b_from, b_to))

        # Apply the rows one at a time to an in-memory state, as the outcome rules are defined.
        person_state = {pesel: values for pesel, (_, values) in people.items()}
        registration_state = {key: values for key, (_, values) in registrations.items()}
        last_person: dict[str, CleanRow] = {}
        last_registration: dict[tuple[str, str, date], CleanRow] = {}
        counts = ImportCounts()
        for _, row in batch:
            person_values = (row.first_name, row.last_name, row.teryt, row.street)
            key = (row.pesel, row.kind, row.valid_from)
            registration_values = (row.valid_to, row.benefit_from, row.benefit_to)
            before_person = person_state.get(row.pesel)
            before_registration = registration_state.get(key)
            person_state[row.pesel] = person_values
            registration_state[key] = registration_values
            last_person[row.pesel] = row
            last_registration[key] = row
            if before_person is None or before_registration is None:
                counts.created += 1
            elif before_person != person_values or before_registration != registration_values:
                counts.updated += 1
            else:
                counts.unchanged += 1

        now = timezone.now()
        created_rows = [row for pesel, row in last_person.items() if pesel not in people]
        new_people = [
            Person(
                pesel=row.pesel,
                first_name=row.first_name,
                last_name=row.last_name,
                last_name_folded=row.last_name_folded,
                birth_date=row.birth_date,
                sex=row.sex,
                teryt=row.teryt,
                street=row.street,
                source_import=self.run,
            )
            for row in created_rows
        ]
        Person.objects.bulk_create(new_people, batch_size=PORTABLE_INSERT_ROWS)
        PeselHistory.objects.bulk_create(
            [
                PeselHistory(
                    person_id=person.pk,
                    pesel=row.pesel,
                    valid_from=self.history_from,
                    reason=PESEL_HISTORY_REASON,
                )
                for row, person in zip(created_rows, new_people, strict=True)
            ],
            batch_size=PORTABLE_INSERT_ROWS,
        )
        person_ids = {pesel: pk for pesel, (pk, _) in people.items()}
        person_ids.update(
            {row.pesel: person.pk for row, person in zip(created_rows, new_people, strict=True)}
        )
        changed_people = [
            Person(
                pk=pk,
                first_name=last_person[pesel].first_name,
                last_name=last_person[pesel].last_name,
                last_name_folded=last_person[pesel].last_name_folded,
                teryt=last_person[pesel].teryt,
                street=last_person[pesel].street,
                updated_at=now,
            )
            for pesel, (pk, before) in people.items()
            if person_state[pesel] != before
        ]
        Person.objects.bulk_update(
            changed_people,
            ["first_name", "last_name", "last_name_folded", "teryt", "street", "updated_at"],
            batch_size=PORTABLE_INSERT_ROWS,
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    person_id=person_ids[row.pesel],
                    institution_id=self.institution_id,
                    kind=row.kind,
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                    benefit_right=row.benefit_right,
                    benefit_from=row.benefit_from,
                    benefit_to=row.benefit_to,
                    source_import=self.run,
                )
                for key, row in last_registration.items()
                if key not in registrations
            ],
            batch_size=PORTABLE_INSERT_ROWS,
        )
        changed_registrations = [
            Registration(
                pk=pk,
                valid_to=last_registration[key].valid_to,
                benefit_right=last_registration[key].benefit_right,
                benefit_from=last_registration[key].benefit_from,
                benefit_to=last_registration[key].benefit_to,
            )
            for key, (pk, before) in registrations.items()
            if registration_state[key] != before
        ]
        Registration.objects.bulk_update(
            changed_registrations,
            ["valid_to", "benefit_right", "benefit_from", "benefit_to"],
            batch_size=PORTABLE_INSERT_ROWS,
        )
        return counts


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- writing: the PostgreSQL path --------------------------------------------------------------------

_COPY_STAGING = (
    "COPY sciezka_import_staging (line, pesel, first_name, last_name, last_name_folded, birth_date, sex, "
    "teryt, street, kind, valid_from, valid_to, benefit_from, benefit_to) FROM STDIN"
)
_CREATE_STAGING = """
CREATE TEMPORARY TABLE IF NOT EXISTS sciezka_import_staging (
    line integer NOT NULL,
    pesel varchar(11) NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    last_name_folded text NOT NULL,
    birth_date date NOT NULL,
    sex text NOT NULL,
    teryt text NOT NULL,
    street text NOT NULL,
    kind text NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    benefit_from date,
    benefit_to date
)"""

# How each staged row compares with the state before it. Without repeated PESELs in the batch, that state is
# what the database held; with repeats, a later row of the same person (or registration) compares with the
# previous row of the batch instead (window functions over the file order).
_STAGED_PLAIN = """
staged AS (
    SELECT s.*, 1 AS person_seq, 1 AS registration_seq,
           NULL::text AS prev_first_name, NULL::text AS prev_last_name, NULL::text AS prev_teryt,
           NULL::text AS prev_street, NULL::date AS prev_valid_to, NULL::date AS prev_benefit_from,
           NULL::date AS prev_benefit_to
    FROM sciezka_import_staging s
)"""
_STAGED_WITH_REPEATS = """
staged AS (
    SELECT s.*,
           row_number() OVER by_person AS person_seq,
           row_number() OVER by_registration AS registration_seq,
           lag(s.first_name) OVER by_person AS prev_first_name,
           lag(s.last_name) OVER by_person AS prev_last_name,
           lag(s.teryt) OVER by_person AS prev_teryt,
           lag(s.street) OVER by_person AS prev_street,
           lag(s.valid_to) OVER by_registration AS prev_valid_to,
           lag(s.benefit_from) OVER by_registration AS prev_benefit_from,
           lag(s.benefit_to) OVER by_registration AS prev_benefit_to
    FROM sciezka_import_staging s
    WINDOW by_person AS (PARTITION BY s.pesel ORDER BY s.line),
           by_registration AS (PARTITION BY s.pesel, s.kind, s.valid_from ORDER BY s.line)
)"""

# The final values per person and per registration: the last row of each in the batch. Without repeats, every
# row is the last of its person and registration, and the sorts can be skipped.
_LAST_PERSON_WITH_REPEATS = (
    "SELECT DISTINCT ON (pesel) * FROM sciezka_import_staging ORDER BY pesel, line DESC"
)
_LAST_REGISTRATION_WITH_REPEATS = (
    "SELECT DISTINCT ON (pesel, kind, valid_from) * FROM sciezka_import_staging "
    "ORDER BY pesel, kind, valid_from, line DESC"
)
_ALL_STAGED = "SELECT * FROM sciezka_import_staging"

# One statement per batch. All its parts see the database as it was when the statement began, so the
# classification and the writes agree. ON CONFLICT guards against a concurrent writer; the *_missed counts
# detect that case and the batch is retried.
_APPLY_BATCH = """
WITH
existing AS MATERIALIZED (
    SELECT p.id, p.pesel, p.first_name, p.last_name, p.teryt, p.street
    FROM registry_person p
    WHERE p.pesel IN (SELECT DISTINCT pesel FROM sciezka_import_staging)
),
existing_registration AS MATERIALIZED (
    SELECT r.id, e.pesel, r.kind, r.valid_from, r.valid_to, r.benefit_from, r.benefit_to
    FROM existing e
    JOIN registry_registration r ON r.person_id = e.id AND r.institution_id = %(institution)s
),
{staged},
classified AS (
    SELECT CASE
        WHEN (s.person_seq = 1 AND e.id IS NULL) OR (s.registration_seq = 1 AND r.id IS NULL) THEN 'created'
        WHEN (CASE WHEN s.person_seq = 1
                   THEN ROW(e.first_name::text, e.last_name::text, e.teryt::text, e.street::text)
                   ELSE ROW(s.prev_first_name, s.prev_last_name, s.prev_teryt, s.prev_street) END)
             IS DISTINCT FROM ROW(s.first_name, s.last_name, s.teryt, s.street)
          OR (CASE WHEN s.registration_seq = 1
                   THEN ROW(r.valid_to, r.benefit_from, r.benefit_to)
                   ELSE ROW(s.prev_valid_to, s.prev_benefit_from, s.prev_benefit_to) END)
             IS DISTINCT FROM ROW(s.valid_to, s.benefit_from, s.benefit_to)
        THEN 'updated'
        ELSE 'unchanged'
    END AS outcome
    FROM staged s
    LEFT JOIN existing e ON e.pesel = s.pesel
    LEFT JOIN existing_registration r ON r.pesel = s.pesel AND r.kind = s.kind AND r.valid_from = s.valid_from
),
last_person AS (
    {last_person}
),
to_create AS (
    SELECT l.* FROM last_person l WHERE NOT EXISTS (SELECT FROM existing e WHERE e.pesel = l.pesel)
),
new_person AS (
    INSERT INTO registry_person (
        public_id, pesel, alt_id_kind, alt_id, first_name, second_name, last_name, last_name_folded,
        birth_date, sex, teryt, street, postal_code, phone, email, source_import_id, created_at, updated_at
    )
    SELECT gen_random_uuid(), c.pesel, '', '', c.first_name, '', c.last_name, c.last_name_folded,
           c.birth_date, c.sex, c.teryt, c.street, '', '', '', %(run)s, %(now)s, %(now)s
    FROM to_create c
    ORDER BY c.pesel
    ON CONFLICT (pesel) DO NOTHING
    RETURNING id, pesel
),
new_history AS (
    INSERT INTO registry_peselhistory (person_id, pesel, valid_from, valid_to, reason)
    SELECT n.id, n.pesel, %(history_from)s, NULL, %(history_reason)s FROM new_person n
),
person_ids AS (
    SELECT id, pesel FROM existing
    UNION ALL
    SELECT id, pesel FROM new_person
),
last_registration AS (
    {last_registration}
),
to_register AS (
    SELECT l.* FROM last_registration l
    WHERE NOT EXISTS (
        SELECT FROM existing_registration r
        WHERE r.pesel = l.pesel AND r.kind = l.kind AND r.valid_from = l.valid_from
    )
),
new_registration AS (
    INSERT INTO registry_registration (
        person_id, institution_id, kind, valid_from, valid_to, benefit_right, benefit_from, benefit_to,
        end_reason, legal_basis, source_import_id, created_at
    )
    SELECT i.id, %(institution)s, t.kind, t.valid_from, t.valid_to,
           CASE WHEN t.benefit_from IS NOT NULL THEN true END, t.benefit_from, t.benefit_to,
           '', '', %(run)s, %(now)s
    FROM to_register t
    JOIN person_ids i ON i.pesel = t.pesel
    ORDER BY i.id, t.kind, t.valid_from
    ON CONFLICT (person_id, institution_id, kind, valid_from) DO NOTHING
    RETURNING 1
),
changed_person AS (
    UPDATE registry_person p
    SET first_name = l.first_name, last_name = l.last_name, last_name_folded = l.last_name_folded,
        teryt = l.teryt, street = l.street, updated_at = %(now)s
    FROM last_person l
    JOIN existing e ON e.pesel = l.pesel
    WHERE p.id = e.id
      AND ROW(e.first_name::text, e.last_name::text, e.teryt::text, e.street::text)
          IS DISTINCT FROM ROW(l.first_name, l.last_name, l.teryt, l.street)
    RETURNING 1
),
changed_registration AS (
    UPDATE registry_registration r
    SET valid_to = l.valid_to, benefit_from = l.benefit_from, benefit_to = l.benefit_to,
        benefit_right = CASE WHEN l.benefit_from IS NOT NULL THEN true END
    FROM last_registration l
    JOIN existing_registration e ON e.pesel = l.pesel AND e.kind = l.kind AND e.valid_from = l.valid_from
    WHERE r.id = e.id
      AND ROW(e.valid_to, e.benefit_from, e.benefit_to) IS DISTINCT FROM ROW(l.valid_to, l.benefit_from, l.benefit_to)
    RETURNING 1
)
SELECT
    (SELECT count(*) FROM classified WHERE outcome = 'created'),
    (SELECT count(*) FROM classified WHERE outcome = 'updated'),
    (SELECT count(*) FROM classified WHERE outcome = 'unchanged'),
    (SELECT count(*) FROM to_create) - (SELECT count(*) FROM new_person),
    (SELECT count(*) FROM to_register) - (SELECT count(*) FROM new_registration),
    (SELECT count(*) FROM changed_person) + (SELECT count(*) FROM changed_registration)
"""


def _apply_batch_sql(staged: str, last_person: str, last_registration: str) -> str:
    return (
        _APPLY_BATCH.replace("{staged}", staged)
        .replace("{last_person}", last_person)
        .replace("{last_registration}", last_registration)
    )


class _PostgresWriter:
    """PostgreSQL: ``COPY`` the batch into a temporary staging table, then apply it with one statement."""

    def __init__(self, *, run: ImportRun, institution_id: int, history_from: date) -> None:
        self.params: dict[str, Any] = {
            "run": run.pk,
            "institution": institution_id,
            "history_from": history_from,
            "history_reason": PESEL_HISTORY_REASON,
            "now": timezone.now(),
        }
        self.statements = {
            False: _apply_batch_sql(_STAGED_PLAIN, _ALL_STAGED, _ALL_STAGED),
            True: _apply_batch_sql(
                _STAGED_WITH_REPEATS, _LAST_PERSON_WITH_REPEATS, _LAST_REGISTRATION_WITH_REPEATS
            ),
        }
        with connection.cursor() as cursor:
            cursor.execute(_CREATE_STAGING)

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sciezka_import_staging")

    def write(self, batch: Batch, *, repeats: bool) -> ImportCounts:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE sciezka_import_staging")
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
            with raw.copy(_COPY_STAGING) as copy:
                write_row = copy.write_row
                for line, r in batch:
                    write_row(
                        (line, r.pesel, r.first_name, r.last_name, r.last_name_folded, r.birth_date, r.sex,
                         r.teryt, r.street, r.kind, r.valid_from, r.valid_to, r.benefit_from, r.benefit_to)
                    )  # fmt: skip
            cursor.execute(self.statements[repeats], {**self.params, "now": timezone.now()})
            created, updated, unchanged, persons_missed, registrations_missed, _ = cursor.fetchone()
        if persons_missed or registrations_missed:
            raise _ConcurrentWriteError(f"{persons_missed} person(s), {registrations_missed} registration(s)")
        return ImportCounts(created=created, updated=updated, unchanged=unchanged)


Writer = _PortableWriter | _PostgresWriter


def _writer_for(kind: str, *, run: ImportRun, institution_id: int, history_from: date) -> Writer:
    if kind == "auto":
        kind = "postgresql" if connection.vendor == "postgresql" else "portable"
    if kind == "postgresql":
        return _PostgresWriter(run=run, institution_id=institution_id, history_from=history_from)
    if kind == "portable":
        return _PortableWriter(run=run, institution_id=institution_id, history_from=history_from)
    raise ValueError(f"unknown writer {kind!r}")


# --- the use case -------------------------------------------------------------------------------------


def _rules() -> ImportRules:
    def length(model: Any, name: str) -> int:
        max_length: int = model._meta.get_field(name).max_length
        return max_length

    return ImportRules(
        kinds=frozenset(RegistrationKind.values),
        benefit_kinds=frozenset({RegistrationKind.UNEMPLOYED.value}),
        first_name_max=length(Person, "first_name"),
        last_name_max=length(Person, "last_name"),
        street_max=length(Person, "street"),
    )


def _check_rejects_writable(info: FileInfo) -> None:
    rejects = rejects_path_for(info.path)
    existed = rejects.exists()
    try:
        rejects.open("a").close()
    except OSError as exc:
        raise ImportFileError(
            info.display_name, None, None, f"cannot write the rejects file {rejects} ({exc.strerror or exc})"
        ) from None
    if not existed:
        rejects.unlink(missing_ok=True)


def persons_import_start(*, actor: ActingAs, path: Path, display_name: str | None = None) -> ImportRun:
    """Check the actor and the whole file, then record a running :class:`ImportRun` (committed at once).

    Raises ``PermissionDenied`` (the actor may not record clients' data for their institution) or
    :class:`ImportFileError` (the file cannot be imported); in both cases nothing is written.
    """
    ensure_can_act_for(actor, actor.institution)
    info = inspect_persons_file(path, display_name=display_name)
    _check_rejects_writable(info)
    now = timezone.now()
    with transaction.atomic():
        import_runs_mark_interrupted(institution_id=actor.institution.pk, now=now)
        return ImportRun.objects.create(
            institution=actor.institution,
            user=actor.user,
            file_name=info.display_name[-255:],
            file_sha256=info.sha256,
            rows_total=info.rows_estimate,
            started_at=now,
            progressed_at=now,
        )


#: A batch commits within seconds; a running import without progress for this long was killed.
STALE_AFTER = timedelta(minutes=15)


def import_runs_mark_interrupted(*, institution_id: int, now: datetime) -> int:
    """Mark the institution's running imports without progress for ``STALE_AFTER`` as failed (interrupted).

    Their committed batches stay; importing the same file again completes them without duplicates.
    """
    return ImportRun.objects.filter(
        institution_id=institution_id,
        status=ImportRun.Status.RUNNING,
        progressed_at__lt=now - STALE_AFTER,
    ).update(
        status=ImportRun.Status.FAILED,
        finished_at=now,
        error="interrupted: no progress for 15 minutes (the process was stopped); "
        "import the same file again to complete it",
    )


def persons_import_run(
    *,
    actor: ActingAs,
    run: ImportRun,
    path: Path,
    batch_size: int = DEFAULT_BATCH_SIZE,
    writer: str = "auto",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportCounts:
    """Import the rows of ``path`` for the run; return the counts. Marks the run failed on any error.

    ``writer`` is ``"auto"`` (PostgreSQL's fast path there, else the portable one), ``"postgresql"`` or
    ``"portable"``. ``workers`` is the number of parallel writer connections on PostgreSQL when not called
    inside a transaction (default :data:`DEFAULT_WORKERS`); inside one, batches are written in it.
    """
    try:
        info = inspect_persons_file(path, display_name=run.file_name)
        if info.sha256 != run.file_sha256:
            raise ImportFileError(
                info.display_name, None, None, "the file changed after the import was started"
            )
        counts = _import_rows(
            actor=actor,
            run=run,
            info=info,
            batch_size=batch_size,
            writer_kind=writer,
            workers=workers,
            progress=progress,
        )
    except BaseException as exc:
        _mark_failed(run, exc)
        raise
    return counts


def persons_import(
    *,
    actor: ActingAs,
    path: Path,
    display_name: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    writer: str = "auto",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportRun, ImportCounts]:
    """:func:`persons_import_start` and :func:`persons_import_run` in one call (the command's use case)."""
    run = persons_import_start(actor=actor, path=path, display_name=display_name)
    counts = persons_import_run(
        actor=actor,
        run=run,
        path=path,
        batch_size=batch_size,
        writer=writer,
        workers=workers,
        progress=progress,
    )
    return run, counts


def _import_rows(
    *,
    actor: ActingAs,
    run: ImportRun,
    info: FileInfo,
    batch_size: int,
    writer_kind: str,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
) -> ImportCounts:
    rules = _rules()
    history_from = timezone.localdate(run.started_at)
    if writer_kind == "auto":
        writer_kind = "postgresql" if connection.vendor == "postgresql" else "portable"
    parallel = writer_kind == "postgresql" and not connection.in_atomic_block
    parts = max(workers if workers is not None else DEFAULT_WORKERS, 1) if parallel else 1
    make_writer = functools.partial(
        _writer_for, writer_kind, run=run, institution_id=actor.institution.pk, history_from=history_from
    )
    rejects = _Rejects(rejects_path_for(info.path), info.delimiter)
    try:
        sink: _Sink = (
            _ThreadedSink(make_writer, run, parts, info.rows_estimate, progress)
            if parallel
            else _InlineSink(make_writer, run, info.rows_estimate, progress)
        )
    except BaseException:
        rejects.close()
        raise
    try:
        batches = [_PendingBatch() for _ in range(parts)]
        rejected = 0
        for line, values, problem in _iter_rows(info):
            result = validate_row(values, rules) if problem is None else [problem]
            if isinstance(result, CleanRow):
                # One PESEL always goes to the same part, so its rows are applied in file order.
                part = int(result.pesel[7:10]) % parts
                pending = batches[part]
                pending.add(line, result)
                if len(pending.rows) >= batch_size:
                    sink.put(part, pending.take(rejected))
                    rejected = 0
            else:
                rejects.add(line, values, result)
                rejected += 1
                if rejected >= batch_size:  # a file of mostly bad rows still shows progress
                    sink.put(0, _Job(rows=[], repeats=False, rejected=rejected))
                    rejected = 0
        for part, pending in enumerate(batches):
            if pending.rows or rejected:
                sink.put(part, pending.take(rejected))
                rejected = 0
        totals, done = sink.finish()
    except BaseException:
        sink.abort()
        rejects.close()
        raise
    rejects_file = rejects.close()
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FINISHED,
            rows_total=done,
            rows_done=done,
            rejects_file=rejects_file[:500],
            finished_at=timezone.now(),
            **totals.as_dict(),
        )
        run.refresh_from_db()
        audit_record(
            event=events.IMPORT_FINISHED,
            actor=actor.user,
            institution=actor.institution,
            subject=run,
            data={
                "run": str(run.public_id),
                "file_name": run.file_name,
                "file_sha256": run.file_sha256,
                "rows": done,
                **totals.as_dict(),
            },
        )
    return totals


@dataclass
class _PendingBatch:
    rows: Batch = dataclass_field(default_factory=list)
    seen: set[str] = dataclass_field(default_factory=set)
    repeats: bool = False

    def add(self, line: int, row: CleanRow) -> None:
        self.rows.append((line, row))
        if row.pesel in self.seen:
            self.repeats = True
        self.seen.add(row.pesel)

    def take(self, rejected: int) -> _Job:
        job = _Job(rows=self.rows, repeats=self.repeats, rejected=rejected)
        self.rows, self.seen, self.repeats = [], set(), False
        return job


@dataclass(frozen=True)
class _Job:
    """One batch for a writer: clean rows, and the rejected rows whose count commits with them."""

    rows: Batch
    repeats: bool
    rejected: int

    @property
    def size(self) -> int:
        return len(self.rows) + self.rejected


class _InlineSink:
    """Batches written at once, in the caller's thread and transaction (SQLite; inside an atomic block)."""

    def __init__(
        self,
        make_writer: Callable[[], Writer],
        run: ImportRun,
        rows_total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.writer = make_writer()
        self.run = run
        self.rows_total = rows_total
        self.progress = progress
        self.totals = ImportCounts()
        self.done = 0

    def put(self, part: int, job: _Job) -> None:
        self.done += job.size
        self.rows_total = max(self.rows_total, self.done)
        self.totals.add(_write_batch(self.writer, self.run, job, rows_total=self.rows_total))
        if self.progress is not None:
            self.progress(self.done, self.rows_total)

    def finish(self) -> tuple[ImportCounts, int]:
        self.writer.close()
        if self.progress is not None and self.rows_total != self.done:
            self.progress(self.done, self.done)  # the estimate was too high: end at 100 %
        return self.totals, self.done

    def abort(self) -> None:
        self.writer.close()


class _ThreadedSink:
    """PostgreSQL outside a transaction: each part has a writer thread with its own connection.

    The reader (this thread) validates while the database applies earlier batches, and with two parts the
    database works on two batches at once (one per core). A bounded queue per part keeps memory bounded.
    """

    def __init__(
        self,
        make_writer: Callable[[], Writer],
        run: ImportRun,
        parts: int,
        rows_total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.make_writer = make_writer
        self.run = run
        self.rows_total = rows_total
        self.progress = progress
        self.totals = ImportCounts()
        self.done = 0
        self.lock = threading.Lock()
        self.failure: BaseException | None = None
        self.queues: list[queue.Queue[_Job | None]] = [queue.Queue(maxsize=1) for _ in range(parts)]
        context = contextvars.copy_context()  # the request id and channel, for the audit trail
        self.threads = [
            threading.Thread(
                target=context.copy().run,
                args=(self._work, q),
                name=f"sciezka-import-{run.pk}-{i}",
                daemon=True,
            )
            for i, q in enumerate(self.queues)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self, jobs: queue.Queue[_Job | None]) -> None:
        writer: Writer | None = None
        try:
            writer = self.make_writer()
            while (job := jobs.get()) is not None:
                if self.failure is not None:
                    continue  # drain the queue so the reader is never blocked
                counts = _write_batch(writer, self.run, job, rows_total=None, check_constraints_early=True)
                with self.lock:
                    self.totals.add(counts)
                    self.done += job.size
                    if self.progress is not None:
                        self.progress(self.done, max(self.rows_total, self.done))
        except BaseException as exc:
            with self.lock:
                self.failure = self.failure or exc
            while jobs.get() is not None:
                pass
        finally:
            try:
                if writer is not None:
                    writer.close()
            except Exception:  # the staging table goes with the connection anyway
                log.exception("import %s: could not drop the staging table", self.run.public_id)
            finally:
                connections.close_all()

    def put(self, part: int, job: _Job) -> None:
        if self.failure is not None:
            raise self.failure
        self.queues[part].put(job)

    def finish(self) -> tuple[ImportCounts, int]:
        for q in self.queues:
            q.put(None)
        for thread in self.threads:
            thread.join()
        if self.failure is not None:
            raise self.failure
        if self.progress is not None and self.rows_total != self.done:
            self.progress(self.done, self.done)  # the estimate was too high: end at 100 %
        return self.totals, self.done

    def abort(self) -> None:
        with self.lock:
            self.failure = self.failure or RuntimeError("import aborted")
        for q in self.queues:
            q.put(None)
        for thread in self.threads:
            thread.join()


_Sink = _InlineSink | _ThreadedSink


def _write_batch(
    writer: Writer,
    run: ImportRun,
    job: _Job,
    *,
    rows_total: int | None,
    check_constraints_early: bool = False,
) -> ImportCounts:
    """Write one batch and the run's progress in one transaction; retry if a concurrent writer interfered."""
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                counts = writer.write(job.rows, repeats=job.repeats) if job.rows else ImportCounts()
                counts.rejected = job.rejected
                if check_constraints_early:
                    # Check the deferred foreign keys now rather than at COMMIT, so that the run's row (which
                    # every part updates) stays locked only for the commit itself.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                progress: dict[str, Any] = {
                    "rows_done": F("rows_done") + job.size,
                    "progressed_at": timezone.now(),
                }
                if rows_total is not None:
                    progress["rows_total"] = rows_total
                ImportRun.objects.filter(pk=run.pk).update(
                    created=F("created") + counts.created,
                    updated=F("updated") + counts.updated,
                    unchanged=F("unchanged") + counts.unchanged,
                    rejected=F("rejected") + counts.rejected,
                    **progress,
                )
                return counts
        except (_ConcurrentWriteError, IntegrityError) as exc:
            if attempt == BATCH_ATTEMPTS:
                raise
            log.warning("import %s: a batch was retried: %s", run.public_id, exc)
    raise AssertionError("unreachable")


def _mark_failed(run: ImportRun, exc: BaseException) -> None:
    message = str(exc) or type(exc).__name__
    try:
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FAILED, error=message[:2000], finished_at=timezone.now()
            )
    except Exception:  # the database may be what failed; the original error matters more
        log.exception("import %s: could not mark the run as failed", run.public_id)


# --- reads of runs (the web page) ---------------------------------------------------------------------


def import_run_list_for(*, actor: ActingAs, limit: int = 10) -> list[ImportRun]:
    """The latest runs of the actor's institution."""
    ensure_can_act_for(actor, actor.institution)
    return list(ImportRun.objects.filter(institution=actor.institution).select_related("user")[:limit])


def import_run_get_for(*, actor: ActingAs, public_id: str) -> ImportRun:
    """One run of the actor's institution; ``ImportRun.DoesNotExist`` for any other (or none)."""
    ensure_can_act_for(actor, actor.institution)
    return ImportRun.objects.select_related("user", "institution").get(
        institution=actor.institution, public_id=public_id
    )


# --- background runs (the web page) -------------------------------------------------------------------

_background: dict[str, threading.Thread] = {}
_background_lock = threading.Lock()


def persons_import_in_background(
    *,
    actor: ActingAs,
    run: ImportRun,
    path: Path,
    request_id: str,
    channel: str = "web",
    remove_file: bool = False,
) -> threading.Thread:
    """Run :func:`persons_import_run` in a thread (progress is polled from ``ImportRun``).

    ``remove_file`` deletes the input when the run has ended (an uploaded copy: personal data is not kept
    longer than needed; the rejects file stays for download).
    """

    def work() -> None:
        try:
            with unit_of_work(channel=channel, request_id=request_id):
                persons_import_run(actor=actor, run=run, path=path)
        except Exception:
            log.exception("import %s failed", run.public_id)
        finally:
            if remove_file:
                path.unlink(missing_ok=True)
            connections.close_all()
            with _background_lock:
                _background.pop(str(run.public_id), None)

    thread = threading.Thread(target=work, name=f"sciezka-import-{run.public_id}", daemon=True)
    with _background_lock:
        _background[str(run.public_id)] = thread
    thread.start()
    return thread


def persons_import_wait(public_id: str, timeout: float | None = None) -> None:
    """Wait for a background run to end (tests; a graceful shutdown)."""
    with _background_lock:
        thread = _background.get(str(public_id))
    if thread is not None:
        thread.join(timeout)
