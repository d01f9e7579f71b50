"""``sciezka calendar``, ``sciezka pesel`` and ``sciezka teryt``: output and exit codes.

Most tests go through ``call_command``; ``test_exit_codes_of_the_real_entry_point`` runs ``sciezka.cli.main``
in-process, and one test starts a real process, to prove the exit codes a shell sees (0, 1, 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sciezka.cli import main


def run(*args: str) -> str:
    """The command's stdout (without the final newline) via ``call_command``."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().rstrip("\n")


def run_failing(*args: str) -> tuple[int | str | None, str]:
    """The exit code and stdout of a command expected to raise ``SystemExit``."""
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(*args, stdout=out, stderr=StringIO())
    return exited.value.code, out.getvalue().rstrip("\n")


def exit_code_of_main(argv: list[str]) -> int | str | None:
    """The exit status ``sciezka ARGV`` would give, run in-process through the console script's ``main``."""
    try:
        main(argv)
    except SystemExit as exited:
        return exited.code
    return 0


# calendar


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["--from", "2025-12-22", "--days", "3", "--kind", "working"], "2025-12-30"),
        (["--from", "2025-12-30", "--days", "-3", "--kind", "working"], "2025-12-22"),
        (["--from", "2025-12-10", "--days", "14", "--kind", "calendar"], "2025-12-29"),
        (["--from", "2025-03-01", "--days", "14", "--kind", "calendar"], "2025-03-17"),
    ],
)
def test_calendar_deadline_prints_the_bare_date(args: list[str], printed: str) -> None:
    assert run("calendar", "deadline", *args) == printed


@pytest.mark.parametrize(
    ("start", "end", "printed"),
    [
        ("2025-12-22", "2025-12-30", "3"),
        ("2025-12-30", "2025-12-22", "-3"),
        ("2024-12-31", "2025-12-31", "251"),
    ],
)
def test_calendar_between_prints_an_integer(start: str, end: str, printed: str) -> None:
    assert run("calendar", "between", "--from", start, "--to", end) == printed


@pytest.mark.parametrize(
    ("day", "printed"), [("2024-12-24", "true"), ("2025-12-24", "false"), ("2025-12-27", "false")]
)
def test_calendar_is_working_day_prints_true_or_false(day: str, printed: str) -> None:
    assert run("calendar", "is-working-day", "--date", day) == printed


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param(
            ["deadline", "--from", "2025-13-01", "--days", "3", "--kind", "working"], "--from", id="date"
        ),
        pytest.param(
            ["deadline", "--from", "2025-12-22", "--days", "x", "--kind", "working"], "--days", id="days"
        ),
        pytest.param(
            ["deadline", "--from", "2025-12-22", "--days", "3", "--kind", "weeks"], "--kind", id="kind"
        ),
        pytest.param(["deadline", "--from", "2025-12-22", "--kind", "working"], "--days", id="missing-days"),
        pytest.param(["between", "--from", "2025-12-22", "--to", "22.12.2025"], "--to", id="between-date"),
        pytest.param(["is-working-day"], "--date", id="missing-date"),
        pytest.param([], "action", id="missing-action"),
    ],
)
def test_calendar_bad_input_names_the_field(args: list[str], field: str) -> None:
    with pytest.raises(CommandError, match=field):
        run("calendar", *args)


def test_calendar_negative_calendar_term_is_refused_with_exit_code_2() -> None:
    with pytest.raises(CommandError, match="argument --days: a calendar term cannot be negative") as refused:
        run("calendar", "deadline", "--from", "2025-12-22", "--days", "-3", "--kind", "calendar")
    assert refused.value.returncode == 2


# pesel


def test_pesel_check_prints_exactly_the_documented_json() -> None:
    assert run("pesel", "check", "44051401359") == '{"valid": true, "birth_date": "1944-05-14", "sex": "M"}'


def test_pesel_check_of_a_female_number() -> None:
    assert json.loads(run("pesel", "check", "02270803624")) == {
        "valid": True,
        "birth_date": "2002-07-08",
        "sex": "F",
    }


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("44051401358", "checksum"),
        ("4405140135", "length"),
        ("4405140135X", "non_digit"),
        ("44131401350", "impossible_date"),
    ],
)
def test_pesel_check_of_an_invalid_number_prints_the_reason_and_exits_1(number: str, reason: str) -> None:
    code, printed = run_failing("pesel", "check", number)
    assert (code, json.loads(printed)["valid"], json.loads(printed)["reason"]) == (1, False, reason)


def test_pesel_check_of_an_invalid_number_explains_the_reason() -> None:
    _, printed = run_failing("pesel", "check", "44051401358")
    assert list(json.loads(printed)) == ["valid", "reason", "message"]


def test_pesel_generate_prints_a_number_that_checks_valid() -> None:
    number = run("pesel", "generate", "--birth-date", "2250-03-01", "--sex", "F", "--serial", "7")
    assert json.loads(run("pesel", "check", number)) == {
        "valid": True,
        "birth_date": "2250-03-01",
        "sex": "F",
    }


def test_pesel_generate_refuses_a_date_pesel_cannot_encode_with_exit_code_2() -> None:
    with pytest.raises(CommandError, match="outside 1800–2299") as refused:
        run("pesel", "generate", "--birth-date", "1799-12-31", "--sex", "F")
    assert refused.value.returncode == 2


def test_pesel_check_without_a_number_names_the_missing_argument() -> None:
    with pytest.raises(CommandError, match="number"):
        run("pesel", "check")


# teryt


def test_teryt_show_of_a_powiat_lists_its_gminas() -> None:
    shown = json.loads(run("teryt", "show", "1203"))
    assert (shown["powiat"]["name"], [g["code"] for g in shown["gminas"]]) == (
        "chrzanowski",
        ["1203013", "1203022", "1203033", "1203043", "1203053"],
    )


def test_teryt_show_of_a_gmina_gives_its_powiat() -> None:
    assert json.loads(run("teryt", "show", "1210092")) == {
        "gmina": {
            "level": "gmina",
            "code": "1210092",
            "name": "Łącko",
            "kind": "gmina wiejska",
            "powiat_code": "1210",
        },
        "powiat": {"level": "powiat", "code": "1210", "name": "nowosądecki", "kind": "powiat"},
    }


def test_teryt_output_keeps_polish_letters_readable() -> None:
    assert "Łącko" in run("teryt", "show", "1210092")


def test_teryt_find_prints_all_matches() -> None:
    assert [m["code"] for m in json.loads(run("teryt", "find", "tarnow"))] == ["1263", "1216092", "1263011"]


def test_teryt_find_without_matches_prints_an_empty_list() -> None:
    assert run("teryt", "find", "Atlantyda") == "[]"


@pytest.mark.parametrize("code", ["9999", "1203011", "12"])
def test_teryt_show_of_an_unknown_code_names_the_argument_with_exit_code_2(code: str) -> None:
    with pytest.raises(CommandError, match=rf"argument code: unknown .*code '{code}'") as refused:
        run("teryt", "show", code)
    assert refused.value.returncode == 2


# The real entry point


@pytest.mark.parametrize(
    ("argv", "status", "stdout", "stderr"),
    [
        pytest.param(
            ["calendar", "deadline", "--from", "2025-12-22", "--days", "3", "--kind", "working"],
            0,
            "2025-12-30\n",
            "",
            id="ok",
        ),
        pytest.param(
            ["calendar", "deadline", "--from", "2025-12-32", "--days", "3", "--kind", "working"],
            2,
            "",
            "argument --from: '2025-12-32' is not a date (expected YYYY-MM-DD)",
            id="malformed-date",
        ),
        pytest.param(
            ["calendar", "deadline", "--from", "2025-12-22", "--days", "3", "--kind", "weeks"],
            2,
            "",
            "argument --kind: invalid choice: 'weeks'",
            id="unknown-kind",
        ),
        pytest.param(
            ["calendar", "deadline", "--from", "2025-12-22", "--kind", "working"],
            2,
            "",
            "the following arguments are required: --days",
            id="missing-argument",
        ),
        pytest.param(
            ["teryt", "show", "9999"], 2, "", "argument code: unknown powiat code '9999'", id="teryt"
        ),
        pytest.param(
            ["pesel", "check", "44051401358"],
            1,
            '{"valid": false, "reason": "checksum", ',
            "",
            id="invalid-pesel",
        ),
    ],
)
def test_exit_codes_of_the_real_entry_point(
    capsys: pytest.CaptureFixture[str], argv: list[str], status: int, stdout: str, stderr: str
) -> None:
    code = exit_code_of_main(argv)
    captured = capsys.readouterr()
    assert (code, captured.out.startswith(stdout), stderr in captured.err) == (status, True, True)


@pytest.mark.parametrize(
    ("argv", "status", "stdout"),
    [
        (["pesel", "check", "44051401359"], 0, '{"valid": true, "birth_date": "1944-05-14", "sex": "M"}\n'),
        (["pesel", "check", "44051401358"], 1, '{"valid": false, "reason": "checksum", '),
        (["calendar", "between", "--from", "2025-12-22", "--to", "tomorrow"], 2, ""),
    ],
    ids=["valid", "invalid", "bad-input"],
)
def test_console_script_exit_codes_in_a_real_process(argv: list[str], status: int, stdout: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sciezka.cli", *argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout.startswith(stdout)) == (status, True)
