"""Where the time of one logged API read goes, phase by phase, in-process (no HTTP, one request at a time).

    uv run python benchmarks/api_person_phases.py [--requests 300]

Needs the database prepared by ``benchmarks/api_person.py`` (``sciezka_bench_api``). Prints the mean
milliseconds of: the token and membership look-up, loading the person with the policy applied, the logged
read (household, notes, access-log append, commit), building the response schema, and, through Django's
test client, the bare one-row view and the whole API request.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432") + "/sciezka_bench_api",
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from sciezka.accounts.models import User
    from sciezka.accounts.selectors import ActingAs, membership_for_token
    from sciezka.accounts.services import token_create, token_digest
    from sciezka.registry.api import _person_out
    from sciezka.registry.models import Person
    from sciezka.registry.selectors import person_get_visible
    from sciezka.registry.services import person_read

    secret = token_create(actor=None, user=User.objects.get(username="bench"), name="phases").secret
    pesels = list(Person.objects.values_list("pesel", flat=True)[: args.requests])
    digest, now, on = token_digest(secret), timezone.now(), timezone.localdate()
    client = Client(HTTP_HOST="127.0.0.1")
    phases = [
        "token_and_membership",
        "person_with_policy",
        "logged_read",
        "response_schema",
        "bare_view",
        "api_request",
    ]
    totals = dict.fromkeys(phases, 0.0)
    for pesel in pesels:
        marks = [time.perf_counter()]
        actor = ActingAs.from_membership(membership_for_token(digest=digest, now=now))  # type: ignore[arg-type]
        marks.append(time.perf_counter())
        person = person_get_visible(actor=actor, on=on, pesel=pesel)
        marks.append(time.perf_counter())
        view = person_read(actor=actor, person=person, on=on, purpose="case_handling")
        marks.append(time.perf_counter())
        _person_out(view)
        marks.append(time.perf_counter())
        client.get(f"/bench/bare/{pesel}")
        marks.append(time.perf_counter())
        client.get(
            f"/api/v1/persons/{pesel}?purpose=case_handling", headers={"Authorization": f"Bearer {secret}"}
        )
        marks.append(time.perf_counter())
        for name, start, end in zip(phases, marks[:-1], marks[1:], strict=True):
            totals[name] += end - start
    print({name: round(total / len(pesels) * 1000, 2) for name, total in totals.items()})


if __name__ == "__main__":
    main()
