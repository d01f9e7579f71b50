"""Reads of cooperation agreements."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from sciezka.referrals.models import Agreement


def agreement_party_rows_active_for(*, institution_id: int, on: date) -> list[dict[str, Any]]:
    """One row per (agreement in force on ``on`` with the institution as a party, party), in one query."""
    mine = Agreement.objects.filter(parties__id=institution_id, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    rows: list[dict[str, Any]] = list(
        Agreement.parties.through.objects.filter(agreement__in=mine.values("pk"))
        .order_by("agreement_id", "institution_id")
        .values(
            "agreement_id",
            "institution_id",
            "agreement__registration_kinds",
            "agreement__data_scopes",
            "agreement__valid_from",
            "agreement__valid_to",
        )  # type: ignore[arg-type]
    )
    return rows
