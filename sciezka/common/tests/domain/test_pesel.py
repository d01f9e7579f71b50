"""PESEL checks and synthetic numbers (ustawa o ewidencji ludności, art. 15 ust. 2; legal-rules.md § 5.3)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.pl import pesel as stdnum_pesel

from sciezka.common.domain.pesel import (
    REASON_MESSAGES,
    PeselCheck,
    PeselReason,
    Sex,
    check_pesel,
    generate_pesel,
)

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)

birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2299, 12, 31))
sexes: st.SearchStrategy[Sex] = st.sampled_from(("M", "F"))
serials = st.integers(min_value=0, max_value=4999)


def _with_digit(number: str, position: int, delta: int) -> str:
    """``number`` with the digit at ``position`` increased by ``delta`` modulo 10."""
    changed = str((int(number[position]) + delta) % 10)
    return number[:position] + changed + number[position + 1 :]


@pytest.mark.parametrize(
    ("number", "birth_date", "sex"),
    [
        ("44051401359", date(1944, 5, 14), "M"),
        ("02270803624", date(2002, 7, 8), "F"),
        ("80022901358", date(1980, 2, 29), "M"),
        ("00810100002", date(1800, 1, 1), "F"),
    ],
)
def test_valid_pesel_gives_birth_date_and_sex(number: str, birth_date: date, sex: Sex) -> None:
    assert check_pesel(number) == PeselCheck(
        valid=True, reason=None, birth_date=birth_date, sex=sex, number=number
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("", PeselReason.LENGTH, id="empty"),
        pytest.param("4405140135", PeselReason.LENGTH, id="ten-digits"),
        pytest.param("440514013590", PeselReason.LENGTH, id="twelve-digits"),
        pytest.param("4405140135X", PeselReason.NON_DIGIT, id="letter"),
        pytest.param("abcdefghijk", PeselReason.NON_DIGIT, id="letters-only"),
        pytest.param("44.05.14.01359", PeselReason.NON_DIGIT, id="dots"),
        pytest.param("44051401358", PeselReason.CHECKSUM, id="wrong-check-digit"),
        pytest.param("44131401350", PeselReason.IMPOSSIBLE_DATE, id="month-13"),
        pytest.param("44023001356", PeselReason.IMPOSSIBLE_DATE, id="30-february"),
        pytest.param("02222901356", PeselReason.IMPOSSIBLE_DATE, id="29-february-2002-not-leap"),
    ],
)
def test_invalid_pesel_gives_a_stable_reason_code(value: str, reason: PeselReason) -> None:
    assert check_pesel(value) == PeselCheck(valid=False, reason=reason, birth_date=None, sex=None)


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        (PeselReason.LENGTH, "length"),
        (PeselReason.NON_DIGIT, "non_digit"),
        (PeselReason.CHECKSUM, "checksum"),
        (PeselReason.IMPOSSIBLE_DATE, "impossible_date"),
    ],
)
def test_reason_codes_are_stable_strings(reason: PeselReason, code: str) -> None:
    assert reason == code


def test_every_reason_has_a_human_message() -> None:
    assert sorted(REASON_MESSAGES) == sorted(PeselReason)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("4405140135", PeselReason.LENGTH),
        ("4405140135X", PeselReason.NON_DIGIT),
        ("44051401358", PeselReason.CHECKSUM),
        ("44131401350", PeselReason.IMPOSSIBLE_DATE),
    ],
)
def test_invalid_pesel_explains_its_reason(value: str, reason: PeselReason) -> None:
    assert check_pesel(value).message == REASON_MESSAGES[reason]


def test_valid_pesel_has_no_message() -> None:
    assert check_pesel("44051401359").message is None


def test_month_13_with_correct_checksum_is_an_impossible_date_not_a_checksum_error() -> None:
    number = "4413140135" + stdnum_pesel.calc_check_digit("4413140135")
    assert (number, check_pesel(number).reason) == ("44131401350", "impossible_date")


@pytest.mark.parametrize("value", ["440514-01359", " 44051401359 ", "440514 01359", "４４０５１４０１３５９"])
def test_separators_and_unicode_digits_are_folded_to_the_canonical_number(value: str) -> None:
    assert check_pesel(value).number == "44051401359"


def test_check_result_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        check_pesel("44051401359").valid = False  # type: ignore[misc]


# Century encoding in the month field: 1800s +80, 1900s +0, 2000s +20, 2100s +40, 2200s +60.


@pytest.mark.parametrize(
    ("birth_date", "month_field"),
    [
        (date(1800, 1, 1), "81"),
        (date(1899, 12, 31), "92"),
        (date(1900, 1, 1), "01"),
        (date(1999, 12, 31), "12"),
        (date(2000, 1, 1), "21"),
        (date(2099, 12, 31), "32"),
        (date(2100, 1, 1), "41"),
        (date(2199, 12, 31), "52"),
        (date(2200, 1, 1), "61"),
        (date(2299, 12, 31), "72"),
    ],
)
def test_generated_pesel_encodes_the_century_in_the_month(birth_date: date, month_field: str) -> None:
    number = generate_pesel(birth_date, "F", 0)
    assert (number[2:4], check_pesel(number).birth_date) == (month_field, birth_date)


@pytest.mark.parametrize(
    ("sex", "serial", "digits"),
    [("F", 0, "0000"), ("M", 0, "0001"), ("F", 4999, "9998"), ("M", 4999, "9999"), ("M", 17, "0035")],
)
def test_generated_serial_digits_carry_the_sex(sex: Sex, serial: int, digits: str) -> None:
    assert generate_pesel(date(1990, 1, 31), sex, serial)[6:10] == digits


@pytest.mark.parametrize(
    ("birth_date", "sex", "serial", "message"),
    [
        (date(1799, 12, 31), "M", 0, "outside 1800–2299"),
        (date(2300, 1, 1), "M", 0, "outside 1800–2299"),
        (date(1990, 1, 1), "X", 0, "sex must be 'M' or 'F'"),
        (date(1990, 1, 1), "M", -1, "serial must be between 0 and 4999"),
        (date(1990, 1, 1), "M", 5000, "serial must be between 0 and 4999"),
    ],
)
def test_generate_pesel_rejects_bad_input(birth_date: date, sex: str, serial: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_pesel(birth_date, cast(Sex, sex), serial)


@given(birth_dates, sexes, serials)
def test_generated_pesel_round_trips_birth_date_and_sex_in_every_century(
    birth_date: date, sex: Sex, serial: int
) -> None:
    number = generate_pesel(birth_date, sex, serial)
    assert check_pesel(number) == PeselCheck(
        valid=True, reason=None, birth_date=birth_date, sex=sex, number=number
    )


# Any single-digit change breaks the checksum. Changing digit i by d (1–9) changes the weighted sum by
# w_i * d, and the check digit only absorbs it if w_i * d ≡ 0 (mod 10). Every weight (1, 3, 7, 9) is coprime
# with 10, so that never happens; a change in the check digit itself obviously mismatches. So no single-digit
# typo can turn one valid PESEL into another: it is always reported as a checksum error.


@pytest.mark.parametrize("weight", sorted(set(WEIGHTS)))
def test_no_weight_times_a_nonzero_digit_change_is_a_multiple_of_ten(weight: int) -> None:
    assert [(weight * delta) % 10 for delta in range(1, 10)].count(0) == 0


def test_every_single_digit_change_of_a_known_pesel_is_a_checksum_error() -> None:
    variants = [
        _with_digit("44051401359", position, delta) for position in range(11) for delta in range(1, 10)
    ]
    assert {check_pesel(v).reason for v in variants} == {PeselReason.CHECKSUM}


@given(
    birth_dates,
    sexes,
    serials,
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_of_a_valid_pesel_is_rejected(
    birth_date: date, sex: Sex, serial: int, position: int, delta: int
) -> None:
    number = generate_pesel(birth_date, sex, serial)
    assert check_pesel(_with_digit(number, position, delta)).reason == PeselReason.CHECKSUM


@given(st.text(max_size=20))
def test_check_pesel_agrees_with_stdnum_and_never_raises(value: str) -> None:
    assert check_pesel(value).valid == stdnum_pesel.is_valid(value)
