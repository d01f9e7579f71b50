"""A deterministic synthetic population for the demo: the powiat chrzanowski and the city of Nowy Sącz.

Everything here is invented: names are common Polish first names and surnames combined at random, streets
are generic street names, phone numbers start with 100 (a carrier-selection prefix in the Polish numbering
plan, never a subscriber number), and PESELs are generated numbers. Only the gmina TERYT codes, the postal
codes of the towns and the institutions' codes are real.

The population is built from one ``random.Random(seed)`` and reads no clock, so the same seed always gives
the same persons, households, registrations and notes. Registrations fall within
:data:`WINDOW_START`..:data:`WINDOW_END`; :data:`DEMO_DAY` is the day the demo is meant to be looked at.

Legal bases named on registrations: the 2004 act on employment promotion (to 2025-05-31) and the 2025 act on
the labour market (from 2025-06-01) for labour-office registrations, the 2004 social assistance act, the 2011
family support act and the 2003 social employment act.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sciezka.common.domain.pesel import Sex, generate_pesel

__all__ = [
    "AREA_INSTITUTIONS",
    "DEMO_DAY",
    "NOTE_AUTHORS",
    "SHARED_PAIRS",
    "WINDOW_END",
    "WINDOW_START",
    "Population",
    "SyntheticHousehold",
    "SyntheticMember",
    "SyntheticNote",
    "SyntheticPerson",
    "SyntheticRegistration",
    "generate_population",
]

WINDOW_START = date(2022, 1, 1)
WINDOW_END = date(2026, 11, 30)
DEMO_DAY = date(2026, 11, 22)
#: Clients per area (Chrzanów, Nowy Sącz) with counselling and social-work notes.
NOTED_CLIENTS_PER_AREA = 24
#: The 2025 act on the labour market and employment services replaced the 2004 act on this day.
NEW_LABOUR_ACT = date(2025, 6, 1)

PUP_CHRZANOW = "PUP-CHRZANOW"
OPS_CHRZANOW = "OPS-CHRZANOW"
PCPR_CHRZANOW = "PCPR-CHRZANOW"
SUP_NOWY_SACZ = "SUP-NOWY-SACZ"
MOPS_NOWY_SACZ = "MOPS-NOWY-SACZ"
CIS_NOWY_SACZ = "CIS-NOWY-SACZ"

#: (labour office, welfare centre) whose common clients are the "shared clients".
SHARED_PAIRS: tuple[tuple[str, str], ...] = ((PUP_CHRZANOW, OPS_CHRZANOW), (SUP_NOWY_SACZ, MOPS_NOWY_SACZ))
#: Every institution the population has registrations at.
AREA_INSTITUTIONS = frozenset(
    {PUP_CHRZANOW, OPS_CHRZANOW, PCPR_CHRZANOW, SUP_NOWY_SACZ, MOPS_NOWY_SACZ, CIS_NOWY_SACZ}
)
#: The demo staff member who writes an institution's notes.
NOTE_AUTHORS: dict[str, str] = {
    PUP_CHRZANOW: "pup.chrzanow",
    OPS_CHRZANOW: "ops.chrzanow",
    SUP_NOWY_SACZ: "sup.nowysacz",
    MOPS_NOWY_SACZ: "mops.nowysacz",
}

CHRZANOW_TOWN = "1203033"
NOWY_SACZ = "1262011"
#: Gmina → (share of the population, postal code). Most of the powiat chrzanowski lives in gmina Chrzanów
#: because only its welfare centre (OPS-CHRZANOW) is in the demo; the other gminas have their own GOPS.
GMINAS: dict[str, tuple[float, str]] = {
    CHRZANOW_TOWN: (0.40, "32-500"),
    "1203053": (0.06, "32-540"),  # Trzebinia
    "1203043": (0.05, "32-590"),  # Libiąż
    "1203013": (0.04, "32-566"),  # Alwernia
    "1203022": (0.04, "32-551"),  # Babice
    NOWY_SACZ: (0.41, "33-300"),
}
#: Gmina → (labour office, welfare centre or None when the demo lacks it).
_OFFICES: dict[str, tuple[str, str | None]] = {
    code: (PUP_CHRZANOW, OPS_CHRZANOW if code == CHRZANOW_TOWN else None) for code in GMINAS
}
_OFFICES[NOWY_SACZ] = (SUP_NOWY_SACZ, MOPS_NOWY_SACZ)

_FEMALE_NAMES = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta",
    "Magdalena", "Joanna", "Aleksandra", "Monika", "Zofia", "Teresa", "Danuta", "Natalia", "Julia",
    "Karolina", "Marta", "Beata", "Dorota", "Halina", "Jadwiga", "Janina", "Renata", "Iwona", "Justyna",
    "Paulina", "Sylwia", "Agata", "Izabela", "Weronika", "Emilia", "Grażyna", "Urszula", "Wiktoria",
    "Bożena", "Lena", "Hanna",
)  # fmt: skip
_MALE_NAMES = (
    "Jan", "Piotr", "Andrzej", "Krzysztof", "Stanisław", "Tomasz", "Paweł", "Józef", "Marcin", "Marek",
    "Michał", "Grzegorz", "Jerzy", "Tadeusz", "Adam", "Łukasz", "Zbigniew", "Ryszard", "Dariusz", "Henryk",
    "Mariusz", "Kazimierz", "Wojciech", "Robert", "Mateusz", "Marian", "Rafał", "Jacek", "Janusz",
    "Mirosław", "Maciej", "Sławomir", "Jarosław", "Kamil", "Wiesław", "Roman", "Władysław", "Jakub",
    "Szymon", "Bartłomiej",
)  # fmt: skip
_INVARIANT_SURNAMES = (
    "Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król",
    "Wieczorek", "Wróbel", "Stępień", "Dudek", "Pawlak", "Walczak", "Sikora", "Baran", "Michalak",
    "Szewczyk", "Pietrzak", "Marciniak", "Bąk", "Duda", "Włodarczyk", "Kubiak", "Sobczak", "Kurek",
    "Banaś", "Kołodziej", "Szczepanik", "Cieślik", "Florek", "Gawron", "Kmiecik", "Ptak", "Socha",
    "Leśniak", "Mróz", "Pająk", "Sowa",
)  # fmt: skip
#: Adjectival surnames: the feminine form ends in -a (Kowalski, Kowalska).
_ADJECTIVAL_SURNAMES = (
    "Kowalski", "Wiśniewski", "Lewandowski", "Kamiński", "Zieliński", "Szymański", "Dąbrowski",
    "Kozłowski", "Jankowski", "Wojciechowski", "Kwiatkowski", "Grabowski", "Nowakowski", "Pawłowski",
    "Michalski", "Górski", "Rutkowski", "Sikorski", "Baranowski", "Malinowski", "Czarnecki", "Witkowski",
    "Sokołowski", "Zawadzki", "Jaworski", "Borkowski", "Czerwiński", "Wysocki", "Ostrowski", "Tomaszewski",
    "Jasiński", "Zalewski", "Sadowski", "Chmielewski", "Gajewski", "Bielecki", "Rogalski", "Kurowski",
)  # fmt: skip
#: Surnames as (masculine, feminine) forms.
_SURNAMES: tuple[tuple[str, str], ...] = tuple((name, name) for name in _INVARIANT_SURNAMES) + tuple(
    (name, name[:-1] + "a") for name in _ADJECTIVAL_SURNAMES
)
_STREETS = (
    "Słoneczna", "Polna", "Lipowa", "Leśna", "Ogrodowa", "Krótka", "Szkolna", "Kwiatowa", "Łąkowa",
    "Brzozowa", "Kolejowa", "Parkowa", "Spacerowa", "Jarzębinowa", "Wrzosowa", "Jaśminowa", "Klonowa",
    "Modrzewiowa", "Górnicza", "Rzemieślnicza", "Piaskowa", "Sadowa", "Źródlana", "Zielona", "Cicha",
    "Wiosenna", "Jesienna", "Kasztanowa", "Orzechowa", "Akacjowa", "Graniczna", "Młyńska", "Stawowa",
    "Pogodna", "Radosna", "Widokowa", "Miodowa", "Malinowa", "Wierzbowa", "Topolowa",
)  # fmt: skip

_PUP_END_REASONS = (
    ("podjęcie zatrudnienia", 50),
    ("niestawiennictwo", 20),
    ("odmowa propozycji", 8),
    ("podjęcie szkolenia", 7),
    ("podjęcie działalności gospodarczej", 5),
    ("rezygnacja ze statusu", 10),
)
_SOCIAL_END_REASONS = (
    ("upływ okresu decyzji", 45),
    ("poprawa sytuacji dochodowej", 25),
    ("podjęcie zatrudnienia", 20),
    ("brak współpracy z pracownikiem socjalnym", 10),
)
_FAMILY_END_REASONS = (("osiągnięcie celów planu pomocy", 60), ("zakończenie wsparcia", 40))
_CIS_END_REASONS = (("ukończenie IPZS", 70), ("przerwanie uczestnictwa", 30))
_CIS_REFERRAL = "skierowanie do CIS"

_OLD_LABOUR_ACT = "ustawa z 20.04.2004 r. o promocji zatrudnienia i instytucjach rynku pracy"
_LABOUR_ACT = "ustawa z 20.03.2025 r. o rynku pracy i służbach zatrudnienia"
_SOCIAL_ACT = "ustawa z 12.03.2004 r. o pomocy społecznej"
_FAMILY_ACT = "ustawa z 9.06.2011 r. o wspieraniu rodziny i systemie pieczy zastępczej"
_CIS_ACT = "ustawa z 13.06.2003 r. o zatrudnieniu socjalnym"

_COUNSELLING_NOTES = (
    "Rozmowa o planie działania, zainteresowanie kursem operatora wózka widłowego.",
    "Omówiono oferty pracy w handlu; gotowość do pracy w systemie zmianowym.",
    "Uzgodniono udział w warsztatach aktywnego poszukiwania pracy.",
    "Aktualizacja planu działania: cel – zatrudnienie w magazynie; kolejny kontakt za 60 dni.",
    "Zainteresowanie stażem w administracji; przekazano listę pracodawców z okolicy.",
    "Rozmowa o kursie prawa jazdy kat. C; dokumenty do uzupełnienia do końca miesiąca.",
    "Przygotowano CV i list motywacyjny; skierowanie na rozmowę do pracodawcy.",
)
_SOCIAL_WORK_NOTES = (
    "Wywiad środowiskowy przeprowadzony; sytuacja mieszkaniowa bez zmian.",
    "Omówiono warunki kontraktu socjalnego; kolejne spotkanie za miesiąc.",
    "Udział w zajęciach klubu integracji społecznej; dobra motywacja do podjęcia pracy.",
    "Przyznano zasiłek okresowy; rozmowa o poszukiwaniu zatrudnienia.",
    "Konsultacja z asystentem rodziny w sprawie organizacji opieki nad dziećmi.",
    "Ustalono plan spłaty zaległości czynszowych; kontakt z zarządcą budynku.",
)


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    pesel: str
    first_name: str
    second_name: str
    last_name: str
    birth_date: date
    sex: Sex
    teryt: str
    street: str
    postal_code: str
    phone: str
    #: When the person first appears in the registry (first registration or joining a household).
    entered_on: date


@dataclass(frozen=True, slots=True)
class SyntheticMember:
    pesel: str
    relation: str
    valid_from: date


@dataclass(frozen=True, slots=True)
class SyntheticHousehold:
    teryt: str
    #: The head first.
    members: tuple[SyntheticMember, ...]

    @property
    def head(self) -> str:
        return self.members[0].pesel


@dataclass(frozen=True, slots=True)
class SyntheticRegistration:
    pesel: str
    institution: str
    kind: str
    valid_from: date
    valid_to: date | None
    benefit_right: bool | None = None
    benefit_from: date | None = None
    benefit_to: date | None = None
    end_reason: str = ""
    legal_basis: str = ""

    def active_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True)
class SyntheticNote:
    pesel: str
    institution: str
    author: str
    scope: str
    written_on: date
    text: str


@dataclass(frozen=True)
class Population:
    seed: int
    persons: tuple[SyntheticPerson, ...]
    households: tuple[SyntheticHousehold, ...]
    registrations: tuple[SyntheticRegistration, ...]
    notes: tuple[SyntheticNote, ...]

    def shared_clients(self) -> frozenset[str]:
        """PESELs with a registration, active or past, at both the labour office and the welfare centre."""
        return self._both(lambda r: True)

    def shared_active_on(self, on: date) -> frozenset[str]:
        """PESELs with registrations active on ``on`` at both the labour office and the welfare centre."""
        return self._both(lambda r: r.active_on(on))

    def _both(self, keep: Callable[[SyntheticRegistration], bool]) -> frozenset[str]:
        at: dict[str, set[str]] = {}
        for r in self.registrations:
            if keep(r):
                at.setdefault(r.institution, set()).add(r.pesel)
        result: set[str] = set()
        for pup, ops in SHARED_PAIRS:
            result |= at.get(pup, set()) & at.get(ops, set())
        return frozenset(result)


# --- dates -------------------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _spells(
    rng: random.Random, start: date, end: date, months: tuple[int, int], gap_days: tuple[int, int]
) -> list[tuple[date, date]]:
    """Closed periods of ``months`` months separated by gaps, laid from ``start`` and ending by ``end``."""
    result: list[tuple[date, date]] = []
    cursor = start
    while cursor <= end:
        to = _add_months(cursor, rng.randint(*months)) - timedelta(days=1)
        if to > end:
            shortest = _add_months(cursor, months[0]) - timedelta(days=1)
            if not result and shortest <= end:
                result.append((cursor, end))
            break
        result.append((cursor, to))
        cursor = to + timedelta(days=rng.randint(*gap_days))
    return result


# --- the generator -----------------------------------------------------------------------------------


@dataclass
class _Builder:
    rng: random.Random
    used_serials: dict[tuple[date, str], set[int]]
    persons: list[SyntheticPerson]
    registrations: list[SyntheticRegistration]

    def pesel(self, birth_date: date, sex: Sex) -> str:
        used = self.used_serials.setdefault((birth_date, sex), set())
        serial = self.rng.randrange(5000)
        while serial in used:
            serial = self.rng.randrange(5000)
        used.add(serial)
        return generate_pesel(birth_date, sex, serial)

    def labour_office(
        self, pesel: str, office: str, earliest: date, state: str, cis: tuple[date, date | None] | None
    ) -> None:
        """Unemployed and job-seeker spells; ``state`` is "long" (open since 2024/25), "recent" or "past".

        A CIS participant leaves the register the day before entering the CIS and may come back after it.
        """
        rng = self.rng
        open_start: date | None = None
        if state == "long":
            open_start = _day_between(rng, date(2024, 1, 2), date(2025, 10, 31))
        elif state == "recent":
            open_start = _day_between(rng, date(2025, 11, 3), date(2026, 11, 13))
        if open_start is not None and open_start < earliest:
            open_start = _day_between(rng, earliest, date(2026, 11, 13))
        fill_start = _day_between(rng, earliest, min(earliest + timedelta(days=540), date(2024, 10, 1)))
        periods: list[tuple[date, date | None, str]] = []
        if cis is None:
            fill_end = (open_start - timedelta(days=rng.randint(30, 200))) if open_start else WINDOW_END
            periods += [(a, b, "") for a, b in _spells(rng, fill_start, fill_end, (2, 30), (30, 240))]
        else:
            cis_from, cis_to = cis
            referred_from = max(earliest, _add_months(cis_from, -rng.randint(3, 24)))
            earlier_end = referred_from - timedelta(days=rng.randint(30, 200))
            periods += [(a, b, "") for a, b in _spells(rng, fill_start, earlier_end, (2, 30), (30, 240))]
            if (cis_from - referred_from).days >= 60:
                periods.append((referred_from, cis_from - timedelta(days=1), _CIS_REFERRAL))
            open_start = None
            if cis_to is not None:
                restart = cis_to + timedelta(days=rng.randint(1, 60))
                if state != "past" and restart < DEMO_DAY:
                    open_start = restart
                else:
                    periods += [(a, b, "") for a, b in _spells(rng, restart, WINDOW_END, (2, 30), (30, 240))]
        if open_start is not None:
            periods.append((open_start, None, ""))
        for valid_from, valid_to, reason in periods:
            long_open = valid_to is None and state == "long"
            kind = "unemployed" if long_open or rng.random() < 0.85 else "job_seeker"
            self.registrations.append(
                self._labour_registration(pesel, office, kind, valid_from, valid_to, reason)
            )

    def _labour_registration(
        self, pesel: str, office: str, kind: str, valid_from: date, valid_to: date | None, reason: str
    ) -> SyntheticRegistration:
        rng = self.rng
        benefit_right: bool | None = None
        benefit_from = benefit_to = None
        if kind == "unemployed":
            benefit_right = rng.random() < 0.35
            if benefit_right:
                benefit_from = valid_from + timedelta(days=7 if rng.random() < 0.8 else 0)
                benefit_to = _add_months(benefit_from, 12 if rng.random() < 0.2 else 6) - timedelta(days=1)
                if valid_to is not None and benefit_to > valid_to:
                    benefit_to = valid_to
                if benefit_to < benefit_from:
                    benefit_right, benefit_from, benefit_to = False, None, None
        if valid_to is not None and not reason:
            reason = _weighted(rng, _PUP_END_REASONS)
        return SyntheticRegistration(
            pesel=pesel,
            institution=office,
            kind=kind,
            valid_from=valid_from,
            valid_to=valid_to,
            benefit_right=benefit_right,
            benefit_from=benefit_from,
            benefit_to=benefit_to,
            end_reason=reason,
            legal_basis=_OLD_LABOUR_ACT if valid_from < NEW_LABOUR_ACT else _LABOUR_ACT,
        )

    def periods_at(
        self,
        pesel: str,
        institution: str,
        kind: str,
        earliest: date,
        current: bool,
        months: tuple[int, int],
        reasons: tuple[tuple[str, int], ...],
        legal_basis: str,
    ) -> None:
        """Spells of one kind at one institution; the last one open when ``current``."""
        rng = self.rng
        open_start = _day_between(rng, earliest, date(2026, 10, 30)) if current else None
        fill_start = _day_between(rng, earliest, min(earliest + timedelta(days=600), date(2024, 12, 1)))
        fill_end = (open_start - timedelta(days=rng.randint(30, 300))) if open_start else WINDOW_END
        periods: list[tuple[date, date | None]] = list(_spells(rng, fill_start, fill_end, months, (30, 365)))
        if open_start is not None:
            periods.append((open_start, None))
        for valid_from, valid_to in periods:
            self.registrations.append(
                SyntheticRegistration(
                    pesel=pesel,
                    institution=institution,
                    kind=kind,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    end_reason=_weighted(rng, reasons) if valid_to is not None else "",
                    legal_basis=legal_basis,
                )
            )


def _household_size(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5, 6), weights=(30, 25, 20, 15, 7, 3))[0]


def generate_population(seed: int = 2026, size: int = 5000) -> Population:
    """``size`` synthetic persons in households, with registrations and a few notes; same seed, same result."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data must be reproducible, not secret
    builder = _Builder(rng=rng, used_serials={}, persons=[], registrations=[])
    households: list[SyntheticHousehold] = []
    gmina_codes = list(GMINAS)
    gmina_weights = [share for share, _ in GMINAS.values()]
    # (pesel, gmina, birth date, relation to the head)
    adults: list[tuple[str, str, date, str]] = []

    while len(builder.persons) < size:
        members_wanted = min(_household_size(rng), size - len(builder.persons))
        gmina = rng.choices(gmina_codes, weights=gmina_weights)[0]
        postal_code = GMINAS[gmina][1]
        street = f"ul. {rng.choice(_STREETS)} {rng.randint(1, 120)}"
        if rng.random() < 0.55:
            street += f"/{rng.randint(1, 40)}"
        head_sex: Sex = "F" if rng.random() < 0.5 else "M"
        alone = members_wanted == 1
        head_birth = _day_between(rng, date(1960, 1, 1), date(2006, 12, 31) if alone else date(2000, 12, 31))
        couple = members_wanted >= 2 and rng.random() < (0.6 if members_wanted == 2 else 0.85)
        surname = rng.choice(_SURNAMES)
        planned: list[tuple[str, Sex, date, tuple[str, str]]] = [("head", head_sex, head_birth, surname)]
        if couple:
            partner_sex: Sex = "M" if head_sex == "F" else "F"
            married = rng.random() < 0.75
            partner_birth = head_birth + timedelta(days=rng.randint(-6 * 365, 6 * 365))
            partner_birth = min(max(partner_birth, date(1960, 1, 1)), date(2006, 12, 31))
            planned.append(
                ("spouse" if married else "partner", partner_sex, partner_birth,
                 surname if married else rng.choice(_SURNAMES))
            )  # fmt: skip
        first_child_year = max(head_birth.year + 20, 1997)
        last_child_year = min(head_birth.year + 42, 2026)
        while len(planned) < members_wanted:
            year = rng.randint(first_child_year, last_child_year)
            child_birth = _day_between(rng, date(year, 1, 1), min(date(year, 12, 31), date(2026, 6, 30)))
            child_sex: Sex = "F" if rng.random() < 0.5 else "M"
            planned.append(("child", child_sex, child_birth, surname))

        members: list[SyntheticMember] = []
        for relation, sex, birth_date, (masculine, feminine) in planned:
            pesel = builder.pesel(birth_date, sex)
            first_names = _FEMALE_NAMES if sex == "F" else _MALE_NAMES
            joined = max(WINDOW_START, birth_date)
            adult = birth_date <= date(2006, 12, 31)
            builder.persons.append(
                SyntheticPerson(
                    pesel=pesel,
                    first_name=rng.choice(first_names),
                    second_name=rng.choice(first_names) if rng.random() < 0.3 else "",
                    last_name=feminine if sex == "F" else masculine,
                    birth_date=birth_date,
                    sex=sex,
                    teryt=gmina,
                    street=street,
                    postal_code=postal_code,
                    phone=f"+48 100 {rng.randint(200, 999)} {rng.randint(0, 999):03d}" if adult else "",
                    entered_on=joined,
                )
            )
            members.append(SyntheticMember(pesel=pesel, relation=relation, valid_from=joined))
            if adult:
                adults.append((pesel, gmina, birth_date, relation))
        households.append(SyntheticHousehold(teryt=gmina, members=tuple(members)))

    _assign_registrations(builder, households, adults)
    notes = _notes(rng, builder.registrations)
    persons = _with_entry_dates(builder.persons, builder.registrations)
    return Population(
        seed=seed,
        persons=tuple(persons),
        households=tuple(households),
        registrations=tuple(builder.registrations),
        notes=tuple(notes),
    )


def _assign_registrations(
    builder: _Builder,
    households: list[SyntheticHousehold],
    adults: list[tuple[str, str, date, str]],
) -> None:
    """Give adults their histories at the labour office, the welfare centre, the PCPR and the CIS."""
    rng = builder.rng
    household_of = {member.pesel: index for index, h in enumerate(households) for member in h.members}
    assisted = {
        index for index, h in enumerate(households) if _OFFICES[h.teryt][1] is not None and rng.random() < 0.7
    }
    family_supported = {
        index
        for index, h in enumerate(households)
        if h.teryt != NOWY_SACZ and any(m.relation == "child" for m in h.members) and rng.random() < 0.12
    }
    for pesel, gmina, birth_date, relation in adults:
        earliest = max(WINDOW_START, _add_months(birth_date, 18 * 12))
        if earliest > date(2026, 9, 30):
            continue
        office, welfare = _OFFICES[gmina]
        household = household_of[pesel]
        social = household in assisted and (relation == "head" or rng.random() < 0.8)
        at_labour_office = rng.random() < (0.84 if social else 0.55)
        cis: tuple[date, date | None] | None = None
        if social and at_labour_office and gmina == NOWY_SACZ and rng.random() < 0.12:
            cis_from = _day_between(
                rng, max(earliest + timedelta(days=120), date(2022, 9, 1)), date(2026, 9, 1)
            )
            cis_end = _add_months(cis_from, rng.randint(6, 12)) - timedelta(days=1)
            cis_to = cis_end if cis_end < DEMO_DAY else None
            cis = (cis_from, cis_to)
            builder.registrations.append(
                SyntheticRegistration(
                    pesel=pesel,
                    institution=CIS_NOWY_SACZ,
                    kind="cis_participant",
                    valid_from=cis_from,
                    valid_to=cis_to,
                    end_reason=_weighted(rng, _CIS_END_REASONS) if cis_to is not None else "",
                    legal_basis=_CIS_ACT,
                )
            )
        if at_labour_office:
            draw = rng.random()
            current_share = 0.62 if social else 0.45
            if draw < current_share * 0.45:
                state = "long"
            elif draw < current_share:
                state = "recent"
            else:
                state = "past"
            builder.labour_office(pesel, office, earliest, state, cis)
        if social and welfare is not None:
            builder.periods_at(
                pesel, welfare, "social_assistance", earliest, current=rng.random() < 0.65,
                months=(3, 18), reasons=_SOCIAL_END_REASONS, legal_basis=_SOCIAL_ACT,
            )  # fmt: skip
        if household in family_supported and relation == "head":
            builder.periods_at(
                pesel, PCPR_CHRZANOW, "family_support", earliest, current=rng.random() < 0.5,
                months=(6, 24), reasons=_FAMILY_END_REASONS, legal_basis=_FAMILY_ACT,
            )  # fmt: skip


def _notes(rng: random.Random, registrations: list[SyntheticRegistration]) -> list[SyntheticNote]:
    """Counselling and social-work notes for a few dozen clients active at both offices on the demo day."""
    active: dict[tuple[str, str], SyntheticRegistration] = {
        (r.pesel, r.institution): r for r in registrations if r.active_on(DEMO_DAY)
    }
    notes: list[SyntheticNote] = []
    for pup, ops in SHARED_PAIRS:
        candidates = sorted(
            pesel for (pesel, institution) in active if institution == pup and (pesel, ops) in active
        )
        for pesel in rng.sample(candidates, min(NOTED_CLIENTS_PER_AREA, len(candidates))):
            for institution, scope, texts in (
                (pup, "counselling_notes", _COUNSELLING_NOTES),
                (ops, "social_work_notes", _SOCIAL_WORK_NOTES),
            ):
                registration = active[(pesel, institution)]
                first = max(registration.valid_from, DEMO_DAY - timedelta(days=300))
                for text in rng.sample(texts, rng.randint(1, 2)):
                    notes.append(
                        SyntheticNote(
                            pesel=pesel,
                            institution=institution,
                            author=NOTE_AUTHORS[institution],
                            scope=scope,
                            written_on=_day_between(rng, first, DEMO_DAY - timedelta(days=1)),
                            text=text,
                        )
                    )
    return notes


def _with_entry_dates(
    persons: list[SyntheticPerson], registrations: list[SyntheticRegistration]
) -> Iterator[SyntheticPerson]:
    """Each person entered at the earlier of joining the household and the first registration."""
    first_seen: dict[str, date] = {}
    for r in registrations:
        if r.pesel not in first_seen or r.valid_from < first_seen[r.pesel]:
            first_seen[r.pesel] = r.valid_from
    for person in persons:
        yield replace(
            person, entered_on=min(person.entered_on, first_seen.get(person.pesel, person.entered_on))
        )
