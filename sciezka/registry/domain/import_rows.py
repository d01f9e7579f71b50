"""Validation of one row of a persons import file (``sciezka import persons``; format in ``docs/imports.md``).

A pure function: a row's 12 text values in, either a :class:`CleanRow` ready to store or the list of what is
wrong with it (field, stable code, message). Every field is checked, so one rejected row names all its
problems at once. What the database must know (the registration kinds, the column lengths) comes in through
:class:`ImportRules`; the TERYT register is the bundled one (``common.domain.teryt``).

This runs once per row of files with a million rows, so it avoids per-row objects it does not need: a valid
PESEL of 11 ASCII digits is decoded here (the arithmetic of ``check_pesel``, about twenty times faster);
anything else goes to ``check_pesel`` itself, which gives the reason. The two agree on every input
(``tests/domain/test_import_rows.py`` checks it with Hypothesis).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Final, NamedTuple

from sciezka.common.domain import teryt
from sciezka.common.domain.pesel import check_pesel
from sciezka.registry.domain.names import fold_name

__all__ = ["HEADER", "CleanRow", "ImportRules", "RowError", "default_gminas", "validate_row"]

#: The columns of a persons import file, exactly these names in this order (the published interface).
HEADER: Final[tuple[str, ...]] = (
    "pesel",
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "teryt",
    "street",
    "registration_kind",
    "valid_from",
    "valid_to",
    "benefit_from",
    "benefit_to",
)
#: The pseudo-field of errors about the row as a whole (a wrong number of values).
ROW: Final = "row"

_WEIGHTS_SUM_OF_ZEROS: Final = 48 * (1 + 3 + 7 + 9 + 1 + 3 + 7 + 9 + 1 + 3)  # the ASCII codes of "0"
_CENTURY: Final = (1900, 2000, 2100, 2200, 1800)  # by month // 20 (ustawa o ewidencji ludności, art. 15)
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


class RowError(NamedTuple):
    """One problem of a row: the column, a stable code (for programs and tests) and a message (for people)."""

    field: str
    code: str
    message: str

    @property
    def reason(self) -> str:
        """What the rejects file and the web page show: ``"<code>: <message>"``."""
        return f"{self.code}: {self.message}"


@cache
def default_gminas() -> frozenset[str]:
    """The 7-digit TERC codes of the bundled TERYT register."""
    return frozenset(g.code for g in teryt.all_gminas())


@dataclass(frozen=True)
class ImportRules:
    """What a row is checked against besides its own values."""

    kinds: frozenset[str]
    benefit_kinds: frozenset[str] = frozenset({"unemployed"})
    gminas: frozenset[str] = field(default_factory=default_gminas)
    first_name_max: int = 100
    last_name_max: int = 150
    street_max: int = 255


@dataclass(slots=True)
class CleanRow:
    """A valid row: trimmed names, the canonical PESEL, birth date and sex agreeing with it, typed dates.

    Not frozen on purpose: a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    five times slower than a plain one, and a file can hold millions of rows. Treat it as immutable.
    """

    pesel: str
    first_name: str
    last_name: str
    last_name_folded: str
    birth_date: date
    sex: str
    teryt: str
    street: str
    kind: str
    valid_from: date
    valid_to: date | None
    benefit_from: date | None
    benefit_to: date | None

    @property
    def benefit_right(self) -> bool | None:
        """A benefit period in the file means the right to the benefit was granted; none means unknown."""
        return True if self.benefit_from is not None else None


def _iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` only (``date.fromisoformat`` would also take ``20260105`` and week dates)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _decode_pesel(value: str) -> tuple[str, date, str] | RowError:
    """(canonical number, birth date, sex) of a valid PESEL, or the error naming why it is not one."""
    if len(value) == 11 and value.isascii() and value.isdigit():
        d = value.encode("ascii")
        weighted = d[0] + 3 * d[1] + 7 * d[2] + 9 * d[3] + d[4] + 3 * d[5] + 7 * d[6] + 9 * d[7] + d[8]
        weighted += 3 * d[9]
        if (10 - (weighted - _WEIGHTS_SUM_OF_ZEROS) % 10) % 10 == d[10] - 48:
            month = (d[2] - 48) * 10 + d[3] - 48
            year = (d[0] - 48) * 10 + d[1] - 48 + _CENTURY[month // 20]
            try:
                born = date(year, month % 20, (d[4] - 48) * 10 + d[5] - 48)
            except ValueError:
                pass
            else:
                return value, born, "F" if d[9] % 2 == 0 else "M"
    if not value:
        return RowError("pesel", "required", "a PESEL is required")
    checked = check_pesel(value)
    if checked.valid and checked.number and checked.birth_date and checked.sex:
        return checked.number, checked.birth_date, checked.sex
    code = checked.reason.value if checked.reason is not None else "invalid"
    return RowError("pesel", code, f"{value!r} is not a valid PESEL: {checked.message}")


def _text_error(name: str, value: str, limit: int) -> RowError | None:
    if len(value) > limit:
        return RowError(name, "too_long", f"at most {limit} characters, got {len(value)}")
    if _CONTROL.search(value):
        return RowError(name, "control_character", "contains a control character (tab, line break…)")
    return None


def _date_error(name: str, value: str) -> RowError:
    return RowError(name, "invalid_date", f"{value!r} is not a date in the form YYYY-MM-DD")


def validate_row(values: Sequence[str], rules: ImportRules) -> CleanRow | list[RowError]:
    """Check one data row (the values in :data:`HEADER` order) and return the clean row or all its errors.

    The rules (``docs/imports.md``): a valid PESEL; ``birth_date`` and ``sex`` optional, and when given equal
    to what the PESEL encodes; names required and trimmed; ``teryt`` a gmina of the register; dates
    ``YYYY-MM-DD``; ``valid_to`` not before ``valid_from``; a benefit period only for the kinds that carry a
    benefit, starting no later than it ends, and not an end without a start (the database requires one).

    Written flat, without a helper call per field: it runs once per row of files with millions of rows.
    """
    if len(values) != len(HEADER):
        return [RowError(ROW, "column_count", f"expected {len(HEADER)} values, found {len(values)}")]
    (pesel_in, first_name, last_name, birth_in, sex_in, teryt_in, street, kind, vfrom_in, vto_in, bfrom_in,
     bto_in) = [v.strip() for v in values]  # fmt: skip
    errors: list[RowError] = []
    error: RowError | None

    decoded = _decode_pesel(pesel_in)
    if isinstance(decoded, RowError):
        errors.append(decoded)
        pesel, born, sex = "", None, ""
    else:
        pesel, born, sex = decoded

    if not first_name:
        errors.append(RowError("first_name", "required", "first_name is required"))
    elif error := _text_error("first_name", first_name, rules.first_name_max):
        errors.append(error)
    if not last_name:
        errors.append(RowError("last_name", "required", "last_name is required"))
    elif error := _text_error("last_name", last_name, rules.last_name_max):
        errors.append(error)
    if street and (error := _text_error("street", street, rules.street_max)):
        errors.append(error)

    if birth_in:
        given_birth = _iso_date(birth_in)
        if given_birth is None:
            errors.append(_date_error("birth_date", birth_in))
        elif born is not None and given_birth != born:
            errors.append(
                RowError("birth_date", "pesel_mismatch", f"{birth_in} does not agree with the PESEL ({born})")
            )
    if sex_in:
        if sex_in not in ("F", "M"):
            errors.append(RowError("sex", "invalid_choice", f"{sex_in!r} is not F or M"))
        elif sex and sex_in != sex:
            errors.append(
                RowError("sex", "pesel_mismatch", f"{sex_in} does not agree with the PESEL ({sex})")
            )

    if teryt_in not in rules.gminas:
        if not teryt_in:
            errors.append(RowError("teryt", "required", "a 7-digit gmina TERYT code is required"))
        elif len(teryt_in) == 7 and teryt_in.isascii() and teryt_in.isdigit():
            errors.append(RowError("teryt", "unknown_teryt", f"no gmina {teryt_in} in the TERYT register"))
        else:
            errors.append(RowError("teryt", "invalid_format", f"{teryt_in!r} is not a 7-digit gmina code"))

    if kind not in rules.kinds:
        if not kind:
            errors.append(RowError("registration_kind", "required", "registration_kind is required"))
        else:
            allowed = ", ".join(sorted(rules.kinds))
            errors.append(
                RowError("registration_kind", "invalid_choice", f"{kind!r} is not one of: {allowed}")
            )

    valid_from = _iso_date(vfrom_in)
    if valid_from is None:
        if vfrom_in:
            errors.append(_date_error("valid_from", vfrom_in))
        else:
            errors.append(RowError("valid_from", "required", "valid_from is required"))
    valid_to = None
    if vto_in:
        valid_to = _iso_date(vto_in)
        if valid_to is None:
            errors.append(_date_error("valid_to", vto_in))
        elif valid_from is not None and valid_to < valid_from:
            errors.append(
                RowError("valid_to", "period_order", f"valid_to {valid_to} is before valid_from {valid_from}")
            )

    benefit_from = benefit_to = None
    if bfrom_in or bto_in:
        if bfrom_in and (benefit_from := _iso_date(bfrom_in)) is None:
            errors.append(_date_error("benefit_from", bfrom_in))
        if bto_in and (benefit_to := _iso_date(bto_in)) is None:
            errors.append(_date_error("benefit_to", bto_in))
        if kind in rules.kinds and kind not in rules.benefit_kinds:
            allowed = ", ".join(sorted(rules.benefit_kinds))
            field_name = "benefit_from" if bfrom_in else "benefit_to"
            errors.append(
                RowError(field_name, "benefit_kind", f"a benefit period is allowed only for {allowed}")
            )
        elif not bfrom_in:
            errors.append(
                RowError("benefit_from", "required", "benefit_to is given, so benefit_from is required")
            )
        if benefit_to is not None and benefit_from is not None and benefit_to < benefit_from:
            errors.append(
                RowError(
                    "benefit_to",
                    "period_order",
                    f"benefit_to {benefit_to} is before benefit_from {benefit_from}",
                )
            )

    if errors or born is None or valid_from is None:
        return errors
    return CleanRow(
        pesel, first_name, last_name, _fold(last_name), born, sex, teryt_in, street, kind, valid_from, valid_to,
        benefit_from, benefit_to,
    )  # fmt: skip


@lru_cache(maxsize=8192)
def _fold(name: str) -> str:
    """``fold_name``, cached: surnames repeat (a few thousand cover most of a population)."""
    return fold_name(name)
