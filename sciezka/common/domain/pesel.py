"""PESEL: checking numbers and generating synthetic ones.

Legal basis: ustawa z 24 września 2010 r. o ewidencji ludności, art. 15 ust. 2: an 11-digit number made of the
birth date (YYMMDD, the century encoded in the month: 1800–1899 +80, 1900–1999 +0, 2000–2099 +20,
2100–2199 +40, 2200–2299 +60), a four-digit serial number whose last digit gives the sex (even = female,
odd = male), and a check digit (weights 1, 3, 7, 9, 1, 3, 7, 9, 1, 3).

The arithmetic is ``python-stdnum``'s (``stdnum.pl.pesel``); this module turns its exceptions into
stable reason codes. A PESEL can change (corrections, change of sex), so it is never an immutable key.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum import exceptions as stdnum_errors
from stdnum.pl import pesel as stdnum_pesel

__all__ = ["PeselCheck", "PeselReason", "Sex", "check_pesel", "generate_pesel"]

Sex = Literal["M", "F"]

#: Month offsets by first year of the century (ustawa o ewidencji ludności, art. 15 ust. 2).
_MONTH_OFFSET = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}
_SERIALS_PER_SEX = 5000


class PeselReason(enum.StrEnum):
    """Why a PESEL was rejected. The values are stable codes for APIs, imports and logs."""

    LENGTH = "length"
    NON_DIGIT = "non_digit"
    CHECKSUM = "checksum"
    IMPOSSIBLE_DATE = "impossible_date"


REASON_MESSAGES: dict[PeselReason, str] = {
    PeselReason.LENGTH: "A PESEL has exactly 11 digits.",
    PeselReason.NON_DIGIT: "A PESEL contains only the digits 0–9.",
    PeselReason.CHECKSUM: "The check digit (the 11th digit) does not match the first ten digits.",
    PeselReason.IMPOSSIBLE_DATE: "The first six digits do not encode a real birth date.",
}


@dataclass(frozen=True, slots=True)
class PeselCheck:
    """The outcome of :func:`check_pesel`: either valid with birth date and sex, or invalid with a reason.

    ``number`` is the canonical 11 ASCII digits of a valid PESEL (what to store), ``None`` otherwise.
    """

    valid: bool
    reason: PeselReason | None
    birth_date: date | None
    sex: Sex | None
    number: str | None = None

    @property
    def message(self) -> str | None:
        """The human-readable explanation of :attr:`reason`, or ``None`` for a valid number."""
        return None if self.reason is None else REASON_MESSAGES[self.reason]


def _rejected(reason: PeselReason) -> PeselCheck:
    return PeselCheck(valid=False, reason=reason, birth_date=None, sex=None)


def check_pesel(value: str) -> PeselCheck:
    """Check a PESEL and, when valid, decode its birth date and sex.

    Spaces and hyphens are ignored and Unicode look-alikes (fullwidth digits, dashes) are folded to
    ASCII, as ``stdnum`` does; :attr:`PeselCheck.number` gives the canonical form. The checks run in a
    fixed order, so the reason is deterministic: ``non_digit``, then ``length``, then ``checksum``, then
    ``impossible_date`` (e.g. month 13 or 30 February with a correct check digit). The date is not
    compared with today: that is the caller's business.
    """
    compact = stdnum_pesel.compact(value)
    if not compact:
        return _rejected(PeselReason.LENGTH)
    try:
        number: str = stdnum_pesel.validate(compact)
    # InvalidLength subclasses InvalidFormat, so it must be caught first.
    except stdnum_errors.InvalidLength:
        return _rejected(PeselReason.LENGTH)
    except stdnum_errors.InvalidFormat:
        return _rejected(PeselReason.NON_DIGIT)
    except stdnum_errors.InvalidChecksum:
        return _rejected(PeselReason.CHECKSUM)
    except stdnum_errors.InvalidComponent:
        return _rejected(PeselReason.IMPOSSIBLE_DATE)
    birth_date: date = stdnum_pesel.get_birth_date(number)
    sex: Sex = "F" if stdnum_pesel.get_gender(number) == "F" else "M"
    return PeselCheck(valid=True, reason=None, birth_date=birth_date, sex=sex, number=number)


def generate_pesel(birth_date: date, sex: Sex, serial: int) -> str:
    """A valid PESEL for synthetic test and demo data.

    ``serial`` (0–4999) picks one of the 5,000 numbers available for a birth date and sex: digits 7–10
    are ``2 * serial + 1`` for men and ``2 * serial`` for women, so the 10th digit has the right parity.
    The check digit is ``stdnum``'s. Raises ``ValueError`` for a date outside 1800–2299, an unknown sex
    or a serial out of range.
    """
    century = birth_date.year // 100 * 100
    if century not in _MONTH_OFFSET:
        raise ValueError(f"birth_date {birth_date.isoformat()} is outside 1800–2299, which PESEL can encode")
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    if not 0 <= serial < _SERIALS_PER_SEX:
        raise ValueError(f"serial must be between 0 and {_SERIALS_PER_SEX - 1}, not {serial}")
    month = birth_date.month + _MONTH_OFFSET[century]
    digits = f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}{2 * serial + (sex == 'M'):04d}"
    check: str = stdnum_pesel.calc_check_digit(digits)
    return digits + check
