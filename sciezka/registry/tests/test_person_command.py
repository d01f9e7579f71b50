"""``sciezka person show`` and ``sciezka person report``: JSON output, exit codes, reads logged on the CLI channel."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections

from sciezka.audit.models import AccessLogEntry
from sciezka.cli import main

pytestmark = pytest.mark.django_db

ON = ["--on", "2026-03-02"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("person", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch) -> None:
    """``run_from_argv`` closes every connection when a command ends, which on PostgreSQL would end the
    test's transaction; the commands under test run in-process, inside it."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def exit_of_main(argv: list[str], capsys) -> tuple[int | str | None, str]:
    """The exit status and stderr that ``sciezka ARGV`` gives, run in-process through the console script."""
    try:
        main(argv)
    except SystemExit as exited:
        return exited.code, capsys.readouterr().err
    return 0, capsys.readouterr().err


def test_show_prints_the_person_as_json_and_logs_one_read_on_the_cli_channel(world) -> None:
    user = world.actor(world.ops).user.username
    shown = json.loads(run("show", world.shared.pesel, "--user", user, "--purpose", "case_handling", *ON))
    assert (shown["last_name"], [r["institution_code"] for r in shown["registrations"]]) == (
        world.shared.last_name,
        ["PUP-X", "OPS-X"],
    )
    assert list(AccessLogEntry.objects.values_list("username", "purpose", "what", "channel")) == [
        (user, "case_handling", "person", "cli")
    ]


def test_report_prints_json_with_every_institution_and_its_own_log_entry(world) -> None:
    user = world.actor(world.pup).user.username
    report = json.loads(
        run("report", world.shared.pesel, "--user", user, "--purpose", "data_subject_request", *ON)
    )
    assert ([s["code"] for s in report["institutions"]], report["complete"]) == (["OPS-X", "PUP-X"], True)
    assert [(e["institution_code"], e["what"], e["channel"]) for e in report["access_log"]] == [
        ("PUP-X", "data_subject_report", "cli")
    ]
    assert AccessLogEntry.objects.get().channel == "cli"


def test_report_writes_a_pdf_to_the_output_file(world, tmp_path) -> None:
    user = world.actor(world.pup).user.username
    output = tmp_path / "raport.pdf"
    run("report", world.shared.pesel, "--user", user, "--purpose", "data_subject_request", "--format", "pdf",
        "--output", str(output), *ON)  # fmt: skip
    assert (output.read_bytes()[:4], AccessLogEntry.objects.count()) == (b"%PDF", 1)


def test_the_commands_exit_0_on_success(world, capsys) -> None:
    user = world.actor(world.pup).user.username
    argv = ["person", "show", world.pup_only.pesel, "--user", user, "--purpose", "case_handling", *ON]
    assert exit_of_main(argv, capsys) == (0, "")


@pytest.mark.parametrize("command", ["show", "report"])
@pytest.mark.parametrize("who", ["nobody has this PESEL", "another institution's client"])
def test_unknown_and_invisible_persons_get_the_same_not_found_and_exit_2(world, capsys, command, who) -> None:
    user = world.actor(world.stranger).user.username
    pesel = {"nobody has this PESEL": "44051401359", "another institution's client": world.shared.pesel}[who]
    argv = ["person", command, pesel, "--user", user, "--purpose", "case_handling", *ON]
    code, err = exit_of_main(argv, capsys)
    assert (code, err.strip().endswith("not found"), AccessLogEntry.objects.count()) == (2, True, 0)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--user", "nobody", "--purpose", "case_handling"], "--user"),
        (["--user", "pup-x.caseworker", "--purpose", "curiosity"], "--purpose"),
        (["--user", "pup-x.caseworker", "--purpose", "case_handling", "--institution", "OPS-Y"], "--user"),
    ],
    ids=["unknown user", "unknown purpose", "no role at the institution"],
)
def test_unknown_user_or_purpose_exits_2_naming_the_option(world, capsys, args, named) -> None:
    world.actor(world.pup)
    code, err = exit_of_main(["person", "show", world.shared.pesel, *args, *ON], capsys)
    assert (code, named in err, AccessLogEntry.objects.count()) == (2, True, 0)


def test_a_pdf_report_without_an_output_file_exits_2(world, capsys) -> None:
    user = world.actor(world.pup).user.username
    argv = ["person", "report", world.shared.pesel, "--user", user, "--purpose", "audit", "--format", "pdf"]
    code, err = exit_of_main(argv, capsys)
    assert (code, "--output" in err, AccessLogEntry.objects.count()) == (2, True, 0)
