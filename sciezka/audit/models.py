"""Append-only, hash-chained audit events (who changed what, when, from which request)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

AUDIT_CHAIN = "audit"
ACCESS_CHAIN = "access"


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


class AccessLogEntry(models.Model):
    """One read of a person's personal data: who, acting for which institution, what, why, when, how.

    Written by ``audit.services.access_log_record`` in the same transaction as the read is served;
    append-only and hash-chained like ``AuditEvent``. ``person_id`` carries no foreign-key constraint so
    that the log never blocks, and is never changed by, anything done to the person's record.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    scopes = models.JSONField(_("data scopes shown"))
    purpose = models.CharField(_("purpose"), max_length=40)
    purpose_text = models.CharField(_("purpose, in words"), max_length=500, blank=True)
    what = models.CharField(_("what was read"), max_length=80)
    channel = models.CharField(max_length=10)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["person", "seq"], name="access_person_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.username} read {self.person_id} ({self.purpose})"

    def chain_payload(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "user_id": self.user_id,
            "username": self.username,
            "institution_id": self.institution_id,
            "role": self.role,
            "person_id": self.person_id,
            "scopes": self.scopes,
            "purpose": self.purpose,
            "purpose_text": self.purpose_text,
            "what": self.what,
            "channel": self.channel,
            "request_id": self.request_id,
        }
