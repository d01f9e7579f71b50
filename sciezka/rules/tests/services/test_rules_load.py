"""Loading rule files: idempotent, audited, all or nothing; a loaded version never changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from sciezka.accounts.selectors import ActingAs
from sciezka.accounts.tests.factories import MembershipFactory
from sciezka.audit.models import AuditEvent
from sciezka.rules.domain.ruleset import RuleFileError
from sciezka.rules.models import RuleConfirmation, RuleSet, RuleVersion
from sciezka.rules.selectors import RuleNotInForceError, rule_in_force
from sciezka.rules.services import (
    DATA_DIR,
    RuleConfirmError,
    RuleLoadError,
    rule_parameter_confirm,
    rules_load,
)

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def shipped(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def actor(role: str) -> ActingAs:
    return ActingAs.from_membership(MembershipFactory(role=role))


def test_loading_the_shipped_files_creates_every_version_and_records_it() -> None:
    result = rules_load(actor=None)
    assert result.sets == len(list(DATA_DIR.glob("*.yaml")))
    assert result.created == RuleVersion.objects.count() > 0
    assert AuditEvent.objects.filter(event_type="rules.version_loaded").count() == result.created


def test_loading_again_changes_nothing() -> None:
    rules_load(actor=None)
    events = AuditEvent.objects.count()
    again = rules_load(actor=None)
    assert (again.created, again.updated_sets) == (0, 0)
    assert again.unchanged == RuleVersion.objects.count()
    assert AuditEvent.objects.count() == events


def test_a_loaded_version_with_changed_content_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    rules_load(actor=None)
    data = shipped("ipd")
    data["versions"][2]["params"]["contact_every_days"] = 31
    data["versions"].append(
        {**data["versions"][2], "version": "urp-2099", "valid_from": date(2099, 1, 1), "valid_to": None}
    )
    data["versions"][2]["valid_to"] = date(2098, 12, 31)
    before = RuleVersion.objects.count()
    with pytest.raises(RuleLoadError, match="already loaded with different content"):
        rules_load(actor=None, paths=[write(tmp_path, "ipd.yaml", data)])
    assert RuleVersion.objects.count() == before
    assert rule_in_force("ipd", on=date(2026, 1, 1)).params["contact_every_days"] == 30


def test_a_loaded_version_cannot_disappear_from_its_file(tmp_path: Path) -> None:
    rules_load(actor=None)
    data = shipped("pai")
    data["versions"] = data["versions"][:1]
    with pytest.raises(RuleLoadError, match="'pz-2019' of 'pai' is loaded but missing"):
        rules_load(actor=None, paths=[write(tmp_path, "pai.yaml", data)])


def test_an_invalid_file_among_valid_ones_loads_nothing(tmp_path: Path) -> None:
    good = write(tmp_path, "pai.yaml", shipped("pai"))
    bad_data = shipped("ipd")
    bad_data["versions"][1]["valid_from"] = date(2019, 1, 1)
    bad = write(tmp_path, "ipd.yaml", bad_data)
    with pytest.raises(RuleFileError) as caught:
        rules_load(actor=None, paths=[good, bad])
    assert caught.value.source.endswith("ipd.yaml")
    assert any("overlaps" in message for _, message in caught.value.problems)
    assert RuleSet.objects.count() == 0


def test_a_file_that_is_not_utf8_is_named_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("code: reguła_ł".encode("cp1250"))
    with pytest.raises(RuleFileError, match="not UTF-8"):
        rules_load(actor=None, paths=[path])


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("code: a\nversions: [\n  - x: 1\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        rules_load(actor=None, paths=[path])
    assert caught.value.problems[0][0].startswith("line ")


def test_no_version_in_force_is_an_explicit_error(rules_loaded) -> None:
    with pytest.raises(RuleNotInForceError, match="'pai' is in force on 2026-01-01"):
        rule_in_force("pai", on=date(2026, 1, 1))


def test_the_version_in_force_changes_on_the_day_of_the_2025_act(rules_loaded) -> None:
    assert rule_in_force("ipd", on=date(2025, 5, 31)).ref == "ipd@pz-2019"
    assert rule_in_force("ipd", on=date(2025, 6, 1)).ref == "ipd@urp-2025"
    assert rule_in_force("ipd", on=date(2025, 6, 1)).params["contact_every_days"] == 30


def test_unconfirmed_parameters_load_as_pending(rules_loaded) -> None:
    rule = rule_in_force("target_groups", on=date(2020, 1, 1))
    assert rule.is_pending("groups.carer_of_disabled")
    assert not rule.is_pending("groups.under_30")


def test_an_administrator_confirms_a_parameter_with_a_value_and_it_applies(rules_loaded) -> None:
    admin = actor("administrator")
    rule_parameter_confirm(
        actor=admin,
        code="target_groups",
        version="pz-2014",
        path="groups.carer_of_disabled.added_on",
        value="2015-01-01",
        note="checked in ISAP",
    )
    rule = rule_in_force("target_groups", on=date(2020, 1, 1))
    assert not rule.is_pending("groups.carer_of_disabled")
    carer = next(g for g in rule.params["groups"] if g["code"] == "carer_of_disabled")
    assert carer["added_on"] == "2015-01-01"
    event = AuditEvent.objects.get(event_type="rules.parameter_confirmed")
    assert event.data["path"] == "groups.carer_of_disabled.added_on"


@pytest.mark.parametrize(
    ("role", "path", "value", "note", "field"),
    [
        ("caseworker", "groups.carer_of_disabled.added_on", "2015-01-01", "n", "role"),
        ("administrator", "groups.carer_of_disabled.added_on", "2015-01-01", "  ", "note"),
        ("administrator", "groups.under_30", None, "n", "path"),
        ("administrator", "groups.carer_of_disabled.added_on", ["not", "a date"], "n", "value"),
    ],
)
def test_a_confirmation_is_refused_with_the_field_at_fault(
    rules_loaded, role, path, value, note, field
) -> None:
    with pytest.raises(RuleConfirmError) as caught:
        rule_parameter_confirm(
            actor=actor(role), code="target_groups", version="pz-2014", path=path, value=value, note=note
        )
    assert caught.value.field == field
    assert RuleConfirmation.objects.count() == 0


def test_a_version_date_is_acknowledged_but_never_changed_by_a_confirmation(rules_loaded) -> None:
    admin = actor("administrator")
    with pytest.raises(RuleConfirmError, match="new version"):
        rule_parameter_confirm(
            actor=admin, code="profiling", version="pz-2014", path="valid_to", value="2019-06-12", note="n"
        )
    rule_parameter_confirm(
        actor=admin, code="profiling", version="pz-2014", path="valid_to", note="Dz.U. checked"
    )
    rule = rule_in_force("profiling", on=date(2019, 6, 13))
    assert "valid_to" not in rule.pending
    assert rule.spec.valid_to == date(2019, 6, 13)


def test_a_parameter_is_confirmed_only_once(rules_loaded) -> None:
    admin = actor("administrator")
    rule_parameter_confirm(actor=admin, code="pai", version="pz-2019", path="trainer_hourly_cap", note="ok")
    with pytest.raises(RuleConfirmError, match="already confirmed"):
        rule_parameter_confirm(
            actor=admin, code="pai", version="pz-2019", path="trainer_hourly_cap", note="ok"
        )


def test_confirming_a_version_that_is_not_loaded_names_it(rules_loaded) -> None:
    with pytest.raises(RuleConfirmError, match="pai@nope is not loaded"):
        rule_parameter_confirm(actor=actor("administrator"), code="pai", version="nope", path="x", note="n")
