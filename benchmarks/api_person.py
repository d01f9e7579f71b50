"""HTTP benchmark of ``GET /api/v1/persons/{pesel}`` (policy + access log) against a bare one-row JSON view.

    uv run python benchmarks/api_person.py --persons 1000000 --duration 20 --connections 32

Creates the PostgreSQL database ``sciezka_bench_api`` (DATABASE_URL's server; default
postgres://postgres@127.0.0.1:5432), migrates it, loads N synthetic persons with one active unemployed
registration each at PUP-BENCH by COPY (fixture data, not the import path), starts gunicorn (2 sync
workers) on loopback, and runs wrk twice in the same run — the bare view, then the API — with random
PESELs from the loaded set. Prints req/s, p50 and p99 for both. Drops nothing: rerun with --reuse to skip
the load. Requires wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "sciezka_bench_api"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def sh(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout


def bench_env(port: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{SERVER}/{DB}",
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        SCIEZKA_MODE="production",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(persons: int, reuse: bool) -> list[str]:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {DB}")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {DB}")
    env = bench_env()
    sh(sys.executable, "-m", "sciezka.cli", "migrate", "--verbosity", "0", env=env)
    script = (
        "import django; django.setup();"
        "from sciezka.accounts.models import *;"
        "from sciezka.accounts.services import *;"
        "from django.db import transaction;"
        "i = Institution.objects.filter(code='PUP-BENCH').first() or institution_create(actor=None, code='PUP-BENCH', kind='PUP', name='PUP benchmark', teryt_code='1203');"
        "u = User.objects.filter(username='bench').first() or user_create(actor=None, username='bench', password=None);"
        "membership_grant(actor=None, user=u, institution=i, role='caseworker');"
        "print(i.pk, token_create(actor=None, user=u, name='bench').secret)"
    )
    institution_id, token = sh(sys.executable, "-c", script, env=env).split()
    from sciezka.common.domain.pesel import generate_pesel

    rng = random.Random(1)
    pesels: list[str] = []
    with psycopg.connect(f"{SERVER}/{DB}") as conn:
        have = conn.execute("SELECT count(*) FROM registry_person").fetchone()[0]
        if have < persons:
            conn.execute("TRUNCATE registry_registration, registry_person CASCADE")
            now = dt.datetime.now(dt.UTC)
            with conn.cursor().copy(
                "COPY registry_person (public_id, pesel, alt_id_kind, alt_id, first_name, second_name, last_name,"
                " last_name_folded, birth_date, sex, teryt, street, postal_code, phone, email, created_at, updated_at)"
                " FROM STDIN"
            ) as copy:
                for n in range(persons):
                    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n % 20000)
                    sex = "F" if n % 2 else "M"
                    pesel = generate_pesel(birth, sex, n // 20000 % 5000)
                    name = f"Nazwisko{n}"
                    copy.write_row((uuid.UUID(int=rng.getrandbits(128), version=4), pesel, "", "", "Jan", "", name,
                                    name.lower(), birth, sex, "1203033", "ul. Testowa 1", "", "", "", now, now))  # fmt: skip
            conn.execute(
                "INSERT INTO registry_registration (person_id, institution_id, kind, valid_from, end_reason, legal_basis, created_at)"
                " SELECT id, %s, 'unemployed', DATE '2026-01-05', '', '', now() FROM registry_person",
                (int(institution_id),),
            )
            conn.execute("ANALYZE")
        pesels = [
            r[0] for r in conn.execute("SELECT pesel FROM registry_person TABLESAMPLE SYSTEM (1) LIMIT 20000")
        ]
    return [token, *pesels]


LUA = """
local pesels = {}
for line in io.lines("%(file)s") do pesels[#pesels + 1] = line end
math.randomseed(42)
request = function()
  local p = pesels[math.random(#pesels)]
  return wrk.format("GET", "%(prefix)s" .. p .. "%(suffix)s", {["Authorization"] = "Bearer %(token)s"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def run_wrk(
    port: int, token: str, pesel_file: str, prefix: str, suffix: str, args: argparse.Namespace
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA % {"file": pesel_file, "prefix": prefix, "suffix": suffix, "token": token})
    out = sh(
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "-s",
        lua.name,
        f"http://127.0.0.1:{port}",
    )
    requests, duration_us, p50, p99, errors = re.search(
        r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", out
    ).groups()
    return {
        "req_per_s": round(int(requests) / (int(duration_us) / 1e6), 1),
        "p50_ms": float(p50),
        "p99_ms": float(p99),
        "errors": int(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    args = parser.parse_args()

    started = time.monotonic()
    token, *pesels = prepare(args.persons, args.reuse)
    print(f"prepared {args.persons} persons in {time.monotonic() - started:.0f} s", file=sys.stderr)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(pesels) + "\n")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--no-control-socket",
            "--log-level",
            "warning",
            "sciezka.config.wsgi:application",
        ],
        env=bench_env(),
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        bare = run_wrk(args.port, token, f.name, "/bench/bare/", "", args)
        api = run_wrk(args.port, token, f.name, "/api/v1/persons/", "?purpose=case_handling", args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result = {
        "persons": args.persons,
        "connections": args.connections,
        "duration_s": args.duration,
        "workers": args.workers,
        "bare_view": bare,
        "api_person_with_policy_and_log": api,
        "ratio_req_per_s": round(api["req_per_s"] / bare["req_per_s"], 3),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
