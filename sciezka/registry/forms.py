from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sciezka.audit.purposes import purpose_choices
from sciezka.registry.models import RegistrationKind


class SearchForm(forms.Form):
    pesel = forms.CharField(
        label=_("PESEL"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    surname = forms.CharField(label=_("Surname"), required=False, max_length=150)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("pesel") and not (data.get("surname") and data.get("birth_date")):
            raise forms.ValidationError(
                _("Enter a PESEL, or a surname together with a birth date."), code="criteria"
            )
        return data


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose of access"), choices=())
    purpose_text = forms.CharField(
        label=_("Case or reason (optional)"), required=False, max_length=500,
        help_text=_("E.g. the case number. Recorded in the access log."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        purpose = cast(forms.ChoiceField, self.fields["purpose"])
        purpose.choices = [("", "—"), *purpose_choices()]


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RegistrationKind.choices)
    valid_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    benefit_right = forms.NullBooleanField(
        label=_("Right to the benefit"), required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("yes")), ("false", _("no"))]),
    )  # fmt: skip
    benefit_from = forms.DateField(
        label=_("Benefit from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    benefit_to = forms.DateField(
        label=_("Benefit to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=255)


class ClientRegisterForm(forms.Form):
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    teryt_code = forms.CharField(label=_("Gmina (7-digit TERYT code)"), max_length=7, min_length=7)
    street = forms.CharField(label=_("Street address"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind of registration"), choices=RegistrationKind.choices)
    valid_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
