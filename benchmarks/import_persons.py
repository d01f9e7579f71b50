"""Benchmark of ``sciezka import persons`` against PostgreSQL ``COPY`` of the same file.

    uv run python benchmarks/import_persons.py --rows 1000000

Generates a deterministic synthetic CSV (valid PESELs, invented names, one registration per person) in a
temporary directory, creates a dedicated PostgreSQL database (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/sciezka_bench``; dropped first if it exists), migrates it, and measures,
each from empty tables after a ``CHECKPOINT``:

(a) the baseline, in two variants: the file streamed with psycopg's ``cursor.copy()`` into a staging table,
    then ``INSERT … SELECT`` into bare copies of ``registry_person`` and ``registry_registration`` made with
    ``CREATE TABLE … (LIKE … INCLUDING ALL)`` (the same columns, defaults, identity, check constraints and
    indexes), all in one transaction. ``LIKE`` copies no foreign keys: variant ``copy`` has none, variant
    ``copy+fk`` adds the foreign keys the real tables have (registration → person, institution, import run;
    person → import run; deferrable, initially deferred, as Django creates them).
(b) ``sciezka import persons`` of the same file into the real tables.

Each is run as a child process (the baseline as ``benchmarks/import_persons.py --baseline-child``), timed by
wall clock, and its peak RSS read from ``os.wait4``'s resource usage of that child. Prints rows/s and peak
RSS for each, and the ratios. The database is dropped at the end unless ``--keep`` is given. Nothing here
asserts a timing; copy the figures into ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sciezka.common.domain import teryt  # noqa: E402
from sciezka.common.domain.pesel import generate_pesel  # noqa: E402
from sciezka.registry.domain.import_rows import HEADER  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sciezka_bench"
INSTITUTION, USERNAME = "PUP-BENCH", "bench"

FIRST_NAMES_F = (
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Łucja",
    "Zofia",
    "Krystyna",
)
FIRST_NAMES_M = (
    "Jan",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Łukasz",
    "Grzegorz",
    "Józef",
)
LAST_STEMS = (
    "Nowak", "Kowalczyk", "Wiśniew", "Wójcik", "Kamiń", "Lewandow", "Zieliń", "Szymań", "Woźniak",
    "Dąbrow", "Kozłow", "Jankow", "Mazur", "Kwiatkow", "Krawczyk", "Piotrow", "Grabow", "Żółćkow",
)  # fmt: skip
STREETS = ("Długa", "Krakowska", "Ogrodowa", "Polna", "Słoneczna", "Szkolna", "Leśna", "Kościuszki")
KINDS = ("unemployed", "job_seeker", "social_assistance", "family_support", "unemployed", "unemployed")
BIRTH_DAYS = 20_000  # birth dates 1950-01-01 … 2004-10-04
EPOCH = dt.date(1950, 1, 1)


# --- the synthetic file -------------------------------------------------------------------------------


def person_row(i: int, gminas: tuple[str, ...]) -> list[str]:
    """Row ``i``: deterministic; the PESELs are unique up to 200 million rows and come in no useful order."""
    combo = (i * 7919) % (2 * BIRTH_DAYS)
    birth = EPOCH + dt.timedelta(days=combo // 2)
    sex = "F" if combo % 2 == 0 else "M"
    pesel = generate_pesel(birth, sex, i // (2 * BIRTH_DAYS))
    stem = LAST_STEMS[i % len(LAST_STEMS)]
    last = stem + ("ska" if sex == "F" else "ski") if stem.endswith(("ń", "w")) else stem
    first = FIRST_NAMES_F[(i // 7) % 9] if sex == "F" else FIRST_NAMES_M[(i // 7) % 10]
    kind = KINDS[i % len(KINDS)]
    valid_from = dt.date(2024, 1, 2) + dt.timedelta(days=i % 700)
    valid_to = valid_from + dt.timedelta(days=90 + i % 300) if i % 5 == 0 else None
    benefit_from = valid_from + dt.timedelta(days=7) if kind == "unemployed" and i % 3 == 0 else None
    benefit_to = benefit_from + dt.timedelta(days=180) if benefit_from else None
    return [
        pesel,
        first,
        last,
        birth.isoformat(),
        sex,
        gminas[i % len(gminas)],
        f"ul. {STREETS[i % len(STREETS)]} {i % 150 + 1}",
        kind,
        valid_from.isoformat(),
        valid_to.isoformat() if valid_to else "",
        benefit_from.isoformat() if benefit_from else "",
        benefit_to.isoformat() if benefit_to else "",
    ]


def write_csv(path: Path, rows: int) -> None:
    gminas = tuple(g.code for g in teryt.all_gminas())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(person_row(i, gminas))


# --- the database -------------------------------------------------------------------------------------


def server_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = database_name(url)
    with psycopg.connect(server_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database_name(url)))
        )


def child_env(url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=url, SCIEZKA_MODE="development", SCIEZKA_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT)
    )
    return env


def prepare_schema(url: str, data_dir: Path) -> None:
    """Migrate and create the importing institution and its caseworker (in this process)."""
    os.environ.update(child_env(url, data_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sciezka.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from sciezka.accounts.services import institution_create, membership_grant, user_create

    call_command("migrate", verbosity=0)
    institution = institution_create(
        actor=None, code=INSTITUTION, kind="PUP", name="PUP benchmark", teryt_code="1203"
    )
    user = user_create(actor=None, username=USERNAME, password=None)
    membership_grant(actor=None, user=user, institution=institution, role="caseworker")


def reset_tables(url: str) -> None:
    """Empty what (a) and (b) write, and checkpoint, so each measurement starts alike."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_registration, bench_person, bench_stage")
        conn.execute("TRUNCATE registry_peselhistory, registry_registration, registry_person CASCADE")
        conn.execute("VACUUM ANALYZE registry_person, registry_registration, registry_peselhistory")
        conn.execute("CHECKPOINT")


# --- (a) the COPY baseline (run in a child process) ---------------------------------------------------

BASELINE_SETUP = """
CREATE TABLE bench_stage (
    pesel text, first_name text, last_name text, birth_date date, sex text, teryt text, street text,
    kind text, valid_from date, valid_to date, benefit_from date, benefit_to date
);
CREATE TABLE bench_person (LIKE registry_person INCLUDING ALL);
CREATE TABLE bench_registration (LIKE registry_registration INCLUDING ALL);
"""
BASELINE_FOREIGN_KEYS = """
ALTER TABLE bench_person ADD FOREIGN KEY (source_import_id) REFERENCES registry_importrun (id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE bench_registration ADD FOREIGN KEY (person_id) REFERENCES bench_person (id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE bench_registration ADD FOREIGN KEY (institution_id) REFERENCES accounts_institution (id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE bench_registration ADD FOREIGN KEY (source_import_id) REFERENCES registry_importrun (id)
    DEFERRABLE INITIALLY DEFERRED;
"""
BASELINE_LOAD = """
INSERT INTO bench_person (
    public_id, pesel, alt_id_kind, alt_id, first_name, second_name, last_name, last_name_folded, birth_date,
    sex, teryt, street, postal_code, phone, email, source_import_id, created_at, updated_at
)
SELECT gen_random_uuid(), pesel, '', '', first_name, '', last_name,
       lower(translate(last_name, 'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ', 'acelnoszzACELNOSZZ')), birth_date, sex, teryt, street,
       '', '', '', %(run)s, now(), now()
FROM bench_stage;
INSERT INTO bench_registration (
    person_id, institution_id, kind, valid_from, valid_to, benefit_right, benefit_from, benefit_to,
    end_reason, legal_basis, source_import_id, created_at
)
SELECT p.id, %(institution)s, s.kind, s.valid_from, s.valid_to, CASE WHEN s.benefit_from IS NOT NULL THEN true END,
       s.benefit_from, s.benefit_to, '', '', %(run)s, now()
FROM bench_stage s JOIN bench_person p ON p.pesel = s.pesel;
"""


def baseline_child(url: str, path: Path, foreign_keys: bool) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        ids = conn.execute(
            "SELECT (SELECT id FROM accounts_institution WHERE code = %s), (SELECT max(id) FROM registry_importrun)",
            (INSTITUTION,),
        ).fetchone()
        assert ids is not None
        conn.execute(BASELINE_SETUP)
        if foreign_keys:
            conn.execute(BASELINE_FOREIGN_KEYS)
        with conn.cursor() as cursor:
            copy_statement = "COPY bench_stage FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')"
            with cursor.copy(copy_statement) as copy, path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            for statement in BASELINE_LOAD.strip().split(";\n"):
                cursor.execute(statement, {"institution": ids[0], "run": ids[1]})
        conn.commit()


# --- measuring ------------------------------------------------------------------------------------------


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes and stdout of one child process.

    The child is reaped with ``os.wait4``, whose resource usage is that child's alone (``ru_maxrss`` is in
    KiB on Linux); ``getrusage(RUSAGE_CHILDREN)`` would give the maximum over all children so far.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{stderr}")
    return seconds, usage.ru_maxrss * 1024, stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="Measure each this many times (median reported)."
    )
    parser.add_argument("--workers", type=int, default=None, help="Passed to the import (default: its own).")
    parser.add_argument("--batch-size", type=int, default=None, help="Passed to the import.")
    parser.add_argument("--keep", action="store_true", help="Keep the database and the file.")
    parser.add_argument("--baseline-child", nargs=3, metavar=("URL", "FILE", "FK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        url, path, fk = args.baseline_child
        baseline_child(url, Path(path), fk == "fk")
        return

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    work = Path(tempfile.mkdtemp(prefix="sciezka-bench-import-"))
    path = work / "persons.csv"
    started = time.perf_counter()
    write_csv(path, args.rows)
    print(
        f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - started:.1f} s"
    )
    recreate_database(url)
    env = child_env(url, work)
    try:
        prepare_schema(url, work)
        import_command = [sys.executable, "-m", "sciezka.cli", "import", "persons", str(path),
                          "--institution", INSTITUTION, "--user", USERNAME]  # fmt: skip
        if args.workers is not None:
            import_command += ["--workers", str(args.workers)]
        if args.batch_size is not None:
            import_command += ["--batch-size", str(args.batch_size)]
        variants = {
            "copy": [sys.executable, __file__, "--baseline-child", url, str(path), "nofk"],
            "copy+fk": [sys.executable, __file__, "--baseline-child", url, str(path), "fk"],
            "import": import_command,
        }
        results: dict[str, list[tuple[float, int]]] = {name: [] for name in variants}
        for attempt in range(args.repeat):
            for name, command in variants.items():
                reset_tables(url)
                seconds, rss, stdout = measure(command, env)
                results[name].append((seconds, rss))
                extra = f"  {stdout.splitlines()[-1]}" if name == "import" else ""
                print(f"[{attempt + 1}/{args.repeat}] {name:8} {seconds:7.2f} s  {args.rows / seconds:9,.0f} rows/s  "
                      f"peak RSS {rss / 2**20:6.0f} MiB{extra}", flush=True)  # fmt: skip
        report(results, args.rows)
    finally:
        if args.keep:
            print(f"kept the database {database_name(url)} and {path}")
        else:
            drop_database(url)
            shutil.rmtree(work, ignore_errors=True)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def report(results: dict[str, list[tuple[float, int]]], rows: int) -> None:
    seconds = {name: median([s for s, _ in runs]) for name, runs in results.items()}
    rss = {name: max(r for _, r in runs) for name, runs in results.items()}
    summary = {
        name: {
            "seconds": round(seconds[name], 2),
            "rows_per_second": round(rows / seconds[name]),
            "peak_rss_mib": round(rss[name] / 2**20),
        }
        for name in results
    }
    print()
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    for name, figures in summary.items():
        print(f"{name:8} {figures['seconds']:7.2f} s  {figures['rows_per_second']:9,} rows/s  "
              f"peak RSS {figures['peak_rss_mib']:5} MiB")  # fmt: skip
    print(f"import / copy    = {seconds['copy'] / seconds['import']:.2f} of the baseline's throughput")
    print(f"import / copy+fk = {seconds['copy+fk'] / seconds['import']:.2f} of the baseline's throughput")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
