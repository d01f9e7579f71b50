"""Who may join a social integration centre (CIS) or club (KIS): UZS art. 1 ust. 2–3a, art. 18 ust. 4.

The social worker establishes the facts (which art. 1 ust. 2 group, social exclusion, entitlements, a social
contract); this function applies the rule version in force and says why. Group membership is recorded as a
flag, not a diagnosis (GDPR art. 9: minimise special-category data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sciezka.rules.domain.ruleset import RuleInForce
from sciezka.rules.domain.schemas import CisKisParams

Kind = Literal["cis", "kis"]


@dataclass(frozen=True)
class CisKisFacts:
    #: codes of the art. 1 ust. 2 groups the person belongs to (e.g. "long_term_unemployed", "homeless")
    groups: frozenset[str]
    #: socially excluded and unable to meet basic needs by their own efforts (art. 1 ust. 2, closing words)
    socially_excluded: bool
    #: codes of the benefits the person is entitled to (e.g. "unemployment_allowance", "disability_pension")
    entitlements: frozenset[str]
    has_social_contract: bool


@dataclass(frozen=True)
class CisKisDecision:
    eligible: bool | None  # None: depends on a parameter awaiting confirmation
    reasons: tuple[str, ...]
    rule: str


def cis_kis_eligibility(facts: CisKisFacts, kind: Kind, rule: RuleInForce) -> CisKisDecision:
    """Eligibility for a CIS or a KIS on the day the rule applies, with every reason that decided it."""
    params = CisKisParams.model_validate(dict(rule.params))
    known = {group.code: group for group in params.groups}
    unknown = sorted(facts.groups - set(known))
    if unknown:
        raise ValueError(f"unknown group codes: {', '.join(unknown)}")
    reasons: list[str] = []
    eligible: bool | None = True
    matched = sorted(facts.groups & set(known))
    if matched:
        points = "; ".join(f"{known[code].label.en} ({known[code].point})" for code in matched)
        reasons.append(f"belongs to: {points}")
    else:
        eligible = False
        reasons.append("belongs to none of the groups of art. 1 ust. 2")
    if params.requires_social_exclusion and not facts.socially_excluded:
        eligible = False
        reasons.append("not established as socially excluded and unable to meet basic needs (art. 1 ust. 2)")
    allowed = set(params.kis_allowed_entitlements) if kind == "kis" else set()
    excluding = {e.code: e for e in params.excluded_entitlements}
    barred = sorted((facts.entitlements & set(excluding)) - allowed)
    if barred:
        eligible = False
        names = ", ".join(excluding[code].label.en for code in barred)
        reasons.append(f"entitled to {names}, which excludes participation ({excluding[barred[0]].point})")
    kept = sorted(facts.entitlements & allowed)
    if kept:
        reasons.append(f"{', '.join(kept)} does not exclude a KIS (art. 1 ust. 3a)")
    if kind == "kis":
        if params.kis_requires_social_contract is None or rule.is_pending("kis_requires_social_contract"):
            if eligible:
                eligible = None
            reasons.append("whether a KIS requires a social contract awaits an administrator's confirmation")
        elif params.kis_requires_social_contract and not facts.has_social_contract:
            eligible = False
            reasons.append("a KIS requires a social contract (art. 18 ust. 4), and there is none")
        elif params.kis_requires_social_contract:
            reasons.append("has a social contract (art. 18 ust. 4)")
    return CisKisDecision(eligible=eligible, reasons=tuple(reasons), rule=rule.ref)
