"""Working days and deadlines.

Legal basis:

* Statutory days off: ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1 (all Sundays and
  the listed holidays; Christmas Eve, 24 December, from 2025 by the amendment in force on 2025-02-01).
  The dates come from the ``holidays`` package (``docs/adr/0004-working-day-calendar-source.md``).
* Terms counted in days: KPA art. 57 § 1 (the day of the event is not counted) and art. 57 § 4 as
  amended by the act of 7 April 2017, Dz.U. 2017 poz. 935, in force from 2017-06-01 (a term ending on
  a statutory day off or on a Saturday ends on the next day that is neither).
* "Dni robocze" (working days) have no general statutory definition; by the convention used in
  inter-institutional agreements (e.g. PCPR–PUP Sucha Beskidzka) they are Monday to Friday excluding
  statutory holidays. See ``docs/rules/calendar.md``.

Everything here is a pure function of its arguments: today's date is never read.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from functools import cache

import holidays

__all__ = [
    "DeadlineKind",
    "add_working_days",
    "deadline",
    "is_statutory_holiday",
    "is_working_day",
    "statutory_holidays",
    "working_days_between",
]

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


class DeadlineKind(enum.StrEnum):
    """How a term of ``n`` days is counted."""

    #: ``n`` working days (Mon–Fri minus statutory holidays), as in inter-institutional agreements.
    WORKING = "working"
    #: ``n`` calendar days under KPA art. 57 § 1 and § 4.
    CALENDAR = "calendar"


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The dated statutory holidays of ``year`` (ustawa o dniach wolnych od pracy, art. 1).

    Ordinary Sundays are days off too but are not listed; Easter Sunday and Pentecost, which are Sundays, are.
    Cached per year, so counting over long spans looks each year up once.
    """
    return frozenset(holidays.country_holidays("PL", years=year).keys())


def is_statutory_holiday(d: date) -> bool:
    """Whether ``d`` is one of the dated statutory holidays (ustawa o dniach wolnych od pracy, art. 1).

    Saturdays are not statutory holidays; plain Sundays are days off but not holidays in this sense.
    """
    return d in statutory_holidays(d.year)


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day: Monday to Friday and not a statutory holiday.

    This is the convention for "dni robocze" in inter-institutional agreements; there is no general
    statutory definition. It also marks the days on which a KPA term may end (art. 57 § 4: neither a
    day off nor a Saturday).
    """
    return d.weekday() < _SATURDAY and not is_statutory_holiday(d)


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (before ``d`` when ``n`` is negative).

    ``d`` itself is never counted, so from a non-working day ``n=1`` gives the next working day and
    ``n=-1`` the previous one. ``n=0`` returns ``d`` unchanged, even when ``d`` is not a working day.
    """
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(a: date, b: date) -> int:
    """The number of working days ``x`` with ``a < x <= b``.

    The count is signed: when ``b < a`` the result is ``-working_days_between(b, a)``, so that
    ``working_days_between(d, add_working_days(d, n)) == n`` for every working day ``d`` and the count is
    additive: ``between(a, b) + between(b, c) == between(a, c)``.
    """
    if b < a:
        return -working_days_between(b, a)
    span = (b - a).days
    full_weeks, rest = divmod(span, 7)
    weekdays = full_weeks * 5
    for offset in range(1, rest + 1):
        if (a + timedelta(days=offset)).weekday() < _SATURDAY:
            weekdays += 1
    holidays_on_weekdays = sum(
        1
        for year in range(a.year, b.year + 1)
        for h in statutory_holidays(year)
        if a < h <= b and h.weekday() < _SATURDAY
    )
    return weekdays - holidays_on_weekdays


def deadline(start: date, n: int, kind: DeadlineKind | str) -> date:
    """The last day of a term of ``n`` days counted from ``start``.

    * ``"working"``: ``add_working_days(start, n)``; a negative ``n`` gives "``n`` working days before
      ``start``".
    * ``"calendar"``: KPA art. 57 § 1: the day of the event (``start``) is not counted, so the term ends
      on ``start + n`` days; KPA art. 57 § 4 (as amended from 2017-06-01): if that day is a Saturday, a
      Sunday or a statutory holiday, the term ends on the next day that is none of those. Before
      2017-06-01 the same result followed from NSA resolution I OPS 1/11 (from 2011-06-15). ``n`` must
      not be negative: § 4 extends terms running forward and says nothing of terms counted backwards.

    Raises ``ValueError`` for an unknown kind or a negative calendar term.
    """
    try:
        resolved = DeadlineKind(kind)
    except ValueError:
        expected = ", ".join(repr(k.value) for k in DeadlineKind)
        raise ValueError(f"unknown deadline kind {kind!r}: expected one of {expected}") from None
    if resolved is DeadlineKind.WORKING:
        return add_working_days(start, n)
    if n < 0:
        raise ValueError(f"a calendar term cannot be negative (got {n} days); count back in working days")
    end = start + timedelta(days=n)
    while not is_working_day(end):
        end += _ONE_DAY
    return end
