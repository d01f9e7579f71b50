"""Building import files for the tests of ``sciezka import persons``, and the documented sample file.

The helpers here are imported by the other ``test_import_*`` modules; the tests here check that the sample
in ``docs/imports.md`` (the published interface) imports with the outcome the document states.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from sciezka.accounts.selectors import ActingAs
from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.common.domain.pesel import generate_pesel
from sciezka.registry.domain.import_rows import HEADER
from sciezka.registry.imports import persons_import
from sciezka.registry.models import Person, PeselHistory, Registration

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
needs_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="the COPY fast path needs PostgreSQL")
#: Both write paths on PostgreSQL (they must agree); the portable one elsewhere.
WRITERS = [pytest.param("postgresql", marks=needs_postgresql), "portable"]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "imports.md"


def pesel_for(i: int, sex: str = "F") -> str:
    return generate_pesel(dt.date(1970, 1, 1) + dt.timedelta(days=i * 11), sex, i % 5000)  # type: ignore[arg-type]


def row(i: int = 0, **changes: str) -> dict[str, str]:
    """A valid row for person ``i``: an unemployed registration with a benefit period."""
    values = {
        "pesel": pesel_for(i),
        "first_name": "Anna",
        "last_name": f"Nowak{i}",
        "birth_date": "",
        "sex": "",
        "teryt": "1203033",
        "street": f"ul. Długa {i + 1}",
        "registration_kind": "unemployed",
        "valid_from": "2026-01-05",
        "valid_to": "",
        "benefit_from": "2026-01-12",
        "benefit_to": "2026-07-11",
    }
    values.update(changes)
    return values


def csv_text(rows: list[dict[str, str]], *, delimiter: str = ";", header: tuple[str, ...] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in HEADER])
    return out.getvalue()


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: tuple[str, ...] = HEADER,
) -> Path:
    path.write_bytes(csv_text(rows, delimiter=delimiter, header=header).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, header: tuple[str, ...] = HEADER) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def rejects_of(path: Path) -> list[tuple[str, str, str]]:
    """(line, field, reason code) of each line of the rejects file next to ``path``."""
    rejects = path.with_name(path.name + ".rejects.csv")
    with rejects.open(encoding="utf-8", newline="") as handle:
        return [
            (r["line"], r["field"], r["reason"].split(":")[0]) for r in csv.DictReader(handle, delimiter=";")
        ]


def db_state() -> dict[str, list[tuple[object, ...]]]:
    """Everything an import writes, without surrogate keys, run references or timestamps."""
    return {
        "persons": sorted(
            Person.objects.values_list(
                "pesel", "first_name", "last_name", "last_name_folded", "birth_date", "sex", "teryt", "street"
            )
        ),
        "registrations": sorted(
            Registration.objects.values_list(
                "person__pesel",
                "institution__code",
                "kind",
                "valid_from",
                "valid_to",
                "benefit_right",
                "benefit_from",
                "benefit_to",
            )
        ),
        "pesel_history": sorted(
            PeselHistory.objects.values_list("person__pesel", "pesel", "valid_to", "reason")
        ),
    }


def make_importer() -> ActingAs:
    """A caseworker of PUP-IMP, who may import for it."""
    institution = InstitutionFactory(code="PUP-IMP", kind="PUP", name="PUP importujący")
    return ActingAs.from_membership(
        MembershipFactory(institution=institution, user__username="importer", role="caseworker")
    )


@pytest.fixture
def importer(db) -> ActingAs:
    return make_importer()


@pytest.fixture(params=WRITERS)
def writer(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def documented_sample() -> str:
    """The sample file in docs/imports.md (the first ```csv block)."""
    match = re.search(r"```csv\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert match is not None
    return match.group(1)


def documented_outcome() -> dict[str, int]:
    match = re.search(r"```json\n(\{.*?\})\n```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert match is not None
    import json

    outcome: dict[str, int] = json.loads(match.group(1))
    return outcome


@pytest.mark.django_db
def test_the_documented_sample_imports_with_the_documented_outcome(importer, writer, tmp_path: Path) -> None:
    path = tmp_path / "sample.csv"
    path.write_text(documented_sample(), encoding="utf-8")
    _, counts = persons_import(actor=importer, path=path, writer=writer)
    assert counts.as_dict() == documented_outcome()


@pytest.mark.django_db
def test_the_documented_sample_is_unchanged_when_imported_again(importer, writer, tmp_path: Path) -> None:
    path = tmp_path / "sample.csv"
    path.write_text(documented_sample(), encoding="utf-8")
    persons_import(actor=importer, path=path, writer=writer)
    _, again = persons_import(actor=importer, path=path, writer=writer)
    rows = sum(documented_outcome().values())
    assert again.as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": rows - documented_outcome()["rejected"],
        "rejected": documented_outcome()["rejected"],
    }
