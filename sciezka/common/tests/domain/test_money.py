"""Money: Decimal amounts rounded half up to the grosz in one place."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciezka.common.domain.money import GROSZ, quantize_pln, to_money

finite_amounts = st.decimals(
    min_value=Decimal("-1000000000000"),
    max_value=Decimal("1000000000000"),
    allow_nan=False,
    allow_infinity=False,
)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("0.0049999", "0.00"),
        ("-0.005", "-0.01"),
        ("-0.004", "0.00"),
        ("2.675", "2.68"),
        ("1.345", "1.35"),
        ("10", "10.00"),
        ("1234567.895", "1234567.90"),
    ],
)
def test_quantize_pln_rounds_half_up_to_the_grosz(amount: str, rounded: str) -> None:
    assert str(quantize_pln(Decimal(amount))) == rounded


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_quantize_pln_refuses_non_finite_amounts(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="finite amount"):
        quantize_pln(bad)


def test_quantize_pln_refuses_floats() -> None:
    with pytest.raises(TypeError, match="must be a Decimal, not float"):
        quantize_pln(2.675)  # type: ignore[arg-type]


def test_quantize_pln_refuses_amounts_beyond_the_decimal_context() -> None:
    with pytest.raises(ValueError, match="too large"):
        quantize_pln(Decimal("1e40"))


@pytest.mark.parametrize(
    ("value", "money"),
    [
        ("12.50", Decimal("12.50")),
        (" 12.5 ", Decimal("12.50")),
        ("-3", Decimal("-3.00")),
        ("0.125", Decimal("0.13")),
        (7, Decimal("7.00")),
        (Decimal("99.999"), Decimal("100.00")),
    ],
)
def test_to_money_accepts_text_integers_and_decimals(value: str | int | Decimal, money: Decimal) -> None:
    assert (to_money(value), to_money(value).as_tuple().exponent) == (money, -2)


@pytest.mark.parametrize("value", [12.5, True, None, [1]])
def test_to_money_refuses_floats_and_other_types(value: object) -> None:
    with pytest.raises(TypeError, match="money must be given as str, int or Decimal"):
        to_money(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["12,50", "", "abc", "1.2.3", "NaN", "Infinity", "12 zł"])
def test_to_money_refuses_text_that_is_not_a_finite_decimal(value: str) -> None:
    with pytest.raises(ValueError, match=r"not a decimal amount|finite amount"):
        to_money(value)


@given(finite_amounts)
def test_quantized_amount_has_exactly_two_decimal_places(x: Decimal) -> None:
    assert quantize_pln(x).as_tuple().exponent == -2


@given(st.decimals(min_value=Decimal("-0.0049999"), max_value=Decimal("0.0049999"), places=7))
def test_amounts_below_half_a_grosz_round_to_plain_zero(x: Decimal) -> None:
    assert str(quantize_pln(x)) == "0.00"


@given(finite_amounts)
def test_quantizing_is_idempotent(x: Decimal) -> None:
    assert quantize_pln(quantize_pln(x)) == quantize_pln(x)


@given(finite_amounts)
def test_quantizing_moves_an_amount_by_at_most_half_a_grosz(x: Decimal) -> None:
    assert abs(quantize_pln(x) - x) <= GROSZ / 2


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rounding_thousandths_matches_integer_half_up_arithmetic(thousandths: int) -> None:
    sign = (thousandths > 0) - (thousandths < 0)
    expected_grosze = sign * ((abs(thousandths) + 5) // 10)
    assert quantize_pln(Decimal(thousandths) / 1000) == Decimal(expected_grosze) / 100


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_grosze_survive_a_round_trip_through_text(grosze: int) -> None:
    amount = Decimal(grosze) / 100
    assert to_money(str(amount)) == amount


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=50))
def test_sums_of_money_stay_exact(grosze: list[int]) -> None:
    assert sum((to_money(Decimal(g) / 100) for g in grosze), Decimal(0)) == Decimal(sum(grosze)) / 100
