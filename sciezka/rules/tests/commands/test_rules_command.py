from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sciezka.accounts.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("rules", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_prints_the_counts_as_json_on_the_last_line() -> None:
    first = json.loads(run("load").strip().splitlines()[-1])
    second = json.loads(run("load").strip().splitlines()[-1])
    assert first["created"] > 0
    assert (second["created"], second["unchanged"]) == (0, first["created"])


def test_load_with_a_user_records_them(rules_loaded) -> None:
    MembershipFactory(user__username="admin1", role="administrator")
    assert json.loads(run("load", "--user", "admin1").splitlines()[-1])["created"] == 0


def test_show_prints_the_version_in_force_with_its_basis(rules_loaded) -> None:
    shown = json.loads(run("show", "target_groups", "--on", "2014-05-27"))
    assert shown["rule"] == "target_groups@pz-2014"
    assert shown["legal_basis"]["dz_u"] == "Dz.U. 2014 poz. 598"
    assert [g["code"] for g in shown["params"]["groups"]][:2] == ["under_30", "long_term_unemployed"]
    assert {k: shown["unconfirmed"][0][k] for k in ("path", "confirmed")} == {
        "path": "groups.carer_of_disabled.added_on",
        "confirmed": False,
    }


def test_show_the_day_before_a_change_gives_the_previous_version(rules_loaded) -> None:
    assert json.loads(run("show", "target_groups", "--on", "2014-05-26"))["version"] == "pz-2009"


def test_show_exits_1_when_no_version_is_in_force(rules_loaded) -> None:
    with pytest.raises(SystemExit) as caught:
        run("show", "pai", "--on", "2026-01-01")
    assert caught.value.code == 1


def test_a_bad_file_names_the_file_and_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("code: x\ntitle: {pl: a, en: b}\nschema: pai\nversions: []\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("rules", "load", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}: versions: required" in err.getvalue()


def test_confirm_by_an_administrator(rules_loaded) -> None:
    MembershipFactory(user__username="admin2", role="administrator")
    out = run(
        "confirm",
        "pai@pz-2019",
        "trainer_hourly_cap",
        "--value",
        '"75.00"',
        "--note",
        "checked",
        "--user",
        "admin2",
    )
    assert "confirmed" in out
    assert json.loads(run("show", "pai", "--on", "2020-01-01"))["params"]["trainer_hourly_cap"] == "75.00"


def test_confirm_refuses_a_value_that_is_not_json(rules_loaded) -> None:
    MembershipFactory(user__username="admin3", role="administrator")
    with pytest.raises(CommandError, match="--value: not JSON"):
        run(
            "confirm",
            "pai@pz-2019",
            "trainer_hourly_cap",
            "--value",
            "75,00",
            "--note",
            "n",
            "--user",
            "admin3",
        )
