"""Facts about a person that an institution records and the registry cannot derive.

Target groups and programme eligibility rest on them (e.g. a disability certificate, periods of
internship that do not count towards long-term unemployment, single parenthood). Some are special-category
data (GDPR art. 9: disability) or criminal-record data (art. 10: release from prison); each fact belongs to
the institution that recorded it and is shown to others only under the data scope ``eligibility_facts``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FactKind(models.TextChoices):
    DISABILITY = "disability", _("disability (certificate)")
    INTERNSHIP = "internship", _("internship (staż)")
    ADULT_VOCATIONAL_PREPARATION = "adult_vocational_preparation", _("adult vocational preparation")
    NO_VOCATIONAL_QUALIFICATIONS = "no_vocational_qualifications", _("no vocational qualifications")
    NO_WORK_EXPERIENCE = "no_work_experience", _("no work experience")
    NO_SECONDARY_EDUCATION = "no_secondary_education", _("no secondary education")
    SINGLE_PARENT = "single_parent", _("single parent")
    RELEASED_FROM_PRISON = "released_from_prison", _("released from prison")
    NOT_EMPLOYED_AFTER_CHILDBIRTH = "not_employed_after_childbirth", _("not employed after giving birth")
    SOCIAL_CONTRACT_COMPLETED = "social_contract_completed", _("completed a social contract (art. 50)")
    CARER_OF_DISABLED_PERSON = "carer_of_disabled_person", _("carer of a person with a disability")
    CARER_BENEFIT = "carer_benefit", _("receives a carer's benefit")


class PersonFact(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="facts")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("fact"), max_length=40, choices=FactKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["person_id", "valid_from", "id"]
        indexes = [models.Index(fields=["person", "kind"], name="plans_fact_person_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="plans_fact_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.valid_from}–{self.valid_to or ''}"
