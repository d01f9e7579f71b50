"""Programme Activation and Integration (PAI), PZ art. 62a: may a person be referred to another cycle?

A cycle lasts ``cycle_months``; repeated referrals may not exceed ``max_total_months`` in total; the
integration block needs at least ``integration_min_hours_per_week`` hours; until June 2019 only profile III
unemployed receiving social assistance took part, afterwards any unemployed person receiving it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sciezka.rules.domain.ruleset import RuleInForce
from sciezka.rules.domain.schemas import PaiParams


@dataclass(frozen=True)
class PaiReferral:
    months_already: int
    integration_hours_per_week: int
    registrations: frozenset[str]
    profile: str | None


@dataclass(frozen=True)
class PaiDecision:
    allowed: bool
    reasons: tuple[str, ...]
    rule: str
    months_left_after: int


def pai_referral_check(referral: PaiReferral, rule: RuleInForce) -> PaiDecision:
    params = PaiParams.model_validate(dict(rule.params))
    reasons: list[str] = []
    allowed = True
    total = referral.months_already + params.cycle_months
    if total > params.max_total_months:
        allowed = False
        reasons.append(
            f"{referral.months_already} months already; another {params.cycle_months}-month cycle would exceed "
            f"{params.max_total_months} months in total"
        )
    else:
        reasons.append(
            f"a {params.cycle_months}-month cycle: {total} of at most {params.max_total_months} months"
        )
    if referral.integration_hours_per_week < params.integration_min_hours_per_week:
        allowed = False
        reasons.append(
            f"the integration block has {referral.integration_hours_per_week} h a week; "
            f"at least {params.integration_min_hours_per_week} are required"
        )
    missing = sorted(set(params.target_registrations) - referral.registrations)
    if missing:
        allowed = False
        reasons.append(f"not registered as: {', '.join(missing)}")
    if params.target_profiles is not None and referral.profile not in params.target_profiles:
        allowed = False
        reasons.append(
            f"profile {referral.profile or 'none'} is not among {', '.join(params.target_profiles)}"
        )
    return PaiDecision(
        allowed=allowed,
        reasons=tuple(reasons),
        rule=rule.ref,
        months_left_after=max(params.max_total_months - total, 0)
        if allowed
        else params.max_total_months - referral.months_already,
    )
