from __future__ import annotations

import datetime as dt

import factory

from sciezka.common.domain.pesel import generate_pesel
from sciezka.referrals.models import Agreement
from sciezka.registry.domain.names import fold_name
from sciezka.registry.models import Person, Registration


def _pesel(n: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=(n * 37) % 15000)
    return generate_pesel(birth, "F" if n % 2 else "M", n % 1000)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    pesel = factory.Sequence(_pesel)
    first_name = factory.Iterator(["Anna", "Jan", "Maria", "Piotr", "Zofia", "Tomasz"])
    last_name = factory.Sequence(lambda n: f"Kowalczyk{n}")
    last_name_folded = factory.LazyAttribute(lambda o: fold_name(o.last_name))
    birth_date = factory.LazyAttribute(lambda o: _birth(o.pesel))
    sex = factory.LazyAttribute(lambda o: "F" if int(o.pesel[9]) % 2 == 0 else "M")
    teryt = "1203033"
    street = "ul. Testowa 1"


def _birth(pesel: str) -> dt.date:
    from sciezka.common.domain.pesel import check_pesel

    result = check_pesel(pesel)
    assert result.birth_date is not None
    return result.birth_date


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    person = factory.SubFactory(PersonFactory)
    institution = factory.SubFactory("sciezka.accounts.tests.factories.InstitutionFactory")
    kind = "unemployed"
    valid_from = dt.date(2026, 1, 5)
    valid_to = None


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"AGR-{n}")
    title = "Porozumienie o współpracy"
    registration_kinds = factory.LazyFunction(lambda: ["unemployed", "social_assistance"])
    data_scopes = factory.LazyFunction(lambda: ["identity", "registration_status", "benefit"])
    valid_from = dt.date(2025, 1, 1)
    valid_to = None

    @factory.post_generation
    def parties(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.parties.set(extracted)
