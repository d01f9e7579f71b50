"""Pages of the registry: search, the person page (after stating a purpose), recording a registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sciezka.accounts.selectors import ActingAs
from sciezka.audit.purposes import purpose_get
from sciezka.registry.forms import ClientRegisterForm, PurposeForm, RegistrationForm, SearchForm
from sciezka.registry.models import Person
from sciezka.registry.selectors import person_get_visible, person_search
from sciezka.registry.services import client_register, person_read, registration_create


def acting_as(request: HttpRequest) -> ActingAs:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return ActingAs.from_membership(membership)


def visible_person(request: HttpRequest, public_id: str) -> tuple[ActingAs, Person]:
    actor = acting_as(request)
    try:
        return actor, person_get_visible(actor=actor, on=timezone.localdate(), public_id=public_id)
    except (Person.DoesNotExist, ValidationError):
        raise Http404 from None


@login_required
def person_search_view(request: HttpRequest) -> HttpResponse:
    actor = acting_as(request)
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        page = person_search(
            actor=actor,
            on=timezone.localdate(),
            pesel=form.cleaned_data.get("pesel") or None,
            surname=form.cleaned_data.get("surname") or None,
            birth_date=form.cleaned_data.get("birth_date"),
            page=_page_number(request),
        )
    partial = bool(getattr(request, "htmx", False)) and page is not None
    template = "registry/partials/_search_results.html" if partial else "registry/person_search.html"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


@login_required
def person_detail_view(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, person = visible_person(request, public_id)
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "registry/person_purpose.html", {"form": form, "public_id": public_id})
    try:
        view = person_read(
            actor=actor,
            person=person,
            on=timezone.localdate(),
            purpose=form.cleaned_data["purpose"],
            purpose_text=form.cleaned_data["purpose_text"],
            what="person_page",
        )
    except PermissionDenied:
        raise Http404 from None
    return render(
        request,
        "registry/person_detail.html",
        {
            "view": view,
            "purpose": purpose_get(form.cleaned_data["purpose"]),
            "purpose_query": request.GET.urlencode(),
            "registration_form": RegistrationForm(),
            "own_code": actor.institution.code,
        },
    )


@login_required
@require_POST
def registration_create_view(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, person = visible_person(request, public_id)
    form = RegistrationForm(request.POST)
    back = request.POST.get("back", "")
    if form.is_valid():
        try:
            registration_create(actor=actor, person=person, **form.cleaned_data)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        except ValidationError as error:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()))
        else:
            messages.success(request, _("The registration was recorded."))
    else:
        messages.error(
            request, "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        )
    url = f"/persons/{person.public_id}/"
    return redirect(f"{url}?{back}" if back.startswith("purpose=") else url)


@login_required
def client_register_view(request: HttpRequest) -> HttpResponse:
    actor = acting_as(request)
    form = ClientRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = client_register(actor=actor, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                field = {"teryt": "teryt_code"}.get(field, field)  # the service's name → the form's
                form.add_error(field if field in form.fields else None, " ".join(messages_))
        else:
            messages.success(
                request,
                _("The person was entered and registered at your institution.")
                if result.person_created
                else _(
                    "The person is already in the registry; the registration at your institution was added."
                ),
            )
            return redirect(f"/persons/{result.person.public_id}/")
    return render(request, "registry/client_register.html", {"form": form, "own": actor.institution})
