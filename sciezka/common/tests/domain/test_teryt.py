"""TERYT units of województwo małopolskie (GUS TERC as of 2024-01-01; legal-rules.md § 5.4)."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from collections.abc import Callable

import pytest

from sciezka.common.domain import teryt
from sciezka.common.domain.teryt import Gmina, Powiat, UnknownTerytCode


def _declared_gmina_counts() -> list[object]:
    with teryt.POWIATY_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            pytest.param(row["teryt"], int(row["liczba_gmin"]), id=row["teryt"])
            for row in csv.DictReader(handle)
        ]


def _codes(units: tuple[Powiat | Gmina, ...]) -> list[str]:
    return [u.code for u in units]


def test_22_powiats_load() -> None:
    assert len(teryt.all_powiats()) == 22


def test_182_gminas_load() -> None:
    assert len(teryt.all_gminas()) == 182


def test_powiats_are_19_land_powiats_and_3_cities_with_powiat_rights() -> None:
    assert Counter(p.kind for p in teryt.all_powiats()) == {"powiat": 19, "miasto na prawach powiatu": 3}


def test_gminas_split_into_14_urban_118_rural_and_50_urban_rural() -> None:
    assert Counter(g.kind for g in teryt.all_gminas()) == {
        "gmina miejska": 14,
        "gmina wiejska": 118,
        "gmina miejsko-wiejska": 50,
    }


@pytest.mark.parametrize(("powiat_code", "declared"), _declared_gmina_counts())
def test_each_powiat_has_as_many_gminas_as_its_liczba_gmin(powiat_code: str, declared: int) -> None:
    assert len(teryt.gminas_of(powiat_code)) == declared


def test_every_gmina_belongs_to_the_powiat_its_code_starts_with() -> None:
    assert all(g.code.startswith(g.powiat_code) and len(g.code) == 7 for g in teryt.all_gminas())


def test_all_codes_are_digits_of_the_right_length_in_malopolska() -> None:
    codes = [*(p.code for p in teryt.all_powiats()), *(g.code for g in teryt.all_gminas())]
    assert all(c.isdigit() and c.startswith("12") and len(c) in (4, 7) for c in codes)


def test_units_are_listed_in_code_order() -> None:
    assert (_codes(teryt.all_powiats()), _codes(teryt.all_gminas())) == (
        sorted(_codes(teryt.all_powiats())),
        sorted(_codes(teryt.all_gminas())),
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1201", Powiat(code="1201", name="bocheński", kind="powiat")),
        ("1203", Powiat(code="1203", name="chrzanowski", kind="powiat")),
        ("1261", Powiat(code="1261", name="Kraków", kind="miasto na prawach powiatu")),
        ("1263", Powiat(code="1263", name="Tarnów", kind="miasto na prawach powiatu")),
    ],
)
def test_powiat_by_code(code: str, expected: Powiat) -> None:
    assert teryt.powiat(code) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1201011", Gmina(code="1201011", name="Bochnia", kind="gmina miejska", powiat_code="1201")),
        ("1201022", Gmina(code="1201022", name="Bochnia", kind="gmina wiejska", powiat_code="1201")),
        ("1210092", Gmina(code="1210092", name="Łącko", kind="gmina wiejska", powiat_code="1210")),
        ("1261011", Gmina(code="1261011", name="Kraków", kind="gmina miejska", powiat_code="1261")),
    ],
)
def test_gmina_by_code(code: str, expected: Gmina) -> None:
    assert teryt.gmina(code) == expected


@pytest.mark.parametrize(("code", "kind"), [("1203", Powiat), ("1203033", Gmina), (" 1203 ", Powiat)])
def test_unit_picks_powiat_or_gmina_by_code_length(code: str, kind: type) -> None:
    assert isinstance(teryt.unit(code), kind)


def test_gminas_of_chrzanowski() -> None:
    assert _codes(teryt.gminas_of("1203")) == ["1203013", "1203022", "1203033", "1203043", "1203053"]


def test_powiat_of_a_gmina() -> None:
    assert teryt.powiat_of("1210092") == teryt.powiat("1210")


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Tarnów", ["1263", "1216092", "1263011"]),
        ("tarnow", ["1263", "1216092", "1263011"]),
        ("TARNÓW", ["1263", "1216092", "1263011"]),
        ("lacko", ["1210092"]),
        ("ŁĄCKO", ["1210092"]),
        ("  nowy   sacz ", ["1262", "1262011"]),
        ("krakowski", ["1206"]),
        ("Bochnia", ["1201011", "1201022"]),
        ("Atlantyda", []),
        ("", []),
    ],
)
def test_find_by_name_ignores_case_diacritics_and_spacing(name: str, codes: list[str]) -> None:
    assert _codes(teryt.find_by_name(name)) == codes


@pytest.mark.parametrize(
    ("call", "code"),
    [
        pytest.param(teryt.powiat, "9999", id="powiat-unknown"),
        pytest.param(teryt.powiat, "1203011", id="powiat-given-gmina-code"),
        pytest.param(teryt.gmina, "1203011", id="gmina-unknown"),
        pytest.param(teryt.unit, "12", id="unit-wrong-length"),
        pytest.param(teryt.unit, "", id="unit-empty"),
        pytest.param(teryt.unit, "abcd", id="unit-letters"),
        pytest.param(teryt.gminas_of, "1299", id="gminas-of-unknown"),
        pytest.param(teryt.powiat_of, "1299011", id="powiat-of-unknown"),
    ],
)
def test_unknown_code_raises_a_key_error_naming_the_code(call: Callable[[str], object], code: str) -> None:
    with pytest.raises(UnknownTerytCode, match=rf"^unknown .*code {code!r}: expected a 4-digit powiat"):
        call(code)


def test_unknown_teryt_code_is_a_key_error() -> None:
    assert issubclass(UnknownTerytCode, KeyError)


def test_teryt_units_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        teryt.powiat("1203").name = "x"  # type: ignore[misc]


def test_gmina_label_names_a_known_gmina_and_echoes_an_unknown_code() -> None:
    assert (teryt.gmina_label("1203033"), teryt.gmina_label("1299999")) == ("Chrzanów", "1299999")
