"""Pages for a person's documents: certificates (issue, show, download), the data-subject report, and the
public ``/verify/<code>`` page. Thin: the rules and the logging live in ``certificates`` and ``reports``."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from sciezka.accounts.selectors import ActingAs
from sciezka.audit.purposes import purpose_get
from sciezka.registry.certificates import (
    CertificateRefusedError,
    CertifiedFacts,
    certificate_download,
    certificate_get_for,
    certificate_issue,
    certificate_list_for,
    certificate_verify,
    ensure_can_issue_certificate,
)
from sciezka.registry.models import Certificate, Person
from sciezka.registry.reports import (
    person_report,
    person_report_pdf,
    report_purposes_for,
    report_subject_get,
)
from sciezka.registry.selectors import person_get_visible


def _actor(request: HttpRequest) -> ActingAs:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return ActingAs.from_membership(membership)


def _visible_person(actor: ActingAs, public_id: UUID) -> Person:
    try:
        return person_get_visible(actor=actor, on=timezone.localdate(), public_id=str(public_id))
    except Person.DoesNotExist:
        raise Http404 from None


def _private(response: HttpResponse) -> HttpResponse:
    """Personal data: never cached by a browser or proxy."""
    response["Cache-Control"] = "no-store"
    return response


# --- certificates (staff) ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_certificates(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The certificates the actor's institution issued for the person, and the form to issue one."""
    actor = _actor(request)
    person = _visible_person(actor, public_id)
    today = timezone.localdate()
    refused = None
    if request.method == "POST":
        try:
            certificate = certificate_issue(actor=actor, person=person, on=today, now=timezone.now())
        except PermissionDenied as refusal:
            refused = getattr(refusal, "code", "not_visible")
            if refused == "not_visible":
                raise Http404 from None
        else:
            messages.success(request, _("The certificate was issued."))
            return redirect(
                "registry_documents:certificate-detail", public_id=person.public_id, code=certificate.code
            )
    else:
        try:
            ensure_can_issue_certificate(actor=actor, person=person, on=today)
        except CertificateRefusedError as refusal:
            refused = refusal.code
    response = render(
        request,
        "registry/documents/person_certificates.html",
        {
            "public_id": person.public_id,
            "certificates": certificate_list_for(actor=actor, person=person),
            "may_issue": refused is None,
            "refused": refused,
            "today": today,
        },
        status=403 if refused is not None and request.method == "POST" else 200,
    )
    return _private(response)


def _own_certificate(request: HttpRequest, public_id: UUID, code: str) -> tuple[ActingAs, Certificate]:
    actor = _actor(request)
    person = _visible_person(actor, public_id)
    try:
        return actor, certificate_get_for(actor=actor, person=person, code=code)
    except Certificate.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def certificate_detail(request: HttpRequest, public_id: UUID, code: str) -> HttpResponse:
    """The certificate's particulars and its download link; the certified content is only in the PDF."""
    _, certificate = _own_certificate(request, public_id, code)
    return _private(
        render(
            request,
            "registry/documents/certificate_detail.html",
            {
                "public_id": public_id,
                "certificate": certificate,
                "verify_url": reverse("registry_documents:certificate-verify", args=[certificate.code]),
                "pdf_url": reverse(
                    "registry_documents:certificate-pdf", kwargs={"public_id": public_id, "code": code}
                ),
            },
        )
    )


@login_required
@require_GET
def certificate_pdf_view(request: HttpRequest, public_id: UUID, code: str) -> HttpResponse:
    actor, certificate = _own_certificate(request, public_id, code)
    response = HttpResponse(
        certificate_download(actor=actor, certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="zaswiadczenie-{certificate.code}.pdf"'
    return _private(response)


# --- verification (public) ---------------------------------------------------------------------------


@require_GET
def certificate_verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding the certificate checks it: issuer, date of issue and the certified facts, nothing else."""
    try:
        certificate = certificate_verify(code=code)
    except Certificate.DoesNotExist:
        response = render(request, "registry/documents/certificate_not_found.html", status=404)
    else:
        response = render(
            request,
            "registry/documents/certificate_verify.html",
            {
                "issuer_name": certificate.institution.name,
                "issued_at": certificate.issued_at,
                "code": certificate.code,
                "facts": CertifiedFacts.from_json(certificate.facts),
            },
        )
    # The code in the address is what proves possession: keep it out of caches, referrers and indexes.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return _private(response)


# --- data-subject report (staff) ---------------------------------------------------------------------


class ReportPurposeForm(forms.Form):
    """The purpose of a report, among those the actor may use for this person (``report_purposes_for``)."""

    purpose = forms.ChoiceField(label=_("Purpose of access"))
    purpose_text = forms.CharField(
        label=_("Case or reason (optional)"),
        required=False,
        max_length=500,
        help_text=_("E.g. the case number. Recorded in the access log."),
    )

    def __init__(self, *args: object, purposes: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["purpose"].choices = [(code, purpose_get(code).name) for code in purposes]  # type: ignore[attr-defined]


@login_required
@require_GET
def person_report_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """First a purpose, then the report (HTML, or PDF with ``format=pdf``); each report is one logged read."""
    actor = _actor(request)
    today = timezone.localdate()
    try:
        person = report_subject_get(actor=actor, on=today, public_id=str(public_id))
    except Person.DoesNotExist:
        raise Http404 from None
    allowed = report_purposes_for(actor=actor, person=person, on=today)
    form = ReportPurposeForm(request.GET if "purpose" in request.GET else None, purposes=allowed)
    if not form.is_bound or not form.is_valid():
        return _private(
            render(
                request,
                "registry/documents/person_report.html",
                {"public_id": public_id, "form": form, "report": None},
                status=400 if form.is_bound else 200,
            )
        )
    purpose, purpose_text = form.cleaned_data["purpose"], form.cleaned_data["purpose_text"]
    try:
        report = person_report(
            actor=actor, person=person, on=today, purpose=purpose, purpose_text=purpose_text
        )
    except PermissionDenied:  # ReportRefusedError, or nothing of the person may be shown for the purpose
        raise Http404 from None
    if request.GET.get("format") == "pdf":
        response = HttpResponse(person_report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="raport-{today.isoformat()}.pdf"'
        return _private(response)
    pdf_query = urlencode({"purpose": purpose, "purpose_text": purpose_text, "format": "pdf"})
    return _private(
        render(
            request,
            "registry/documents/person_report.html",
            {"public_id": public_id, "form": form, "report": report, "pdf_query": pdf_query},
        )
    )
