"""Cooperation agreements (porozumienia) between institutions.

This is the minimal agreement the registry's access policy needs: parties, the registration kinds it
covers, the data scopes it shares and its validity. Duties, deadlines and versions come with the
referrals issue.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    parties = models.ManyToManyField(
        "accounts.Institution", related_name="agreements", verbose_name=_("parties")
    )
    #: Registration kinds of a party's clients that the other parties may see (e.g. ["unemployed"]).
    registration_kinds = models.JSONField(_("registration kinds covered"), default=list)
    #: Data scopes shared (see registry.domain.scopes.Scope).
    data_scopes = models.JSONField(_("data scopes shared"), default=list)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return self.code
