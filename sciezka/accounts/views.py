from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciezka.accounts.forms import LoginForm, MembershipSwitchForm
from sciezka.accounts.middleware import SESSION_KEY
from sciezka.accounts.selectors import institution_list, membership_list_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_POST
def membership_switch(request: HttpRequest) -> HttpResponse:
    form = MembershipSwitchForm(request.POST)
    if form.is_valid():
        allowed = membership_list_for(user=request.user)  # type: ignore[arg-type]
        if allowed.filter(pk=form.cleaned_data["membership"]).exists():
            request.session[SESSION_KEY] = form.cleaned_data["membership"]
    return redirect("web:dashboard")


@login_required
def institution_list_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    return render(
        request,
        "accounts/institution_list.html",
        {"institutions": institution_list(kind=kind), "kind": kind},
    )
