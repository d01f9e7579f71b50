"""Append-only, hash-chained audit events (who changed what, when, from which request)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

AUDIT_CHAIN = "audit"


class ChainHead(models.Model):
    """The last sequence number and hash of one chain; locked while an entry is appended."""

    name = models.CharField(max_length=40, primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.name}@{self.last_seq}"


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    event_type = models.CharField(_("event type"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    channel = models.CharField(max_length=10, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"

    def chain_payload(self) -> dict[str, Any]:
        """The fields covered by the entry's hash (everything but the hashes themselves)."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "event_type": self.event_type,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "institution_id": self.institution_id,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "data": self.data,
            "channel": self.channel,
            "request_id": self.request_id,
        }
