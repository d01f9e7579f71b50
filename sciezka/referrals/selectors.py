"""Reads of cooperation agreements."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from sciezka.referrals.models import Agreement


def agreement_list_active_for(*, institution_id: int, on: date) -> QuerySet[Agreement]:
    """Agreements in force on ``on`` to which the institution is a party, with their parties."""
    return (
        Agreement.objects.filter(parties__id=institution_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .prefetch_related("parties")
        .distinct()
    )
