"""Persons, their identifiers, households, registrations at institutions, case notes, certificates, imports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class AltIdKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    RESIDENCE_CARD = "residence_card", _("residence card")
    FOREIGN_ID = "foreign_id", _("foreign identity document")
    INTERNAL = "internal", _("internal number (no document)")


class RegistrationKind(models.TextChoices):
    UNEMPLOYED = "unemployed", _("registered unemployed")
    JOB_SEEKER = "job_seeker", _("job seeker")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance beneficiary")
    FAMILY_SUPPORT = "family_support", _("family support (PCPR)")
    CIS_PARTICIPANT = "cis_participant", _("CIS participant")
    KIS_PARTICIPANT = "kis_participant", _("KIS participant")
    PROJECT_PARTICIPANT = "project_participant", _("project participant")


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other")


class ImportRun(models.Model):
    """One run of ``sciezka import persons`` (or the web upload): what came in, by whom, with what outcome."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejects_file = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    #: When the last batch was committed (or the run started): a running run without progress for long
    #: was killed, and is marked failed when the institution starts its next import.
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"import {self.file_name} ({self.status})"


class Person(models.Model):
    """A client. The PESEL can change (corrections, sex change), so it is not the key; see ``PeselHistory``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pesel = models.CharField(_("PESEL"), max_length=11, null=True, blank=True, unique=True)
    alt_id_kind = models.CharField(
        _("kind of other identifier"), max_length=20, choices=AltIdKind.choices, blank=True
    )
    alt_id = models.CharField(_("other identifier"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    second_name = models.CharField(_("second name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150)
    last_name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    teryt = models.CharField(_("gmina (TERYT)"), max_length=7)
    street = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    source_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["last_name_folded", "birth_date"], name="person_surname_birth")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pesel__isnull=False) | (~Q(alt_id_kind="") & ~Q(alt_id="")),
                name="person_has_an_identifier",
            ),
            models.UniqueConstraint(
                fields=["alt_id_kind", "alt_id"], condition=~Q(alt_id=""), name="person_alt_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PeselHistory(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pesel_history")
    pesel = models.CharField(max_length=11, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.pesel} from {self.valid_from}"


class Household(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    teryt = models.CharField(_("gmina (TERYT)"), max_length=7, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"household {self.public_id}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    relation = models.CharField(_("relation to the head"), max_length=10, choices=Relation.choices)
    valid_from = models.DateField(_("since"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person", "valid_from"], name="household_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.household_id} ({self.relation})"


class Registration(models.Model):
    """A person's standing at one institution for a period (e.g. registered unemployed at a PUP)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="registrations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RegistrationKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    benefit_right = models.BooleanField(_("right to the benefit"), null=True, blank=True)
    benefit_from = models.DateField(_("benefit from"), null=True, blank=True)
    benefit_to = models.DateField(_("benefit to"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=255, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    source_import = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["valid_from"]
        indexes = [models.Index(fields=["institution", "kind", "valid_from"], name="registration_inst_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "institution", "kind", "valid_from"], name="registration_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="registration_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(benefit_to__isnull=True)
                | Q(benefit_from__isnull=False, benefit_to__gte=models.F("benefit_from")),
                name="registration_benefit_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.institution_id} from {self.valid_from}"


class CaseNote(models.Model):
    """A note in one institution's file (counselling or social work); shared only if its scope is."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="notes")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=30)
    written_on = models.DateField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk} ({self.scope})"


class Certificate(models.Model):
    """An e-certificate (zaświadczenie). ``facts`` is exactly what was certified and what /verify shows."""

    code = models.CharField(max_length=32, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    status_on = models.DateField()
    facts = models.JSONField()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code
