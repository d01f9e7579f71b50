from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciezka.common.domain import teryt
from sciezka.common.domain.pesel import check_pesel
from sciezka.registry.domain.demo_population import (
    DEMO_DAY,
    NOTE_AUTHORS,
    WINDOW_END,
    WINDOW_START,
    Population,
    SyntheticRegistration,
    generate_population,
)

LISTED_GMINAS = {"1203013", "1203022", "1203033", "1203043", "1203053", "1262011"}
LABOUR_OFFICE_OF_POWIAT = {"1203": "PUP-CHRZANOW", "1262": "SUP-NOWY-SACZ"}
WELFARE_GMINA = {"OPS-CHRZANOW": "1203033", "MOPS-NOWY-SACZ": "1262011", "CIS-NOWY-SACZ": "1262011"}
LABOUR_OFFICES = {"PUP-CHRZANOW", "SUP-NOWY-SACZ"}


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population()


def periods_by_file(registrations: tuple[SyntheticRegistration, ...]) -> dict[tuple[str, str, str], list]:
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for r in registrations:
        grouped[(r.pesel, r.institution, r.kind)].append((r.valid_from, r.valid_to or date.max))
    return {key: sorted(periods) for key, periods in grouped.items()}


def overlapping(periods: dict[tuple[str, str, str], list]) -> list[tuple[str, str, str]]:
    return [
        key
        for key, spans in periods.items()
        for (_, end), (next_start, _) in pairwise(spans)
        if next_start <= end
    ]


def test_the_same_seed_gives_the_same_population(population: Population) -> None:
    assert generate_population(seed=2026) == population


def test_another_seed_gives_other_persons(population: Population) -> None:
    other = generate_population(seed=7)
    assert {p.pesel for p in other.persons} != {p.pesel for p in population.persons}


def test_population_has_five_thousand_persons_in_about_two_thousand_households(
    population: Population,
) -> None:
    members = [m.pesel for h in population.households for m in h.members]
    assert (len(population.persons), 1800 <= len(population.households) <= 2200) == (5000, True)
    assert sorted(members) == sorted(p.pesel for p in population.persons)


def test_every_pesel_is_valid_unique_and_agrees_with_birth_date_and_sex(population: Population) -> None:
    checks = [(check_pesel(p.pesel), p) for p in population.persons]
    assert all(c.valid and (c.birth_date, c.sex) == (p.birth_date, p.sex) for c, p in checks)
    assert len({p.pesel for p in population.persons}) == len(population.persons)


def test_heads_and_partners_are_born_1960_to_2006_and_some_children_are_under_six(
    population: Population,
) -> None:
    births = {p.pesel: p.birth_date for p in population.persons}
    adults = [births[m.pesel] for h in population.households for m in h.members if m.relation != "child"]
    under_six = [b for b in births.values() if b > date(DEMO_DAY.year - 6, DEMO_DAY.month, DEMO_DAY.day)]
    assert (min(adults) >= date(1960, 1, 1), max(adults) <= date(2006, 12, 31)) == (True, True)
    assert len(under_six) >= 100


def test_every_household_starts_with_its_head_and_has_one_head(population: Population) -> None:
    relations = Counter(m.relation for h in population.households for m in h.members)
    assert [h.members[0].relation for h in population.households] == ["head"] * len(population.households)
    assert relations["head"] == len(population.households)
    assert relations["spouse"] + relations["partner"] > 500


def test_everyone_lives_in_a_listed_gmina_of_the_teryt_register(population: Population) -> None:
    codes = {p.teryt for p in population.persons} | {h.teryt for h in population.households}
    assert codes == LISTED_GMINAS
    assert {teryt.gmina(code).code for code in codes} == LISTED_GMINAS


def test_most_of_the_chrzanow_powiat_lives_in_gmina_chrzanow(population: Population) -> None:
    gminas = Counter(p.teryt for p in population.persons if p.teryt.startswith("1203"))
    assert gminas.most_common(1)[0][0] == "1203033"
    assert gminas["1203033"] > sum(gminas.values()) / 2


def test_shared_clients_are_a_quarter_to_a_third_of_the_persons(population: Population) -> None:
    share = len(population.shared_clients()) / len(population.persons)
    assert 0.25 <= share <= 0.35


def test_hundreds_of_shared_clients_are_active_at_both_offices_on_the_demo_day(
    population: Population,
) -> None:
    assert len(population.shared_active_on(DEMO_DAY)) >= 300


def test_registration_periods_of_one_file_are_ordered_and_do_not_overlap(population: Population) -> None:
    periods = periods_by_file(population.registrations)
    assert all(r.valid_to is None or r.valid_from <= r.valid_to for r in population.registrations)
    assert overlapping(periods) == []


def test_labour_office_spells_do_not_overlap_across_unemployed_and_job_seeker(population: Population) -> None:
    labour = tuple(r for r in population.registrations if r.institution in LABOUR_OFFICES)
    merged = periods_by_file(
        tuple(SyntheticRegistration(r.pesel, r.institution, "any", r.valid_from, r.valid_to) for r in labour)
    )
    assert overlapping(merged) == []


def test_registrations_fall_within_january_2022_to_november_2026(population: Population) -> None:
    starts = [r.valid_from for r in population.registrations]
    ends = [r.valid_to for r in population.registrations if r.valid_to is not None]
    assert (min(starts) >= WINDOW_START, max(starts + ends) <= WINDOW_END) == (True, True)


def test_nobody_registers_before_turning_eighteen(population: Population) -> None:
    births = {p.pesel: p.birth_date for p in population.persons}
    too_young = [
        r for r in population.registrations if r.valid_from < births[r.pesel] + timedelta(days=18 * 365)
    ]
    assert too_young == []


def test_benefit_is_only_on_unemployed_registrations_and_within_them(population: Population) -> None:
    with_benefit = [r for r in population.registrations if r.benefit_from is not None]
    assert {r.kind for r in with_benefit} == {"unemployed"}
    assert {r.kind for r in population.registrations if r.benefit_right is not None} == {"unemployed"}
    assert all(
        r.benefit_right and r.benefit_to is not None and r.valid_from <= r.benefit_from <= r.benefit_to
        for r in with_benefit
    )
    assert all(r.valid_to is None or r.benefit_to <= r.valid_to for r in with_benefit)


def test_benefit_periods_last_six_or_twelve_months(population: Population) -> None:
    open_benefits = [r for r in population.registrations if r.benefit_from is not None and r.valid_to is None]
    lengths = {(r.benefit_to - r.benefit_from).days // 30 for r in open_benefits}
    assert lengths == {6, 12}


def test_each_person_registers_at_the_labour_office_of_their_powiat(population: Population) -> None:
    gmina_of = {p.pesel: p.teryt for p in population.persons}
    offices = {
        (gmina_of[r.pesel][:4], r.institution)
        for r in population.registrations
        if r.institution in LABOUR_OFFICES
    }
    assert offices == set(LABOUR_OFFICE_OF_POWIAT.items())


def test_welfare_centres_and_the_cis_serve_only_their_own_gmina(population: Population) -> None:
    gmina_of = {p.pesel: p.teryt for p in population.persons}
    served = {
        (r.institution, gmina_of[r.pesel]) for r in population.registrations if r.institution in WELFARE_GMINA
    }
    assert served == set(WELFARE_GMINA.items())


def test_the_pcpr_serves_families_of_the_chrzanow_powiat(population: Population) -> None:
    gmina_of = {p.pesel: p.teryt for p in population.persons}
    pcpr = [r for r in population.registrations if r.institution == "PCPR-CHRZANOW"]
    assert {(r.kind, gmina_of[r.pesel][:4]) for r in pcpr} == {("family_support", "1203")}
    assert len(pcpr) >= 50


def test_many_clients_are_long_term_unemployed_on_the_demo_day(population: Population) -> None:
    long_term = {
        r.pesel
        for r in population.registrations
        if r.kind == "unemployed" and r.valid_to is None and r.valid_from <= date(2025, 11, 22)
    }
    assert len(long_term) >= 300


def test_closed_registrations_say_why_they_ended_and_open_ones_do_not(population: Population) -> None:
    reasons = {(r.valid_to is None, r.end_reason == "") for r in population.registrations}
    assert reasons == {(True, True), (False, False)}


def test_notes_are_written_by_the_institutions_demo_staff_while_the_client_is_registered(
    population: Population,
) -> None:
    files = defaultdict(list)
    for r in population.registrations:
        files[(r.pesel, r.institution)].append(r)
    assert 24 <= len({n.pesel for n in population.notes}) <= 60
    assert all(n.author == NOTE_AUTHORS[n.institution] for n in population.notes)
    assert all(
        any(r.active_on(n.written_on) for r in files[(n.pesel, n.institution)]) for n in population.notes
    )
    assert {n.scope for n in population.notes} == {"counselling_notes", "social_work_notes"}


def test_phone_numbers_use_a_carrier_selection_prefix_that_no_subscriber_has(population: Population) -> None:
    assert {p.phone[:8] for p in population.persons} == {"+48 100 ", ""}


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 300))
def test_any_seed_and_size_give_that_many_unique_persons_with_non_overlapping_files(
    seed: int, size: int
) -> None:
    population = generate_population(seed=seed, size=size)
    assert len({p.pesel for p in population.persons}) == size
    assert overlapping(periods_by_file(population.registrations)) == []
