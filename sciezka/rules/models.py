"""Rule sets and versions as loaded from ``sciezka/rules/data``; a loaded version never changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    title_pl = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    schema = models.CharField(max_length=60)
    file_name = models.CharField(max_length=255)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("rule set")

    def __str__(self) -> str:
        return self.code


class RuleVersion(models.Model):
    class Confidence(models.TextChoices):
        VERIFIED = "V", _("verified against a public source")
        SEED = "S", _("from the seed document (2014)")
        KNOWLEDGE = "K", _("background knowledge, not re-verified")
        UNKNOWN = "?", _("uncertain or unknown")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    act = models.TextField(_("act"))
    article = models.TextField(_("article"), blank=True)
    dz_u = models.CharField(_("Dz.U."), max_length=255, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    source = models.TextField(_("source"))
    notes = models.TextField(blank=True)
    params = models.JSONField()
    #: [{"path": …, "note": …}] — parameters loaded but awaiting an administrator's confirmation
    unconfirmed = models.JSONField(default=list)
    content_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["rule_set__code", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "version"], name="rules_version_unique")]
        indexes = [models.Index(fields=["rule_set", "valid_from"], name="rules_version_from")]

    def __str__(self) -> str:
        return f"{self.rule_set.code}@{self.version}"

    @property
    def ref(self) -> str:
        return f"{self.rule_set.code}@{self.version}"


class RuleConfirmation(models.Model):
    """An administrator confirmed (and possibly set) an unconfirmed parameter of a version."""

    rule_version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="confirmations")
    path = models.CharField(max_length=255)
    has_value = models.BooleanField(default=False)
    value = models.JSONField(null=True, blank=True)
    note = models.TextField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["rule_version", "path"], name="rules_confirmation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_version_id}:{self.path}"
