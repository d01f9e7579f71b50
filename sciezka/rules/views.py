"""Pages listing the rules with their legal basis and history; administrators confirm flagged parameters."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sciezka.accounts.selectors import ActingAs
from sciezka.rules.models import RuleSet
from sciezka.rules.selectors import rule_set_get, rule_set_list, rule_versions_in_force
from sciezka.rules.services import RuleConfirmError, rule_parameter_confirm


def _actor(request: HttpRequest) -> ActingAs:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return ActingAs.from_membership(membership)


def _title(rule_set: RuleSet) -> str:
    return rule_set.title_en if (get_language() or "pl").startswith("en") else rule_set.title_pl


@login_required
def rule_list_view(request: HttpRequest) -> HttpResponse:
    _actor(request)
    today = timezone.localdate()
    rows = []
    for rule_set in rule_set_list():
        versions = list(rule_set.versions.all())
        current = next(
            (v for v in versions if v.valid_from <= today and (v.valid_to is None or today <= v.valid_to)),
            None,
        )
        pending = sum(len(rule_versions_in_force(v).pending) for v in versions)
        rows.append(
            {
                "set": rule_set,
                "title": _title(rule_set),
                "versions": versions,
                "current": current,
                "pending": pending,
            }
        )
    return render(request, "rules/rule_list.html", {"rows": rows, "today": today})


@login_required
def rule_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    try:
        rule_set = rule_set_get(code)
    except RuleSet.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    versions = []
    for version in rule_set.versions.all():
        rule = rule_versions_in_force(version)
        versions.append(
            {
                "record": version,
                "in_force": version.valid_from <= today
                and (version.valid_to is None or today <= version.valid_to),
                "params_json": json.dumps(rule.params, ensure_ascii=False, indent=2),
                "flags": [
                    {"path": u.path, "note": u.note, "pending": u.path in rule.pending}
                    for u in rule.spec.unconfirmed
                ],
                "confirmations": list(version.confirmations.all()),
            }
        )
    return render(
        request,
        "rules/rule_detail.html",
        {
            "rule_set": rule_set,
            "title": _title(rule_set),
            "versions": versions,
            "can_confirm": actor.role == "administrator",
        },
    )


@login_required
@require_POST
def rule_confirm_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    actor = _actor(request)
    path = request.POST.get("path", "")
    note = request.POST.get("note", "")
    extra: dict[str, Any] = {}
    raw = request.POST.get("value", "").strip()
    if raw:
        try:
            extra["value"] = json.loads(raw)
        except json.JSONDecodeError:
            messages.error(
                request, _('The value must be JSON, e.g. "2017-06-01" for a date or 40 for a number.')
            )
            return redirect("rules:detail", code=code)
    try:
        rule_parameter_confirm(actor=actor, code=code, version=version, path=path, note=note, **extra)
    except RuleConfirmError as error:
        if error.field == "role":
            raise Http404 from None
        messages.error(request, str(error))
        return redirect("rules:detail", code=code)
    messages.success(
        request,
        _("The parameter %(path)s of %(code)s@%(version)s is confirmed.")
        % {"path": path, "code": code, "version": version},
    )
    return redirect("rules:detail", code=code)
