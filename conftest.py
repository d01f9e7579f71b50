"""Project-wide fixtures. The test settings (``sciezka.config.settings_test``) set the mode and data directory."""

import pytest


@pytest.fixture
def caseworker(db):
    from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory

    institution = InstitutionFactory(code="PUP-TEST", name="Powiatowy Urząd Pracy testowy")
    return MembershipFactory(institution=institution, user__username="caseworker").user


@pytest.fixture
def rules_loaded(db):
    """The shipped rule files, loaded as ``sciezka rules load`` does."""
    from sciezka.rules.services import rules_load

    return rules_load(actor=None)
