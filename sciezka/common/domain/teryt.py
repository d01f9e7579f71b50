"""TERYT units of województwo małopolskie (code 12): powiats and gminas.

Source: the GUS TERC register as of 2024-01-01 (``STAN_NA``), bundled as two CSV files in
``sciezka/common/data/`` (provenance in ``SOURCE.md`` there). Powiat codes are 4 digits (WOJ+POW); gmina codes
are TERC7, 7 digits (WOJ+POW+GMI+RODZ). Gmina types change on 1 January when villages get town rights, so the
table is tied to its ``stan_na`` date.

The files are read once, on first use.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

__all__ = [
    "GMINY_CSV",
    "POWIATY_CSV",
    "STAN_NA",
    "Gmina",
    "Powiat",
    "TerytDataError",
    "UnknownTerytCode",
    "all_gminas",
    "all_powiats",
    "find_by_name",
    "gmina",
    "gminas_of",
    "powiat",
    "powiat_of",
    "unit",
]

STAN_NA = date(2024, 1, 1)
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
POWIATY_CSV = DATA_DIR / f"teryt_malopolska_powiaty_{STAN_NA.isoformat()}.csv"
GMINY_CSV = DATA_DIR / f"teryt_malopolska_gminy_{STAN_NA.isoformat()}.csv"

_POWIAT_CODE_LENGTH = 4
_GMINA_CODE_LENGTH = 7


class UnknownTerytCode(KeyError):
    """A TERYT code that is not a powiat or gmina of the bundled register."""

    def __init__(self, code: str, what: str = "TERYT unit") -> None:
        self.code = code
        self.message = (
            f"unknown {what} code {code!r}: expected a 4-digit powiat or 7-digit TERC7 gmina code "
            f"of województwo małopolskie (TERC as of {STAN_NA.isoformat()})"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class TerytDataError(ValueError):
    """A bundled TERYT file is malformed; the message names the file, line and field."""


@dataclass(frozen=True, slots=True)
class Powiat:
    """A powiat or a city with powiat rights (``kind`` "powiat" or "miasto na prawach powiatu")."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Gmina:
    """A gmina; ``kind`` is "gmina miejska", "gmina wiejska" or "gmina miejsko-wiejska" (RODZ 1, 2, 3)."""

    code: str
    name: str
    kind: str
    powiat_code: str


Unit = Powiat | Gmina


@dataclass(frozen=True, slots=True)
class _Register:
    powiats: dict[str, Powiat]
    gminas: dict[str, Gmina]
    gminas_by_powiat: dict[str, tuple[Gmina, ...]]
    by_name: dict[str, tuple[Unit, ...]]


def _normalise(name: str) -> str:
    """Case- and diacritics-insensitive form: "Łącko" and "lacko" compare equal.

    ``ł`` has no Unicode decomposition, so it is mapped by hand before stripping combining marks.
    """
    folded = name.casefold().replace("ł", "l")
    stripped = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return " ".join(stripped.split())


def _rows(path: Path, fields: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in fields if f not in (reader.fieldnames or [])]
        if missing:
            raise TerytDataError(f"{path.name}, line 1: missing column(s) {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, {f: (row[f] or "").strip() for f in fields}


def _require_code(path: Path, line: int, field: str, value: str, length: int) -> str:
    if len(value) != length or not value.isascii() or not value.isdigit():
        raise TerytDataError(f"{path.name}, line {line}, field {field}: {value!r} is not {length} digits")
    return value


def _code(item: Gmina) -> str:
    return item.code


@lru_cache(maxsize=1)
def _register() -> _Register:
    powiats: dict[str, Powiat] = {}
    for line, row in _rows(POWIATY_CSV, ("teryt", "nazwa", "rodzaj")):
        code = _require_code(POWIATY_CSV, line, "teryt", row["teryt"], _POWIAT_CODE_LENGTH)
        powiats[code] = Powiat(code=code, name=row["nazwa"], kind=row["rodzaj"])

    gminas: dict[str, Gmina] = {}
    grouped: dict[str, list[Gmina]] = {code: [] for code in powiats}
    for line, row in _rows(GMINY_CSV, ("terc7", "woj", "pow", "nazwa", "rodzaj", "stan_na")):
        code = _require_code(GMINY_CSV, line, "terc7", row["terc7"], _GMINA_CODE_LENGTH)
        powiat_code = code[:_POWIAT_CODE_LENGTH]
        if row["woj"] + row["pow"] != powiat_code:
            raise TerytDataError(f"{GMINY_CSV.name}, line {line}, field pow: does not match terc7 {code}")
        if powiat_code not in powiats:
            raise TerytDataError(f"{GMINY_CSV.name}, line {line}, field terc7: no powiat {powiat_code}")
        if row["stan_na"] != STAN_NA.isoformat():
            raise TerytDataError(f"{GMINY_CSV.name}, line {line}, field stan_na: expected {STAN_NA}")
        unit_ = Gmina(code=code, name=row["nazwa"], kind=row["rodzaj"], powiat_code=powiat_code)
        gminas[code] = unit_
        grouped[powiat_code].append(unit_)

    powiats = dict(sorted(powiats.items()))
    gminas = dict(sorted(gminas.items()))
    units: list[Unit] = [*powiats.values(), *gminas.values()]
    by_name: dict[str, list[Unit]] = {}
    for item in units:
        by_name.setdefault(_normalise(item.name), []).append(item)

    return _Register(
        powiats=powiats,
        gminas=gminas,
        gminas_by_powiat={code: tuple(sorted(items, key=_code)) for code, items in grouped.items()},
        by_name={name: tuple(items) for name, items in by_name.items()},
    )


def powiat(code: str) -> Powiat:
    """The powiat with the 4-digit code ``code``; ``UnknownTerytCode`` if there is none."""
    try:
        return _register().powiats[code.strip()]
    except KeyError:
        raise UnknownTerytCode(code, "powiat") from None


def gmina(code: str) -> Gmina:
    """The gmina with the 7-digit TERC7 code ``code``; ``UnknownTerytCode`` if there is none."""
    try:
        return _register().gminas[code.strip()]
    except KeyError:
        raise UnknownTerytCode(code, "gmina") from None


def unit(code: str) -> Powiat | Gmina:
    """The powiat (4 digits) or gmina (7 digits) with code ``code``; ``UnknownTerytCode`` otherwise."""
    stripped = code.strip()
    if len(stripped) == _POWIAT_CODE_LENGTH:
        return powiat(stripped)
    if len(stripped) == _GMINA_CODE_LENGTH:
        return gmina(stripped)
    raise UnknownTerytCode(code)


def find_by_name(name: str) -> tuple[Powiat | Gmina, ...]:
    """Every powiat and gmina whose name equals ``name``, ignoring case, diacritics and extra spaces.

    Powiats come first, then gminas, each in code order: ``find_by_name("tarnow")`` gives the city with powiat
    rights 1263, the rural gmina Tarnów 1216092 (in powiat tarnowski) and the urban gmina 1263011.
    """
    return _register().by_name.get(_normalise(name), ())


def gminas_of(powiat_code: str) -> tuple[Gmina, ...]:
    """The gminas of a powiat in code order; ``UnknownTerytCode`` for an unknown powiat."""
    return _register().gminas_by_powiat[powiat(powiat_code).code]


def powiat_of(gmina_code: str) -> Powiat:
    """The powiat a gmina belongs to; ``UnknownTerytCode`` for an unknown gmina."""
    return powiat(gmina(gmina_code).powiat_code)


def all_powiats() -> tuple[Powiat, ...]:
    """All 22 powiats (19 land powiats and 3 cities with powiat rights) in code order."""
    return tuple(_register().powiats.values())


def all_gminas() -> tuple[Gmina, ...]:
    """All 182 gminas in code order."""
    return tuple(_register().gminas.values())


def gmina_label(code: str) -> str:
    """The gmina's name for display, or the code itself when it is not in the list (never raises)."""
    try:
        return gmina(code).name
    except KeyError:
        return code
