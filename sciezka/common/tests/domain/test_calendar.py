"""Working days and deadlines: rules and worked examples from ``docs/rules/calendar.md``."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciezka.common.domain.calendar import (
    DeadlineKind,
    add_working_days,
    deadline,
    is_statutory_holiday,
    is_working_day,
    statutory_holidays,
    working_days_between,
)

RULES_DOC = Path(__file__).resolve().parents[4] / "docs" / "rules" / "calendar.md"

# Statutory holidays (ustawa o dniach wolnych od pracy, art. 1), checked against legal-rules.md § 5.1.
# Easter: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28; Pentecost = Easter + 49; Corpus Christi = + 60.
HOLIDAYS: dict[int, list[tuple[date, str]]] = {
    2024: [
        (date(2024, 1, 1), "New Year"),
        (date(2024, 1, 6), "Epiphany"),
        (date(2024, 3, 31), "Easter Sunday"),
        (date(2024, 4, 1), "Easter Monday"),
        (date(2024, 5, 1), "Labour Day"),
        (date(2024, 5, 3), "Constitution Day"),
        (date(2024, 5, 19), "Pentecost"),
        (date(2024, 5, 30), "Corpus Christi"),
        (date(2024, 8, 15), "Assumption"),
        (date(2024, 11, 1), "All Saints"),
        (date(2024, 11, 11), "Independence Day"),
        (date(2024, 12, 25), "Christmas Day"),
        (date(2024, 12, 26), "Boxing Day"),
    ],
    2025: [
        (date(2025, 1, 1), "New Year"),
        (date(2025, 1, 6), "Epiphany"),
        (date(2025, 4, 20), "Easter Sunday"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 5, 1), "Labour Day"),
        (date(2025, 5, 3), "Constitution Day"),
        (date(2025, 6, 8), "Pentecost"),
        (date(2025, 6, 19), "Corpus Christi"),
        (date(2025, 8, 15), "Assumption"),
        (date(2025, 11, 1), "All Saints"),
        (date(2025, 11, 11), "Independence Day"),
        (date(2025, 12, 24), "Christmas Eve"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
    ],
    2026: [
        (date(2026, 1, 1), "New Year"),
        (date(2026, 1, 6), "Epiphany"),
        (date(2026, 4, 5), "Easter Sunday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 1), "Labour Day"),
        (date(2026, 5, 3), "Constitution Day"),
        (date(2026, 5, 24), "Pentecost"),
        (date(2026, 6, 4), "Corpus Christi"),
        (date(2026, 8, 15), "Assumption"),
        (date(2026, 11, 1), "All Saints"),
        (date(2026, 11, 11), "Independence Day"),
        (date(2026, 12, 24), "Christmas Eve"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Boxing Day"),
    ],
    2027: [
        (date(2027, 1, 1), "New Year"),
        (date(2027, 1, 6), "Epiphany"),
        (date(2027, 3, 28), "Easter Sunday"),
        (date(2027, 3, 29), "Easter Monday"),
        (date(2027, 5, 1), "Labour Day"),
        (date(2027, 5, 3), "Constitution Day"),
        (date(2027, 5, 16), "Pentecost"),
        (date(2027, 5, 27), "Corpus Christi"),
        (date(2027, 8, 15), "Assumption"),
        (date(2027, 11, 1), "All Saints"),
        (date(2027, 11, 11), "Independence Day"),
        (date(2027, 12, 24), "Christmas Eve"),
        (date(2027, 12, 25), "Christmas Day"),
        (date(2027, 12, 26), "Boxing Day"),
    ],
}

ALL_HOLIDAYS = [
    pytest.param(day, id=f"{day.isoformat()}-{name}")
    for entries in HOLIDAYS.values()
    for day, name in entries
]
EASTER = {2024: date(2024, 3, 31), 2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}


def _iso(cell: str) -> date:
    """``"2025-12-22 (Mon)"`` → ``date(2025, 12, 22)``."""
    return date.fromisoformat(cell.split()[0])


def _table_rows(heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table under ``heading`` in the calendar rules document."""
    section = RULES_DOC.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _worked_examples() -> list[object]:
    return [
        pytest.param(_iso(start), int(n), kind, _iso(end), id=f"{number}-{why}")
        for number, start, n, kind, end, why in _table_rows("Worked examples")
    ]


def _counting_examples() -> list[object]:
    return [
        pytest.param(_iso(a), _iso(b), int(count), id=why)
        for a, b, count, why in _table_rows("Counting working days between two dates")
    ]


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
working_dates = dates.filter(is_working_day)
counts = st.integers(min_value=-400, max_value=400)


# Statutory holidays


@pytest.mark.parametrize("day", ALL_HOLIDAYS)
def test_every_statutory_holiday_of_2024_to_2027_is_a_holiday(day: date) -> None:
    assert is_statutory_holiday(day)


@pytest.mark.parametrize("day", ALL_HOLIDAYS)
def test_no_statutory_holiday_is_a_working_day(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_holidays_of_the_year_are_exactly_the_statutory_list(year: int) -> None:
    assert statutory_holidays(year) == {day for day, _ in HOLIDAYS[year]}


@pytest.mark.parametrize("year", sorted(EASTER))
def test_movable_feasts_follow_easter(year: int) -> None:
    easter = EASTER[year]
    movable = {easter, easter + timedelta(days=1), easter + timedelta(days=49), easter + timedelta(days=60)}
    assert movable <= statutory_holidays(year)


def test_christmas_eve_2024_is_a_working_tuesday() -> None:
    christmas_eve = date(2024, 12, 24)
    assert (christmas_eve.weekday(), is_statutory_holiday(christmas_eve), is_working_day(christmas_eve)) == (
        1,
        False,
        True,
    )


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2030])
def test_christmas_eve_is_a_holiday_from_2025(year: int) -> None:
    assert is_statutory_holiday(date(year, 12, 24))


@pytest.mark.parametrize("day", [date(2025, 3, 15), date(2025, 3, 16)], ids=["saturday", "sunday"])
def test_weekends_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_saturday_is_not_a_statutory_holiday() -> None:
    assert not is_statutory_holiday(date(2025, 3, 15))


def test_ordinary_weekday_is_a_working_day() -> None:
    assert is_working_day(date(2025, 3, 17))


# Deadlines: worked examples


@pytest.mark.parametrize(("start", "n", "kind", "end"), _worked_examples())
def test_deadline_matches_worked_example_in_rules_doc(start: date, n: int, kind: str, end: date) -> None:
    assert deadline(start, n, kind) == end


def test_rules_doc_has_the_worked_examples() -> None:
    assert len(_worked_examples()) == 22


def test_issue_example_three_working_days_after_22_december_2025_is_30_december() -> None:
    assert deadline(date(2025, 12, 22), 3, DeadlineKind.WORKING) == date(2025, 12, 30)


def test_deadline_skips_christmas_eve_from_2025() -> None:
    assert deadline(date(2025, 12, 10), 14, "calendar") == date(2025, 12, 29)


def test_calendar_deadline_on_saturday_before_a_monday_holiday_moves_to_tuesday() -> None:
    assert deadline(date(2025, 4, 5), 14, DeadlineKind.CALENDAR) == date(2025, 4, 22)


def test_calendar_deadline_ending_on_saturday_moves_to_monday() -> None:
    assert deadline(date(2025, 3, 1), 14, "calendar") == date(2025, 3, 17)


def test_working_deadline_is_add_working_days() -> None:
    assert deadline(date(2025, 12, 30), -3, "working") == add_working_days(date(2025, 12, 30), -3)


def test_deadline_kind_accepts_plain_strings() -> None:
    assert DeadlineKind("calendar") is DeadlineKind.CALENDAR


@pytest.mark.parametrize("kind", ["weeks", "", "Working"])
def test_deadline_rejects_an_unknown_kind_naming_it(kind: str) -> None:
    with pytest.raises(
        ValueError, match=rf"unknown deadline kind {kind!r}: expected one of 'working', 'calendar'"
    ):
        deadline(date(2025, 1, 2), 3, kind)


def test_calendar_deadline_rejects_a_negative_term() -> None:
    with pytest.raises(ValueError, match="calendar term cannot be negative"):
        deadline(date(2025, 1, 2), -3, "calendar")


# Counting working days


@pytest.mark.parametrize(("a", "b", "count"), _counting_examples())
def test_working_days_between_matches_rules_doc(a: date, b: date, count: int) -> None:
    assert working_days_between(a, b) == count


def test_add_zero_working_days_returns_the_start_unchanged() -> None:
    assert add_working_days(date(2025, 12, 25), 0) == date(2025, 12, 25)


def test_counting_back_from_a_holiday_gives_the_previous_working_day() -> None:
    assert add_working_days(date(2026, 1, 6), -1) == date(2026, 1, 5)


def test_long_spans_are_counted_across_years() -> None:
    assert working_days_between(date(2023, 12, 31), date(2026, 12, 31)) == 252 + 251 + 253


# Properties


@given(dates, counts.filter(lambda n: n != 0))
def test_adding_nonzero_working_days_lands_on_a_working_day(d: date, n: int) -> None:
    assert is_working_day(add_working_days(d, n))


@given(working_dates, counts)
def test_working_days_between_inverts_add_working_days(d: date, n: int) -> None:
    assert working_days_between(d, add_working_days(d, n)) == n


@given(working_dates, counts)
def test_adding_then_subtracting_working_days_returns_to_a_working_start(d: date, n: int) -> None:
    assert add_working_days(add_working_days(d, n), -n) == d


@given(dates, st.integers(min_value=0, max_value=800), st.integers(min_value=0, max_value=800))
def test_working_days_between_is_additive(a: date, step1: int, step2: int) -> None:
    b = a + timedelta(days=step1)
    c = b + timedelta(days=step2)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@given(dates, dates)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(dates, st.integers(min_value=0, max_value=400))
def test_working_days_between_equals_counting_day_by_day(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    by_hand = sum(1 for offset in range(1, span + 1) if is_working_day(a + timedelta(days=offset)))
    assert working_days_between(a, b) == by_hand


@given(dates, st.integers(min_value=0, max_value=400))
def test_calendar_deadline_is_the_first_working_day_on_or_after_start_plus_n(start: date, n: int) -> None:
    end = deadline(start, n, "calendar")
    skipped = [start + timedelta(days=k) for k in range(n, (end - start).days)]
    assert (is_working_day(end), any(is_working_day(day) for day in skipped)) == (True, False)


def test_holiday_lookups_are_cached_per_year() -> None:
    assert statutory_holidays(2025) is statutory_holidays(2025)
