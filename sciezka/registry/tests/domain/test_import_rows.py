"""The row rules of ``sciezka import persons`` (docs/imports.md, "Columns"), without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.pl import pesel as stdnum_pesel

from sciezka.common.domain.pesel import check_pesel, generate_pesel
from sciezka.registry.domain.import_rows import HEADER, CleanRow, ImportRules, RowError, validate_row

RULES = ImportRules(
    kinds=frozenset({"unemployed", "job_seeker", "social_assistance", "family_support"}),
    benefit_kinds=frozenset({"unemployed"}),
)
PESEL_F = generate_pesel(dt.date(1992, 7, 14), "F", 412)  # 92071408243


def with_check_digit(first_ten: str) -> str:
    return first_ten + stdnum_pesel.calc_check_digit(first_ten)


def values(**changes: str) -> list[str]:
    row = {
        "pesel": PESEL_F,
        "first_name": "Łucja",
        "last_name": "Żółćkowska",
        "birth_date": "",
        "sex": "",
        "teryt": "1261011",
        "street": "ul. Długa 5",
        "registration_kind": "unemployed",
        "valid_from": "2026-01-05",
        "valid_to": "",
        "benefit_from": "2026-01-12",
        "benefit_to": "2026-07-11",
    }
    row.update(changes)
    return [row[name] for name in HEADER]


def problems(result: CleanRow | list[RowError]) -> list[tuple[str, str]]:
    assert isinstance(result, list), result
    return [(e.field, e.code) for e in result]


def test_a_valid_row_takes_birth_date_and_sex_from_the_pesel() -> None:
    clean = validate_row(values(), RULES)
    assert isinstance(clean, CleanRow)
    assert (clean.pesel, clean.birth_date, clean.sex) == (PESEL_F, dt.date(1992, 7, 14), "F")


def test_names_are_trimmed_and_the_surname_is_folded_for_search() -> None:
    clean = validate_row(values(first_name="  Łucja ", last_name=" Żółćkowska-Sołtys  "), RULES)
    assert isinstance(clean, CleanRow)
    assert (clean.first_name, clean.last_name, clean.last_name_folded) == (
        "Łucja",
        "Żółćkowska-Sołtys",
        "zolckowska-soltys",
    )


def test_given_birth_date_and_sex_that_agree_with_the_pesel_are_accepted() -> None:
    clean = validate_row(values(birth_date="1992-07-14", sex="F"), RULES)
    assert isinstance(clean, CleanRow)
    assert (clean.birth_date, clean.sex) == (dt.date(1992, 7, 14), "F")


def test_the_dates_are_typed_and_a_benefit_period_means_a_benefit_right() -> None:
    clean = validate_row(values(valid_to="2026-12-31"), RULES)
    assert isinstance(clean, CleanRow)
    assert (clean.valid_from, clean.valid_to, clean.benefit_from, clean.benefit_to, clean.benefit_right) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 12, 31),
        dt.date(2026, 1, 12),
        dt.date(2026, 7, 11),
        True,
    )


def test_a_registration_without_benefit_leaves_the_right_unknown() -> None:
    clean = validate_row(values(registration_kind="job_seeker", benefit_from="", benefit_to=""), RULES)
    assert isinstance(clean, CleanRow)
    assert (clean.benefit_from, clean.benefit_to, clean.benefit_right) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pesel": "92071408244"}, ("pesel", "checksum")),
        ({"pesel": with_check_digit("9213310824")}, ("pesel", "impossible_date")),
        ({"pesel": "9207140824"}, ("pesel", "length")),
        ({"pesel": "9207140824X"}, ("pesel", "non_digit")),
        ({"pesel": ""}, ("pesel", "required")),
        ({"first_name": "   "}, ("first_name", "required")),
        ({"last_name": ""}, ("last_name", "required")),
        ({"last_name": "N" * 151}, ("last_name", "too_long")),
        ({"street": "ul. Długa\t5"}, ("street", "control_character")),
        ({"birth_date": "1992-07-15"}, ("birth_date", "pesel_mismatch")),
        ({"birth_date": "14.07.1992"}, ("birth_date", "invalid_date")),
        ({"birth_date": "19920714"}, ("birth_date", "invalid_date")),
        ({"sex": "M"}, ("sex", "pesel_mismatch")),
        ({"sex": "K"}, ("sex", "invalid_choice")),
        ({"teryt": "1299999"}, ("teryt", "unknown_teryt")),
        ({"teryt": "12-61"}, ("teryt", "invalid_format")),
        ({"teryt": ""}, ("teryt", "required")),
        ({"registration_kind": "retired"}, ("registration_kind", "invalid_choice")),
        ({"registration_kind": ""}, ("registration_kind", "required")),
        ({"valid_from": ""}, ("valid_from", "required")),
        ({"valid_from": "2026-02-30"}, ("valid_from", "invalid_date")),
        ({"valid_to": "2026-01-04"}, ("valid_to", "period_order")),
        ({"valid_to": "2026-13-01"}, ("valid_to", "invalid_date")),
        ({"benefit_from": "", "benefit_to": "2026-07-11"}, ("benefit_from", "required")),
        ({"benefit_to": "2026-01-11"}, ("benefit_to", "period_order")),
        ({"benefit_from": "2026-1-12"}, ("benefit_from", "invalid_date")),
        ({"registration_kind": "job_seeker", "benefit_to": ""}, ("benefit_from", "benefit_kind")),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else None,
)
def test_a_bad_value_is_rejected_with_its_field_and_code(
    changes: dict[str, str], expected: tuple[str, str]
) -> None:
    assert problems(validate_row(values(**changes), RULES)) == [expected]


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    result = validate_row(
        values(pesel="92071408244", first_name="", teryt="1299999", valid_to="2025-01-01"), RULES
    )
    assert problems(result) == [
        ("pesel", "checksum"),
        ("first_name", "required"),
        ("teryt", "unknown_teryt"),
        ("valid_to", "period_order"),
    ]


def test_a_row_with_a_wrong_number_of_values_is_one_problem_of_the_row() -> None:
    assert problems(validate_row(values()[:11], RULES)) == [("row", "column_count")]


def test_a_reason_starts_with_its_code() -> None:
    result = validate_row(values(teryt="1299999"), RULES)
    assert isinstance(result, list)
    assert result[0].reason == "unknown_teryt: no gmina 1299999 in the TERYT register"


def pesel_outcome(result: CleanRow | list[RowError]) -> tuple[object, ...]:
    """(number, birth date, sex) of a valid row, or the codes of its PESEL problems."""
    if isinstance(result, CleanRow):
        return (result.pesel, result.birth_date, result.sex)
    return tuple(e.code for e in result if e.field == "pesel")


def check_pesel_outcome(value: str) -> tuple[object, ...]:
    """What ``check_pesel`` says of a (trimmed) value; an empty one is simply missing."""
    if not value:
        return ("required",)
    checked = check_pesel(value)
    if checked.valid:
        return (checked.number, checked.birth_date, checked.sex)
    return (checked.reason.value if checked.reason else "",)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_the_fast_pesel_check_agrees_with_check_pesel_on_any_eleven_digits(number: str) -> None:
    assert pesel_outcome(validate_row(values(pesel=number), RULES)) == check_pesel_outcome(number)


@given(
    st.dates(dt.date(1800, 1, 1), dt.date(2299, 12, 31)), st.sampled_from(["F", "M"]), st.integers(0, 4999)
)
def test_the_fast_pesel_check_decodes_every_valid_pesel_as_check_pesel_does(
    born: dt.date, sex: str, serial: int
) -> None:
    number = generate_pesel(born, sex, serial)  # type: ignore[arg-type]
    assert pesel_outcome(validate_row(values(pesel=number, birth_date="", sex=""), RULES)) == (
        number,
        born,
        sex,
    )


@given(st.text(max_size=14))
def test_any_other_text_gets_the_reason_check_pesel_gives(text: str) -> None:
    assert pesel_outcome(validate_row(values(pesel=text), RULES)) == check_pesel_outcome(text.strip())
