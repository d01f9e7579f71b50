"""``sciezka import persons``: the JSON summary on stdout's last line, the exit codes, the messages."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sciezka.accounts.tests.factories import InstitutionFactory, MembershipFactory
from sciezka.registry.models import ImportRun, Person
from sciezka.registry.tests.test_import_fixtures import make_importer, pesel_for, row, write_csv

pytestmark = pytest.mark.django_db
# The command's module is named after the command, a Python keyword.
ProgressLine = importlib.import_module("sciezka.registry.management.commands.import").ProgressLine


@pytest.fixture
def importer(db):
    return make_importer()


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", "persons", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as error:
        run(*args)
    return error.value


def test_the_last_line_on_stdout_is_the_json_summary_with_its_keys_in_order(importer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1), row(2, pesel="92071408244")])
    stdout, _ = run(str(path), "--institution", "PUP-IMP", "--user", "importer")
    last = stdout.splitlines()[-1]
    assert last == '{"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}'
    assert list(json.loads(last)) == ["created", "updated", "unchanged", "rejected"]


def test_rejected_rows_are_announced_on_stderr_with_the_rejects_file(importer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0, teryt="1299999")])
    _, stderr = run(str(path), "--institution", "PUP-IMP", "--user", "importer")
    assert stderr.strip() == f"{path}: 1 row(s) rejected, see {path}.rejects.csv"


def test_a_second_run_reports_every_row_unchanged(importer, tmp_path) -> None:
    path = write_csv(tmp_path / "clients.csv", [row(0), row(1)])
    run(str(path), "--institution", "PUP-IMP", "--user", "importer")
    stdout, _ = run(str(path), "--institution", "PUP-IMP", "--user", "importer", "--batch-size", "1")
    assert json.loads(stdout.splitlines()[-1]) == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


@pytest.mark.parametrize(
    ("institution", "user", "message"),
    [
        ("PUP-NONE", "importer", "--institution: no active institution 'PUP-NONE'"),
        ("PUP-IMP", "nobody", "--user: no active user 'nobody'"),
        ("OPS-OTHER", "importer", "--user: user 'importer' has no active role at OPS-OTHER"),
    ],
    ids=["unknown-institution", "unknown-user", "user-of-another-institution"],
)
def test_who_may_not_import_for_the_institution_gets_exit_2(
    importer, tmp_path, institution, user, message
) -> None:
    InstitutionFactory(code="OPS-OTHER", kind="OPS")
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    error = refused(str(path), "--institution", institution, "--user", user)
    assert (error.returncode, str(error)) == (2, message)
    assert (ImportRun.objects.count(), Person.objects.count()) == (0, 0)


def test_a_role_that_may_not_record_clients_data_gets_exit_2(tmp_path) -> None:
    MembershipFactory(
        institution=InstitutionFactory(code="PUP-AUD"), user__username="auditor", role="auditor"
    )
    path = write_csv(tmp_path / "clients.csv", [row(0)])
    error = refused(str(path), "--institution", "PUP-AUD", "--user", "auditor")
    assert (error.returncode, str(error)) == (2, "--user: the role auditor cannot record clients' data")


def test_a_wrong_header_gets_exit_2_naming_file_line_and_column(importer, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("pesel;imie\n" + pesel_for(0) + ";Anna\n", encoding="utf-8")
    error = refused(str(path), "--institution", "PUP-IMP", "--user", "importer")
    assert (error.returncode, str(error).split(";")[0]) == (
        2,
        f"{path}, line 1, field imie: column 2 is 'imie', expected 'first_name'",
    )
    assert ImportRun.objects.count() == 0


def test_a_missing_file_gets_exit_2(importer, tmp_path) -> None:
    error = refused(str(tmp_path / "absent.csv"), "--institution", "PUP-IMP", "--user", "importer")
    assert (error.returncode, str(error)) == (
        2,
        f"{tmp_path / 'absent.csv'}: cannot be read (No such file or directory)",
    )


def test_the_subcommand_is_required() -> None:
    with pytest.raises(CommandError, match=r"the following arguments are required: \{persons\}"):
        call_command("import", stdout=StringIO(), stderr=StringIO())


def test_the_progress_line_redraws_one_line_with_share_and_rows() -> None:
    stream = StringIO()
    bar = ProgressLine(stream, "clients.csv")
    bar(5, 10)
    bar.finish()
    assert stream.getvalue().startswith("\rclients.csv [###############...............]  50% 5/10 rows, ")
    assert stream.getvalue().endswith(" rows/s\n")


def cli_env(data_dir: Path) -> dict[str, str]:
    """A fresh SQLite database in ``data_dir``, whatever database the test suite uses."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SCIEZKA_MODE", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(SCIEZKA_DATA_DIR=str(data_dir), SCIEZKA_MODE="development")
    return env


SETUP = """
from sciezka.accounts.services import institution_create, membership_grant, user_create
institution = institution_create(actor=None, code="PUP-CLI", kind="PUP", name="PUP CLI", teryt_code="1203")
membership_grant(actor=None, user=user_create(actor=None, username="cli", password=None), institution=institution,
                 role="caseworker")
"""


def sciezka(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciezka.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=False)
def test_a_real_process_prints_the_summary_last_and_exits_0_then_2_for_a_bad_file(tmp_path) -> None:
    env = cli_env(tmp_path)
    assert sciezka("migrate", "-v0", env=env).returncode == 0
    assert sciezka("shell", "-c", SETUP, env=env).returncode == 0
    good = write_csv(tmp_path / "clients.csv", [row(0), row(1, teryt="1299999")])
    bad = tmp_path / "bad.csv"
    bad.write_text("", encoding="utf-8")
    done = sciezka("import", "persons", str(good), "--institution", "PUP-CLI", "--user", "cli", env=env)
    failed = sciezka("import", "persons", str(bad), "--institution", "PUP-CLI", "--user", "cli", env=env)
    assert (done.returncode, json.loads(done.stdout.splitlines()[-1])) == (
        0,
        {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1},
    )
    assert (failed.returncode, failed.stdout, f"{bad}, line 1: the file is empty" in failed.stderr) == (
        2,
        "",
        True,
    )
