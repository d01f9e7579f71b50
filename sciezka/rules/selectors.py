"""Reading rules: the version in force on a day, with confirmed parameters applied."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q

from sciezka.rules.domain.ruleset import (
    LegalBasis,
    RuleInForce,
    RuleVersionSpec,
    Unconfirmed,
    pending_paths,
    with_confirmed_values,
)
from sciezka.rules.models import RuleConfirmation, RuleSet, RuleVersion


class RuleNotInForceError(LookupError):
    """No version of the rule set applies on the day asked about (or the set was never loaded)."""

    def __init__(self, code: str, on: date) -> None:
        self.code = code
        self.on = on
        super().__init__(f"no version of rule set {code!r} is in force on {on.isoformat()}")


def _spec(version: RuleVersion) -> RuleVersionSpec:
    return RuleVersionSpec(
        code=version.rule_set.code,
        version=version.version,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        legal_basis=LegalBasis(version.act, version.article, version.dz_u),
        confidence=version.confidence,
        source=version.source,
        notes=version.notes,
        params=version.params,
        unconfirmed=tuple(Unconfirmed(u["path"], u["note"]) for u in version.unconfirmed),
    )


def _in_force(version: RuleVersion, confirmations: Iterable[RuleConfirmation]) -> RuleInForce:
    spec = _spec(version)
    done = list(confirmations)
    values = {c.path: c.value for c in done if c.has_value}
    return RuleInForce(
        spec=spec,
        params=with_confirmed_values(spec.params, values),
        pending=pending_paths(spec, frozenset(c.path for c in done)),
    )


def rule_in_force(code: str, *, on: date) -> RuleInForce:
    """The version of ``code`` covering ``on``; raises :class:`RuleNotInForceError` when there is none."""
    version = (
        RuleVersion.objects.select_related("rule_set")
        .filter(rule_set__code=code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )
    if version is None:
        raise RuleNotInForceError(code, on)
    return _in_force(version, version.confirmations.all())


def rule_version_get(code: str, version: str) -> RuleInForce:
    found = RuleVersion.objects.select_related("rule_set").get(rule_set__code=code, version=version)
    return _in_force(found, found.confirmations.all())


def rule_set_list() -> list[RuleSet]:
    return list(RuleSet.objects.prefetch_related("versions__confirmations").order_by("code"))


def rule_set_get(code: str) -> RuleSet:
    return RuleSet.objects.prefetch_related("versions__confirmations__confirmed_by").get(code=code)


def rule_versions_in_force(version: RuleVersion) -> RuleInForce:
    return _in_force(version, version.confirmations.all())


def rule_in_force_json(rule: RuleInForce) -> dict[str, Any]:
    """The JSON shape shared by ``sciezka rules show`` and the API."""
    spec = rule.spec
    return {
        "code": spec.code,
        "version": spec.version,
        "rule": spec.ref,
        "valid_from": spec.valid_from.isoformat(),
        "valid_to": spec.valid_to.isoformat() if spec.valid_to else None,
        "legal_basis": {
            "act": spec.legal_basis.act,
            "article": spec.legal_basis.article,
            "dz_u": spec.legal_basis.dz_u,
        },
        "confidence": spec.confidence,
        "source": spec.source,
        "notes": spec.notes,
        "params": rule.params,
        "unconfirmed": [
            {"path": u.path, "note": u.note, "confirmed": u.path not in rule.pending}
            for u in spec.unconfirmed
        ],
    }
