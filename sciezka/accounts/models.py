"""Institutions, staff users and their memberships (who works where, in which role)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    WUP = "WUP", _("Voivodeship labour office (WUP)")
    PUP = "PUP", _("Powiat labour office (PUP)")
    OPS = "OPS", _("Social welfare centre (OPS/MOPS/GOPS)")
    PCPR = "PCPR", _("Powiat family support centre (PCPR)")
    ROPS = "ROPS", _("Regional social policy centre (ROPS)")
    CIS = "CIS", _("Social integration centre (CIS)")
    KIS = "KIS", _("Social integration club (KIS)")
    NGO = "NGO", _("Non-governmental organisation")
    SOCIAL_ENTERPRISE = "SOCIAL_ENTERPRISE", _("Social enterprise")
    OPERATOR = "OPERATOR", _("Operator paid for results")
    INVESTOR = "INVESTOR", _("Social impact bond investor")
    LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT", _("Local government unit (JST)")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    MANAGER = "manager", _("Manager")
    CONTRACT_MANAGER = "contract_manager", _("Contract manager")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    OPERATOR_STAFF = "operator_staff", _("Operator staff")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


institution_code_validator = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
    _("Use capital letters, digits and single hyphens, e.g. PUP-CHRZANOW."),
    code="invalid_code",
)
teryt_validator = RegexValidator(
    r"^(\d{2}|\d{4}|\d{7})$",
    _("A TERYT code has 2 (voivodeship), 4 (powiat) or 7 (gmina) digits."),
    code="invalid_teryt",
)


class Institution(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[institution_code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    name = models.CharField(_("name"), max_length=255)
    teryt = models.CharField(_("TERYT area served"), max_length=7, blank=True, validators=[teryt_validator])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class User(AbstractUser):
    """A member of staff. Citizens are not users: they are persons in the registry."""

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role at one institution. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["institution__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user.username} @ {self.institution.code} ({self.role})"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"
